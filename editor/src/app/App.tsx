import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getToken, onUnauthorized, setToken } from '../api/client';
import { SignIn } from './SignIn';
import { BotList } from '../bots/BotList';
import { EditorPage } from '../editor/EditorPage';
import { Toaster } from './ui';

type Route = { name: 'bots' } | { name: 'bot'; id: string };

function parseRoute(pathname: string): Route {
  const m = /^\/bots\/([^/]+)\/?$/.exec(pathname);
  return m ? { name: 'bot', id: decodeURIComponent(m[1]!) } : { name: 'bots' };
}

/** Two screens behind sign-in, with real URLs (`/`, `/bots/:id`) so reload and the back button work. */
export function App() {
  const { t } = useTranslation();
  const [token, setTokenState] = useState<string | null>(() => getToken());
  const [notice, setNotice] = useState<string | null>(null);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname));

  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(
    () =>
      onUnauthorized((message) => {
        setToken(null);
        setTokenState(null);
        setNotice(t('signIn.expired', { message }));
      }),
    [t],
  );

  const navigate = useCallback((next: Route) => {
    const path = next.name === 'bot' ? `/bots/${encodeURIComponent(next.id)}` : '/';
    if (location.pathname !== path) history.pushState(null, '', path);
    setRoute(next);
  }, []);

  const signOut = useCallback(() => {
    setToken(null);
    setTokenState(null);
    setNotice(null);
  }, []);

  let screen;
  if (!token) {
    screen = (
      <SignIn
        notice={notice}
        onSignedIn={(tok) => {
          setToken(tok);
          setTokenState(tok);
          setNotice(null);
        }}
      />
    );
  } else if (route.name === 'bot') {
    screen = <EditorPage botId={route.id} onBack={() => navigate({ name: 'bots' })} onSignOut={signOut} />;
  } else {
    screen = <BotList onOpen={(id) => navigate({ name: 'bot', id })} onSignOut={signOut} />;
  }
  return (
    <>
      {screen}
      <Toaster />
    </>
  );
}
