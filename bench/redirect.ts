// 1. Redirect overhead. Three arms, interleaved: (A) the external URL, redirected by Hairpin's
// DNR rule to the internal server; (B) the internal URL typed directly (no redirect at all);
// (C) the external host answering a 302 to the internal one (what a server-side redirect costs).
// Each for a cross-site and a same-site mapping, from a fresh tab and from a tab already on
// the target site, plus diagnostic variants that test why a fresh tab costs more. A second
// Chromium carries a bare extension with only Hairpin's DNR rules (A′, B′): the platform's floor.
import type { Page } from 'playwright-core';
import { appPage, healthEndpoint, startServer, type Handler, type TestServer } from '../test/e2e/support/servers';
import { launchChromium } from '../test/e2e/support/chromium';
import { launchFloorBrowser, type FloorBrowser } from './floor-extension';
import {
  hairpinConfig,
  navTiming,
  saveConfig,
  TOKEN,
  waitForRulesFrom,
  workerControl,
  type NavTiming,
  send,
} from './browser';
import { waitFor } from '../test/e2e/support/poll';
import {
  epochNow,
  formatMs,
  interleave,
  log,
  median,
  p95,
  ratioRow,
  rendererLaunchCounter,
  stats,
  type BenchOptions,
  type Row,
  type Section,
} from './lib';

const EXTERNAL_PORT = 8080; // what Hairpin's mapping names; DNR redirects it before any request
const SERVER_REDIRECT_PORT = 8081; // same host, not mapped: the external server's own 302
const INTERNAL_PORT = 8096;

interface Site {
  key: 'cross' | 'same';
  label: string;
  external: string;
  internal: string;
}

const SITES: Site[] = [
  {
    key: 'cross',
    label: 'cross-site (app.example.test → app.home.test)',
    external: 'app.example.test',
    internal: 'app.home.test',
  },
  {
    key: 'same',
    label: 'same-site (jellyfin.example.test → jellyfin.home.example.test)',
    external: 'jellyfin.example.test',
    internal: 'jellyfin.home.example.test',
  },
];

/**
 * Where the tab is before the measured navigation:
 * - fresh: a new tab (about:blank), its first navigation;
 * - onsite: a tab already showing a page of the target (internal) site;
 * - othersite: a tab showing an unrelated site (other.test): not a first navigation, but no
 *   page of the target site open (diagnostic: separates "first navigation of a tab" from
 *   "no renderer for the target site yet");
 * - freshwarm: a new tab while another tab stays open on the target site (diagnostic: a
 *   process for the site already exists and could be reused);
 * - swstopped: a fresh tab while Hairpin's service worker is stopped, as after 30 s without
 *   any navigation: the navigation's webRequest events wake it;
 * - stale: a fresh tab with the network in Auto (the default) and its last check a minute old,
 *   so the navigation's check ahead probes the health endpoint while the page loads. Every other
 *   start forces Home, so that no probe runs during their samples.
 */
type Start = 'fresh' | 'onsite' | 'swstopped' | 'stale' | 'othersite' | 'freshwarm';
const ALL_STARTS: Start[] = ['fresh', 'onsite', 'swstopped', 'stale', 'othersite', 'freshwarm'];
/** The starts with a target, reported as ratio rows. */
const MAIN_STARTS: Start[] = ['fresh', 'onsite', 'swstopped', 'stale'];
const START_LABEL: Record<Start, string> = {
  fresh: 'fresh tab',
  onsite: 'tab on target site',
  swstopped: 'fresh tab, worker stopped',
  stale: 'fresh tab, Auto, last check a minute old',
  othersite: 'tab on unrelated site',
  freshwarm: 'fresh tab, site open elsewhere',
};
/** A′ and B′ run in the second Chromium, whose only extension is a bare copy of Hairpin's rules. */
type Arm = 'A' | 'B' | 'C' | 'A′' | 'B′';
const HAIRPIN_ARMS: Arm[] = ['A', 'B', 'C'];
const FLOOR_ARMS: Arm[] = ['A′', 'B′'];
/** The floor arms only where the targets are: a fresh tab and a tab on the target site. */
const FLOOR_STARTS: Start[] = ['fresh', 'onsite'];
const ARM_LABEL: Record<Arm, string> = {
  A: 'A Hairpin redirect',
  B: 'B direct (no redirect)',
  C: 'C server 302',
  'A′': 'A′ bare DNR extension redirect',
  'B′': 'B′ direct, bare DNR extension',
};

