import '../test/setup';
import './test/canvasStub';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { person } from '../../common/test/fetchMock';
import { setSessionCsrf } from '../api/client';
import { App } from '../app/App';
import { resetAnalytics } from './analyticsStore';
import { analyticsDoc } from './test/analyticsDoc';
import { BOT, fakeAnalyticsServer } from './test/fakeAnalyticsServer';

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionCsrf(null);
  resetAnalytics();
  history.replaceState(null, '', '/');
});

const admin = [200, { role: 'admin', actor: 'user:ada@example.com', via: 'session', user: person(1, 'Ada Admin', 'admin'), csrf: 'admin-csrf' }] as const;

describe('the Analytics page’s address', () => {
  it('opens at /bots/:botId/analytics, and its tabs move between the page and the canvas with real URLs', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    history.replaceState(null, '', `/bots/${BOT}/analytics`);
    const server = fakeAnalyticsServer({ draft: analyticsDoc(), routes: (c) => (c.path === '/api/auth/me' ? [...admin] : undefined) });
    render(<App />);
    expect(await screen.findByTestId('analytics-page')).toBeTruthy();
    expect(await screen.findByTestId('analytics-tile-automated')).toBeTruthy();
    const tabs = screen.getByRole('navigation', { name: 'Bot views' });
    expect(screen.getByTestId('bot-view-analytics').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('bot-view-canvas').getAttribute('href')).toBe(`/bots/${BOT}`);
    expect(tabs).toBeTruthy();

    const user = userEvent.setup();
    await user.click(screen.getByTestId('bot-view-canvas'));
    expect(location.pathname).toBe(`/bots/${BOT}`);
    expect(await screen.findByTestId('analytics-overlay-toggle')).toBeTruthy();
    expect(screen.queryByTestId('analytics-page')).toBeNull();

    await user.click(screen.getByTestId('bot-view-analytics'));
    expect(location.pathname).toBe(`/bots/${BOT}/analytics`);
    await waitFor(() => expect(screen.getByTestId('analytics-page')).toBeTruthy());
    expect(server.problems).toEqual([]);
  });
});
