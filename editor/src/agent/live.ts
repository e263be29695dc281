import { useEffect, useRef, useState } from 'react';
import type { Message } from '@parley/shared';
import type { AgentApi } from './api';
import type { LiveFeed, LiveFeedOptions } from '../common/live/feed';
import type { TicketEvent } from './types';

export type FeedMode = 'connecting' | 'live' | 'polling';

const POLL_MS = 2000;
const MAX_RETRY_MS = 15_000;

type Handlers = Pick<LiveFeedOptions, 'events'> & {
  /** Re-read everything: called on every poll tick, and each time the stream opens to cover what it missed. */
  refresh: () => void;
};

/**
 * Server-sent events when the server offers them, polling every 2 s when it does not. While polling, the stream is
 * retried with backoff, and the moment it answers the polling stops.
 */
function useFeed(key: string | number | null, open: (options: Omit<LiveFeedOptions, 'url'>) => LiveFeed, handlers: () => Handlers | null): FeedMode {
  const [mode, setMode] = useState<FeedMode>('connecting');
  // The latest callbacks, read at call time, so a re-render never needs a reconnect.
  const latest = useRef({ open, handlers });
  latest.current = { open, handlers };

  useEffect(() => {
    if (key === null) return;
    let poll: ReturnType<typeof setInterval> | undefined;
    const current = () => latest.current.handlers();
    const startPolling = () => {
      if (poll === undefined) poll = setInterval(() => current()?.refresh(), POLL_MS);
      setMode('polling');
    };
    const stopPolling = () => {
      clearInterval(poll);
      poll = undefined;
    };
    const names = Object.keys(current()?.events ?? {});
    const feed = latest.current.open({
      events: Object.fromEntries(names.map((name) => [name, (data: unknown) => current()?.events[name]?.(data)])),
      maxDelayMs: MAX_RETRY_MS,
      onOpen: () => {
        stopPolling();
        setMode('live');
        current()?.refresh();
      },
      onDown: startPolling,
    });
    setMode('connecting');
    startPolling();
    feed.start();
    return () => {
      stopPolling();
      feed.stop();
    };
  }, [key]);

  return mode;
}

export function useQueueFeed(api: AgentApi, onEvent: (e: TicketEvent | null) => void): FeedMode {
  return useFeed(
    api.key,
    (options) => api.queueFeed(options),
    () => ({ events: { ticket: (d) => onEvent(d as TicketEvent) }, refresh: () => onEvent(null) }),
  );
}

export function useTicketFeed(api: AgentApi, ticketId: number | null, lastSeq: () => number, on: { message(m: Message): void; refresh(): void }): FeedMode {
  return useFeed(
    ticketId === null ? null : `${api.key}:${ticketId}`,
    (options) => api.ticketFeed(ticketId ?? 0, { ...options, resumeFrom: () => lastSeq() }),
    () => (ticketId === null ? null : { events: { message: (d) => on.message(d as Message), status: () => on.refresh() }, refresh: on.refresh }),
  );
}
