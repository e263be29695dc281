import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

const api = process.env.PARLEY_API ?? 'http://127.0.0.1:3000';

// Three pages from one build: the editor at `/`, the agent workspace at `/agent`, the demo shop at `/demo`.
// The embeddable widget is a separate single-file build (vite.widget.config.ts).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        agent: resolve(import.meta.dirname, 'agent.html'),
        demo: resolve(import.meta.dirname, 'demo.html'),
      },
    },
  },
  server: {
    proxy: { '/api': api, '/demo/api': api, '/widget.js': api },
  },
});
