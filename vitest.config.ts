import { configDefaults, defineConfig } from 'vitest/config';

/** Fuzz and crash tests: the "resilience" project, not the "node" unit project. */
const RESILIENCE = ['runtime/src/fuzz.test.ts', 'runtime/src/crash.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['shared/src/**/*.test.ts', 'runtime/src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...RESILIENCE],
          environment: 'node',
          // A throwaway PostgreSQL server for the store contract tests (or PARLEY_TEST_DATABASE_URL's).
          globalSetup: ['runtime/src/testing/pgGlobalSetup.ts'],
        },
      },
      {
        // Long, load-heavy runs against real servers (10,000 fuzzed inputs per property; a SIGKILL under 1,000 busy
        // conversations), kept apart so a unit run can leave them out: `vitest run --project node --project editor`.
        // Neither touches PostgreSQL, so no pgGlobalSetup here.
        test: {
          name: 'resilience',
          include: RESILIENCE,
          environment: 'node',
        },
      },
      {
        extends: './editor/vite.config.ts',
        test: {
          name: 'editor',
          root: './editor',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          passWithNoTests: true,
        },
      },
    ],
  },
});
