import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { i18n, setLanguage } from '../i18n';
import { resetStore } from '../store/flowStore';

// The editor project runs without vitest globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  resetStore();
  localStorage.clear();
});

if (i18n.language !== 'en') setLanguage('en');