interface Sample {
  wall: number;
  /** Node's goto call → the browser's navigation start (harness latency). */
  pre: number;
  /** The page's load event end → Node's goto resolved (harness latency). */
  post: number;
  timing: NavTiming;
  /** Renderer processes launched during the navigation (null where ps is unavailable). */
  launched: number | null;
  /** TCP connections the external host accepted, and requests it got, during the navigation. */
  externalConnections: number;
  externalRequests: number;
  /** Hairpin's service worker state just before the navigation. */
  workerWas: string;
  /** Requests at the health endpoint caused by the navigation: the check ahead, when the verdict was over 30 s old. */
  probes: number;
}

type Cell = `${Site['key']}|${Start}|${Arm}`;

export async function redirectSection(options: BenchOptions): Promise<Section> {
  const internal = await startServer(appPage('internal'));
  const redirecting: Handler = (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const site = SITES.find((candidate) => candidate.external === host);
    if (!site) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(302, {
      location: `http://${site.internal}:${INTERNAL_PORT}${request.url ?? '/'}`,
      'cache-control': 'no-store',
    });
    response.end();
  };
  const external = await startServer(redirecting);
  const other = await startServer(appPage('other'));
  const health = await startServer(healthEndpoint(TOKEN));
  const servers: TestServer[] = [internal, external, other, health];
  const hosts: Record<string, number> = { 'other.test': other.port };
  for (const site of SITES) {
    hosts[site.external] = external.port;
    hosts[site.internal] = internal.port;
  }
  const browser = await launchChromium(hosts, { extensionDir: options.extensionDir });
  let floor: FloorBrowser | undefined;
  try {
    await saveConfig(
      browser,
      hairpinConfig(
        `http://127.0.0.1:${health.port}/hairpin`,
        SITES.map((site) => ({
          name: site.key,
          external: `http://${site.external}:${EXTERNAL_PORT}`,
          internal: `http://${site.internal}:${INTERNAL_PORT}`,
        })),
      ),
    );
    await send(browser, { type: 'setMode', network: 'Home', mode: 'home' });
    for (const site of SITES) await waitForRulesFrom(browser, site.external);

    floor = await launchFloorBrowser(hosts, await browser.installedRules());
    const floorBrowser = floor.browser;

    const url = (site: Site, arm: Arm) =>
      arm === 'A' || arm === 'A′'
        ? `http://${site.external}:${EXTERNAL_PORT}/web/index.html?item=42`
        : arm === 'B' || arm === 'B′'
          ? `http://${site.internal}:${INTERNAL_PORT}/web/index.html?item=42`
          : `http://${site.external}:${SERVER_REDIRECT_PORT}/web/index.html?item=42`;
    const startUrl = (site: Site) => `http://${site.internal}:${INTERNAL_PORT}/start`;

    const worker = await workerControl(browser);
    const cells: Cell[] = [];
    for (const site of SITES) {
      for (const start of ALL_STARTS) for (const arm of HAIRPIN_ARMS) cells.push(`${site.key}|${start}|${arm}`);
      for (const start of FLOOR_STARTS) for (const arm of FLOOR_ARMS) cells.push(`${site.key}|${start}|${arm}`);
    }
    const samples = new Map<Cell, Sample[]>(cells.map((cell) => [cell, []]));

    // Warm-up: connections, code caches and the spare renderer, not measured.
    for (const cell of cells) await measureCell(cell, true);

    // The diagnostic variants (tab on an unrelated site; fresh tab with the site open
    // elsewhere) get a third of the rounds, to keep the run short.
    const diagRounds = Math.max(2, Math.ceil(options.samples / 3));
    const isDiagnostic = (cell: Cell) => cell.includes('|othersite|') || cell.includes('|freshwarm|');
    log(
      `redirect: ${cells.filter((cell) => !isDiagnostic(cell)).length} cells × ${options.samples} samples, ${cells.filter(isDiagnostic).length} diagnostic cells × ${diagRounds}`,
    );
    await interleave(options.samples, cells, options.seed, async (cell, roundIndex) => {
      if (isDiagnostic(cell) && roundIndex >= diagRounds) return;
      await measureCell(cell, false);
    });

    async function measureCell(cell: Cell, warmup: boolean): Promise<void> {
      const [siteKey, start, arm] = cell.split('|') as [Site['key'], Start, Arm];
      const site = SITES.find((candidate) => candidate.key === siteKey)!;
      // Every sample sets up its own tabs, so that no tab of an earlier sample keeps a
      // renderer of the target site alive (except in `freshwarm`, on purpose).
      const onFloor = FLOOR_ARMS.includes(arm);
      const measured = onFloor ? floorBrowser : browser;
      const opened: Page[] = [];
      const open = async () => {
        const created = await measured.context.newPage();
        opened.push(created);
        return created;
      };
      if (start === 'freshwarm') await (await open()).goto(startUrl(site));
      const page = await open();
      if (start === 'onsite') await page.goto(startUrl(site));
      if (start === 'othersite') await page.goto('http://other.test:8000/');
      if (start === 'stale') {
        await send(browser, { type: 'setMode', network: 'Home', mode: 'auto' });
        await browser.ageVerdicts(60_000);
      }
      if (start === 'swstopped') await worker.stop();
      else await worker.wake();
      const workerWas = onFloor ? 'n/a' : worker.status();
      const launchesBefore = rendererLaunchCounter(measured.profile);
      const connectionsBefore = external.connections;
      const requestsBefore = external.requests.length;
      const probesBefore = health.requests.length;
      const calledAt = epochNow();
      const t0 = performance.now();
      await page.goto(url(site, arm), { waitUntil: 'load' });
      const wall = performance.now() - t0;
      const resolvedAt = epochNow();
      const launchesAfter = rendererLaunchCounter(measured.profile);
      const timing = await navTiming(page);
      if (!page.url().startsWith(`http://${site.internal}:${INTERNAL_PORT}/`)) {
        throw new Error(`${cell}: ended on ${page.url()}, not the internal site`);
      }
      // The check ahead's probe may land after the load event: wait for it (outside the timed
      // window), so that it neither goes uncounted nor falls into the next sample. C is checked
      // too: Chromium reports the request after its 302 as a new start, to a mapped host.
      if (start === 'stale') {
        await waitFor(() => health.requests.length > probesBefore, {
          timeoutMs: 5000,
          message: 'the check ahead to probe',
        }).catch(() => undefined);
      }
      const probes = health.requests.length - probesBefore;
      if (!warmup) {
        samples.get(cell)!.push({
          wall,
          pre: timing.origin - calledAt,
          post: resolvedAt - (timing.origin + timing.loadEventEnd),
          timing,
          launched: launchesBefore === null || launchesAfter === null ? null : launchesAfter - launchesBefore,
          externalConnections: external.connections - connectionsBefore,
          externalRequests: external.requests.length - requestsBefore,
          workerWas,
          probes,
        });
      }
      for (const tab of opened) await tab.close();
      if (start === 'stale') await send(browser, { type: 'setMode', network: 'Home', mode: 'home' });
    }

    return report(samples);
  } finally {
    await floor?.close();
    await browser.close();
    await Promise.all(servers.map((server) => server.close()));
  }
}

