import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['shared/src/**/*.test.ts', 'runtime/src/**/*.test.ts'],
          environment: 'node',
          // A throwaway PostgreSQL server for the store contract tests (or PARLEY_TEST_DATABASE_URL's).
          globalSetup: ['runtime/src/testing/pgGlobalSetup.ts'],
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
