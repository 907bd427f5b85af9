// The public suffix list (tldts) is large: only the cookie hints need it, and the pages load
// those with import(), so neither page's first paint nor the background ever carries it.
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

/** Static value imports (not `import type`) of modules whose path ends with `name`. */
function staticImports(text: string, name: string): string[] {
  const pattern = new RegExp(String.raw`^import\s+(?!type\b)[^;]*?from\s+['"]([^'"]*${name})['"]`, 'gm');
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}

describe('tldts is loaded only where needed', () => {
  const files = sources('src').map((path) => ({ path: relative('.', path), text: readFileSync(path, 'utf8') }));

  it('only cookie-hints.ts imports tldts', () => {
    const importers = files.filter((file) => staticImports(file.text, 'tldts').length > 0).map((file) => file.path);
    expect(importers).toEqual([join('src', 'core', 'cookie-hints.ts')]);
  });

  it('nothing imports cookie-hints statically; the background not at all', () => {
    expect(
      files.filter((file) => staticImports(file.text, 'cookie-hints').length > 0).map((file) => file.path),
    ).toEqual([]);
    const background = files.filter((file) => file.path.startsWith(join('src', 'background')));
    expect(background.filter((file) => file.text.includes('cookie-hints')).map((file) => file.path)).toEqual([]);
  });
});
