import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { fontSubset, phoneApp, precompress, preloadFirstScreen } from './scripts/vite-plugins.js';

/** The server (Fastify + Socket.IO) that the dev server forwards API and socket traffic to. */
const API_TARGET = process.env.MOSHAO_API ?? 'http://127.0.0.1:3000';
const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const phone = phoneApp();

export default defineConfig({
  root: 'client',
  // Fonts, map data and code are all served from here: a wall in a command centre may have no internet.
  base: '/',
  // Only the phone app has files that keep their names (its icons, under /m/).
  publicDir: 'm/public',
  plugins: [
    fontSubset(), react(), preloadFirstScreen(),
    // The phone app (/m) is installable and opens without network: a web app manifest and a service worker that
    // keeps its page and files. Registered by client/m/main.tsx, scoped to /m/: the wall never has a worker.
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      // At the root (the worker's own URL is what its precache's relative URLs resolve against), scoped to /m/.
      filename: 'm-sw.js',
      manifestFilename: 'm/manifest.webmanifest',
      scope: '/m/',
      // The icons are in the precache already (globPatterns): listing them twice would be a conflict.
      includeManifestIcons: false,
      manifest: {
        id: '/m/',
        name: '末梢 · 网格上报',
        short_name: '末梢上报',
        description: '镇江经开区网格信息员、中心户和居民的上报工具',
        lang: 'zh-CN',
        start_url: '/m/',
        scope: '/m/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#0b3d91',
        icons: [
          { src: '/m/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/m/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/m/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,woff2,png}'],
        manifestTransforms: [async (entries) => ({ manifest: phone.precache(entries), warnings: [] })],
        navigateFallback: 'm/index.html',
        navigateFallbackAllowlist: [/^\/m\//],
        // What a report needs besides the page: the categories and the map (and the map's version), from the network
        // when there is one, else as last read, so that a report can be made in a cellar or a field.
        runtimeCaching: [{
          urlPattern: ({ url }) => url.pathname === '/api/categories' || url.pathname === '/api/geo' || url.pathname === '/api/health',
          handler: 'NetworkFirst',
          options: { cacheName: 'm-api', networkTimeoutSeconds: 5, expiration: { maxEntries: 12 } },
        }],
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
    phone.shell,
    precompress(),
  ],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The full CJK font's fallback pieces and the echarts chunk are large on purpose: don't warn about them.
    chunkSizeWarningLimit: 1200,
    // Two pages: the wall (and its drill-down and print pages) and the phone app, each with its own bundle.
    rollupOptions: { input: { index: page('client/index.html'), m: page('client/m/index.html') } },
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