/**
 * Hairpin's A/B over the bare extension's A′/B′: what Hairpin adds beyond any DNR redirect. Each
 * ratio is taken within one browser, so the difference between the two instances cancels out.
 * Its "median" is the ratio of the medians, its "p95" the same ratio of the p95s.
 */
function excessRow(measure: string, a: number[], b: number[], floorA: number[], floorB: number[]): Row {
  const within = (pick: (values: number[]) => number, x: number[], y: number[]) => pick(x) / pick(y);
  const hairpin = within(median, a, b);
  const floor = within(median, floorA, floorB);
  return {
    section: 'redirect',
    measure,
    unit: 'ratio',
    n: Math.min(a.length, b.length),
    median: hairpin,
    p95: within(p95, a, b),
    baseline: {
      label: 'A′/B′',
      median: floor,
      p95: within(p95, floorA, floorB),
      n: Math.min(floorA.length, floorB.length),
    },
    ratio: hairpin / floor,
  };
}

function report(samples: Map<Cell, Sample[]>): Section {
  const get = (site: Site, start: Start, arm: Arm) => samples.get(`${site.key}|${start}|${arm}`)!;
  const wall = (list: Sample[]) => list.map((sample) => sample.wall);
  const load = (list: Sample[]) => list.map((sample) => sample.timing.loadEventEnd);
  const rows: Row[] = [];
  for (const site of SITES) {
    for (const start of MAIN_STARTS) {
      const where = `${site.key === 'cross' ? 'cross-site' : 'same-site'}, ${START_LABEL[start]}`;
      const a = get(site, start, 'A');
      const b = get(site, start, 'B');
      const c = get(site, start, 'C');
      rows.push(
        ratioRow(
          { section: 'redirect', measure: `${where}: A/C wall (goto→load)`, target: '≤ 1.00×' },
          wall(a),
          'C server 302',
          wall(c),
          1.0,
        ),
        ratioRow(
          { section: 'redirect', measure: `${where}: A/C load (nav timing)`, target: '≤ 1.00×' },
          load(a),
          'C server 302',
          load(c),
          1.0,
        ),
      );
      const sameSite = site.key === 'same';
      rows.push(
        ratioRow(
          {
            section: 'redirect',
            measure: `${where}: A/B wall (goto→load)`,
            ...(sameSite ? {} : { note: 'no target cross-site' }),
          },
          wall(a),
          'B direct',
          wall(b),
          sameSite ? 1.05 : undefined,
        ),
        ratioRow(
          {
            section: 'redirect',
            measure: `${where}: A/B load (nav timing)`,
            ...(sameSite ? {} : { note: 'no target cross-site' }),
          },
          load(a),
          'B direct',
          load(b),
          sameSite ? 1.05 : undefined,
        ),
      );
      if (FLOOR_STARTS.includes(start)) {
        const floorA = get(site, start, 'A′');
        const floorB = get(site, start, 'B′');
        rows.push(
          ratioRow(
            {
              section: 'redirect',
              measure: `${where}: A′/B′ load, a bare extension with only Hairpin's DNR rules (the platform's floor)`,
            },
            load(floorA),
            'B′ direct',
            load(floorB),
          ),
          ratioRow(
            {
              section: 'redirect',
              measure: `${where}: A/A′ load, Hairpin's redirect vs the bare extension's`,
              note: 'two browser instances: identical work was seen to differ by ~7 % between them',
            },
            load(a),
            'A′ bare extension',
            load(floorA),
          ),
          excessRow(
            `${where}: (A/B) ÷ (A′/B′) load, Hairpin's redirect beyond the platform's (each browser against itself)`,
            load(a),
            load(b),
            load(floorA),
            load(floorB),
          ),
        );
      }
    }
  }

  // The redirect's own cost, isolated from everything after it: navigation start → fetchStart
  // of the final request (the DNR redirect, or the 302 round trip, happens in there). Pooled
  // over the fresh, on-site and worker-stopped tabs.
  for (const site of SITES) {
    const pooled = (arm: Arm) =>
      (['fresh', 'onsite', 'swstopped'] as Start[]).flatMap((start) =>
        get(site, start, arm).map((sample) => sample.timing.fetchStart),
      );
    const floorPooled = (arm: Arm) =>
      FLOOR_STARTS.flatMap((start) => get(site, start, arm).map((sample) => sample.timing.fetchStart));
    const label = site.key === 'cross' ? 'cross-site' : 'same-site';
    rows.push(
      ratioRow(
        { section: 'redirect', measure: `${label}: nav start → fetchStart, A/C (the redirect itself)` },
        pooled('A'),
        'C server 302',
        pooled('C'),
      ),
      ratioRow(
        { section: 'redirect', measure: `${label}: nav start → fetchStart, A/B (the redirect itself)` },
        pooled('A'),
        'B direct',
        pooled('B'),
      ),
      ratioRow(
        { section: 'redirect', measure: `${label}: nav start → fetchStart, A′/B′ (the bare extension's redirect)` },
        floorPooled('A′'),
        'B′ direct',
        floorPooled('B′'),
      ),
    );
  }

  // Where the time goes: medians of navigation-timing phases per cell.
  const header = [
    'site',
    'tab before',
    'arm',
    'n',
    'wall',
    'nav start→fetchStart (redirect)',
    'DNS+connect',
    'request→response',
    'responseEnd→domInteractive (commit)',
    'load',
    'FCP',
    'renderers launched (mean)',
    'new connection to final host',
    'connections / requests to external host (total)',
    'worker stopped at start',
    'health probes caused (total)',
    'harness pre+post',
  ];
  const table: string[][] = [header];
  const breakdown: Record<string, unknown> = {};
  for (const site of SITES) {
    for (const start of ALL_STARTS) {
      for (const arm of FLOOR_STARTS.includes(start) ? [...HAIRPIN_ARMS, ...FLOOR_ARMS] : HAIRPIN_ARMS) {
        const list = get(site, start, arm);
        const med = (pick: (sample: Sample) => number) => median(list.map(pick));
        const launches = list.map((sample) => sample.launched).filter((value): value is number => value !== null);
        const meanLaunch = launches.length
          ? launches.reduce((sum, value) => sum + value, 0) / launches.length
          : Number.NaN;
        const fresh = list.filter((sample) => sample.timing.connectEnd > sample.timing.connectStart).length;
        const phases = {
          n: list.length,
          wall: stats(wall(list)),
          redirect: med((s) => s.timing.fetchStart),
          connect: med((s) => s.timing.connectEnd - s.timing.domainLookupStart),
          ttfb: med((s) => s.timing.responseStart - s.timing.requestStart),
          commit: med((s) => s.timing.domInteractive - s.timing.responseEnd),
          load: stats(load(list)),
          fcp: med((s) => (s.timing.fcp >= 0 ? s.timing.fcp : Number.NaN)),
          renderersLaunchedMean: meanLaunch,
          newConnectionShare: list.length ? fresh / list.length : Number.NaN,
          harness: med((s) => s.pre + s.post),
          externalConnections: list.reduce((sum, sample) => sum + sample.externalConnections, 0),
          externalRequests: list.reduce((sum, sample) => sum + sample.externalRequests, 0),
          probes: list.reduce((sum, sample) => sum + sample.probes, 0),
        };
        breakdown[`${site.key}|${start}|${arm}`] = phases;
        table.push([
          site.key === 'cross' ? 'cross' : 'same',
          START_LABEL[start],
          ARM_LABEL[arm],
          String(list.length),
          formatMs(phases.wall.median),
          formatMs(phases.redirect),
          formatMs(phases.connect),
          formatMs(phases.ttfb),
          formatMs(phases.commit),
          formatMs(phases.load.median),
          formatMs(phases.fcp),
          Number.isFinite(meanLaunch) ? meanLaunch.toFixed(2) : '–',
          `${Math.round(phases.newConnectionShare * 100)} %`,
          `${phases.externalConnections} / ${phases.externalRequests}`,
          FLOOR_ARMS.includes(arm)
            ? '–'
            : `${list.filter((sample) => sample.workerWas === 'stopped').length}/${list.length}`,
          FLOOR_ARMS.includes(arm) ? '–' : String(phases.probes),
          formatMs(phases.harness),
        ]);
      }
    }
  }

  // Diagnostic ratios: does the fresh-tab penalty follow the tab being new, or the site having no renderer yet?
  const diag: string[][] = [['site', 'tab before', 'A/B wall', 'A/C wall', 'A/B load', 'A/C load']];
  for (const site of SITES) {
    for (const start of ALL_STARTS) {
      const a = get(site, start, 'A');
      const b = get(site, start, 'B');
      const c = get(site, start, 'C');
      const r = (x: number[], y: number[]) => `${(median(x) / median(y)).toFixed(2)}×`;
      diag.push([
        site.key,
        START_LABEL[start],
        r(wall(a), wall(b)),
        r(wall(a), wall(c)),
        r(load(a), load(b)),
        r(load(a), load(c)),
      ]);
    }
  }

  return {
    name: 'redirect',
    title: 'Redirect overhead',
    rows,
    details: [
      { title: 'Redirect: where the time goes (medians; nav-timing phases from the final document)', table },
      { title: 'Redirect: ratios by where the tab was before (diagnostic variants included)', table: diag },
    ],
    facts: {
      breakdown,
      ports: { external: EXTERNAL_PORT, serverRedirect: SERVER_REDIRECT_PORT, internal: INTERNAL_PORT },
    },
  };
}
