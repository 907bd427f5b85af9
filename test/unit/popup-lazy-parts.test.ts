// The popup's entry carries only its first view: the login report and the sync-file line are
// reached only through import() in src/popup/lazy-parts.tsx (the bench and
// test/e2e/lazy-chunks.test.ts measure the built entry against its 25 kB budget).
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

describe('the popup loads its login report and sync-file line on demand', () => {
  const files = sources('src').map((path) => ({
    path: relative('.', path),
    imports: staticImports(readFileSync(path, 'utf8')),
  }));

  it.each(['login-report', 'sync-file-line', 'sync-file-summary'])(
    'nothing in the popup imports %s statically',
    (name) => {
      const importers = files.filter(
        (file) => file.path.startsWith(join('src', 'popup')) && file.imports.some((spec) => spec.endsWith(`/${name}`)),
      );
      expect(importers.map((file) => file.path)).toEqual(
        name === 'sync-file-summary' ? [join('src', 'popup', 'sync-file-line.tsx')] : [],
      );
    },
  );

  it('lazy-parts.tsx loads them with import()', () => {
    const text = readFileSync(join('src', 'popup', 'lazy-parts.tsx'), 'utf8');
    expect(text).toContain("import('./login-report')");
    expect(text).toContain("import('./sync-file-line')");
  });
});
