/**
 * Why the engine refuses a turn, as values the engine owns. Each carries the sentence people read; the HTTP layer
 * (http/errors.ts) gives each its status and code.
 */

export class BotNotFound extends Error {
  constructor() {
    super('Bot not found');
  }
}

export class NotPublished extends Error {
  constructor() {
    super('This bot has no published version yet');
  }
}

export class ConversationNotFound extends Error {
  constructor() {
    super('Conversation not found');
  }
}

export class ConversationEnded extends Error {
  constructor() {
    super('This conversation has ended; start a new one');
  }
}

export class ConversationFull extends Error {
  constructor() {
    super('This conversation has reached its message limit; start a new one');
  }
}

/** A conversation pinned to a flow version the store no longer has: our fault, not the caller's. */
export class VersionMissing extends Error {
  constructor(botId: string, version: number) {
    super(`Flow version ${version} of bot ${botId} is missing`);
  }
}
