// 7. The floor, in one Chromium: Hairpin and a bare extension holding only a static DNR rule set
// (Hairpin-shaped rules for host pairs of its own) are loaded side by side, and the same kind of
// hop is measured through each, interleaved: H (Hairpin's redirect) against F (the bare
// extension's). Both load orders (each gets its own browser launch), same-site and cross-site,
// a fresh tab and a tab already on the target site, Hairpin's worker awake and stopped, and
// Hairpin at home two ways: Home forced (no probe can run) and Auto with a token-checked Home
// verdict (what a user at home has, so whatever Hairpin does around a navigation then, a check
// ahead included, is in the figure). `--floor-reference listening` gives the bare extension the
// five webRequest listeners Hairpin keeps (and nothing else): what watching costs by itself;
// `listening-start` only the first of them.
// Repeated runs (`--floor-runs`) give a bootstrap interval
// that includes the drift between runs.
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { appPage, healthEndpoint, startServer, type TestServer } from '../test/e2e/support/servers';
import { launchChromium } from '../test/e2e/support/chromium';
import { writeStaticFloorExtension } from './floor-extension';
import {
  checkUntilRulesFrom,
  hairpinConfig,
  location,
  navTiming,
  saveConfig,
  send,
  TOKEN,
  waitForRulesFrom,
  workerControl,
} from './browser';
import { ratioEstimate, type Block, type RatioEstimate } from './interval';
import { formatMs, interleave, log, median, p95, type BenchOptions, type Row, type Section } from './lib';

const EXTERNAL_PORT = 8080;
const INTERNAL_PORT = 8096;
/** Hairpin / floor at or under this, in every cell, is the target (issue 18). */
export const FLOOR_TARGET = 1.03;

type SiteKey = 'same' | 'cross';
type Extension = 'H' | 'F';
/** Host pairs: each extension redirects its own, so neither ever sees the other's hop. */
const PAIRS: Record<SiteKey, Record<Extension, { external: string; internal: string }>> = {
  same: {
    H: { external: 'same.example.test', internal: 'same.home.example.test' },
    F: { external: 'same.example2.test', internal: 'same.home.example2.test' },
  },
  cross: {
    H: { external: 'app.example.test', internal: 'app.home.test' },
    F: { external: 'app.example2.test', internal: 'app.home2.test' },
  },
};
type Start = 'fresh' | 'onsite';
type WorkerState = 'awake' | 'asleep';
const SITE_LABEL: Record<SiteKey, string> = { same: 'same-site', cross: 'cross-site' };
const START_LABEL: Record<Start, string> = { fresh: 'fresh tab', onsite: 'tab on target site' };
const WORKER_LABEL: Record<WorkerState, string> = { awake: 'worker awake', asleep: 'worker asleep' };
/** H first: Hairpin loaded before the bare extension; F first: after it. */
type Order = 'Hairpin first' | 'floor first';
/** Hairpin at home: Home forced, or Auto with a Home verdict from its probe. */
type HomeMode = 'forced' | 'auto';
const MODE_LABEL: Record<HomeMode, string> = { forced: 'Home forced', auto: 'Auto, at home' };

type Pair = `${SiteKey}|${Start}|${WorkerState}`;
type Cell = `${Pair}|${Extension}`;
const ALL_PAIRS: Pair[] = (['same', 'cross'] as SiteKey[]).flatMap((site) =>
  (['fresh', 'onsite'] as Start[]).flatMap((start) =>
    (['awake', 'asleep'] as WorkerState[]).map((worker): Pair => `${site}|${start}|${worker}`),
  ),
);

interface Sample {
  load: number;
  wall: number;
  workerWas: string;
}

export interface FloorRun {
  run: number;
  order: Order;
  mode: HomeMode;
  samples: Record<Cell, Sample[]>;
  /** Requests the health endpoint got during the samples (Hairpin's probes: check ahead, alarm). */
  probes: number;
  loadAverage: number[];
}

