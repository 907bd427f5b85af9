// One source manifest, two builds: `vite build --mode chrome` → dist/chrome (service worker),
// `vite build --mode firefox` → dist/firefox (event page via background.scripts).
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { manifestFor, type Browser, type Manifest } from './scripts/manifest-for.ts';
import { guidePage } from './scripts/guide-page.ts';

export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  const source = JSON.parse(readFileSync('manifest.json', 'utf8')) as Manifest;
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const manifest = manifestFor(browser, source, version) as unknown as ManifestV3Export;
  return {
    plugins: [preact(), crx({ manifest, browser }), guidePage('docs/health-endpoint.md')],
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      target: 'es2022',
      // Extension pages load from disk: no need for a preload polyfill or huge-chunk warnings.
      modulePreload: false,
      chunkSizeWarningLimit: 1024,
      rolldownOptions: {
        output: {
          codeSplitting: {
            // Preact and its hooks in one chunk: both pages load both, and one file compresses
            // better than two (the chunker would otherwise split them by which lazy part uses hooks).
            groups: [{ name: 'preact', test: /node_modules[\\/]preact[\\/]/ }],
          },
        },
      },
    },
  };
});
