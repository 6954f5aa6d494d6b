import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { precompressDir } from './scripts/precompress.js';

/** The server (Fastify + Socket.IO) that the dev server forwards API and socket traffic to. */
const API_TARGET = process.env.MOSHAO_API ?? 'http://127.0.0.1:3000';

/** Brotli and gzip copies of the built files, written once here rather than compressed at every request. */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'moshao-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      precompressDir(outDir);
    },
  };
}

export default defineConfig({
  root: 'client',
  // Fonts, map data and code are all served from here: a wall in a command centre may have no internet.
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The CJK font files are large on purpose (one file per weight); don't warn about the echarts chunk either.
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
