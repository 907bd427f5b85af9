// The popup's mapping editor loads on demand: outside src/popup/editor/ nothing imports it (or
// the validator it brings) statically, so the popup's entry does not carry it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Static value imports (not `import type`), as written. */
function staticImports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]!);
}

describe('the popup editor is loaded only when opened', () => {
  const popup = sources(join('src', 'popup'))
    .filter((path) => !path.startsWith(join('src', 'popup', 'editor')))
    .map((path) => ({ path: relative('.', path), imports: staticImports(readFileSync(path, 'utf8')) }));

  it('no popup file outside editor/ imports editor/ statically', () => {
    expect(
      popup.filter((file) => file.imports.some((spec) => spec.includes('editor/') || spec === './editor')),
    ).toEqual([]);
  });

  it('nor the validator (it comes with the editor)', () => {
    expect(popup.filter((file) => file.imports.some((spec) => spec.endsWith('config-validate')))).toEqual([]);
  });

  it('lazy-editor.tsx loads it with import()', () => {
    expect(readFileSync(join('src', 'popup', 'lazy-editor.tsx'), 'utf8')).toContain("import('./editor')");
  });
});
