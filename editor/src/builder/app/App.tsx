import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { getSessionCsrf, getToken, onUnauthorized, setSessionCsrf, setToken } from '../api/client';
import { ApiError } from '../../common/api/errors';
import { authStatus, logout, me } from '../../common/api/session';
import { SignIn, AuthShell, type Method, type SignedIn } from './SignIn';
import { Setup } from './Setup';
import { AgentOnly } from './AgentOnly';
import type { Area } from './AppBar';
import { BotList } from '../bots/BotList';
import { EditorPage } from '../editor/EditorPage';
import type { BotView } from '../analytics/ViewTabs';
import { TeamPage, type TeamSection } from '../team/TeamPage';
import { Spinner, Toaster } from './ui';

type Route = { name: 'bots' } | { name: 'bot'; id: string; view: BotView } | { name: 'team'; section: TeamSection };

function parseRoute(pathname: string): Route {
  const bot = /^\/bots\/([^/]+)(\/analytics)?\/?$/.exec(pathname);
  if (bot) return { name: 'bot', id: decodeURIComponent(bot[1]!), view: bot[2] ? 'analytics' : 'canvas' };
  const team = /^\/team(?:\/(tokens|integrations|audit))?\/?$/.exec(pathname);
  if (team) return { name: 'team', section: (team[1] as TeamSection | undefined) ?? 'people' };
  return { name: 'bots' };
}

function pathOf(route: Route): string {
  if (route.name === 'bot') return `/bots/${encodeURIComponent(route.id)}${route.view === 'analytics' ? '/analytics' : ''}`;
  if (route.name === 'team') return route.section === 'people' ? '/team' : `/team/${route.section}`;
  return '/';
}

type Auth =
  | { kind: 'checking' }
  /** `message` is null when the server did not answer at all, rather than answering with an error. */
  | { kind: 'unreachable'; message: string | null }
  | { kind: 'setup' }
  | { kind: 'signedOut'; notice: string | null; method: Method }
  | { kind: 'agent'; who: SignedIn }
  | { kind: 'admin'; who: SignedIn };

/**
 * Who is here, asked of the server rather than remembered: a stored admin token if there is one, else the session
 * cookie. Nobody signed in on a server without users means first-run setup.
 */
async function currentAuth(t: TFunction, method: Method): Promise<Auth> {
  const token = getToken();
  try {
    const who = await me(token ?? undefined);
    const signed: SignedIn = token
      ? { via: 'token', role: who.role, name: t('session.adminToken'), userId: null, csrf: null, token }
      : { via: 'session', role: who.role, name: who.user?.name ?? who.actor, userId: who.user?.id ?? null, csrf: who.csrf, token: null };
    return { kind: signed.role === 'admin' ? 'admin' : 'agent', who: signed };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) return unreachable(err);
    if (token) {
      setToken(null);
      return { kind: 'signedOut', notice: t('signIn.expired', { message: err.message }), method: 'token' };
    }
  }
  try {
    return (await authStatus()).setupRequired ? { kind: 'setup' } : { kind: 'signedOut', notice: null, method };
  } catch (err) {
    return unreachable(err);
  }
}

const unreachable = (err: unknown): Auth => ({ kind: 'unreachable', message: err instanceof ApiError && err.status === 0 ? null : (err as Error).message });

