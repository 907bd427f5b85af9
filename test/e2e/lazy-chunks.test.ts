// The built extension (dist/, made by `npm run build` before this tier): js-yaml and the
// dashboard import are in a chunk of their own that only a dynamic import() reaches, so the
// popup's and the options page's entries — and what they load statically — never carry them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Text only js-yaml's loader holds (its alias limit's message). */
const JS_YAML = 'exceeded maxAliases';

/** The chunk files a script pulls in statically (`import … from "./x.js"`), itself included. */
function staticClosure(dist: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(dist, file), 'utf8');
    for (const match of text.matchAll(/(?:^|[;\s}])import\s*(?:[^"'();]*?from\s*)?["'](\.\/[^"']+\.js)["']/g)) {
      visit(join('assets', match[1]!.slice(2)));
    }
  };
  visit(entry);
  return [...seen];
}

function entryOf(dist: string, page: string): string {
  const html = readFileSync(join(dist, page), 'utf8');
  const src = /<script[^>]*type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error(`no module script in ${page}`);
  return src;
}

describe.each(['chrome', 'firefox'])('%s build: js-yaml is loaded on demand only', (browser) => {
  const dist = join('dist', browser);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as {
    action: { default_popup: string };
    options_ui: { page: string };
  };

  it('one chunk holds js-yaml, and the options page reaches it only through import()', () => {
    const holders = readdirSync(join(dist, 'assets')).filter(
      (file) => file.endsWith('.js') && readFileSync(join(dist, 'assets', file), 'utf8').includes(JS_YAML),
    );
    expect(holders).toHaveLength(1);
    expect(holders[0]).toMatch(/^dashboard-import-.*\.js$/);
    const optionsEntry = readFileSync(join(dist, entryOf(dist, manifest.options_ui.page)), 'utf8');
    const quoted = holders[0]!.replace(/[.-]/g, '\\$&');
    expect(optionsEntry).toMatch(new RegExp(`import\\(\\s*[\`"'][^\`"']*${quoted}[\`"']`));
  });

  it.each([
    ['popup', (m: typeof manifest) => m.action.default_popup],
    ['options page', (m: typeof manifest) => m.options_ui.page],
  ])('the %s entry and its static imports do not contain it', (_page, pageOf) => {
    const files = staticClosure(dist, entryOf(dist, pageOf(manifest)));
    expect(files.length).toBeGreaterThan(1); // the closure was followed, not just the entry read
    for (const file of files) {
      expect(readFileSync(join(dist, file), 'utf8').includes(JS_YAML), file).toBe(false);
    }
  });
});
