import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { createInstance } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { mockFetch } from '../test/fetchMock';
import { SignIn, type SignedIn } from './SignIn';
import { SIGN_IN_NS, signInWords } from './words';

// An app's own instance, as the workspace sets up: the sign-in brings its words as a namespace.
const i18n = createInstance();
void i18n.use(initReactI18next).init({ resources: { en: { [SIGN_IN_NS]: signInWords.en }, ko: { [SIGN_IN_NS]: signInWords.ko } }, lng: 'en', initAsync: false, showSupportNotice: false });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  void i18n.changeLanguage('en');
});

function renderAgentSignIn() {
  const signedIn: SignedIn[] = [];
  render(
    <I18nextProvider i18n={i18n}>
      <SignIn tokenKind="agent" methods={['token', 'account']} notice={null} onSignedIn={(w) => signedIn.push(w)} />
    </I18nextProvider>,
  );
  return signedIn;
}

describe('the shared sign-in, as the agent workspace uses it', () => {
  it('opens on the token, asks for a name, and checks the token as a bearer header', async () => {
    void i18n.changeLanguage('en');
    const calls = mockFetch((c) => (c.headers.authorization === 'Bearer team' ? [200, { role: 'agent', actor: 'bootstrap-agent', via: 'bootstrap', user: null, csrf: null }] : [401, { error: { code: 'unauthorized', message: 'no' } }]));
    const signedIn = renderAgentSignIn();
    const user = userEvent.setup();
    expect(screen.getByRole('tab', { name: 'Team token' }).getAttribute('aria-selected')).toBe('true');
    await user.type(screen.getByLabelText('Agent token'), 'team');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter your name.');
    expect(calls).toHaveLength(0);
    await user.type(screen.getByLabelText('Your name'), 'Dana');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(calls.map((c) => c.path)).toEqual(['/api/auth/me']);
    expect(signedIn).toEqual([{ via: 'token', role: 'agent', name: 'Dana', userId: null, csrf: null, token: 'team' }]);
  });

  it('speaks Korean', async () => {
    await i18n.changeLanguage('ko');
    renderAgentSignIn();
    expect(screen.getByRole('heading').textContent).toBe('상담원 워크스페이스 로그인');
    expect(screen.getByLabelText('상담원 토큰')).toBeTruthy();
    expect(screen.getByRole('button', { name: '로그인' })).toBeTruthy();
  });
});
