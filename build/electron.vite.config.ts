import { resolve } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = resolve(import.meta.dirname, '..');

/**
 * The first script only opens the connection and asks for the status; the app itself
 * (renderer/src/app/start.tsx) is a second chunk it imports. Listing that chunk as a
 * modulepreload in index.html lets the browser fetch and compile it alongside the first one
 * instead of after it (issue 11: the hub within 500 ms).
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'kairn-preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.isDynamicEntry && c.name === 'start',
        );
        if (!chunk) throw new Error('the app chunk (start) is missing from the renderer build');
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${chunk.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

/**
 * One build for all three Electron targets. The main build also emits the plain-Node hosts
 * (CLI/browser host, simulators), so `kairn`, the demo and the tests run the same bundle.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      target: 'node20',
      rolldownOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          cli: resolve(root, 'electron/cli/index.ts'),
          simulator: resolve(root, 'electron/simulators/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        // Sandboxed preloads must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), preloadAppChunk()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves bundles unminified; the window and the browser host both open
      // faster with less script to parse (issue 11: the hub within 500 ms).
      minify: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
