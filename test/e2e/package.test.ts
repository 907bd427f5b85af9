// `npm run package` end to end: the archives it writes from dist/ (built by `npm test` first).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readZipEntries } from '../../scripts/zip-entries.mjs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const artifacts = mkdtempSync(join(tmpdir(), 'hairpin-artifacts-'));
afterAll(() => rmSync(artifacts, { recursive: true, force: true }));

describe('scripts/package.mjs', () => {
  it('writes one store archive per browser, manifest at the root with the package.json version', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      'scripts/package.mjs',
      '--artifacts-dir',
      artifacts,
    ]);
    expect(stdout).toContain(`Hairpin ${version} packaged`);

    for (const browser of ['chrome', 'firefox'] as const) {
      const entries = readZipEntries(join(artifacts, `hairpin-${browser}-${version}.zip`));
      const manifest = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? '{}');
      expect(manifest.version, browser).toBe(version);
      expect(manifest.manifest_version).toBe(3);
      for (const size of [16, 32, 48, 128])
        expect(entries.has(`icons/hairpin-${size}.png`), `${browser} ${size}`).toBe(true);
      for (const state of ['home', 'away', 'forced', 'unconfigured']) {
        for (const size of [16, 32])
          expect(entries.has(`icons/state-${state}-${size}.png`), `${browser} ${state}`).toBe(true);
      }
      expect(entries.has(manifest.options_ui.page)).toBe(true);
      expect(entries.has(manifest.action.default_popup)).toBe(true);
      // No build leftovers such as .vite/ or source maps in a store upload.
      expect([...entries.keys()].filter((name) => /(^|\/)\.|\.map$/.test(name))).toEqual([]);

      if (browser === 'chrome') {
        expect(entries.has(manifest.background.service_worker)).toBe(true);
        expect(manifest.browser_specific_settings).toBeUndefined();
      } else {
        expect(entries.has(manifest.background.scripts[0])).toBe(true);
        expect(manifest.browser_specific_settings.gecko.id).toBe('hairpin@hairpin.example');
      }
    }
  });
});
