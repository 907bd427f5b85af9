// js-yaml (and the dashboard import it serves) is loaded with import() by the options page only
// when a dashboard file is opened: no page entry and never the background carries it. The
// built chunks are checked in test/e2e/lazy-chunks.test.ts; this checks the sources.
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
function importers(files: { path: string; text: string }[], name: string): string[] {
  const pattern = new RegExp(String.raw`^(?:import|export)\s+(?!type\b)[^;]*?from\s+['"]([^'"]*${name})['"]`, 'm');
  return files.filter((file) => pattern.test(file.text)).map((file) => file.path);
}

describe('js-yaml is loaded only where needed', () => {
  const files = sources('src').map((path) => ({ path: relative('.', path), text: readFileSync(path, 'utf8') }));

  it('only core/yaml-load.ts imports js-yaml, and only the import preview imports that', () => {
    expect(importers(files, 'js-yaml')).toEqual([join('src', 'core', 'yaml-load.ts')]);
    expect(importers(files, '/yaml-load')).toEqual([join('src', 'core', 'import-preview.ts')]);
  });

  it('the preview’s component is imported with import() only, by its loader', () => {
    expect(importers(files, '/import-preview')).toEqual([join('src', 'options', 'dashboard-import.tsx')]);
    expect(importers(files, '/dashboard-import')).toEqual([]);
    const dynamic = files.filter((file) => /import\(\s*['"]\.\/dashboard-import['"]\s*\)/.test(file.text));
    expect(dynamic.map((file) => file.path)).toEqual([join('src', 'options', 'dashboard-import-loader.ts')]);
  });
});
