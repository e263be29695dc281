import { describe, expect, it } from 'vitest';
import { asHttpError, HttpError } from './errors';
import { BotNotFound, ConversationEnded, ConversationFull, ConversationNotFound, NotPublished, VersionMissing } from '../engine/errors';

describe('asHttpError', () => {
  it.each([
    [new BotNotFound(), 404, 'not_found', 'Bot not found'],
    [new ConversationNotFound(), 404, 'not_found', 'Conversation not found'],
    [new NotPublished(), 409, 'not_published', 'This bot has no published version yet'],
    [new ConversationEnded(), 409, 'conversation_ended', 'This conversation has ended; start a new one'],
    [new ConversationFull(), 409, 'conversation_full', 'This conversation has reached its message limit; start a new one'],
    [new VersionMissing('b', 3), 500, 'version_missing', 'Flow version 3 of bot b is missing'],
  ])('answers the engine refusal %o with its status, code and sentence', (error, status, code, message) => {
    expect(asHttpError(error)).toMatchObject({ status, code, message });
  });

  it('passes an HttpError through and leaves anything else to the unexpected-error path', () => {
    const own = new HttpError(418, 'teapot', 'No');
    expect(asHttpError(own)).toBe(own);
    expect(asHttpError(new Error('boom'))).toBeUndefined();
  });
});
