import { useEffect, useRef, useState } from 'react';
import type { Message } from '@parley/shared';
import type { AgentApi } from './api';
import type { TicketEvent } from './types';

export type FeedMode = 'connecting' | 'live' | 'polling';

const POLL_MS = 2000;
const MAX_RETRY_MS = 15_000;

interface FeedOptions {
  url: () => string;
  events: Record<string, (data: unknown) => void>;
  /** Re-read everything: called on every poll tick, and once when the stream opens to cover what it missed. */
  refresh: () => void;
}

/**
 * Server-sent events when the server offers them, polling every 2 s when it does not. While polling, the stream
 * is retried with backoff, and the moment it answers 200 the polling stops.
 */
function useFeed(key: string | number | null, make: () => FeedOptions | null): FeedMode {
  const [mode, setMode] = useState<FeedMode>('connecting');
  const makeRef = useRef(make);
  makeRef.current = make;

  useEffect(() => {
    if (key === null) return;
    let source: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let disposed = false;
    // The latest callbacks, read at call time, so a re-render never needs a reconnect.
    const opts = () => makeRef.current();

    const startPolling = () => {
      if (poll === undefined) poll = setInterval(() => opts()?.refresh(), POLL_MS);
      setMode('polling');
    };
    const stopPolling = () => {
      clearInterval(poll);
      poll = undefined;
    };
    const connect = () => {
      const o = opts();
      if (disposed || !o || typeof EventSource === 'undefined') return;
      const es = new EventSource(o.url());
      source = es;
      es.onopen = () => {
        attempt = 0;
        stopPolling();
        setMode('live');
        opts()?.refresh();
      };
      for (const name of Object.keys(o.events)) {
        es.addEventListener(name, (e) => {
          let data: unknown;
          try {
            data = JSON.parse((e as MessageEvent<string>).data);
          } catch {
            return;
          }
          opts()?.events[name]?.(data);
        });
      }
      es.onerror = () => {
        es.close();
        if (source !== es || disposed) return;
        source = null;
        startPolling();
        retry = setTimeout(connect, Math.min(MAX_RETRY_MS, 1000 * 2 ** attempt++));
      };
    };

    setMode('connecting');
    startPolling();
    connect();
    return () => {
      disposed = true;
      stopPolling();
      clearTimeout(retry);
      source?.close();
    };
  }, [key]);

  return mode;
}

export function useQueueFeed(api: AgentApi, onEvent: (e: TicketEvent | null) => void): FeedMode {
  return useFeed(api.key, () => ({
    url: () => api.queueStreamUrl(),
    events: { ticket: (d) => onEvent(d as TicketEvent) },
    refresh: () => onEvent(null),
  }));
}

export function useTicketFeed(api: AgentApi, ticketId: number | null, lastSeq: () => number, on: { message(m: Message): void; refresh(): void }): FeedMode {
  return useFeed(ticketId === null ? null : `${api.key}:${ticketId}`, () =>
    ticketId === null
      ? null
      : {
          url: () => api.ticketStreamUrl(ticketId, lastSeq()),
          events: { message: (d) => on.message(d as Message), status: () => on.refresh() },
          refresh: on.refresh,
        },
  );
}
