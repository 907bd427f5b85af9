// One source manifest, two builds: `vite build --mode chrome` → dist/chrome (service worker),
// `vite build --mode firefox` → dist/firefox (event page via background.scripts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { manifestFor, type Browser, type Manifest } from './scripts/manifest-for.ts';
import { guidePage } from './scripts/guide-page.ts';
import { popupFirstPaint } from './scripts/popup-first-paint.ts';

export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  const source = JSON.parse(readFileSync('manifest.json', 'utf8')) as Manifest;
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const manifest = manifestFor(browser, source, version) as unknown as ManifestV3Export;
  const popupHtml = source.action?.default_popup;
  const backgroundScript = source.background?.service_worker;
  if (!popupHtml || !backgroundScript)
    throw new Error('manifest.json: no action.default_popup or background.service_worker');
  const popup = popupFirstPaint(resolve(popupHtml), resolve(backgroundScript), popupHtml);
  return {
    plugins: [preact(), crx({ manifest, browser }), guidePage('docs/health-endpoint.md'), ...popup.plugins],
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      target: 'es2022',
      // Each page's HTML names every chunk its entry imports (<link rel="modulepreload">), so they
      // load side by side rather than one level of imports after another: the toolbar popup's
      // first paint, 1.07× a static page in the same bubble without, 1.00× with (bench/popup.ts's
      // bubble arm, A/B in one run). Extension pages need no preload polyfill.
      modulePreload: { polyfill: false },
      // Extension pages load from disk: no huge-chunk warnings.
      chunkSizeWarningLimit: 1024,
      rolldownOptions: {
        output: {
          // What the popup loads at open, in as few files as the other entries allow
          // (scripts/popup-first-paint.ts); preact and its hooks are among it, in one chunk.
          codeSplitting: { groups: popup.groups },
        },
      },
    },
  };
});
