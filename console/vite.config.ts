import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Built into dist/console, which the Koban server serves at `/`. In development (`npm run dev`),
 * API calls are proxied to a running server so the session cookie stays same-origin.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Source maps would double what the server holds in memory and are not served (src/console).
    sourcemap: false,
    // Vite's module-preload polyfill is an inline-free module, but modern browsers need none.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // The dashboard chunk carries ECharts (~180 KB gzip) and is loaded only with that page.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/v1': process.env.KOBAN_URL ?? 'http://127.0.0.1:8080' },
  },
});
