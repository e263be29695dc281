import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// One self-contained script for `<script src=".../widget.js" data-bot="…" async>`: no framework, no chunks.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    lib: { entry: resolve(import.meta.dirname, 'src/widget/main.ts'), formats: ['iife'], name: 'ParleyWidget', fileName: () => 'widget.js' },
    minify: true,
    target: 'es2020',
  },
});
