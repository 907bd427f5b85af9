// The built popup's entry (dist/, made by `npm run build` before this tier): what opening it
// loads — its HTML, stylesheets and scripts with their static imports, gzip — stays within the
// 25 kB budget, measured as the bench measures it (bench/footprint.ts), and carries neither the
// mapping editor nor the login report nor the sync-file line, which load on demand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleOf } from '../../bench/footprint';
import { POPUP_ENTRY_GZIP_KB } from '../../bench/popup';

describe.each(['chrome', 'firefox'])('%s build: the popup entry', (browser) => {
  const dist = join('dist', browser);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as {
    action: { default_popup: string };
  };
  const bundle = bundleOf([manifest.action.default_popup], dist);

  it(`stays within ${POPUP_ENTRY_GZIP_KB} kB gzip`, () => {
    expect(bundle.files.length).toBeGreaterThan(3); // the closure was followed
    expect(bundle.gzip / 1000).toBeLessThanOrEqual(POPUP_ENTRY_GZIP_KB);
  });

  it.each(['editor', 'login-report', 'sync-file-line'])('reaches %s only on demand', (chunk) => {
    const pattern = new RegExp(`assets/${chunk}-[^/]*\\.js$`);
    expect(bundle.files.filter((file) => pattern.test(file.path))).toEqual([]);
    expect(bundle.lazy.files.some((file) => pattern.test(file.path))).toBe(true);
  });
});
