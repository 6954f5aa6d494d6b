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
 * A link in index.html that starts, with the page itself, the chunk the entry imports (React, ECharts, the panels),
 * which the entry would ask for only once it has been fetched and run. The fonts are not preloaded: the entry asks
 * for them as its first act (realtime/wall-start.ts), and measured (bench/wall/first-numbers.ts, BENCHMARKS.md)
 * preloading their 2.3 MB with the page made the first numbers slower, not faster, on a busy machine.
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
        if (!ctx.chunk) return [];
        return ctx.chunk.dynamicImports.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: base + file }, injectTo: 'head' as const }));
      },
    },
  };
}
