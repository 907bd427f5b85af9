// Runs the benchmark sections one after another (each with its own Chromium and loopback
// servers), then writes results.json and results.md and prints the Markdown.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { CHROME_DIST, CHROMIUM_PATH } from '../test/e2e/support/chromium';
import { FIREFOX_DIST, FIREFOX_PATH } from '../test/e2e/support/firefox';
import { log, SECTIONS, type BenchOptions, type Section, type SectionName } from './lib';
import { renderMarkdown } from './report';
import { redirectSection } from './redirect';
import { detectionSection } from './detection';
import { rescueSection } from './rescue';
import { rulesSection } from './rules';
import { tunnelSection } from './tunnel';
import { bundleOf, footprintSection } from './footprint';
import { floorSection } from './floor';
import { firefoxSection } from './firefox';
import { popupSection } from './popup';
import { syncFileSection } from './sync-file';

const RUNNERS: Record<SectionName, (options: BenchOptions) => Promise<Section>> = {
  redirect: redirectSection,
  floor: floorSection,
  detection: detectionSection,
  rescue: rescueSection,
  rules: rulesSection,
  tunnel: tunnelSection,
  footprint: footprintSection,
  firefox: firefoxSection,
  popup: popupSection,
  syncfile: syncFileSection,
};

export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Omit<BenchOptions, 'extensionDir' | 'firefoxExtensionDir'> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags.set(name, value);
  }
  const pick = (flag: string, variable: string) => flags.get(flag) ?? env[variable];
  const integer = (flag: string, variable: string, fallback: number, min: number) => {
    const text = pick(flag, variable);
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${flag} must be a whole number ≥ ${min}, not ${text}`);
    return value;
  };
  const only = (pick('only', 'BENCH_ONLY') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of only) {
    if (!(SECTIONS as readonly string[]).includes(name))
      throw new Error(`unknown section ${name}; known: ${SECTIONS.join(', ')}`);
  }
  const floorWorker = (pick('floor-worker', 'BENCH_FLOOR_WORKER') ?? 'both') as BenchOptions['floorWorker'];
  if (!['both', 'awake', 'asleep'].includes(floorWorker))
    throw new Error(`--floor-worker must be both, awake or asleep, not ${floorWorker}`);
  const floorMode = (pick('floor-mode', 'BENCH_FLOOR_MODE') ?? 'both') as BenchOptions['floorMode'];
  if (!['both', 'forced', 'auto'].includes(floorMode))
    throw new Error(`--floor-mode must be both, forced or auto, not ${floorMode}`);
  const floorReference = (pick('floor-reference', 'BENCH_FLOOR_REFERENCE') ??
    'static') as BenchOptions['floorReference'];
  if (!['static', 'listening', 'listening-start'].includes(floorReference))
    throw new Error(`--floor-reference must be static, listening or listening-start, not ${floorReference}`);
  const sizesText = pick('sizes', 'BENCH_SIZES') ?? '10,100,1000,5000';
  const sizes = sizesText.split(',').map((text) => Number(text.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1))
    throw new Error(`--sizes must list whole numbers, not ${sizesText}`);
  const known = new Set([
    'samples',
    'out',
    'hang-cap-ms',
    'hang-samples',
    'tunnel-delay-ms',
    'only',
    'seed',
    'sizes',
    'floor-runs',
    'floor-worker',
    'floor-mode',
    'floor-reference',
    'chrome-extension',
  ]);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown flag --${name}`);
  return {
    samples: integer('samples', 'BENCH_SAMPLES', 30, 1),
    outDir: resolve(pick('out', 'BENCH_OUT') ?? 'bench'),
    hangCapMs: integer('hang-cap-ms', 'BENCH_HANG_CAP_MS', 60_000, 1000),
    hangSamples: integer('hang-samples', 'BENCH_HANG_SAMPLES', 3, 1),
    tunnelDelayMs: integer('tunnel-delay-ms', 'BENCH_TUNNEL_DELAY_MS', 20, 0),
    only,
    sizes,
    seed: integer('seed', 'BENCH_SEED', 20_251_125, 0),
    floorRuns: integer('floor-runs', 'BENCH_FLOOR_RUNS', 1, 1),
    floorWorker,
    floorMode,
    floorReference,
    chromeExtension: pick('chrome-extension', 'BENCH_CHROME_EXTENSION'),
  };
}

