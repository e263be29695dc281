import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgentApi, ApiError, logout, me, type Credential } from './api';
import { SignIn, type Method } from '../common/signin/SignIn';
import { LANGS, setLang, type Lang } from './i18n';
import { useQueueFeed } from './live';
import { Queue, type Filters, type Sort } from './Queue';
import { TicketView } from './TicketView';
import type { QueueTicket, TicketEvent } from './types';

/** Who is signed in. An account's CSRF token is not stored: it is read from the session on each load. */
type Session = { kind: 'token'; token: string; name: string } | { kind: 'account'; name: string; skills: string[] };

const SESSION_KEY = 'parley-agent:session';
const SKILLS_KEY = 'parley-agent:skills';
const NAME_KEY = 'parley-agent:name';
/** Agents mostly sign in with the team's token; accounts are the alternative. */
const METHODS: readonly Method[] = ['token', 'account'];

function loadSession(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Partial<Session> & { token?: string } | null;
    if (!s || typeof s.name !== 'string') return null;
    if (s.kind === 'account') return { kind: 'account', name: s.name, skills: Array.isArray(s.skills) ? s.skills : [] };
    return typeof s.token === 'string' && s.token ? { kind: 'token', token: s.token, name: s.name } : null;
  } catch {
    return null;
  }
}

function loadSkills(fallback: string[]): string[] {
  try {
    const s = JSON.parse(localStorage.getItem(SKILLS_KEY) ?? 'null') as unknown;
    return Array.isArray(s) ? s.filter((x): x is string => typeof x === 'string') : fallback;
  } catch {
    return fallback;
  }
}

function ticketFromPath(): number | null {
  const m = /^\/agent\/tickets\/(\d+)/.exec(location.pathname);
  return m ? Number(m[1]) : null;
}

export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [csrf, setCsrf] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  // With nothing remembered, a session cookie from elsewhere (the editor sends agents here) is used as it is.
  const [adopting, setAdopting] = useState(() => session === null);
  const signOut = useCallback((becauseExpired: boolean) => {
    localStorage.removeItem(SESSION_KEY);
    setExpired(becauseExpired);
    setSession(null);
    setCsrf(null);
  }, []);

  useEffect(() => {
    if (session?.kind !== 'account' || csrf) return;
    me().then(
      (r) => (r.csrf ? setCsrf(r.csrf) : signOut(true)),
      (e: unknown) => signOut(e instanceof ApiError && e.status === 401),
    );
  }, [session, csrf, signOut]);

  useEffect(() => {
    if (!adopting) return;
    let live = true;
    me()
      .then((r) => {
        if (!live || !r.user || !r.csrf) return;
        const adopted: Session = { kind: 'account', name: r.user.name, skills: r.user.skills ?? [] };
        localStorage.setItem(SESSION_KEY, JSON.stringify(adopted));
        setCsrf(r.csrf);
        setSession(adopted);
      })
      .catch(() => undefined)
      .finally(() => live && setAdopting(false));
    return () => {
      live = false;
    };
  }, [adopting]);

  const credential = useMemo<Credential | null>(
    () => (session?.kind === 'token' ? { kind: 'token', token: session.token } : csrf ? { kind: 'account', csrf } : null),
    [session, csrf],
  );

  if (!session && adopting) return <main className="signin muted">{t('signIn.checking')}</main>;
  if (!session)
    return (
      <SignInScreen
        expired={expired}
        onSignedIn={(s, sessionCsrf) => {
          localStorage.setItem(SESSION_KEY, JSON.stringify(s));
          setExpired(false);
          setCsrf(sessionCsrf ?? null);
          setSession(s);
        }}
      />
    );
  if (!credential) return <main className="signin muted">{t('signIn.checking')}</main>;
  return (
    <Workspace
      session={session}
      credential={credential}
      onSignOut={(becauseExpired) => {
        if (!becauseExpired && credential.kind === 'account') void logout(credential.csrf);
        signOut(becauseExpired);
      }}
    />
  );
}

function SignInScreen({ expired, onSignedIn }: { expired: boolean; onSignedIn: (s: Session, csrf?: string) => void }) {
  const { t } = useTranslation();
  return (
    <main className="signin">
      <section className="signin-card signin__card" aria-labelledby="signin-title">
        <p className="brand">{t('app.product')}</p>
        <SignIn
          tokenKind="agent"
          methods={METHODS}
          notice={expired ? t('signIn.expired') : null}
          initialName={localStorage.getItem(NAME_KEY) ?? ''}
          onSignedIn={(who) => {
            if (who.via === 'session') return onSignedIn({ kind: 'account', name: who.name, skills: who.skills ?? [] }, who.csrf ?? undefined);
            localStorage.setItem(NAME_KEY, who.name);
            onSignedIn({ kind: 'token', token: who.token ?? '', name: who.name || 'Agent' });
          }}
          footer={<LanguageSwitch />}
        />
      </section>
    </main>
  );
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang">
      {t('top.language')}
      <select value={i18n.language} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {l === 'en' ? 'English' : '한국어'}
          </option>
        ))}
      </select>
    </label>
  );
}

