import type { i18n as I18n } from 'i18next';

/** The sign-in screen's own words, one i18next namespace that each app adds to its instance. */
export const SIGN_IN_NS = 'signin';

const en = {
  method: 'How to sign in',
  withAccount: 'My account',
  accountIntro: 'Sign in with the email and password of your Parley account.',
  email: 'Email',
  password: 'Password',
  name: 'Your name',
  namePlaceholder: 'Shown to teammates when you take a ticket',
  submit: 'Sign in',
  checking: 'Checking…',
  badCredentials: 'Wrong email or password.',
  rateLimited: 'Too many attempts. Wait a minute, then try again.',
  offline: 'The server could not be reached. Check your connection and try again.',
  emailMissing: 'Enter your email address.',
  emailInvalid: 'Enter an email address like name@example.com.',
  passwordMissing: 'Enter your password.',
  nameMissing: 'Enter your name.',
  /** Which token an app takes: the editor the admin token, the workspace the agent token. */
  admin: {
    title: 'Sign in to Parley',
    withToken: 'Admin token',
    token: 'Admin token',
    intro: 'Enter the admin token printed when the server first started, or the value of PARLEY_ADMIN_TOKEN.',
    empty: 'Enter the admin token.',
    invalid: 'That token was not accepted. Check it and try again.',
  },
  agent: {
    title: 'Sign in to the agent workspace',
    withToken: 'Team token',
    token: 'Agent token',
    intro: 'Ask your Parley admin for the agent token.',
    empty: 'Enter the agent token.',
    invalid: 'That token was not accepted.',
  },
};

type Words = typeof en;

const ko: Words = {
  method: '로그인 방법',
  withAccount: '내 계정',
  accountIntro: 'Parley 계정의 이메일과 비밀번호로 로그인하세요.',
  email: '이메일',
  password: '비밀번호',
  name: '이름',
  namePlaceholder: '티켓을 맡을 때 동료에게 표시됩니다',
  submit: '로그인',
  checking: '확인 중…',
  badCredentials: '이메일 또는 비밀번호가 올바르지 않습니다.',
  rateLimited: '시도 횟수가 너무 많습니다. 1분 뒤에 다시 시도하세요.',
  offline: '서버에 연결할 수 없습니다. 연결을 확인하고 다시 시도하세요.',
  emailMissing: '이메일 주소를 입력하세요.',
  emailInvalid: 'name@example.com 같은 이메일 주소를 입력하세요.',
  passwordMissing: '비밀번호를 입력하세요.',
  nameMissing: '이름을 입력하세요.',
  admin: {
    title: 'Parley에 로그인',
    withToken: '관리자 토큰',
    token: '관리자 토큰',
    intro: '서버를 처음 시작할 때 출력된 관리자 토큰 또는 PARLEY_ADMIN_TOKEN 값을 입력하세요.',
    empty: '관리자 토큰을 입력하세요.',
    invalid: '토큰이 올바르지 않습니다. 확인 후 다시 시도하세요.',
  },
  agent: {
    title: '상담원 워크스페이스 로그인',
    withToken: '팀 토큰',
    token: '상담원 토큰',
    intro: 'Parley 관리자에게 상담원 토큰을 받으세요.',
    empty: '상담원 토큰을 입력하세요.',
    invalid: '토큰이 올바르지 않습니다.',
  },
};

export const signInWords: Record<'en' | 'ko', Words> = { en, ko };

/** Adds the namespace to an app's i18next instance, once. */
export function addSignInWords(i18n: I18n): void {
  for (const lang of ['en', 'ko'] as const) if (!i18n.hasResourceBundle(lang, SIGN_IN_NS)) i18n.addResourceBundle(lang, SIGN_IN_NS, signInWords[lang]);
}
