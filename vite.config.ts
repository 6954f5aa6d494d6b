import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fontSubset, precompress, preloadFirstScreen } from './scripts/vite-plugins.js';

/** The server (Fastify + Socket.IO) that the dev server forwards API and socket traffic to. */
const API_TARGET = process.env.MOSHAO_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'client',
  // Fonts, map data and code are all served from here: a wall in a command centre may have no internet.
  base: '/',
  plugins: [fontSubset(), react(), preloadFirstScreen(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The full CJK font's fallback pieces and the echarts chunk are large on purpose: don't warn about them.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/socket.io': { target: API_TARGET, ws: true, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: API_TARGET },
      '/socket.io': { target: API_TARGET, ws: true },
    },
  },
});