export async function main(argv: readonly string[]): Promise<void> {
  const options = parseOptions(argv);
  const chrome = options.chromeExtension ? resolve(options.chromeExtension) : CHROME_DIST;
  for (const dist of [chrome, FIREFOX_DIST]) {
    if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`${dist} has no build: run npm run build first`);
  }
  const extensionDir = snapshotExtension(chrome);
  const firefoxExtensionDir = snapshotExtension(FIREFOX_DIST);
  try {
    await run({ ...options, extensionDir, firefoxExtensionDir });
  } finally {
    rmSync(extensionDir, { recursive: true, force: true });
    rmSync(firefoxExtensionDir, { recursive: true, force: true });
  }
}

/**
 * Copies a build (dist/chrome, dist/firefox) to a private directory, so that a rebuild during
 * the run (vite empties dist/ first) cannot change the extension under a running browser. A copy
 * taken during such a rebuild misses files: checked by following the manifest's entries, and
 * taken again.
 */
function snapshotExtension(dist: string): string {
  for (let attempt = 1; ; attempt++) {
    const directory = mkdtempSync(join(tmpdir(), 'hairpin-bench-ext-'));
    try {
      cpSync(dist, directory, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as {
        background: { service_worker?: string; scripts?: string[] };
        action: { default_popup: string };
        options_ui?: { page: string };
      };
      bundleOf(
        [
          ...(manifest.background.service_worker ? [manifest.background.service_worker] : []),
          ...(manifest.background.scripts ?? []),
          manifest.action.default_popup,
          ...(manifest.options_ui ? [manifest.options_ui.page] : []),
        ],
        directory,
      );
      return directory;
    } catch (error) {
      rmSync(directory, { recursive: true, force: true });
      if (attempt >= 10) throw new Error(`could not copy a complete build from ${dist}: ${String(error)}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000); // a rebuild is under way: wait a second
    }
  }
}

async function run(options: BenchOptions): Promise<void> {
  const started = Date.now();
  const chromiumVersion = versionOf(CHROMIUM_PATH);
  const names = options.only.length ? SECTIONS.filter((name) => options.only.includes(name)) : [...SECTIONS];
  const firefoxVersion = names.some((name) => name === 'firefox' || name === 'syncfile')
    ? versionOf(FIREFOX_PATH)
    : undefined;
  const sections: Section[] = [];
  for (const name of names) {
    const at = Date.now();
    log(`section ${name}…`);
    sections.push(await RUNNERS[name](options));
    log(`section ${name} done in ${((Date.now() - at) / 1000).toFixed(1)} s`);
  }
  const meta = {
    date: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    chromium: chromiumVersion,
    ...(firefoxVersion ? { firefox: firefoxVersion } : {}),
    node: process.version,
    cpus: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
    loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100),
    extension: options.chromeExtension ?? CHROME_DIST,
    options: { ...options, outDir: undefined, extensionDir: undefined, firefoxExtensionDir: undefined },
  };
  const result = { meta, sections };
  mkdirSync(options.outDir, { recursive: true });
  const markdown = renderMarkdown(meta, sections);
  writeFileSync(join(options.outDir, 'results.json'), `${JSON.stringify(result, numberReplacer, 2)}\n`);
  writeFileSync(join(options.outDir, 'results.md'), markdown);
  process.stdout.write(markdown);
  log(`wrote ${join(options.outDir, 'results.json')} and results.md in ${meta.durationS} s`);
}

function versionOf(executable: string): string {
  try {
    return execFileSync(executable, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** JSON has no NaN or Infinity: write null, which the smoke test catches as "not a number". */
function numberReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'number') return Math.round(value * 1000) / 1000;
  return value;
}
