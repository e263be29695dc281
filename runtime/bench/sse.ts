import http from 'node:http';
import type { BenchConversation } from './fill';

export interface Streams {
  open: number;
  /** Bytes received over all streams so far. */
  bytes(): number;
  close(): void;
}

/** Opens one server-sent event stream per conversation (as many widgets would), counting what arrives without parsing it. */
export async function openStreams(origin: string, conversations: readonly BenchConversation[]): Promise<Streams> {
  const requests: http.ClientRequest[] = [];
  let bytes = 0;
  let open = 0;
  const one = (c: BenchConversation) =>
    new Promise<void>((ok, fail) => {
      const req = http.get(`${origin}/api/conversations/${c.id}/stream?token=${encodeURIComponent(c.token)}`, { agent: false }, (res) => {
        if (res.statusCode !== 200) return fail(new Error(`stream answered ${res.statusCode}`));
        open++;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('error', () => {});
        // The stream is ready once its first event (history, then `ready`) is in.
        res.once('data', () => ok());
      });
      req.on('error', (e) => (open === 0 ? fail(e) : undefined));
      requests.push(req);
    });
  for (let i = 0; i < conversations.length; i += 100) await Promise.all(conversations.slice(i, i + 100).map(one));
  return {
    open,
    bytes: () => bytes,
    close: () => {
      for (const r of requests) r.destroy();
    },
  };
}
