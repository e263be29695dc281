import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '..';
import { freePort, runMainToExit } from '../../testing/harness';

/** The real `main.ts` on a given database file, run to its exit; its output and exit code. */
async function startOn(dbPath: string, as?: { uid: number; gid: number }) {
  return runMainToExit({ ...process.env, PORT: String(await freePort()), PARLEY_DB: dbPath, PARLEY_ADMIN_TOKEN: 'a', PARLEY_AGENT_TOKEN: 'b', LOG_LEVEL: 'silent' }, as);
}

/** A real, seeded database file to damage. */
async function goodDatabase(dir: string): Promise<string> {
  const path = join(dir, 'good.db');
  const store = openStore(path);
  await store.meta.set('filler', 'x'.repeat(20_000));
  await store.close();
  return path;
}

describe('a database file the server cannot use', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-badfile-'));
  let good = '';
  beforeAll(async () => {
    good = await goodDatabase(dir);
  });
  const copy = (name: string) => {
    const path = join(dir, name);
    copyFileSync(good, path);
    return path;
  };

  const cases: [string, () => string, RegExp][] = [
    ['garbage', () => (writeFileSync(join(dir, 'garbage.db'), Buffer.alloc(8192, 7)), join(dir, 'garbage.db')), /not a SQLite database/],
    ['truncated', () => {
      const path = copy('truncated.db');
      truncateSync(path, 5000);
      return path;
    }, /corrupt/],
    ['a corrupt page', () => {
      const path = copy('corrupt.db');
      const bytes = readFileSync(path);
      // Page 1 after the file header is the schema table: what every start reads first.
      bytes.fill(0xab, 100, 4096);
      writeFileSync(path, bytes);
      return path;
    }, /corrupt/],
    ['a directory', () => {
      const path = join(dir, 'folder.db');
      mkdirSync(path);
      return path;
    }, /is a directory/],
  ];

  it.each(cases)('%s: one line naming the file and the problem, and exit code 78', async (_name, make, why) => {
    const path = make();
    const { code, stderr } = await startOn(path);
    expect(code).toBe(78);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toMatch(why);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('a read-only file: says it is read-only, not "unable to open"', async () => {
    const ro = mkdtempSync(join(tmpdir(), 'parley-ro-'));
    const path = join(ro, 'ro.db');
    copyFileSync(good, path);
    chmodSync(path, 0o444);
    // Root may write anything, so a read-only file is tried as an ordinary user whose folder is writable.
    const root = process.getuid?.() === 0;
    if (root) {
      chmodSync(ro, 0o777);
      chownSync(path, 0, 0);
    }
    const { code, stderr } = await startOn(path, root ? { uid: 65534, gid: 65534 } : undefined);
    expect(code).toBe(78);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/read-only/)]);
    expect(stderr).toContain(path);
    expect(stderr).not.toContain('unable to open database file');
  }, 60_000);
});
