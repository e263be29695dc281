/**
 * `<ParleyChat botId baseUrl />`: a chat for a React app, built on the headless client. Messages are drawn by the one
 * message renderer (common/messages) that the widget and the agent workspace use, so every string from the server
 * lands in text nodes, never in markup.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Button, InputType } from '@parley/shared';
import { MessageView } from '../common/messages/MessageView';
import type { MessageWord } from '../common/messages/render';
import { ApiError, createClient, type ConversationStatus, type CustomerMessageRequest, type Message, type ParleyClient, type ParleyClientOptions, type ParleyEvent } from './client';
import { labelsFor, type ChatLabels } from './words';
import './chat.css';

export * from './client';
export { labelsFor, type ChatLabels } from './words';

export interface ParleyChatProps extends Partial<Omit<ParleyClientOptions, 'botId' | 'baseUrl'>> {
  botId: string;
  baseUrl: string;
  /** `ko…` for Korean, anything else English; defaults to the browser's language. */
  locale?: string;
  /** Any words to replace; keep the object stable (a constant or useMemo). */
  labels?: Partial<ChatLabels>;
  /** Your own headless client (to call `track` or `identify` on it too); the component then uses it instead of making one. */
  client?: ParleyClient;
  /** Every event the client hears (messages, statuses, the stream going up or down). */
  onEvent?(event: ParleyEvent): void;
  className?: string;
}

interface Outgoing {
  request: CustomerMessageRequest;
  failed: boolean;
}

const INPUTS: Partial<Record<InputType, { type: string; placeholder: keyof ChatLabels; autoComplete?: string }>> = {
  email: { type: 'email', placeholder: 'placeholderEmail', autoComplete: 'email' },
  phone: { type: 'tel', placeholder: 'placeholderPhone', autoComplete: 'tel' },
  number: { type: 'number', placeholder: 'placeholderNumber' },
  date: { type: 'date', placeholder: 'placeholderDate' },
};

export function ParleyChat(props: ParleyChatProps) {
  const { botId, baseUrl, locale, labels: overrides, client: given, onEvent, className } = props;
  const lang = (locale ?? (typeof navigator === 'undefined' ? 'en' : navigator.language)).toLowerCase().startsWith('ko') ? 'ko' : 'en';
  const words = useMemo(() => labelsFor(lang, overrides), [lang, overrides]);
  const client = useClient(props, given);
  const { phase, startError, messages, status, retryStart } = useConversation(client, onEvent);
  const [outgoing, setOutgoing] = useState<Outgoing | null>(null);
  const [text, setText] = useState('');
  const log = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);

  const send = useCallback(
    (request: CustomerMessageRequest) => {
      setOutgoing({ request, failed: false });
      client.send(request).then(
        () => setOutgoing(null),
        () => setOutgoing({ request, failed: true }),
      );
    },
    [client],
  );

  const busy = outgoing !== null;
  const postback = useCallback(
    (b: Button) => {
      if (!b.payload || busy) return;
      send({ type: 'postback', payload: b.payload, text: b.label.slice(0, 200) });
      // The pressed button is switched off, which would drop focus to the page: the composer is where a keyboard user goes next.
      input.current?.focus();
    },
    [send, busy],
  );
  const t = useCallback((key: MessageWord) => words[key], [words]);

  const lastCustomer = messages.reduce((seq, m) => (m.author === 'customer' ? Math.max(seq, m.seq) : seq), 0);
  const last = messages.at(-1);
  const asked = status === 'active' && last?.payload.type === 'input' ? INPUTS[last.payload.inputType] : undefined;

  useLayoutEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length, outgoing]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value || busy) return;
    setText('');
    send({ type: 'text', text: value });
  };

  return (
    <section className={['parley-chat', className].filter(Boolean).join(' ')} aria-label={words.title} lang={lang}>
      <div className="parley-log" role="log" aria-live="polite" aria-label={words.messages} ref={log} tabIndex={0}>
        {phase === 'loading' && messages.length === 0 && (
          <p className="parley-state" role="status">
            {words.loading}
          </p>
        )}
        {phase === 'error' && (
          <div className="parley-state parley-error" role="alert">
            <span>{startError instanceof ApiError && !startError.unreachable ? words.unavailable : words.startFailed}</span>{' '}
            <button type="button" onClick={retryStart}>
              {words.tryAgain}
            </button>
          </div>
        )}
        {phase === 'ready' && messages.length === 0 && <p className="parley-state">{words.empty}</p>}
        {messages.map((m) => (
          <MessageView key={m.seq} message={m} options={{ t, postback, disabled: busy || status !== 'active' || m.seq < lastCustomer }} />
        ))}
        {outgoing && <Pending outgoing={outgoing} words={words} retry={() => send(outgoing.request)} />}
        {outgoing && !outgoing.failed && status !== 'handoff' && (
          <p className="parley-typing" role="status">
            {words.typing}
          </p>
        )}
        {status === 'ended' && !outgoing && (
          <div className="parley-ended">
            <span>{words.ended}</span>
            <button type="button" onClick={() => void client.start({ fresh: true }).catch(() => undefined)}>
              {words.newChat}
            </button>
          </div>
        )}
      </div>
      <form className="parley-composer" onSubmit={submit}>
        <input
          ref={input}
          type={asked?.type ?? 'text'}
          autoComplete={asked?.autoComplete ?? 'off'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={words[asked?.placeholder ?? 'placeholder']}
          aria-label={words[asked?.placeholder ?? 'placeholder']}
          maxLength={4096}
          disabled={phase === 'error'}
        />
        <button type="submit" disabled={busy || !text.trim() || phase === 'error'}>
          {words.send}
        </button>
      </form>
    </section>
  );
}

