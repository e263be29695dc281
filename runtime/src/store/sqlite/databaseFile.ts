import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A database file the server cannot use: a configuration problem for the operator, not a crash. `main` prints the
 * message as one line and exits with 78 (EX_CONFIG), which supervisors treat as "do not restart in a loop".
 */
export class DatabaseFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Cannot use the database file ${path}: ${reason}. Fix it or point PARLEY_DB at another file.`);
  }
}

export const EX_CONFIG = 78;

/** What is wrong before SQLite is asked: a folder where the file should be, or a file this user may not write. */
export function checkDatabasePath(path: string): void {
  if (path === ':memory:') return;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isDirectory()) throw new DatabaseFileError(path, 'it is a directory, not a file');
  if (stat && !stat.isFile()) throw new DatabaseFileError(path, 'it is not a regular file');
  if (stat && !writable(path)) throw new DatabaseFileError(path, 'it is read-only for this user; Parley writes to it, so give it write permission');
  // SQLite keeps its write-ahead log (-wal, -shm) beside the file, so the folder must be writable too.
  if (!writable(dirname(path))) throw new DatabaseFileError(path, `its folder ${dirname(path)} is not writable for this user, and SQLite keeps its -wal and -shm files there`);
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Turns SQLite's error for a bad file into a DatabaseFileError; anything else is left alone. */
export function asDatabaseFileError(path: string, error: unknown): DatabaseFileError | undefined {
  if (error instanceof DatabaseFileError) return error;
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code === 'SQLITE_NOTADB') return new DatabaseFileError(path, 'it is not a SQLite database (wrong file, or encrypted)');
  if (code.startsWith('SQLITE_CORRUPT')) return new DatabaseFileError(path, 'it is corrupt (truncated or damaged pages); restore it from a backup');
  if (code.startsWith('SQLITE_READONLY')) return new DatabaseFileError(path, 'it can only be read; Parley writes to it, so give this user write permission on the file and its folder');
  if (code.startsWith('SQLITE_CANTOPEN')) return new DatabaseFileError(path, 'SQLite cannot open it; check that the file and its folder exist and that this user may read and write both');
  if (code.startsWith('SQLITE_IOERR')) return new DatabaseFileError(path, `reading or writing it failed (${code})`);
  if (code === 'SQLITE_FULL') return new DatabaseFileError(path, 'the disk is full');
  return undefined;
}
