import type { Request, Response } from 'express';
import { HttpError } from '../http/errors';

/**
 * Caps open event streams per conversation and per client address. Each stream holds a socket and a file
 * descriptor until the client goes, so without a cap one address could hold thousands. Counted in this process:
 * a cap per process is what protects the process.
 */
export class StreamSlots {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limits: { perConversation: number; perAddress: number }) {}

  /** Takes a slot for the request's stream, released when the client disconnects; 429 when a cap is reached. */
  take(req: Request, res: Response, conversationId?: string): void {
    const keys: [string, number][] = [[`ip:${req.ip ?? 'unknown'}`, this.limits.perAddress]];
    if (conversationId !== undefined) keys.push([`conversation:${conversationId}`, this.limits.perConversation]);
    for (const [key, limit] of keys) {
      if ((this.counts.get(key) ?? 0) >= limit) {
        res.setHeader('retry-after', '30');
        throw new HttpError(429, 'too_many_streams', key.startsWith('ip:') ? `At most ${limit} live streams from one address; close some and try again` : `At most ${limit} live streams on one conversation; close some and try again`);
      }
    }
    for (const [key] of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let released = false;
    req.on('close', () => {
      if (released) return;
      released = true;
      for (const [key] of keys) {
        const left = (this.counts.get(key) ?? 1) - 1;
        if (left <= 0) this.counts.delete(key);
        else this.counts.set(key, left);
      }
    });
  }

  open(): number {
    let n = 0;
    for (const [key, count] of this.counts) if (key.startsWith('ip:')) n += count;
    return n;
  }
}
