// 8. Firefox (ESR, over WebDriver BiDi): the Chromium arms again, with Firefox's own baselines
// from the same run. Redirect: (A) Hairpin's DNR redirect, (B) a direct link, (C) a server 302,
// and (F) a bare extension with only a static Hairpin-shaped rule for host pairs of its own,
// installed beside Hairpin: same-site and cross-site, fresh tab and tab on the target site, both
// install orders (one Firefox launch each, ratios combined by geometric mean). Then, in the first
// launch, Check now → rules switched and the rescue times (bench/firefox-probes.ts).
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { appPage, startServer, type Handler, type TestServer } from '../test/e2e/support/servers';
import { launchFirefox, type FirefoxExtensionBrowser } from '../test/e2e/support/firefox';
import { waitFor } from '../test/e2e/support/poll';
import { writeStaticFloorExtension } from './floor-extension';
import { ratioEstimate, type Block } from './interval';
import { formatMs, interleave, log, median, p95, type BenchOptions, type Row, type Section } from './lib';
import { firefoxProbes, type ProbeServers } from './firefox-probes';

type SiteKey = 'same' | 'cross';
type Start = 'fresh' | 'onsite';
/** A Hairpin, B direct, C server 302, F bare extension. */
type Arm = 'A' | 'B' | 'C' | 'F';
type Order = 'Hairpin first' | 'floor first';
type Cell = `${SiteKey}|${Start}|${Arm}`;

const HOSTS: Record<SiteKey, { hairpin: [string, string]; floor: [string, string] }> = {
  same: {
    hairpin: ['same.example.test', 'same.home.example.test'],
    floor: ['same.example2.test', 'same.home.example2.test'],
  },
  cross: { hairpin: ['app.example.test', 'app.home.test'], floor: ['app.example2.test', 'app.home2.test'] },
};
const SITE_LABEL: Record<SiteKey, string> = { same: 'same-site', cross: 'cross-site' };
const START_LABEL: Record<Start, string> = { fresh: 'fresh tab', onsite: 'tab on target site' };
const ARM_LABEL: Record<Arm, string> = {
  A: 'A Hairpin redirect',
  B: 'B direct',
  C: 'C server 302',
  F: 'F bare DNR extension redirect',
};
const CELLS: Cell[] = (['same', 'cross'] as SiteKey[]).flatMap((site) =>
  (['fresh', 'onsite'] as Start[]).flatMap((start) =>
    (['A', 'B', 'C', 'F'] as Arm[]).map((arm): Cell => `${site}|${start}|${arm}`),
  ),
);

interface Timing {
  origin: number;
  fetchStart: number;
  responseStart: number;
  loadEventEnd: number;
}
interface Sample {
  wall: number;
  timing: Timing;
}
interface Launch {
  order: Order;
  samples: Record<Cell, Sample[]>;
  loadAverage: number[];
}

/** The page's own navigation timing, once its load event has ended. */
export async function firefoxNavTiming(browser: FirefoxExtensionBrowser, tab: string): Promise<Timing> {
  return waitFor(
    () =>
      browser.evaluate<Timing | null>(
        tab,
        `(() => { const e = performance.getEntriesByType('navigation')[0];
          return e && e.loadEventEnd > 0 ? { origin: performance.timeOrigin, fetchStart: e.fetchStart,
            responseStart: e.responseStart, loadEventEnd: e.loadEventEnd } : null; })()`,
      ),
    { timeoutMs: 10_000, intervalMs: 5, message: 'the load event to end' },
  );
}