/** The screens behind sign-in, with real URLs (`/`, `/bots/:id`, `/team…`) so reload and the back button work. */
export function App() {
  const { t } = useTranslation();
  const [auth, setAuth] = useState<Auth>({ kind: 'checking' });
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname));
  const authRef = useRef(auth);
  authRef.current = auth;

  // The check reads the current language's words but must not run again when the language changes.
  const tRef = useRef(t);
  tRef.current = t;

  const recheck = useCallback((method: Method = 'account', notice: string | null = null) => {
    setAuth({ kind: 'checking' });
    void currentAuth(tRef.current, method).then((next) => {
      setSessionCsrf(next.kind === 'admin' || next.kind === 'agent' ? next.who.csrf : null);
      // The editor never keeps an agent's token: it opens nothing for them.
      if (next.kind === 'agent' && next.who.via === 'token') setToken(null);
      setAuth(next.kind === 'signedOut' && next.notice === null ? { ...next, notice } : next);
    });
  }, []);

  useEffect(() => recheck(), [recheck]);

  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(
    () =>
      onUnauthorized((message) => {
        const current = authRef.current;
        if (current.kind !== 'admin') return;
        setToken(null);
        setSessionCsrf(null);
        setAuth({ kind: 'signedOut', notice: t('signIn.expired', { message }), method: current.who.via === 'token' ? 'token' : 'account' });
      }),
    [t],
  );

  const navigate = useCallback((next: Route) => {
    const path = pathOf(next);
    if (location.pathname !== path) history.pushState(null, '', path);
    setRoute(next);
  }, []);

  const enter = useCallback((who: SignedIn) => {
    setSessionCsrf(who.csrf);
    // A token is kept only for an admin; an account's session lives in its cookie, so no token may shadow it.
    setToken(who.role === 'admin' ? who.token : null);
    setAuth({ kind: who.role === 'admin' ? 'admin' : 'agent', who });
  }, []);

  const signOut = useCallback(async () => {
    const current = authRef.current;
    const who = current.kind === 'admin' || current.kind === 'agent' ? current.who : null;
    setToken(null);
    if (who?.via === 'session') await logout(getSessionCsrf());
    setSessionCsrf(null);
    // Back through the server's answer: without users it is the setup page again, not sign-in.
    recheck(who?.via === 'token' ? 'token' : 'account');
  }, [recheck]);

  const goArea = useCallback((area: Area) => navigate(area === 'team' ? { name: 'team', section: 'people' } : { name: 'bots' }), [navigate]);

  let screen;
  switch (auth.kind) {
    case 'checking':
      screen = (
        <main className="page-center">
          <Spinner label={t('session.checking')} />
        </main>
      );
      break;
    case 'unreachable':
      screen = (
        <AuthShell labelledBy="unreachable-title">
          <h1 id="unreachable-title" className="signin__title">
            {t('signIn.title')}
          </h1>
          <p className="notice notice--error" role="alert">
            {auth.message === null ? t('session.offline') : t('session.unreachable', { message: auth.message })}
          </p>
          <button type="button" className="btn btn--primary btn--block" onClick={() => recheck()}>
            {t('app.retry')}
          </button>
        </AuthShell>
      );
      break;
    case 'setup':
      screen = (
        <Setup
          onSignedIn={enter}
          onAlreadySetUp={() => setAuth({ kind: 'signedOut', notice: t('setup.alreadySetUp'), method: 'account' })}
          onUseToken={() => setAuth({ kind: 'signedOut', notice: null, method: 'token' })}
        />
      );
      break;
    case 'signedOut':
      screen = <SignIn key={`${auth.method}:${auth.notice ?? ''}`} notice={auth.notice} initialMethod={auth.method} onSignedIn={enter} />;
      break;
    case 'agent':
      screen = <AgentOnly via={auth.who.via} onSignOut={() => void signOut()} />;
      break;
    case 'admin':
      if (route.name === 'bot')
        screen = <EditorPage botId={route.id} view={route.view} onView={(view) => navigate({ name: 'bot', id: route.id, view })} onBack={() => navigate({ name: 'bots' })} onSignOut={() => void signOut()} />;
      else if (route.name === 'team')
        screen = <TeamPage who={auth.who} section={route.section} onSection={(section) => navigate({ name: 'team', section })} onNavigate={goArea} onSignOut={() => void signOut()} onSessionEnded={() => recheck('account', t('signIn.signedOutElsewhere'))} />;
      else screen = <BotList who={auth.who} onOpen={(id) => navigate({ name: 'bot', id, view: 'canvas' })} onNavigate={goArea} onSignOut={() => void signOut()} />;
      break;
  }
  return (
    <>
      {screen}
      <Toaster />
    </>
  );
}
