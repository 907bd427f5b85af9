// The build's part in the toolbar popup's first paint. Chromium shows the bubble only once its
// page has loaded, and each file an extension page loads before then costs it a few milliseconds:
// the popup as one script loaded ~13 ms sooner than as the seven files automatic chunking made of
// it, and with its stylesheets inlined ~4–8 ms sooner again (A/Bs of the bubble in one browser,
// in bench/results.md of 2026-12-08). So what the popup needs at open comes in as few files as
// the other entries allow:
//   - its own code, in its entry chunk (automatic chunking does that already);
//   - what it shares with the other pages but not the background, in one chunk;
//   - what it shares with the background, in one chunk (the background loads all of it anyway,
//     and the worker must never load the pages' code: preact, the theme);
//   - rolldown's helpers module (CommonJS interop for webextension-polyfill), a file of its own
//     because chunks the popup never loads need it too;
//   - its stylesheet (src/popup/page.css, the theme included), inlined in its HTML. It is linked
//     from the HTML, not imported by a module the pages share: a shared chunk's stylesheet is one
//     that vite's loader of lazy chunks looks for as a <link>, and adds again when it is not there.
// Lazy parts (the editor, the login report, …) stay in chunks of their own, as before.
import type { Plugin } from 'vite';
import { escapeRegex } from '../src/core/rule-compiler.ts';

interface ChunkGroup {
  name: string;
  priority: number;
  test: (id: string) => boolean;
}

interface ModuleGraph {
  getModuleIds(): IterableIterator<string>;
  getModuleInfo(
    id: string,
  ): { isEntry: boolean; importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
}

/**
 * `popupEntry` and `backgroundEntry` are module ids (the popup's HTML, the background script);
 * `popupHtml` is the popup page's file in the output. Add `plugins` to vite's and `groups` to
 * `codeSplitting.groups`.
 */
export function popupFirstPaint(
  popupEntry: string,
  backgroundEntry: string,
  popupHtml: string,
): { plugins: Plugin[]; groups: ChunkGroup[] } {
  let withBackground = new Set<string>();
  let withPages = new Set<string>();
  const chunking: Plugin = {
    name: 'hairpin-popup-chunks',
    buildEnd() {
      const popup = reachable(this, [popupEntry], 'static');
      const background = reachable(this, [backgroundEntry], 'static');
      withBackground = new Set([...popup].filter((id) => background.has(id)));
      // The popup's modules another entry can load too, at once or on demand.
      const otherEntries = [...this.getModuleIds()].filter(
        (id) => id !== popupEntry && this.getModuleInfo(id)?.isEntry,
      );
      const elsewhere = reachable(this, otherEntries, 'on demand too');
      withPages = new Set([...popup].filter((id) => elsewhere.has(id) && !background.has(id)));
    },
  };
  // The higher priority goes first: a module shared with the background must never be pulled
  // into the pages' chunk as the dependency of one of its modules.
  const groups: ChunkGroup[] = [
    { name: 'popup-background', priority: 2, test: (id) => withBackground.has(id) },
    { name: 'popup-pages', priority: 1, test: (id) => withPages.has(id) },
  ];

  const inlining: Plugin = {
    name: 'hairpin-popup-inline-style',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = bundle[popupHtml];
      const entry = Object.values(bundle).find((file) => file.type === 'chunk' && file.facadeModuleId === popupEntry);
      if (page?.type !== 'asset' || entry?.type !== 'chunk') {
        this.error(`popup first paint: no ${popupHtml} or no chunk for ${popupEntry} in the bundle`);
      }
      // Only the entry's own stylesheets: one that a lazy chunk lists too must stay a file.
      const elsewhere = new Set(
        Object.values(bundle).flatMap((file) =>
          file.type === 'chunk' && file !== entry ? [...(file.viteMetadata?.importedCss ?? [])] : [],
        ),
      );
      let html = String(page.source);
      for (const sheet of entry.viteMetadata?.importedCss ?? []) {
        const asset = bundle[sheet];
        if (elsewhere.has(sheet) || asset?.type !== 'asset') continue;
        const link = new RegExp(`<link rel="stylesheet"[^>]* href="/${escapeRegex(sheet)}">`);
        const css = String(asset.source);
        if (!link.test(html)) this.error(`popup first paint: ${popupHtml} has no <link> to ${sheet}`);
        if (/<\/style/i.test(css)) this.error(`popup first paint: ${sheet} would end its own <style>`);
        html = html.replace(link, () => `<style>\n${css}</style>`);
        delete bundle[sheet];
      }
      page.source = html;
    },
  };
  return { plugins: [chunking, inlining], groups };
}

/** Every module the `entries` import, directly or not (the entries themselves only if imported). */
function reachable(graph: ModuleGraph, entries: readonly string[], imports: 'static' | 'on demand too'): Set<string> {
  const seen = new Set<string>();
  const importsOf = (id: string) => {
    const info = graph.getModuleInfo(id);
    return [...(info?.importedIds ?? []), ...(imports === 'static' ? [] : (info?.dynamicallyImportedIds ?? []))];
  };
  const queue = entries.flatMap(importsOf);
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...importsOf(id));
  }
  return seen;
}
