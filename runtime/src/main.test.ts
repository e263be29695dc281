import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runMainToExit } from './testing/harness';

/** The real `main.ts` with extra environment, run to its exit. */
async function startWith(extra: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-main-'));
  return runMainToExit({ ...process.env, PORT: String(await freePort()), PARLEY_DB: join(dir, 'parley.db'), PARLEY_ADMIN_TOKEN: 'a', PARLEY_AGENT_TOKEN: 'b', LOG_LEVEL: 'silent', ...extra });
}

describe('choosing the store at start', () => {
  it('stops on a PARLEY_DATABASE_URL that is not PostgreSQL\'s: one line, exit code 78, no password', async () => {
    const { code, stderr } = await startWith({ PARLEY_DATABASE_URL: 'mysql://parley:hunter2@db.example:3306/parley' });
    expect(code).toBe(78);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^parley: PARLEY_DATABASE_URL must be a PostgreSQL URL/)]);
    expect(stderr).not.toContain('hunter2');
  }, 60_000);

  it('stops when the PostgreSQL server cannot be reached: one line, exit code 78', async () => {
    // A port nothing listens on: the connection is refused at once.
    const port = await freePort();
    const { code, stderr } = await startWith({ PARLEY_DATABASE_URL: `postgres://parley:hunter2@127.0.0.1:${port}/parley` });
    expect(code).toBe(78);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^parley: Cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}`))]);
    expect(stderr).not.toContain('hunter2');
  }, 60_000);
});
