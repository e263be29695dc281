import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries in .oxlintrc.json, proven on deliberate breaks. The repository's own config is copied
 * verbatim into a fresh temporary directory that mirrors the layout (shared/src, runtime/src, editor/src/<app>), so
 * its override globs match there exactly as they do in the repository, and no file ever appears in the working tree
 * where a concurrent `npm run lint`, `tsc -b` or vite would see it.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const oxlint = join(repoRoot, 'node_modules/.bin/oxlint');
const run = promisify(execFile);

interface Diagnostic {
  code: string;
  help?: string;
  filename: string;
}

/** Each file to write, and the boundary message it must fail with (`null`: it must lint clean). */
const cases: { file: string; source: string; fails: string | null }[] = [
  { file: 'shared/src/usesExpress.ts', source: "import express from 'express';\nexport const app = express();\n", fails: 'shared has no React and no Express' },
  { file: 'shared/src/steps/usesReact.ts', source: "import { useState } from 'react';\nexport { useState };\n", fails: 'shared has no React and no Express' },
  { file: 'shared/src/usesNodeCrypto.ts', source: "import { createHash } from 'node:crypto';\nexport { createHash };\n", fails: 'imports no Node built-in' },
  { file: 'shared/src/usesBareFs.ts', source: "import type { Stats } from 'fs';\nexport type S = Stats;\n", fails: 'imports no Node built-in' },
  { file: 'shared/src/steps/usesRuntime.ts', source: "export { createApp } from '../../../runtime/src/app';\n", fails: 'shared imports neither runtime nor editor' },
  { file: 'runtime/src/http/usesEditor.ts', source: "import { h } from '../../../editor/src/common/dom';\nexport { h };\n", fails: 'runtime does not import editor' },
  { file: 'runtime/bench/usesEditorPackage.ts', source: "import * as editor from '@parley/editor';\nexport { editor };\n", fails: 'runtime does not import editor' },
  { file: 'editor/src/widget/usesBuilder.ts', source: "import { useFlowStore } from '../builder/store/flowStore';\nexport { useFlowStore };\n", fails: 'an editor app (widget) imports no other app' },
  { file: 'editor/src/builder/canvas/usesAgent.ts', source: "import { AgentApi } from '../../agent/api';\nexport { AgentApi };\n", fails: 'an editor app (builder) imports no other app' },
  { file: 'editor/src/agent/usesWidget.ts', source: "export * from '../widget/icons';\n", fails: 'an editor app (agent) imports no other app' },
  { file: 'editor/src/demo/usesBuilder.ts', source: "import '../builder/test/setup';\n", fails: 'an editor app (demo) imports no other app' },
  { file: 'editor/src/common/usesWidget.ts', source: "import { h } from '../widget/dom';\nexport { h };\n", fails: 'editor/src/common is what the apps share, so it imports no app' },
  // What stays allowed, so the rules are not simply firing on everything.
  { file: 'shared/src/plain.ts', source: "import { z } from 'zod';\nimport { step } from './steps/step';\nexport { z, step };\n", fails: null },
  { file: 'shared/src/plain.test.ts', source: "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n", fails: null },
  { file: 'runtime/src/plain.ts', source: "import express from 'express';\nimport { compile } from '@parley/shared';\nexport { express, compile };\n", fails: null },
  { file: 'editor/src/widget/plain.ts', source: "import { h } from '../common/dom';\nimport { compile } from '@parley/shared';\nexport { h, compile };\n", fails: null },
  { file: 'editor/src/builder/store/plain.ts', source: "import { AgentApi } from './agent/api';\nimport { track } from '../../common/links';\nexport { AgentApi, track };\n", fails: null },
];

/** Lints `dir` with the repository's config copied into it; the exit code and every diagnostic. */
async function lintMirror(dir: string): Promise<{ code: number; diagnostics: Diagnostic[] }> {
  const result = await run(oxlint, ['-c', join(dir, '.oxlintrc.json'), '-f', 'json', '.'], { cwd: dir }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
  );
  const parsed = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
  return { code: result.code, diagnostics: parsed.diagnostics.map((d) => ({ ...d, filename: d.filename.replace(/^\.\//, '') })) };
}

function mirror(files: { file: string; source: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-lint-boundaries-'));
  copyFileSync(join(repoRoot, '.oxlintrc.json'), join(dir, '.oxlintrc.json'));
  for (const { file, source } of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), source);
  }
  return dir;
}

describe('import boundaries (.oxlintrc.json)', () => {
  it('fail each deliberate break with its own message and pass the allowed imports', async () => {
    const dir = mirror(cases);
    try {
      const { code, diagnostics } = await lintMirror(dir);
      expect(code).not.toBe(0);
      for (const c of cases) {
        const found = diagnostics.filter((d) => d.filename === c.file);
        if (c.fails === null) {
          expect(found, c.file).toEqual([]);
        } else {
          expect(found.map((d) => d.code), c.file).toEqual(['eslint(no-restricted-imports)']);
          expect(found[0]!.help, c.file).toContain(c.fails);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 when only allowed imports are present', async () => {
    const dir = mirror(cases.filter((c) => c.fails === null));
    try {
      expect(await lintMirror(dir)).toEqual({ code: 0, diagnostics: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('give every app folder in editor/src a boundary of its own', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, '.oxlintrc.json'), 'utf8')) as { overrides: { files: string[] }[] };
    const covered = new Set(config.overrides.flatMap((o) => o.files));
    const folders = readdirSync(join(repoRoot, 'editor/src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders).toContain('common');
    for (const folder of folders) expect(covered, `editor/src/${folder}`).toContain(`editor/src/${folder}/**`);
    for (const area of ['shared/src/**', 'runtime/**']) expect(covered).toContain(area);
  });
});
