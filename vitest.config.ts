import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['shared/src/**/*.test.ts', 'runtime/src/**/*.test.ts'],
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
