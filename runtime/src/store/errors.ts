/**
 * The database cannot be reached right now (PostgreSQL restarting, a network blip). Requests answer 503 and the client
 * retries; nothing half-written is left behind, since every write is one transaction.
 */
export class StoreUnavailableError extends Error {
  constructor(message = 'The database is not reachable right now') {
    super(message);
  }
}

/** A database setting that cannot work (a bad PARLEY_DATABASE_URL, an unreachable server at start): the operator's to fix. */
export class StoreConfigError extends Error {}

/** The conversation's lock was not free within the lock timeout (another turn on it is still running, or hung). */
export class LockTimeoutError extends Error {
  constructor() {
    super('Another message in this conversation is still being answered; try again in a moment');
  }
}
