import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { buildFontSubset, OUT_DIR } from './font-subset.js';
import { precompressDir } from './precompress.js';

/**
 * The CJK font cut to the characters the product can show (scripts/font-subset.ts), written before Vite resolves
 * client/main.tsx's import of it: at every build and when the dev server starts.
 */
export function fontSubset(): Plugin {
  let repoRoot = '';
  return {
    name: 'moshao-font-subset',
    configResolved(config) {
      repoRoot = resolve(config.root, '..');
    },
    async buildStart() {
      const r = await buildFontSubset(repoRoot);
      const kB = (r.files.reduce((sum, f) => sum + f.bytes, 0) / 1024).toFixed(0);
      this.info(`${OUT_DIR}: ${r.chars} characters, ${r.files.length} files, ${kB} kB, ${r.rebuilt ? `subset in ${r.ms} ms` : 'unchanged'}`);
      if (r.missing.length) this.warn(`no Noto Sans SC glyph for ${r.missing.join('')}`);
    },
  };
}

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
 * preloading them with the page made the first numbers slower, not faster, on a busy machine (they were 2.3 MB then,
 * before the cut).
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

/**
 * The phone app at /m (client/m/index.html, the build's second page): its service worker (vite-plugin-pwa) precaches
 * exactly the files that page loads, never the wall's (ECharts, the whole font); the wall's page gets no manifest link; the dev server answers /m/... with the
 * app's page as the server does.
 */
export function phoneApp(): { shell: Plugin; precache: <E extends { url: string }>(entries: E[]) => E[] } {
  const files = new Set<string>();
  const shell: Plugin = {
    name: 'moshao-phone-app',
    enforce: 'post',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url && /^\/m(\/[^.?]*)?(\?.*)?$/.test(req.url)) req.url = '/m/index.html';
        next();
      });
    },
    generateBundle(_options, bundle) {
      files.clear();
      const walk = (name: string) => {
        const chunk = bundle[name];
        if (!chunk || chunk.type !== 'chunk' || files.has(name)) return;
        files.add(name);
        for (const f of [...(chunk.viteMetadata?.importedCss ?? []), ...(chunk.viteMetadata?.importedAssets ?? [])]) files.add(f);
        for (const f of chunk.imports) walk(f);
      };
      for (const [name, chunk] of Object.entries(bundle)) if (chunk.type === 'chunk' && chunk.isEntry && chunk.name === 'm') walk(name);
      // The fonts its stylesheet names are assets of the CSS, not of the chunk.
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type === 'asset' && files.has(name) && name.endsWith('.css')) {
          for (const m of String(file.source).matchAll(/url\(["']?\/?(assets\/[^"')]+)["']?\)/g)) files.add(m[1]);
        }
      }
    },
    transformIndexHtml: {
      order: 'post',
      handler: (html, ctx) => (ctx.path.startsWith('/m/') ? html : html.replace(/<link rel="manifest"[^>]*>/g, '')),
    },
  };
  return {
    shell,
    precache: (entries) => entries.filter((e) => files.has(e.url) || e.url.startsWith('m/')),
  };
}
