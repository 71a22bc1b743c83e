/**
 * Builds the investigators' page into src/serve/viewer/dist (served by src/serve/static.ts).
 * Everything is bundled: the page loads nothing from another origin at run time.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    // sigma + graphology are one big chunk by nature; warn only well above it.
    chunkSizeWarningLimit: 1_500,
  },
});
