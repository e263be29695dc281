import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from './testing/harness';

/** The real `main.ts` with extra environment, run to its exit (killed if it starts after all). */
async function startWith(extra: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-main-'));
  const env = { ...process.env, PORT: String(await freePort()), PARLEY_DB: join(dir, 'parley.db'), PARLEY_ADMIN_TOKEN: 'a', PARLEY_AGENT_TOKEN: 'b', LOG_LEVEL: 'silent', ...extra };
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'runtime/src/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    if (stdout.includes('Parley is running')) child.kill('SIGKILL');
  });
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
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