/** The customer's message until the server has stored it; a failed one says so and offers Retry. */
function Pending({ outgoing, words, retry }: { outgoing: Outgoing; words: ChatLabels; retry: () => void }) {
  const { request } = outgoing;
  const text = request.type === 'text' ? request.text : (request.text ?? request.payload);
  return (
    <div className="message-view">
      <div className={`msg customer parley-pending${outgoing.failed ? ' parley-failed' : ''}`}>
        <div className="bubble">{text}</div>
        {outgoing.failed ? (
          <div className="msg-note" role="alert">
            {words.failed}{' '}
            <button type="button" onClick={retry}>
              {words.retry}
            </button>
          </div>
        ) : (
          <div className="msg-note">{words.sending}</div>
        )}
      </div>
    </div>
  );
}

/** The given client, or one of our own for this bot and server (closed when the component goes). */
function useClient(options: ParleyChatProps, given: ParleyClient | undefined): ParleyClient {
  const { botId, baseUrl } = options;
  const latest = useRef(options);
  latest.current = options;
  const own = useMemo(() => {
    if (given) return null;
    const { storage, visitor, identity, onIdentityRefused, timeoutMs } = latest.current;
    return createClient({ botId, baseUrl, storage, visitor, identity, onIdentityRefused, timeoutMs });
  }, [botId, baseUrl, given]);
  useEffect(() => () => own?.close(), [own]);
  // A new identity names conversations started from now on, as `identify` does.
  useEffect(() => {
    if (options.identity !== undefined) (given ?? own)?.identify(options.identity);
  }, [options.identity, given, own]);
  return (given ?? own)!;
}

function useConversation(client: ParleyClient, onEvent: ((e: ParleyEvent) => void) | undefined) {
  const [phase, setPhase] = useState<'loading' | 'ready' | 'error'>('loading');
  const [startError, setStartError] = useState<unknown>(null);
  const [view, setView] = useState<{ messages: readonly Message[]; status: ConversationStatus | null }>({ messages: [], status: null });
  const [attempt, setAttempt] = useState(0);
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    let alive = true;
    const sync = () => setView({ messages: client.messages, status: client.conversation?.status ?? null });
    const off = client.subscribe((e) => {
      sync();
      handler.current?.(e);
    });
    setPhase('loading');
    client.start().then(
      () => {
        if (!alive) return;
        sync();
        setPhase('ready');
      },
      (e: unknown) => {
        if (!alive) return;
        setStartError(e);
        setPhase('error');
      },
    );
    return () => {
      alive = false;
      off();
    };
  }, [client, attempt]);

  const retryStart = useCallback(() => setAttempt((n) => n + 1), []);
  return { phase, startError, messages: view.messages, status: view.status, retryStart };
}
