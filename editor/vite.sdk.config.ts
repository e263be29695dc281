import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// The SDK for apps that embed Parley themselves: `dist/sdk/parley.js`, the headless client, and `dist/sdk/react.js`,
// <ParleyChat> (with `react.css`), as ES modules. React stays the host app's (a peer), never bundled: two Reacts in one
// page break hooks. Nothing here touches widget.js, which is built on its own and keeps its size.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/sdk',
    emptyOutDir: true,
    lib: {
      entry: { parley: resolve(import.meta.dirname, 'src/sdk/client.ts'), react: resolve(import.meta.dirname, 'src/sdk/react.tsx') },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
      cssFileName: 'react',
    },
    rollupOptions: { external: [/^react(-dom)?(\/.*)?$/], output: { chunkFileNames: '[name].js' } },
    minify: true,
    target: 'es2020',
    copyPublicDir: false,
  },
});