export async function floorSection(options: BenchOptions): Promise<Section> {
  const pairs = ALL_PAIRS.filter((pair) => options.floorWorker === 'both' || pair.endsWith(`|${options.floorWorker}`));
  const internal = await startServer(appPage('internal'));
  const external = await startServer(appPage('external, not redirected'));
  const health = await startServer(healthEndpoint(TOKEN));
  const servers: TestServer[] = [internal, external, health];
  const hosts: Record<string, number> = {};
  for (const site of Object.values(PAIRS)) {
    for (const pair of Object.values(site)) {
      hosts[pair.external] = external.port;
      hosts[pair.internal] = internal.port;
    }
  }
  const origin = (host: string, port: number) => `http://${host}:${port}`;
  const floorDir = writeStaticFloorExtension(
    Object.values(PAIRS).map((site) => ({
      from: origin(site.F.external, EXTERNAL_PORT),
      to: origin(site.F.internal, INTERNAL_PORT),
    })),
    { listeners: ({ static: 'none', listening: 'all', 'listening-start': 'start' } as const)[options.floorReference] },
  );
  const modes: HomeMode[] = options.floorMode === 'both' ? ['forced', 'auto'] : [options.floorMode];
  const runs: FloorRun[] = [];
  try {
    for (let run = 0; run < options.floorRuns; run++) {
      // Alternate which order goes first, so a drift over the run does not favour one.
      const orders: Order[] = run % 2 === 0 ? ['Hairpin first', 'floor first'] : ['floor first', 'Hairpin first'];
      for (const mode of run % 2 === 0 ? modes : [...modes].reverse()) {
        for (const order of orders) {
          log(`floor: run ${run + 1}/${options.floorRuns}, ${MODE_LABEL[mode]}, ${order}`);
          runs.push(await measureBlock(run, order, mode));
        }
      }
    }
  } finally {
    rmSync(floorDir, { recursive: true, force: true });
    await Promise.all(servers.map((server) => server.close()));
  }
  return report(runs, pairs, modes, options);

  async function measureBlock(run: number, order: Order, mode: HomeMode): Promise<FloorRun> {
    const browser = await launchChromium(hosts, {
      extensionDir: options.extensionDir,
      otherExtensions: [floorDir],
      othersFirst: order === 'floor first',
    });
    try {
      await saveConfig(
        browser,
        hairpinConfig(
          `http://127.0.0.1:${health.port}/hairpin`,
          (Object.keys(PAIRS) as SiteKey[]).map((key) => ({
            name: key,
            external: origin(PAIRS[key].H.external, EXTERNAL_PORT),
            internal: origin(PAIRS[key].H.internal, INTERNAL_PORT),
          })),
        ),
      );
      if (mode === 'forced') await send(browser, { type: 'setMode', network: 'Home', mode: 'home' });
      else {
        // Auto, and Home because the health endpoint answered with the token.
        await checkUntilRulesFrom(browser, PAIRS.same.H.external);
        if ((await location(browser)) !== 'home') throw new Error('floor: Auto did not find home');
      }
      for (const key of Object.keys(PAIRS) as SiteKey[]) await waitForRulesFrom(browser, PAIRS[key].H.external);
      const worker = await workerControl(browser);
      const cells: Cell[] = pairs.flatMap((pair) => (['H', 'F'] as Extension[]).map((ext): Cell => `${pair}|${ext}`));
      const samples = Object.fromEntries(cells.map((cell) => [cell, [] as Sample[]])) as Record<Cell, Sample[]>;

      const measure = async (cell: Cell, keep: boolean) => {
        const [site, start, workerState, ext] = cell.split('|') as [SiteKey, Start, WorkerState, Extension];
        const pair = PAIRS[site][ext];
        const page: Page = await browser.context.newPage();
        try {
          if (start === 'onsite') await page.goto(`${origin(pair.internal, INTERNAL_PORT)}/start`);
          // Asleep for both arms: the browser is in the same state, only the redirecting extension differs.
          if (workerState === 'asleep') await worker.stop();
          else {
            await worker.wake();
            await send(browser, { type: 'getState' });
          }
          const workerWas = worker.status();
          const t0 = performance.now();
          await page.goto(`${origin(pair.external, EXTERNAL_PORT)}/web/index.html?item=42`, { waitUntil: 'load' });
          const wall = performance.now() - t0;
          const timing = await navTiming(page);
          if (!page.url().startsWith(`${origin(pair.internal, INTERNAL_PORT)}/`))
            throw new Error(`floor ${cell}: ended on ${page.url()}, not ${pair.internal}`);
          if (keep) samples[cell].push({ load: timing.loadEventEnd, wall, workerWas });
        } finally {
          await page.close();
        }
      };
      const externalBefore = external.requests.length;
      // Warm-up (connections, caches, spare processes), not measured; skipped in tiny smoke runs.
      if (options.samples >= 5) for (const cell of cells) await measure(cell, false);
      const probesBefore = health.requests.length;
      await interleave(options.samples, cells, options.seed + run * 101 + (order === 'floor first' ? 1 : 0), (cell) =>
        measure(cell, true),
      );
      if (external.requests.length !== externalBefore)
        throw new Error(`floor: ${external.requests.length - externalBefore} requests reached an external host`);
      const probes = health.requests.length - probesBefore;
      return {
        run,
        order,
        mode,
        samples,
        probes,
        loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
      };
    } finally {
      await browser.close();
    }
  }
}

