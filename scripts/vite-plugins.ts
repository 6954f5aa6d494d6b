import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { precompressDir } from './precompress.js';

/** Brotli and gzip copies of the built files, written once at build time rather than compressed at every request. */
export function precompress(): Plugin {
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

/**
 * Links in index.html that start, with the page itself, what the first screen waits for and the browser would find
 * only later: the font files (the charts draw once their faces are in, charts/fonts.ts; the CSS alone fetches a face
 * only when laid-out text uses it) and the chunk the entry imports (React, ECharts, the panels), which the entry
 * would ask for only once it has been fetched and run.
 */
export function preloadFirstScreen(): Plugin {
  let base = '/';
  return {
    name: 'moshao-preload-first-screen',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle || !ctx.chunk) return [];
        const fonts = Object.keys(ctx.bundle).filter((file) => file.endsWith('.woff2')).sort();
        return [
          ...ctx.chunk.dynamicImports.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: base + file }, injectTo: 'head' as const })),
          ...fonts.map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', crossorigin: true, href: base + file }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}
