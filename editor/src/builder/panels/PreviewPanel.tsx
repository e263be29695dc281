import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/shared';
import { MessageView } from '../../common/messages/MessageView';
import type { RenderOptions } from '../../common/messages/render';
import { adminApi, type ForceHours } from '../api/admin';
import { ApiError } from '../api/client';
import { setPreviewNode } from '../store/flowStore';

type Hours = 'real' | ForceHours;
type InputType = Extract<Message['payload'], { type: 'input' }>['inputType'];

interface Conversation {
  id: string;
  token: string;
}

export function PreviewPanel({ botId, save }: { botId: string; save: () => Promise<boolean> }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState<Hours>('real');
  const [conv, setConv] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [status, setStatus] = useState<string>('active');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const log = useRef<HTMLOListElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => () => setPreviewNode(null), []);
  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [messages]);

  const fail = (err: unknown) => {
    setError(err instanceof ApiError && err.status === 404 && err.code === 'not_found' && !conv ? t('preview.notAvailable') : t('preview.failed', { message: (err as Error).message }));
  };

  const start = async (force: Hours = hours) => {
    setBusy(true);
    setError(null);
    try {
      if (!(await save())) throw new Error(t('save.dirty'));
      const r = await adminApi.startPreview(botId, force === 'real' ? undefined : force);
      setConv({ id: r.conversationId, token: r.token });
      setMessages(r.messages);
      setStatus(r.status);
      setPreviewNode(r.nodeId ?? null);
      setTimeout(() => input.current?.focus(), 0);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const send = async (body: { type: 'text'; text: string } | { type: 'postback'; payload: string; text?: string }) => {
    if (!conv) return;
    setBusy(true);
    setError(null);
    try {
      const r = await adminApi.sendPreview(conv.id, conv.token, body);
      setMessages((m) => {
        const seen = new Set(m.map((x) => x.seq));
        return [...m, ...r.messages.filter((x) => !seen.has(x.seq))];
      });
      setStatus(r.status);
      if (r.nodeId !== undefined) setPreviewNode(r.nodeId);
      else if (r.status !== 'active') setPreviewNode(null);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  const who = (m: Message) => (m.author === 'customer' ? t('preview.you') : m.author === 'agent' ? t('preview.agent') : m.author === 'system' ? t('preview.system') : t('preview.bot'));
  const ended = status !== 'active';
  const disabled = busy || ended;
  // The widget's own renderer, so the admin sees each message as customers will, plus which answer type is asked.
  const options: RenderOptions = {
    t: (key) => (key === 'agent' ? t('preview.agent') : key === 'business' ? t('preview.business') : `(${t('preview.openLink')})`),
    disabled,
    postback: (b) => b.payload && void send({ type: 'postback', payload: b.payload, text: b.label }),
    staff: { expects: (type) => t(`forms.inputTypes.${type as InputType}`) },
  };
  return (
    <div className="preview">
      <div className="preview__bar">
        <div className="preview__hours">
          <label htmlFor="preview-hours">{t('preview.hours')}</label>
          <select
            id="preview-hours"
            className="input input--small"
            value={hours}
            onChange={(e) => {
              const h = e.target.value as Hours;
              setHours(h);
              if (conv) void start(h);
            }}
          >
            <option value="real">{t('preview.hoursReal')}</option>
            <option value="open">{t('preview.hoursOpen')}</option>
            <option value="closed">{t('preview.hoursClosed')}</option>
          </select>
        </div>
        {conv && (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => void start()} disabled={busy}>
            ↻ {t('preview.reset')}
          </button>
        )}
      </div>
      {!conv ? (
        <div className="preview__start">
          <p className="muted">{t('preview.intro')}</p>
          <button type="button" className="btn btn--primary" onClick={() => void start()} disabled={busy}>
            {busy ? t('preview.starting') : t('preview.start')}
          </button>
        </div>
      ) : (
        <>
          <ol className="chat" ref={log} aria-label={t('preview.transcript')} aria-live="polite">
            {messages.map((m) => (
              <li key={m.seq} className={`chat__msg chat__msg--${m.author}${m.payload.type === 'system' ? ' chat__msg--system' : ''}`}>
                <span className="sr-only">{who(m)}: </span>
                <MessageView message={m} options={options} />
              </li>
            ))}
          </ol>
          {ended && <p className="chat__status">{t(`preview.status.${status as 'handoff' | 'ended'}`, { defaultValue: status })}</p>}
          <form
            className="chat__compose"
            onSubmit={(e) => {
              e.preventDefault();
              const value = text.trim();
              if (!value) return;
              setText('');
              void send({ type: 'text', text: value });
            }}
          >
            <input
              ref={input}
              className="input"
              aria-label={t('preview.message')}
              placeholder={t('preview.placeholder')}
              value={text}
              disabled={ended}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" className="btn btn--primary" disabled={busy || ended || text.trim() === ''}>
              {t('preview.send')}
            </button>
          </form>
        </>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