function report(
  allRuns: readonly FloorRun[],
  pairs: readonly Pair[],
  modes: readonly HomeMode[],
  options: BenchOptions,
): Section {
  const reference = {
    static: 'bare DNR extension',
    listening: 'bare DNR extension watching navigations',
    'listening-start': 'bare DNR extension with an onBeforeRequest listener',
  }[options.floorReference];
  const rows: Row[] = [];
  const estimates: Record<string, RatioEstimate> = {};
  const pooled: Record<string, RatioEstimate> = {};
  const table: string[][] = [
    [
      'Hairpin at home',
      'site',
      'tab before',
      'Hairpin’s worker',
      'Hairpin load: median / p95',
      'floor load: median / p95',
      'H/F, Hairpin first',
      'H/F, floor first',
      'H/F combined (geomean)',
      '95 % interval',
      'per run',
      'p95 H/F',
      'worker stopped at start (H)',
    ],
  ];
  for (const mode of modes) {
    const runs = allRuns.filter((run) => run.mode === mode);
    const blocksOf = (pair: Pair, pick: (sample: Sample) => number): Block[] =>
      runs.map((run) => ({
        run: run.run,
        order: run.order,
        subject: run.samples[`${pair}|H`].map(pick),
        reference: run.samples[`${pair}|F`].map(pick),
      }));
    for (const pair of pairs) {
      const [site, start, workerState] = pair.split('|') as [SiteKey, Start, WorkerState];
      const where = `${MODE_LABEL[mode]}, ${SITE_LABEL[site]}, ${START_LABEL[start]}, ${WORKER_LABEL[workerState]}`;
      const estimate = ratioEstimate(
        blocksOf(pair, (sample) => sample.load),
        2000,
        options.seed,
      );
      estimates[`${mode}|${pair}`] = estimate;
      const all = (ext: Extension) => runs.flatMap((run) => run.samples[`${pair}|${ext}`].map((sample) => sample.load));
      const hairpin = all('H');
      const floor = all('F');
      rows.push({
        section: 'floor',
        measure: `${where}: Hairpin / ${reference} in the same browser, load (both load orders, geomean)`,
        unit: 'ratio',
        n: estimate.samples,
        median: estimate.ratio,
        p95: estimate.p95Ratio,
        baseline: { label: `${reference} load`, median: median(floor), p95: p95(floor), n: floor.length },
        ratio: estimate.ratio,
        target: `≤ ${FLOOR_TARGET.toFixed(2)}×`,
        met: estimate.ratio <= FLOOR_TARGET,
        note: `95 % interval ${estimate.low.toFixed(3)}–${estimate.high.toFixed(3)} over ${estimate.runs} run${estimate.runs === 1 ? '' : 's'} × 2 orders; Hairpin load ${formatMs(median(hairpin))}`,
        interval: { low: estimate.low, high: estimate.high, level: 0.95 },
      });
      const stopped = runs
        .flatMap((run) => run.samples[`${pair}|H`])
        .filter((sample) => sample.workerWas === 'stopped');
      table.push([
        MODE_LABEL[mode],
        SITE_LABEL[site],
        START_LABEL[start],
        workerState,
        `${formatMs(median(hairpin))} / ${formatMs(p95(hairpin))}`,
        `${formatMs(median(floor))} / ${formatMs(p95(floor))}`,
        (estimate.byOrder['Hairpin first'] ?? Number.NaN).toFixed(3),
        (estimate.byOrder['floor first'] ?? Number.NaN).toFixed(3),
        estimate.ratio.toFixed(3),
        `${estimate.low.toFixed(3)}–${estimate.high.toFixed(3)}`,
        estimate.byRun.map((value) => value.toFixed(3)).join(', '),
        estimate.p95Ratio.toFixed(3),
        `${stopped.length}/${hairpin.length}`,
      ]);
    }
    // Every cell of this mode at once: the overall gap, if any.
    const overallBlocks: Block[] = runs.map((run) => ({
      run: run.run,
      order: run.order,
      // Normalised per cell (each sample over its cell's floor median), so that cells of different
      // speeds can be pooled.
      subject: pairs.flatMap((pair) => {
        const reference = median(run.samples[`${pair}|F`].map((sample) => sample.load));
        return run.samples[`${pair}|H`].map((sample) => sample.load / reference);
      }),
      reference: pairs.flatMap((pair) => {
        const reference = median(run.samples[`${pair}|F`].map((sample) => sample.load));
        return run.samples[`${pair}|F`].map((sample) => sample.load / reference);
      }),
    }));
    const overall = ratioEstimate(overallBlocks, 2000, options.seed);
    pooled[mode] = overall;
    rows.push({
      section: 'floor',
      measure: `${MODE_LABEL[mode]}, all cells pooled (each sample over its cell’s floor median): Hairpin / ${reference}, load`,
      unit: 'ratio',
      n: overall.samples,
      median: overall.ratio,
      p95: overall.p95Ratio,
      ratio: overall.ratio,
      target: `≤ ${FLOOR_TARGET.toFixed(2)}×`,
      met: overall.ratio <= FLOOR_TARGET,
      note: `95 % interval ${overall.low.toFixed(3)}–${overall.high.toFixed(3)}`,
      interval: { low: overall.low, high: overall.high, level: 0.95 },
    });
  }
  const launches = allRuns.map((run) => [
    `${run.run + 1} ${MODE_LABEL[run.mode]}, ${run.order}`,
    run.loadAverage.join(' / '),
    `${run.probes} in ${Object.entries(run.samples)
      .filter(([cell]) => cell.endsWith('|H'))
      .reduce((sum, [, samples]) => sum + samples.length, 0)} Hairpin navigations`,
  ]);
  const loads = launches.map(([launch, load]) => `${launch}: ${load}`);
  return {
    name: 'floor',
    title: `Floor: Hairpin vs a ${reference} in the same browser`,
    rows,
    details: [
      {
        title: `Floor: Hairpin vs a ${
          {
            static: 'bare static-rule DNR extension',
            listening: 'static-rule DNR extension watching navigations with the same five webRequest listeners',
            'listening-start': 'static-rule DNR extension with one webRequest listener (onBeforeRequest)',
          }[options.floorReference]
        }, both loaded in one Chromium (${options.samples} interleaved rounds per launch, ${options.floorRuns} run${options.floorRuns === 1 ? '' : 's'} × 2 load orders per way of being at home; interval: two-level bootstrap over runs and samples)`,
        table,
      },
      {
        title: 'Floor: each launch, its load average at the end, and the health endpoint requests during its samples',
        table: [['launch', 'load average (1 / 5 / 15 min)', 'health endpoint requests'], ...launches],
      },
    ],
    facts: { estimates, pooled, loadAverages: loads },
  };
}