export async function firefoxSection(options: BenchOptions): Promise<Section> {
  const internal = await startServer(appPage('internal'));
  const external = await startServer(appPage('external'));
  // Every name resolves to 127.0.0.1 in Firefox: the port picks the server.
  const redirecting: Handler = (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const site = Object.values(HOSTS).find((candidate) => candidate.hairpin[0] === host);
    if (!site) return void response.writeHead(404).end();
    response.writeHead(302, {
      location: `http://${site.hairpin[1]}:${internal.port}${request.url ?? '/'}`,
      'cache-control': 'no-store',
    });
    response.end();
  };
  const serverRedirect = await startServer(redirecting);
  const probes: ProbeServers = await firefoxProbes.startServers(external);
  const servers: TestServer[] = [internal, external, serverRedirect];
  const origin = (host: string, port: number) => `http://${host}:${port}`;
  const floorDir = writeStaticFloorExtension(
    Object.values(HOSTS).map((site) => ({
      from: origin(site.floor[0], external.port),
      to: origin(site.floor[1], internal.port),
    })),
  );
  const mappings = (Object.keys(HOSTS) as SiteKey[]).map((key) => ({
    name: key,
    external: origin(HOSTS[key].hairpin[0], external.port),
    internal: origin(HOSTS[key].hairpin[1], internal.port),
  }));
  const url = (site: SiteKey, arm: Arm) => {
    const path = '/web/index.html?item=42';
    const [from, to] = HOSTS[site][arm === 'F' ? 'floor' : 'hairpin'];
    if (arm === 'B') return origin(to, internal.port) + path;
    if (arm === 'C') return origin(from, serverRedirect.port) + path;
    return origin(from, external.port) + path;
  };
  const target = (site: SiteKey, arm: Arm) => origin(HOSTS[site][arm === 'F' ? 'floor' : 'hairpin'][1], internal.port);

  /**
   * Check now and the rescue, in the last browser, once every redirect sample is in. Firefox was
   * seen to stop answering WebDriver BiDi during the rescue arms (a tab close with no answer in
   * 20 s, on an idle machine, with builds old and new), and the next Firefox launched then lost
   * its connection at once: that loses these rows, said in a table of their own, not the others.
   */
  const measureProbes = async (browser: FirefoxExtensionBrowser) => {
    try {
      return await firefoxProbes.measure(browser, probes, mappings, options);
    } catch (error) {
      log(`firefox: Check now and rescue lost: ${String(error)}`);
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
      return {
        rows: [],
        details: [{ title: 'Firefox: Check now and rescue not measured', table: [['why'], [reason]] }],
        facts: { probesLost: reason },
      };
    }
  };
  const launches: Launch[] = [];
  let probeSection: { rows: Row[]; details: Section['details']; facts: Record<string, unknown> } | undefined;
  try {
    for (const order of ['Hairpin first', 'floor first'] as Order[]) {
      log(`firefox: ${order}`);
      const browser = await launchFirefox({
        extensionDir: options.firefoxExtensionDir,
        otherExtensions: [floorDir],
        othersFirst: order === 'floor first',
      });
      try {
        await probes.configure(browser, mappings, 'home');
        await waitFor(async () => (await browser.installedRules()).length >= mappings.length, {
          message: 'Hairpin’s rules in Firefox',
        });
        const samples = Object.fromEntries(CELLS.map((cell) => [cell, [] as Sample[]])) as Record<Cell, Sample[]>;
        const measure = async (cell: Cell, keep: boolean) => {
          const [site, start, arm] = cell.split('|') as [SiteKey, Start, Arm];
          const tab = await browser.newTab();
          try {
            if (start === 'onsite') await browser.navigate(tab, `${target(site, arm)}/start`);
            const t0 = performance.now();
            await browser.navigate(tab, url(site, arm));
            const wall = performance.now() - t0;
            const timing = await firefoxNavTiming(browser, tab);
            const landed = await browser.tabUrl(tab);
            if (!landed.startsWith(`${target(site, arm)}/`))
              throw new Error(`firefox ${cell}: ended on ${landed}, not ${target(site, arm)}`);
            if (keep) samples[cell].push({ wall, timing });
          } finally {
            // Under heavy load Firefox was seen to take over 20 s to close a tab: not a reason to lose the run.
            await browser.closeTab(tab).catch((error: unknown) => log(`firefox: closing a tab: ${String(error)}`));
          }
        };
        // Warm-up, not measured; skipped in tiny smoke runs.
        if (options.samples >= 5) for (const cell of CELLS) await measure(cell, false);
        const rounds = Math.max(1, Math.ceil(options.samples / 2));
        log(`firefox: ${CELLS.length} cells × ${rounds} rounds (${order})`);
        await interleave(rounds, CELLS, options.seed + (order === 'floor first' ? 7 : 5), (cell) =>
          measure(cell, true),
        );
        launches.push({ order, samples, loadAverage: loadavg().map((value) => Math.round(value * 100) / 100) });
        if (order === 'floor first') probeSection = await measureProbes(browser);
      } finally {
        await browser.close();
      }
    }
  } finally {
    rmSync(floorDir, { recursive: true, force: true });
    await Promise.all([...servers.map((server) => server.close()), probes.close()]);
  }
  const redirect = report(launches, options);
  return {
    name: 'firefox',
    title: 'Firefox',
    rows: [...redirect.rows, ...(probeSection?.rows ?? [])],
    details: [...redirect.details, ...(probeSection?.details ?? [])],
    facts: { ...redirect.facts, ...probeSection?.facts },
  };
}

