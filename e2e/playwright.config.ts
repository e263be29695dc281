import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, CHROMIUM_ARGS } from './browser';

export const PORT = Number(process.env.E2E_PORT ?? 4317);
export const ADMIN_TOKEN = 'e2e-admin-token';
export const AGENT_TOKEN = 'e2e-agent-token';
/** Where journeys run their stand-ins for messaging platforms (a fake Telegram Bot API): the only other address the server may call. */
export const FAKE_PLATFORM_PORT = PORT + 1;

// Each run starts the real server on a fresh database file, on loopback only.
const db = join(tmpdir(), `parley-e2e-${process.pid}-${Date.now()}.db`);

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: {
    command: 'npx tsx ../runtime/src/main.ts',
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PARLEY_DB: db,
      PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
      PARLEY_AGENT_TOKEN: AGENT_TOKEN,
      LOG_LEVEL: 'warn',
      PARLEY_ALLOW_HOSTS: `127.0.0.1:${FAKE_PLATFORM_PORT}`,
    },
  },
});
