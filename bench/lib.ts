// Shared pieces of the benchmark: options, statistics, result rows, clocks, process counting.
import { execFileSync } from 'node:child_process';

export interface BenchOptions {
  /** Interleaved samples per arm (default 30). */
  samples: number;
  /** Where results.json and results.md go. */
  outDir: string;
  /** Cap for Chromium's own error page on a hanging host (default 60 s). */
  hangCapMs: number;
  /** Samples of that baseline; they run in parallel tabs, so the cost is about one cap. */
  hangSamples: number;
  /** Per-request delay each way of the simulated cloud tunnel (default 20 ms). */
  tunnelDelayMs: number;
  /** Only these sections (all when empty). */
  only: string[];
  /** Mapping counts for the rule compile/apply section (default 10, 100, 1000, 5000). */
  sizes: number[];
  /** Seed for the order of arms within each round. */
  seed: number;
  /** Runs of the floor section, each one browser launch per load order (default 1). */
  floorRuns: number;
  /** Which of Hairpin's worker states the floor section measures (default both). */
  floorWorker: 'both' | 'awake' | 'asleep';
  /**
   * How Hairpin is at home in the floor section (default both): Home forced (no probe runs), or
   * Auto with a token-checked Home verdict (what a user has; the check ahead may probe).
   */
  floorMode: 'both' | 'forced' | 'auto';
  /**
   * What Hairpin is held against in the floor section (default static): the bare static-rule
   * extension, or the same watching navigations to its hosts as Hairpin does (the listeners alone),
   * or with only the first of them (onBeforeRequest: what a navigation needs to wake a worker).
   */
  floorReference: 'static' | 'listening' | 'listening-start';
  /** A Chromium build of Hairpin to measure instead of dist/chrome (a variant, for the floor hunt). */
  chromeExtension?: string;
  /**
   * A private copy of dist/chrome made at start: a rebuild by someone else during the run
   * (vite empties dist/) would otherwise change the extension under a running browser.
   */
  extensionDir: string;
  /** The same for dist/firefox. */
  firefoxExtensionDir: string;
}

export const SECTIONS = [
  'redirect',
  'floor',
  'detection',
  'rescue',
  'rules',
  'tunnel',
  'footprint',
  'firefox',
  'popup',
  'syncfile',
] as const;
export type SectionName = (typeof SECTIONS)[number];

/** One line of the summary table. Times in ms unless `unit` says otherwise. */
export interface Row {
  section: SectionName;
  measure: string;
  unit: 'ms' | 'kB' | 'ratio' | 'count';
  n: number;
  median: number;
  p95: number;
  baseline?: { label: string; median: number; p95: number; n: number };
  /** median / baseline median. */
  ratio?: number;
  target?: string;
  /** true/false when a target applies; null when not judged. */
  met?: boolean | null;
  note?: string;
  /** A confidence interval for `median` (or `ratio`), where one was computed. */
  interval?: { low: number; high: number; level: number };
}

export interface Section {
  name: SectionName;
  title: string;
  rows: Row[];
  /** Extra tables (Markdown) and facts for the report. */
  details: { title: string; table: string[][] }[];
  facts: Record<string, unknown>;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function p95(values: readonly number[]): number {
  return quantile(values, 0.95);
}

/** The arithmetic mean of the finite values; NaN for none. */
export function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? Number.NaN : finite.reduce((sum, value) => sum + value, 0) / finite.length;
}

/** Linear-interpolated quantile; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function stats(values: readonly number[]): { n: number; median: number; p95: number } {
  return { n: values.length, median: median(values), p95: p95(values) };
}

/** A row comparing `values` with a baseline from the same run. */
export function ratioRow(
  base: Omit<Row, 'n' | 'median' | 'p95' | 'baseline' | 'ratio' | 'unit'> & { unit?: Row['unit'] },
  values: readonly number[],
  baselineLabel: string,
  baseline: readonly number[],
  targetRatio?: number,
): Row {
  const own = stats(values);
  const other = stats(baseline);
  const ratio = own.median / other.median;
  return {
    unit: 'ms',
    ...base,
    ...own,
    baseline: { label: baselineLabel, ...other },
    ratio,
    ...(targetRatio === undefined
      ? {}
      : { target: base.target ?? `≤ ${targetRatio.toFixed(2)}×`, met: ratio <= targetRatio }),
  };
}

/** Wall clock with sub-millisecond resolution, comparable with a page's `performance.timeOrigin + performance.now()`. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** A small seeded generator (mulberry32), so the order of arms is reproducible. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Runs `rounds` rounds; in each, every arm once, in a shuffled order. Interleaving spreads the
 * machine's noise (other processes, thermal state) evenly over the arms.
 */
export async function interleave<K extends string>(
  rounds: number,
  arms: readonly K[],
  seed: number,
  run: (arm: K, round: number) => Promise<void>,
): Promise<void> {
  const next = random(seed);
  for (let round = 0; round < rounds; round++) {
    for (const arm of shuffled(arms, next)) await run(arm, round);
  }
}

/**
 * Renderer processes ever launched by one Chromium (the one using the profile folder `profile`):
 * the highest `--renderer-client-id` among its descendants (ids only grow). Other Chromiums (the
 * run's second browser, tests running in parallel) are not counted. Linux `ps`; null where that fails.
 */
export function rendererLaunchCounter(profile: string): number | null {
  let output: string;
  try {
    output = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  } catch {
    return null;
  }
  const rows = output
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3]! }));
  const root = rows.find((row) => row.args.includes(`--user-data-dir=${profile}`) && !row.args.includes('--type='));
  if (!root) return null;
  const tree = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (!tree.has(row.pid) && tree.has(row.ppid)) {
        tree.add(row.pid);
        grew = true;
      }
    }
  }
  let highest = -1;
  for (const row of rows) {
    if (!tree.has(row.pid) || !row.args.includes('--type=renderer')) continue;
    const id = Number(/--renderer-client-id=(\d+)/.exec(row.args)?.[1] ?? -1);
    highest = Math.max(highest, id);
  }
  return highest < 0 ? null : highest;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
