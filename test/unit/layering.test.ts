// The layers, checked on every import under src/: core (pure) ← browser (adapters) ←
// background; core ← ui ← pages (popup, options). Pages may also use the browser adapters (to
// build the real client and services in main.tsx), never the background: they reach it through
// the client. See ARCHITECTURE.md.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const LAYERS = ['core', 'browser', 'background', 'ui', 'popup', 'options'] as const;
type Layer = (typeof LAYERS)[number];

/** What each folder of src/ may import from the others (itself always). */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  core: [],
  browser: ['core'],
  background: ['core', 'browser'],
  ui: ['core'],
  popup: ['core', 'ui', 'browser'],
  options: ['core', 'ui', 'browser'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names: static imports (types too), re-exports and import(). */
function specifiers(text: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

function layerOf(path: string): Layer | null {
  const [top, folder] = relative('.', path).split(sep);
  if (top !== 'src') return null;
  return (LAYERS as readonly string[]).includes(folder ?? '') ? (folder as Layer) : null;
}

/** Imports of one file that break the layering, as "from → to". */
function forbiddenImports(path: string, text: string): string[] {
  const from = layerOf(path);
  if (!from) return [];
  return specifiers(text)
    .filter((specifier) => specifier.startsWith('.'))
    .flatMap((specifier) => {
      const target = normalize(join(dirname(path), specifier));
      const to = layerOf(target);
      if (to === from) return [];
      if (to && MAY_IMPORT[from].includes(to)) return [];
      // Outside src/'s layers (say, a stylesheet's folder): only pages may reach there.
      if (!to && (from === 'popup' || from === 'options')) return [];
      return [`${relative('.', path)} → ${relative('.', target)}`];
    });
}

describe('layering', () => {
  const files = sources('src').map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('every file of src/ is in a known layer', () => {
    expect(files.filter((file) => layerOf(file.path) === null).map((file) => file.path)).toEqual([]);
  });

  it('no import runs against the layers', () => {
    expect(files.flatMap((file) => forbiddenImports(file.path, file.text))).toEqual([]);
  });

  it('only src/browser/ touches the WebExtension API', () => {
    const touching = files.filter((file) =>
      specifiers(file.text).some((specifier) => specifier === 'webextension-polyfill'),
    );
    expect(touching.map((file) => layerOf(file.path))).toEqual(touching.map(() => 'browser'));
  });

  it('catches what it is meant to catch', () => {
    // The check itself, on imports that broke the rule before this test existed.
    const cases: Array<[string, string]> = [
      ['src/browser/storage.ts', "import { LOCAL_KEYS } from '../background/config-store';"],
      ['src/browser/web-request.ts', "import type { NavigationWatch } from '../background/navigation-watch';"],
      ['src/browser/page-services.ts', "import type { PageServices } from '../ui/services';"],
      ['src/ui/services.ts', "import type { HairpinClient } from '../browser/messaging';"],
      ['src/core/verdict.ts', "export { x } from '../ui/x';"],
      ['src/background/index.ts', "const page = import('../popup/popup');"],
      ['src/popup/popup.tsx', "import { Engine } from '../background/engine';"],
    ];
    for (const [path, text] of cases) expect(forbiddenImports(path, text), path).toHaveLength(1);
    expect(
      forbiddenImports('src/popup/main.tsx', "import { createPageServices } from '../browser/page-services';"),
    ).toEqual([]);
    expect(
      forbiddenImports('src/ui/services.ts', "import type { PageServices } from '../core/page-services';"),
    ).toEqual([]);
  });
});