function report(launches: readonly Launch[], options: BenchOptions) {
  const load = (sample: Sample) => sample.timing.loadEventEnd;
  const redirectStep = (sample: Sample) => sample.timing.fetchStart;
  const rows: Row[] = [];
  const estimate = (site: SiteKey, start: Start, subject: Arm, reference: Arm, pick: (sample: Sample) => number) => {
    const blocks: Block[] = launches.map((launch) => ({
      run: 0,
      order: launch.order,
      subject: launch.samples[`${site}|${start}|${subject}`].map(pick),
      reference: launch.samples[`${site}|${start}|${reference}`].map(pick),
    }));
    return ratioEstimate(blocks, 2000, options.seed);
  };
  const all = (site: SiteKey, start: Start, arm: Arm, pick: (sample: Sample) => number) =>
    launches.flatMap((launch) => launch.samples[`${site}|${start}|${arm}`].map(pick));
  const row = (
    site: SiteKey,
    start: Start,
    subject: Arm,
    reference: Arm,
    what: string,
    pick: (sample: Sample) => number = load,
    target?: number,
  ): Row => {
    const value = estimate(site, start, subject, reference, pick);
    const own = all(site, start, subject, pick);
    const base = all(site, start, reference, pick);
    return {
      section: 'firefox',
      measure: `${SITE_LABEL[site]}, ${START_LABEL[start]}: ${what}`,
      unit: 'ms',
      n: own.length,
      median: median(own),
      p95: p95(own),
      baseline: { label: ARM_LABEL[reference], median: median(base), p95: p95(base), n: base.length },
      ratio: value.ratio,
      ...(target === undefined ? {} : { target: `≤ ${target.toFixed(2)}×`, met: value.ratio <= target }),
      note: `ratio: both install orders, geomean; 95 % interval ${value.low.toFixed(2)}–${value.high.toFixed(2)}`,
      interval: { low: value.low, high: value.high, level: 0.95 },
    };
  };
  const table: string[][] = [
    [
      'site',
      'tab before',
      'arm',
      'n',
      'wall',
      'nav start→fetchStart (negative seen in Firefox for a tab that showed a page before)',
      'request→response start',
      'load: median / p95',
    ],
  ];
  for (const site of ['same', 'cross'] as SiteKey[]) {
    for (const start of ['fresh', 'onsite'] as Start[]) {
      rows.push(
        row(site, start, 'A', 'C', 'A/C load, Hairpin vs a server 302', load, 1.0),
        row(site, start, 'A', 'B', 'A/B load, Hairpin vs a direct link', load, site === 'same' ? 1.05 : undefined),
        row(site, start, 'F', 'B', 'F/B load, bare DNR extension vs a direct link (Firefox’s own redirect)'),
        row(site, start, 'A', 'F', 'A/F load, Hairpin vs the bare DNR extension (what Hairpin adds)', load, 1.03),
      );
      for (const arm of ['A', 'B', 'C', 'F'] as Arm[]) {
        const list = launches.flatMap((launch) => launch.samples[`${site}|${start}|${arm}`]);
        table.push([
          SITE_LABEL[site],
          START_LABEL[start],
          ARM_LABEL[arm],
          String(list.length),
          formatMs(median(list.map((sample) => sample.wall))),
          formatMs(median(list.map(redirectStep))),
          formatMs(median(list.map((sample) => sample.timing.responseStart - sample.timing.fetchStart))),
          `${formatMs(median(list.map(load)))} / ${formatMs(p95(list.map(load)))}`,
        ]);
      }
    }
  }
  return {
    rows,
    details: [
      {
        title: `Firefox redirect: where the time goes (medians over both install orders, ${Math.max(1, Math.ceil(options.samples / 2))} interleaved rounds per launch)`,
        table,
      },
      {
        title: 'Firefox: load average at the end of each launch’s redirect rounds',
        table: [
          ['launch', 'load average (1 / 5 / 15 min)'],
          ...launches.map((l) => [l.order, l.loadAverage.join(' / ')]),
        ],
      },
    ],
    facts: { loadAverages: launches.map((launch) => ({ order: launch.order, loadAverage: launch.loadAverage })) },
  };
}
