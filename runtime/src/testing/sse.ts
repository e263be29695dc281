export interface SseEvent {
  event: string;
  id: number | undefined;
  data: any;
}

export interface SseClient {
  status: number;
  events: SseEvent[];
  /** Resolves once an event satisfies `until` (checked on every event as it arrives), or rejects after `timeoutMs`. */
  waitFor(until: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** A server-sent event stream read as a browser's EventSource would, for tests. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]));
            if (fields.event === undefined && fields.data === undefined) continue;
            events.push({ event: fields.event ?? 'message', id: fields.id === undefined ? undefined : Number(fields.id), data: fields.data === undefined ? undefined : JSON.parse(fields.data) });
            for (const w of [...waiters]) w();
          }
        }
      } catch {
        // Closed by the test.
      }
    })();
  }
  return {
    status: res.status,
    events,
    waitFor: (until, timeoutMs = 30_000) =>
      new Promise<void>((ok, fail) => {
        if (until(events)) return ok();
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(new Error(`stream: condition not met after ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.event, e.id]))}`));
        }, timeoutMs);
        const check = () => {
          if (!until(events)) return;
          clearTimeout(timer);
          waiters.delete(check);
          ok();
        };
        waiters.add(check);
      }),
    close: () => abort.abort(),
  };
}
