import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resumeFromEmailLink } from './emailLink';
import { ThreadRefs } from './model';

const found = { conversationId: 'c-1', token: 'visitor-token', status: 'handoff' as const, messages: [], botId: 'order-support' };

describe('opening a conversation from an email link', () => {
  beforeEach(() => {
    history.replaceState(null, '', '/demo?bot=order-support');
  });

  it('adds the conversation to the stored ones, opens the chat, and removes the token from the address', async () => {
    history.replaceState(null, '', '/demo?bot=order-support#parley-resume=abc.def.ghi');
    new ThreadRefs('order-support').save([{ id: 'older', token: 't0' }]);
    const api = { resumeFromEmail: vi.fn(async () => found) };
    expect(await resumeFromEmailLink(api, 'order-support')).toBe(true);
    expect(api.resumeFromEmail).toHaveBeenCalledWith('abc.def.ghi');
    expect(new ThreadRefs('order-support').load()).toEqual([{ id: 'older', token: 't0' }, { id: 'c-1', token: 'visitor-token' }]);
    expect(location.href).not.toContain('parley-resume');
    expect(location.search).toBe('?bot=order-support');
  });

  it("does nothing without a link, for another bot's conversation, or when the link is refused", async () => {
    const api = { resumeFromEmail: vi.fn(async () => found) };
    expect(await resumeFromEmailLink(api, 'order-support')).toBe(false);
    expect(api.resumeFromEmail).not.toHaveBeenCalled();

    history.replaceState(null, '', '/demo#parley-resume=abc');
    expect(await resumeFromEmailLink(api, 'other-bot')).toBe(false);
    expect(new ThreadRefs('other-bot').load()).toEqual([]);

    history.replaceState(null, '', '/demo#parley-resume=abc');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const refused = { resumeFromEmail: vi.fn(async () => Promise.reject(new Error('This link has expired'))) };
    expect(await resumeFromEmailLink(refused, 'third-bot')).toBe(false);
    expect(new ThreadRefs('third-bot').load()).toEqual([]);
    expect(location.href).not.toContain('parley-resume');
  });
});
