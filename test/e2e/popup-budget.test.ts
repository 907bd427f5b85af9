// The built popup's entry (dist/, made by `npm run build` before this tier): what opening it
// loads — its HTML, stylesheets and scripts with their static imports, gzip — stays within the
// 25 kB budget, measured as the bench measures it (bench/footprint.ts), and carries neither the
// mapping editor nor the login report nor the sync-file line nor the notice of what waits for
// approval, which load on demand. And what opening it loads is in few files (Chromium shows the
// toolbar bubble only once its page has loaded, and each file costs that a few milliseconds; see
// scripts/popup-first-paint.ts), none of them a chunk the background would share with the pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleOf } from '../../bench/footprint';
import { POPUP_ENTRY_GZIP_KB } from '../../bench/popup';

describe.each(['chrome', 'firefox'])('%s build: the popup entry', (browser) => {
  const dist = join('dist', browser);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as {
    action: { default_popup: string };
    background: { service_worker?: string; scripts?: string[] };
  };
  const bundle = bundleOf([manifest.action.default_popup], dist);

  it(`stays within ${POPUP_ENTRY_GZIP_KB} kB gzip`, () => {
    expect(bundle.files.length).toBeGreaterThan(3); // the closure was followed
    expect(bundle.gzip / 1000).toBeLessThanOrEqual(POPUP_ENTRY_GZIP_KB);
  });

  it.each(['editor', 'login-report', 'sync-file-line', 'pending-notice'])('reaches %s only on demand', (chunk) => {
    const pattern = new RegExp(`assets/${chunk}-[^/]*\\.js$`);
    expect(bundle.files.filter((file) => pattern.test(file.path))).toEqual([]);
    expect(bundle.lazy.files.some((file) => pattern.test(file.path))).toBe(true);
  });
  it('opens with its styles inline and its scripts in four files', () => {
    const html = readFileSync(join(dist, manifest.action.default_popup), 'utf8');
    // The theme's and the popup's own rules, in one <style>.
    expect(html).toMatch(/<style>[^<]*\.button\{[^<]*\.popup-title\{/);
    const scripts = bundle.files.filter((file) => file.path.endsWith('.js')).map((file) => file.path);
    // The entry, what it shares with the other pages, what it shares with the background, and
    // the bundler's helpers.
    expect(scripts).toHaveLength(4);
    expect(bundle.files.filter((file) => file.path.endsWith('.css'))).toEqual([]);
  });

  it("keeps the pages' code out of the background, which shares one chunk with the popup", () => {
    const entries = manifest.background.service_worker
      ? [manifest.background.service_worker]
      : (manifest.background.scripts ?? []);
    const background = bundleOf(entries, dist);
    const loads = [...background.files, ...background.lazy.files].map((file) => file.path);
    expect(loads.filter((path) => /assets\/popup-pages-[^/]*\.js$/.test(path))).toEqual([]);
    expect(loads.filter((path) => /assets\/popup-background-[^/]*\.js$/.test(path))).toHaveLength(1);
  });
});
