import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoff, LiveFeed } from './feed';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** A response whose body is the given server-sent events, then the end of the stream. */
function stream(text: string, status = 200): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  return new Response(status === 200 ? body : null, { status, headers: { 'content-type': status === 200 ? 'text/event-stream' : 'text/plain' } });
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('backoff', () => {
  it('doubles up to the cap, jittered into the upper half', () => {
    expect([0, 1, 2, 3].map((a) => backoff(a, 30_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoff(10, 30_000, () => 1)).toBe(30_000);
    expect(backoff(10, 30_000, () => 0)).toBe(15_000);
  });
});

describe('LiveFeed', () => {
  it('sends the token as a header, hands out named events, and resumes from what the caller holds', async () => {
    const requests: { url: string; headers: Record<string, string> }[] = [];
    let held = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        requests.push({ url, headers: { ...(init.headers as Record<string, string>) } });
        return requests.length === 1 ? stream('id: 1\nevent: message\ndata: {"seq":1}\n\nevent: ready\ndata: {}\n\n') : new Promise<Response>(() => undefined);
      }),
    );
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const seen: unknown[] = [];
    const opened: boolean[] = [];
    let downs = 0;
    const feed = new LiveFeed({
      url: () => '/api/conversations/c/stream',
      token: () => 'secret',
      resumeFrom: () => held,
      events: {
        message: (m) => {
          seen.push(m);
          held = (m as { seq: number }).seq;
        },
      },
      onOpen: (reconnected) => opened.push(reconnected),
      onDown: () => downs++,
    });
    feed.start();
    for (let i = 0; i < 5; i++) await tick();
    expect(seen).toEqual([{ seq: 1 }]);
    expect(requests[0]).toMatchObject({ url: '/api/conversations/c/stream', headers: { authorization: 'Bearer secret', 'last-event-id': '0' } });
    expect(requests[0]!.url).not.toContain('secret');
    // The server ended the stream: it is reopened after the backoff, from the seq now held.
    expect(downs).toBe(1);
    await new Promise((r) => setTimeout(r, 600));
    expect(requests[1]!.headers['last-event-id']).toBe('1');
    expect(opened).toEqual([false]);
    feed.stop();
  });

  it('treats an answer that is not an event stream as down, and stays quiet once stopped', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => stream('', 404)));
    let downs = 0;
    const feed = new LiveFeed({ url: () => '/api/agent/stream', events: {}, onDown: () => downs++ });
    feed.start();
    for (let i = 0; i < 5; i++) await tick();
    expect(downs).toBe(1);
    expect(feed.connected).toBe(false);
    feed.stop();
    await new Promise((r) => setTimeout(r, 1100));
    expect(downs).toBe(1);
  });
});
