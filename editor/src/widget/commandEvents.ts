import type { Message } from '@parley/shared';
import type { Api } from './api';
import type { WidgetEvent } from './commands';

type Emit = (event: WidgetEvent, data?: unknown) => void;

/**
 * `Parley('on', 'message', fn)`: every message new to this page, once each, as `{ ...message, conversationId }`,
 * whichever path brought it (a reply, the live stream, a catch-up read). Read where the widget's messages come in,
 * its Api, so the chat itself needs no hook. What a page load restores (history read from the start, a resumed
 * conversation) was said before and is not told again.
 */
export function tapMessages(api: Api, emit: Emit): void {
  const told = new Set<string>();
  const take = (conversationId: string, messages: readonly Message[], fresh: boolean) => {
    for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
      const key = `${conversationId}:${m.seq}`;
      if (told.has(key)) continue;
      told.add(key);
      if (fresh) emit('message', { ...m, conversationId });
    }
  };
  const { start, resume, resumeFromEmail, send, history, live } = api;
  api.start = async (...a) => tell(await start.apply(api, a), (r) => take(r.conversationId, r.messages, true));
  api.resume = async (...a) => tell(await resume.apply(api, a), (r) => take(r.conversationId, r.messages, false));
  api.resumeFromEmail = async (...a) => tell(await resumeFromEmail.apply(api, a), (r) => take(r.conversationId, r.messages, false));
  api.send = async (id, ...a) => tell(await send.call(api, id, ...a), (r) => take(id, r.messages, true));
  api.history = async (id, token, after) => tell(await history.call(api, id, token, after), (r) => take(id, r.messages, after > 0));
  api.live = (id, token, options) => {
    const message = options.events.message;
    return live.call(api, id, token, {
      ...options,
      events: {
        ...options.events,
        message: (m) => {
          if (typeof (m as Message | null)?.seq === 'number') take(id, [m as Message], true);
          message?.(m);
        },
      },
    });
  };
}

function tell<T>(value: T, fn: (value: T) => void): T {
  fn(value);
  return value;
}

/** `Parley('on', 'open' | 'close', fn)`: the chat's panel shown or hidden, by the page or by the customer. */
export function tapOpenClose(widget: { open(): void; close(): void }, emit: Emit): void {
  let shown = false;
  const { open, close } = widget;
  widget.open = () => {
    open.call(widget);
    if (!shown) emit('open');
    shown = true;
  };
  widget.close = () => {
    close.call(widget);
    if (shown) emit('close');
    shown = false;
  };
}
