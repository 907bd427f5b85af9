// Builds the health endpoint guide (docs/health-endpoint.md) into a static page shipped inside
// the extension, so the options page can link to it without any network or repository.
import { readFileSync } from 'node:fs';
import { marked } from 'marked';
import type { Plugin } from 'vite';

export const GUIDE_FILE = 'guide/health-endpoint.html';

export function guidePage(markdownPath: string): Plugin {
  return {
    name: 'hairpin-guide-page',
    async generateBundle() {
      const body = await marked.parse(readFileSync(markdownPath, 'utf8'));
      this.emitFile({ type: 'asset', fileName: GUIDE_FILE, source: wrap(body) });
    },
  };
}

function wrap(body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Hairpin: the health endpoint</title>
<style>
  body { font: 15px/1.55 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  pre { padding: .75rem 1rem; overflow-x: auto; border-radius: 6px; background: color-mix(in srgb, currentColor 8%, transparent); }
  code { font: 13px/1.45 ui-monospace, monospace; }
  table { border-collapse: collapse; } td, th { border: 1px solid color-mix(in srgb, currentColor 25%, transparent); padding: .3rem .5rem; text-align: left; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