function Workspace({ session, credential, onSignOut }: { session: Session; credential: Credential; onSignOut: (expired: boolean) => void }) {
  const { t } = useTranslation();
  const signOutRef = useRef(onSignOut);
  signOutRef.current = onSignOut;
  const api = useMemo(() => new AgentApi(credential, () => signOutRef.current(true)), [credential]);
  const [filters, setFilters] = useState<Filters>({ status: 'open', skill: '', tag: '', channel: '' });
  const [sort, setSort] = useState<Sort>('longest');
  const [skills, setSkills] = useState<string[]>(() => loadSkills(session.kind === 'account' ? session.skills : []));
  const [tickets, setTickets] = useState<QueueTicket[] | null>(null);
  const [selected, setSelected] = useState<number | null>(ticketFromPath);
  const [lastEvent, setLastEvent] = useState<(TicketEvent & { at: number }) | null>(null);
  const [known, setKnown] = useState<{ groups: string[]; tags: string[] }>({ groups: [], tags: [] });
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const [unread, setUnread] = useState<ReadonlySet<number>>(new Set());
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const [error, setError] = useState<string | null>(null);
  const seen = useRef<Set<number> | null>(null);

  const refresh = useCallback(async () => {
    try {
      const { tickets: list } = await api.tickets(filters);
      setTickets(list);
      setError(null);
      // Tickets that arrive after the first load are marked new until opened.
      if (seen.current === null) seen.current = new Set(list.map((x) => x.id));
      else {
        const arrived = list.filter((x) => !seen.current!.has(x.id) && x.status === 'open').map((x) => x.id);
        for (const x of list) seen.current.add(x.id);
        if (arrived.length) setFresh((prev) => new Set([...prev, ...arrived]));
      }
      setKnown((prev) => ({
        groups: union(prev.groups, list.map((x) => x.group).filter(Boolean)),
        tags: union(prev.tags, list.flatMap((x) => x.tags)),
      }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [api, filters]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const mode = useQueueFeed(api, (e) => {
    void refreshRef.current();
    if (!e) return;
    setLastEvent({ ...e, at: Date.now() });
    // A customer writing on a ticket the agent is not looking at is flagged in the queue.
    if (e.change === 'message' && e.ticketId !== selectedRef.current) setUnread((prev) => new Set(prev).add(e.ticketId));
  });

  useEffect(() => {
    const onPop = () => setSelected(ticketFromPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const openCount = tickets?.filter((x) => x.status === 'open').length ?? 0;
  useEffect(() => {
    document.title = `${openCount > 0 && filters.status !== 'resolved' ? `(${openCount}) ` : ''}${t('app.title')} · Parley`;
  }, [openCount, filters.status, t]);

  const select = (id: number | null) => {
    setSelected(id);
    if (id !== null) {
      const without = (prev: ReadonlySet<number>) => {
        const next = new Set(prev);
        next.delete(id);
        return next;
      };
      setFresh(without);
      setUnread(without);
    }
    history.pushState(null, '', id === null ? '/agent' : `/agent/tickets/${id}`);
  };

  return (
    <div className={`workspace${selected !== null ? ' has-ticket' : ''}`}>
      <header className="topbar">
        <span className="brand">
          Parley <span>{t('app.title')}</span>
        </span>
        <span className={`feed ${mode}`} role="status">
          {mode === 'live' ? t('top.live') : mode === 'polling' ? t('top.polling') : ''}
        </span>
        <span className="spacer" />
        <SkillsSetting
          skills={skills}
          groups={known.groups}
          onSave={(s) => {
            localStorage.setItem(SKILLS_KEY, JSON.stringify(s));
            setSkills(s);
          }}
        />
        <LanguageSwitch />
        <span className="muted">{t('top.signedInAs', { name: session.name })}</span>
        <button type="button" className="ghost" onClick={() => onSignOut(false)}>
          {t('top.signOut')}
        </button>
      </header>
      {error && (
        <p className="error banner" role="alert">
          {t('errors.generic', { message: error })}
        </p>
      )}
      <div className="columns">
        <Queue
          tickets={tickets}
          filters={filters}
          onFilters={setFilters}
          sort={sort}
          onSort={setSort}
          groups={union(known.groups, skills)}
          tags={known.tags}
          skills={skills}
          me={session.name}
          fresh={fresh}
          unread={unread}
          selected={selected}
          onSelect={select}
        />
        {selected === null ? (
          <section className="ticket empty-state">{t('ticket.pick')}</section>
        ) : (
          <TicketView key={selected} api={api} ticketId={selected} me={session.name} lastEvent={lastEvent} onChanged={() => void refresh()} onClose={() => select(null)} onOpen={(id) => select(id)} />
        )}
      </div>
    </div>
  );
}

function SkillsSetting({ skills, groups, onSave }: { skills: string[]; groups: string[]; onSave: (s: string[]) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  return (
    <div className="skills">
      <button
        type="button"
        className="ghost"
        aria-expanded={open}
        onClick={() => {
          setDraft(skills.join(', '));
          setOpen(!open);
        }}
      >
        {t('top.skills')}: {skills.length ? skills.join(', ') : t('skills.none')}
      </button>
      {open && (
        <form
          className="popover"
          onSubmit={(e) => {
            e.preventDefault();
            onSave(union([], draft.split(',').map((s) => s.trim()).filter(Boolean)));
            setOpen(false);
          }}
          onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        >
          <label>
            {t('skills.heading')}
            <input value={draft} onChange={(e) => setDraft(e.target.value)} list="known-groups" autoFocus />
          </label>
          <datalist id="known-groups">
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
          <p className="muted small-text">{t('skills.hint')}</p>
          <div className="row-end">
            <button type="button" className="ghost" onClick={() => setOpen(false)}>
              {t('skills.cancel')}
            </button>
            <button type="submit" className="primary">
              {t('skills.save')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
