// Builds a variant of Hairpin's Chromium extension for the floor hunt (issue 18): a copy of the
// sources with one thing taken out, built into a scratch folder; its dist/chrome is printed, for
//   node bench/run.mjs --only floor --chrome-extension <printed folder>
// Variants are measurement tools, never shipped.
//
//   node bench/variants.mjs no-webrequest|no-badge|no-wake-work
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const INDEX = 'src/background/index.ts';

/** Each variant: [file, exact text, replacement]; a text that is not found fails the build. */
const VARIANTS = {
  // No webRequest at all: navigations never wake the worker (no rescue, no check ahead).
  'no-webrequest': [
    ['manifest.json', '"webRequest", ', ''],
    [
      INDEX,
      `const navigations = observeNavigations(watch, (error) => {
  if (isNetworkChangedError(error)) report(engine.probeAll({ fresh: true }));
});`,
      `void observeNavigations;
void isNetworkChangedError;
const navigations = { watchOnly: async (sites: Promise<unknown>) => void (await sites) };`,
    ],
  ],
  // The worker's state updates leave the toolbar badge and icon alone.
  'no-badge': [[INDEX, 'return showBadge(badgeFor(state));', 'void showBadge;\n    void badgeFor;']],
  // A worker that wakes does not converge (no alarm check, no reconcile) before its events.
  'no-wake-work': [[INDEX, 'report(ensureProbeAlarm());\nreport(engine.reconcile());', 'void ensureProbeAlarm;']],
};

const name = process.argv[2];
const edits = VARIANTS[name];
if (!edits) {
  console.error(`usage: node bench/variants.mjs ${Object.keys(VARIANTS).join('|')}`);
  process.exit(2);
}
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const copy = mkdtempSync(join(tmpdir(), `hairpin-variant-${name}-`));
const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
for (const file of files) {
  mkdirSync(dirname(join(copy, file)), { recursive: true });
  cpSync(join(root, file), join(copy, file));
}
symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
for (const [file, text, replacement] of edits) {
  const path = join(copy, file);
  const source = readFileSync(path, 'utf8');
  if (!source.includes(text)) throw new Error(`${name}: ${file} no longer contains ${JSON.stringify(text)}`);
  writeFileSync(path, source.replace(text, replacement));
}
execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--mode', 'chrome', '--logLevel', 'error'], {
  cwd: copy,
  stdio: ['ignore', 'inherit', 'inherit'],
});
process.stdout.write(`${join(copy, 'dist/chrome')}\n`);
