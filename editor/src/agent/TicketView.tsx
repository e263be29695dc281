import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/shared';
import { ApiError, type AgentApi } from './api';
import { useTicketFeed, type FeedMode } from './live';
import { Transcript } from './Transcript';
import { LinkText, clock, customerName } from './format';
import { safeUrl } from '../common/links';
import { PRIORITIES, type Note, type Priority, type TicketDetail, type TicketEvent } from './types';

interface Props {
  api: AgentApi;
  ticketId: number;
  me: string;
  /** The latest queue event, so changes made elsewhere (another agent, the customer) show here too. */
  lastEvent: (TicketEvent & { at: number }) | null;
  onChanged(): void;
  onClose(): void;
  /** Opens another ticket (the same customer's, from another conversation). */
  onOpen(id: number): void;
}

function mergeMessages(a: Message[], b: Message[]): Message[] {
  const bySeq = new Map<number, Message>();
  for (const m of a) bySeq.set(m.seq, m);
  for (const m of b) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}

export function TicketView({ api, ticketId, me, lastEvent, onChanged, onClose, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const [detail, setDetail] = useState<TicketDetail | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;

  const load = useCallback(async () => {
    try {
      const d = await api.ticket(ticketId);
      setDetail(d);
      setMessages((prev) => mergeMessages(prev, d.transcript));
      setMissing(false);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setMissing(true);
      else setError(e instanceof Error ? e.message : String(e));
    }
  }, [api, ticketId]);

  useEffect(() => {
    setDetail(null);
    setMessages([]);
    setError(null);
    void load();
  }, [load]);

  useEffect(() => {
    if (lastEvent?.ticketId === ticketId) void load();
  }, [lastEvent, ticketId, load]);

  const mode = useTicketFeed(api, ticketId, () => messagesRef.current.at(-1)?.seq ?? 0, {
    message: (m) => setMessages((prev) => mergeMessages(prev, [m])),
    refresh: () => void load(),
  });

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
      onChanged();
    } catch (e) {
      setError(t('errors.generic', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  if (missing) return <section className="ticket empty-state">{t('ticket.notFound')}</section>;
  if (!detail) return <section className="ticket empty-state">{error ?? t('ticket.loading')}</section>;

  const { ticket, visitor } = detail;
  const open = ticket.status === 'open';
  const name = customerName(ticket.fields, visitor);
  // A real link (new tab, copy address) that opens in place on a plain click.
  const openTicket = (e: MouseEvent<HTMLAnchorElement>, id: number) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    onOpen(id);
  };

  return (
    <section className="ticket" aria-labelledby="ticket-subject">
      <header className="ticket-head">
        <button type="button" className="ghost narrow-only" onClick={onClose}>
          ← {t('ticket.back')}
        </button>
        <div className="ticket-title">
          <h2 id="ticket-subject">{ticket.subject}</h2>
          <div className="ticket-sub">
            <span className={`pill status-${ticket.status}`}>{t(`queue.${ticket.status}`)}</span>
            <span>#{ticket.id}</span>
            <span>{name}</span>
            {detail.conversation && <span className={`channel channel-${detail.conversation.channel}`}>{t('ticket.via', { channel: t(`channel.${detail.conversation.channel}`, { defaultValue: detail.conversation.channel }) })}</span>}
            {detail.conversation?.verified && (
              <span className="pill verified" title={t('ticket.verifiedHint')}>
                ✓ {t('ticket.verified')}
              </span>
            )}
            {detail.conversation && <span>{t(`convStatus.${detail.conversation.status}`)}</span>}
            <FeedBadge mode={mode} />
          </div>
        </div>
        <div className="ticket-actions">
          {detail.conversation && !blocked && (
            <ConfirmButton label={t('ticket.block')} question={t('ticket.blockConfirm')} yes={t('ticket.blockYes')} className="ghost" onConfirm={() => act(async () => {
              await api.block(detail.conversation!.id);
              setBlocked(true);
            })} />
          )}
          {open && <ConfirmButton label={t('ticket.resolve')} question={t('ticket.resolveConfirm')} yes={t('ticket.resolveYes')} className="primary" onConfirm={() => act(() => api.resolve(ticket.id))} />}
        </div>
      </header>
      {blocked && (
        <p className="notice" role="status">
          {t('ticket.blocked')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="ticket-body">
        <div className="ticket-main">
          <Transcript messages={messages} deliveries={detail.deliveries} />
          {open ? (
            <ReplyBox
              channel={detail.conversation?.channel ?? 'web'}
              onSend={async (text) => {
                const res = await api.reply(ticket.id, text);
                setMessages((prev) => mergeMessages(prev, res.messages));
                onChanged();
              }}
            />
          ) : (
            <p className="resolved-note">{t('ticket.resolvedNote', { time: clock(ticket.resolvedAt, i18n.language) })}</p>
          )}
          <Notes notes={detail.notes} onAdd={(text) => api.note(ticket.id, text).then(() => load())} />
        </div>
        <aside className="ticket-side">
          <Panel title={t('ticket.fields')}>
            {Object.keys(ticket.fields).length === 0 ? (
              <p className="muted">{t('ticket.noFields')}</p>
            ) : (
              <dl className="fields">
                {Object.entries(ticket.fields).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{v === '' || v === null || v === undefined ? '—' : <LinkText text={typeof v === 'string' ? v : JSON.stringify(v)} />}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Panel>
          <Panel title={t('ticket.properties')}>
            <div className="prop">
              <label htmlFor="priority">{t('ticket.priority')}</label>
              <select id="priority" value={ticket.priority} onChange={(e) => act(() => api.update(ticket.id, { priority: e.target.value as Priority }))}>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="prop">
              <span className="label">{t('ticket.tags')}</span>
              <TagEditor tags={ticket.tags} onChange={(tags) => act(() => api.update(ticket.id, { tags }))} />
            </div>
            <div className="prop">
              <span className="label">{t('ticket.group')}</span>
              <span>{ticket.group || '—'}</span>
            </div>
            <div className="prop">
              <span className="label">{t('ticket.assignee')}</span>
              <span>{ticket.assignee ?? t('ticket.nobody')}</span>
              {ticket.assignee === me ? (
                <button type="button" className="ghost small" onClick={() => act(() => api.update(ticket.id, { assignee: null }))}>
                  {t('ticket.unassign')}
                </button>
              ) : (
                <button type="button" className="small" onClick={() => act(() => api.update(ticket.id, { assignee: me }))}>
                  {t('ticket.assignToMe')}
                </button>
              )}
            </div>
            <div className="prop">
              <span className="label">{t('ticket.created')}</span>
              <span>{clock(ticket.createdAt, i18n.language)}</span>
            </div>
          </Panel>
          <Panel title={t('ticket.visitor')}>
            <dl className="fields">
              {(['name', 'email', 'id', 'locale', 'browser', 'os', 'device'] as const).map((k) =>
                visitor[k] ? (
                  <div key={k}>
                    <dt>{t(`visitorFields.${k}`)}</dt>
                    <dd>{visitor[k]}</dd>
                  </div>
                ) : null,
              )}
              {visitor.page && (
                <div>
                  <dt>{t('visitorFields.page')}</dt>
                  <dd>
                    <UrlLink url={visitor.page} />
                  </dd>
                </div>
              )}
            </dl>
          </Panel>
          <Panel title={t('ticket.pages')}>
            {visitor.pages?.length ? (
              <ol className="pages">
                {visitor.pages.map((p, i) => (
                  <li key={i}>
                    <UrlLink url={p.url} label={p.title || p.url} />
                    {p.at && <time dateTime={p.at}> · {clock(p.at, i18n.language)}</time>}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">{t('ticket.noPages')}</p>
            )}
          </Panel>
          <Panel title={t('ticket.earlier')}>
            {detail.earlier.length === 0 ? (
              <p className="muted">{t('ticket.noEarlier')}</p>
            ) : (
              <ul className="earlier">
                {detail.earlier.map((c) => (
                  <li key={c.id}>
                    <span className={`channel channel-${c.channel}`}>{t(`channel.${c.channel}`, { defaultValue: c.channel })}</span> <code>{c.id.slice(0, 8)}</code> · {t(`convStatus.${c.status}`)} ·{' '}
                    {clock(c.createdAt, i18n.language)}
                    {c.ticketId != null && (
                      <>
                        {' · '}
                        <a href={`/agent/tickets/${c.ticketId}`} onClick={(e) => openTicket(e, c.ticketId!)}>
                          {t('ticket.openTicket', { id: c.ticketId })}
                        </a>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </aside>
      </div>
    </section>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function UrlLink({ url, label }: { url: string; label?: string }) {
  const href = safeUrl(url);
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer" title={url}>
      {label ?? url}
    </a>
  ) : (
    <span>{label ?? url}</span>
  );
}

export function FeedBadge({ mode }: { mode: FeedMode }) {
  const { t } = useTranslation();
  if (mode === 'connecting') return null;
  return <span className={`feed ${mode}`}>{mode === 'live' ? t('ticket.liveMessages') : t('ticket.pollingMessages')}</span>;
}

function ConfirmButton({ label, question, yes, className, onConfirm }: { label: string; question: string; yes: string; className: string; onConfirm: () => Promise<void> }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // An inline confirmation rather than window.confirm: no modal dialog interrupts the agent's other tabs.
  if (!confirming)
    return (
      <button type="button" className={className} onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  return (
    <div className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        className="primary"
        disabled={busy}
        autoFocus
        onClick={async () => {
          setBusy(true);
          await onConfirm();
          setBusy(false);
          setConfirming(false);
        }}
      >
        {yes}
      </button>
      <button type="button" className="ghost" onClick={() => setConfirming(false)}>
        {t('ticket.cancel')}
      </button>
    </div>
  );
}

function ReplyBox({ channel, onSend }: { channel: string; onSend: (text: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const value = text.trim();
    if (!value || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSend(value);
      setText('');
    } catch (err) {
      // The draft stays in the box, so a failed reply is never lost.
      setError(t('errors.generic', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <form className="reply" onSubmit={submit}>
      <label htmlFor="reply-text" className="label">
        {t('ticket.reply')}
      </label>
      <p id="reply-channel" className="muted small">
        {t('ticket.repliesGoTo', { channel: t(`channel.${channel}`, { defaultValue: channel }) })}
      </p>
      <textarea id="reply-text" rows={3} maxLength={4096} value={text} placeholder={t('ticket.replyPlaceholder')} aria-describedby="reply-channel" onChange={(e) => setText(e.target.value)} onKeyDown={onKey} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row-end">
        <button type="submit" className="primary" disabled={busy || !text.trim()}>
          {busy ? t('ticket.sending') : t('ticket.send')}
        </button>
      </div>
    </form>
  );
}

function Notes({ notes, onAdd }: { notes: Note[] | undefined; onAdd: (text: string) => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    setBusy(true);
    setError(null);
    try {
      await onAdd(value);
      setText('');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? t('ticket.notesUnavailable') : t('errors.generic', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="notes" aria-labelledby="notes-heading">
      <h3 id="notes-heading">{t('ticket.notes')}</h3>
      <p className="muted small-text">{t('ticket.notesHint')}</p>
      {notes === undefined ? null : notes.length === 0 ? (
        <p className="muted">{t('ticket.noNotes')}</p>
      ) : (
        <ul className="note-list">
          {notes.map((n, i) => (
            <li key={n.id ?? i} className="note">
              <div className="tmeta">
                {n.author && <span className="tauthor">{n.author}</span>}
                {n.createdAt && <time dateTime={n.createdAt}>{clock(n.createdAt, i18n.language)}</time>}
              </div>
              <LinkText text={n.text} />
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="note-form">
        <textarea rows={2} maxLength={4096} aria-label={t('ticket.notePlaceholder')} placeholder={t('ticket.notePlaceholder')} value={text} onChange={(e) => setText(e.target.value)} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row-end">
          <button type="submit" disabled={busy || !text.trim()}>
            {t('ticket.addNote')}
          </button>
        </div>
      </form>
    </section>
  );
}

function TagEditor({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const tag = draft.trim().slice(0, 40);
    if (!tag || tags.includes(tag)) return setDraft('');
    onChange([...tags, tag]);
    setDraft('');
  };
  return (
    <div className="tags">
      <ul className="chips">
        {tags.map((tag) => (
          <li key={tag} className="chip tag">
            {tag}
            <button type="button" aria-label={t('ticket.removeTag', { tag })} onClick={() => onChange(tags.filter((x) => x !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="tag-form">
        <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('ticket.addTag')} aria-label={t('ticket.addTag')} maxLength={40} />
      </form>
    </div>
  );
}

