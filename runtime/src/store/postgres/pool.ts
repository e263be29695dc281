import pg from 'pg';
import { StoreUnavailableError } from '../errors';

/**
 * A statement: static SQL with `$n` placeholders and a name, so each pooled connection parses and plans it once
 * (node-postgres prepares named statements per connection). Values only ever travel as parameters.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

const names = new Set<string>();

/** Declares a statement once, at module load; the name is unique across the store. */
export function statement(name: string, text: string): Statement {
  if (names.has(name)) throw new Error(`Duplicate statement name ${name}`);
  names.add(name);
  return { name: `parley_${name}`, text };
}

/**
 * BIGINT (ids, counts, epoch milliseconds) arrives as a string from node-postgres, because it can exceed 2^53. Every
 * bigint this store reads is an id, a count or a time in milliseconds, all far below that, so they become numbers
 * here, once, instead of at each call site. Set per pool, not globally, so other users of `pg` in the process keep
 * the library's defaults.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === pg.types.builtins.INT8 && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTDOWN']);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, database_dropped.
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300', '57P04']);
const CLIENT_MESSAGES = /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection timeout|connect ETIMEDOUT/i;

/** The server is gone or unreachable right now (as opposed to an error in what was asked of it). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Class 08: connection exception.
    if (code.startsWith('08') || SERVER_CODES.has(code) || NETWORK_CODES.has(code)) return true;
  }
  // Node's happy-eyeballs connect fails with an AggregateError of one error per address.
  if (error instanceof AggregateError && error.errors.some(isConnectionError)) return true;
  return CLIENT_MESSAGES.test(error.message);
}

/** A connection failure becomes StoreUnavailableError (the HTTP layer answers 503); anything else stays as it is. */
export function storeError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isConnectionError(error)) return error;
  const unavailable = new StoreUnavailableError();
  unavailable.cause = error;
  return unavailable;
}

export interface Queryable {
  /** All rows. */
  rows<R>(statement: Statement, values?: readonly unknown[]): Promise<R[]>;
  /** The first row, or undefined. */
  row<R>(statement: Statement, values?: readonly unknown[]): Promise<R | undefined>;
  /** How many rows the statement changed. */
  run(statement: Statement, values?: readonly unknown[]): Promise<number>;
}

/**
 * PostgreSQL text cannot hold U+0000, which SQLite and JSON accept; a NUL a client sends carries no meaning, so it is
 * dropped here, once for every statement, rather than failing the write.
 */
function withoutNul(values: readonly unknown[]): unknown[] {
  return values.map((v) => (typeof v === 'string' && v.includes('\u0000') ? v.replaceAll('\u0000', '') : v));
}

async function query<R>(client: pg.Pool | pg.PoolClient, statement: Statement, values: readonly unknown[]): Promise<pg.QueryResult<R & pg.QueryResultRow>> {
  try {
    return await client.query<R & pg.QueryResultRow>({ name: statement.name, text: statement.text, values: withoutNul(values) });
  } catch (error) {
    throw storeError(error);
  }
}

class ClientQueries implements Queryable {
  constructor(protected readonly client: pg.Pool | pg.PoolClient) {}

  async rows<R>(statement: Statement, values: readonly unknown[] = []): Promise<R[]> {
    return (await query<R>(this.client, statement, values)).rows;
  }

  async row<R>(statement: Statement, values: readonly unknown[] = []): Promise<R | undefined> {
    return (await query<R>(this.client, statement, values)).rows[0];
  }

  async run(statement: Statement, values: readonly unknown[] = []): Promise<number> {
    return (await query(this.client, statement, values)).rowCount ?? 0;
  }
}

/** A client checked out of a pool, with what broke it (if anything), so it is destroyed rather than reused. */
export interface Leased {
  client: pg.PoolClient;
  queries: Queryable;
  /** Sends SQL without a statement name (transaction control, LISTEN, migrations). */
  simple(sql: string, values?: readonly unknown[]): Promise<pg.QueryResult>;
  release(destroy?: boolean): void;
}

export interface PoolOptions {
  max: number;
  connectTimeoutMs: number;
  applicationName: string;
}

export function clientConfig(url: string, opts: Pick<PoolOptions, 'connectTimeoutMs' | 'applicationName'>): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    application_name: opts.applicationName,
    keepAlive: true,
    types,
  };
}

/** A pg.Pool that maps connection failures to StoreUnavailableError and never lets a dropped connection crash the process. */
export class Db extends ClientQueries {
  readonly pool: pg.Pool;

  constructor(url: string, opts: PoolOptions) {
    const pool = new pg.Pool({ ...clientConfig(url, opts), max: opts.max, idleTimeoutMillis: 30_000 });
    // An idle connection the server closed (restart, admin kill) is dropped by the pool; without a listener the
    // 'error' event would be thrown as an uncaught exception.
    pool.on('error', () => undefined);
    super(pool);
    this.pool = pool;
  }

  /** A dedicated connection; the caller must release it. Errors while it is held mark it for destruction. */
  async lease(): Promise<Leased> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw storeError(error);
    }
    let broken: Error | undefined;
    // While checked out, the pool does not listen for the connection dropping; an unheard 'error' event would crash.
    const onError = (error: Error) => {
      broken ??= error;
    };
    client.on('error', onError);
    let released = false;
    return {
      client,
      queries: new ClientQueries(client),
      simple: async (sql, values) => {
        try {
          return await client.query(sql, values as unknown[] | undefined);
        } catch (error) {
          if (isConnectionError(error)) broken ??= error as Error;
          throw storeError(error);
        }
      },
      release: (destroy = false) => {
        if (released) return;
        released = true;
        client.removeListener('error', onError);
        client.release(destroy ? (broken ?? true) : broken);
      },
    };
  }

  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  async tx<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    const lease = await this.lease();
    let destroy = false;
    try {
      await lease.simple('BEGIN');
      const result = await work(lease.queries);
      await lease.simple('COMMIT');
      return result;
    } catch (error) {
      if (isConnectionError(error) || error instanceof StoreUnavailableError) destroy = true;
      else {
        try {
          await lease.simple('ROLLBACK');
        } catch {
          destroy = true;
        }
      }
      throw storeError(error);
    } finally {
      lease.release(destroy);
    }
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}
