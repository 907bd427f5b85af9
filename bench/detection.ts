// 2. Detection latency: from a network change (the health endpoint comes up or goes down) plus
// a trigger (Check now; a failed navigation) to the rules being switched, seen by polling
// getSessionRules every 2 ms from an extension page (see browser.ts). Floors, interleaved:
// one probe round trip to a live endpoint (coming home), one probe to an endpoint that drops
// the connection (leaving, fast failure); for an endpoint that hangs, the configured timeoutMs.
import {
  appPage,
  closedPort,
  droppingHandler,
  hangingHandler,
  healthEndpoint,
  startServer,
  type Handler,
} from '../test/e2e/support/servers';
import { launchChromium } from '../test/e2e/support/chromium';
import {
  armRuleWatch,
  checkUntilRulesFrom,
  hairpinConfig,
  helperPage,
  saveConfig,
  startHealth,
  TOKEN,
  untilUndisturbed,
  withTimeout,
} from './browser';
import { epochNow, interleave, log, ratioRow, stats, type BenchOptions, type Row, type Section } from './lib';

/** The probe timeout for this section (the product default is 1500 ms). */
const PROBE_TIMEOUT_MS = 1000;

type Arm = 'floor-up' | 'floor-drop' | 'up-check' | 'down-drop-check' | 'down-hang-check' | 'up-nav' | 'down-nav';

export async function detectionSection(options: BenchOptions): Promise<Section> {
  const health = await startHealth();
  const app = await startServer(appPage('app'));
  const refused = await closedPort();
  const browser = await launchChromium(
    {
      'app.example.test': app.port,
      'app.home.test': app.port,
      // Home, but the internal server refuses: a navigation fails and triggers a re-probe.
      'refuse.example.test': app.port,
      'refuse.home.test': refused,
      // Away, but the external address refuses (no NAT loopback): the same, the other way.
      'nonat.example.test': refused,
      'nonat.home.test': app.port,
    },
    { extensionDir: options.extensionDir },
  );
  const probeUrl = `http://127.0.0.1:${health.server.port}/hairpin`;
  try {
    await saveConfig(
      browser,
      hairpinConfig(
        probeUrl,
        [
          { name: 'App', external: 'http://app.example.test:8080', internal: 'http://app.home.test:8096' },
          {
            name: 'Refusing inside',
            external: 'http://refuse.example.test:8080',
            internal: 'http://refuse.home.test:8096',
          },
          {
            name: 'No NAT loopback',
            external: 'http://nonat.example.test:8080',
            internal: 'http://nonat.home.test:8096',
          },
        ],
        { timeoutMs: PROBE_TIMEOUT_MS },
      ),
    );
    const control = await helperPage(browser);
    const checkNow = () =>
      withTimeout(
        control.evaluate(() => {
          const at = performance.timeOrigin + performance.now();
          void chrome.runtime.sendMessage({ type: 'checkNow' });
          return at;
        }),
        10_000,
        'Check now',
      );
    const settle = async (where: 'home' | 'away') => {
      health.set(where === 'home' ? healthEndpoint(TOKEN) : droppingHandler);
      await checkUntilRulesFrom(browser, where === 'home' ? 'app.example.test' : 'app.home.test');
    };
    const samples: Record<Arm, number[]> = {
      'floor-up': [],
      'floor-drop': [],
      'up-check': [],
      'down-drop-check': [],
      'down-hang-check': [],
      'up-nav': [],
      'down-nav': [],
    };

    const probeOnce = async (): Promise<number> => {
      // From an extension page: the same origin, host permission and fetch as the worker's probe.
      const page = await helperPage(browser);
      return page.evaluate(async (url) => {
        const started = performance.now();
        try {
          const response = await fetch(url, { cache: 'no-store', credentials: 'omit', redirect: 'manual' });
          await response.text();
        } catch {
          // a dropped connection: the failure is the answer
        }
        return performance.now() - started;
      }, probeUrl);
    };

    /**
     * Arms a rule watch, sets the endpoint's new state, fires the trigger (which returns when it
     * fired) and times the switch. Null (measure again) when a probe Hairpin made on its own
     * (the minute alarm) reached the endpoint between arming and the trigger.
     */
    const timeSwitch = async (
      from: 'home' | 'away',
      endpoint: Handler,
      trigger: () => Promise<{ at: number; cleanup?: () => Promise<void> }>,
    ): Promise<number | null> => {
      await settle(from);
      const watch = await armRuleWatch(browser, from === 'home' ? 'app.home.test' : 'app.example.test', 10_000);
      const armedAt = epochNow();
      health.set(endpoint);
      const fired = await trigger();
      const switchedAt = await watch.collect();
      await fired.cleanup?.();
      const disturbed = health.probeTimes.some((time) => time >= armedAt && time < fired.at);
      return disturbed || switchedAt <= fired.at ? null : switchedAt - fired.at;
    };
    const viaCheckNow = async () => ({ at: await checkNow() });
    const viaNavigation = (url: string) => async () => {
      const page = await browser.context.newPage();
      const at = epochNow();
      void page.goto(url, { timeout: 30_000 }).catch(() => undefined);
      return { at, cleanup: () => page.close() };
    };

    const run = async (arm: Arm) => {
      const measure = (
        from: 'home' | 'away',
        endpoint: Handler,
        trigger: () => Promise<{ at: number; cleanup?: () => Promise<void> }>,
      ) => untilUndisturbed(() => timeSwitch(from, endpoint, trigger), arm);
      switch (arm) {
        case 'floor-up':
          health.set(healthEndpoint(TOKEN));
          samples[arm].push(await probeOnce());
          return;
        case 'floor-drop':
          health.set(droppingHandler);
          samples[arm].push(await probeOnce());
          return;
        case 'up-check':
          samples[arm].push(await measure('away', healthEndpoint(TOKEN), viaCheckNow));
          return;
        case 'down-drop-check':
          samples[arm].push(await measure('home', droppingHandler, viaCheckNow));
          return;
        case 'down-hang-check':
          samples[arm].push(await measure('home', hangingHandler, viaCheckNow));
          return;
        case 'up-nav':
          // Away, the endpoint is back, and the external address refuses (no NAT loopback).
          samples[arm].push(
            await measure('away', healthEndpoint(TOKEN), viaNavigation('http://nonat.home.test:8096/library')),
          );
          return;
        case 'down-nav':
          // Home, the endpoint drops, and the internal server refuses.
          samples[arm].push(
            await measure('home', droppingHandler, viaNavigation('http://refuse.example.test:8080/library')),
          );
          return;
      }
    };

    const arms = Object.keys(samples) as Arm[];
    for (const arm of arms) await run(arm); // warm-up, discarded
    for (const arm of arms) samples[arm].length = 0;
    log(`detection: ${arms.length} arms × ${options.samples} samples`);
    await interleave(options.samples, arms, options.seed + 2, run);

    const timeoutFloor = Array.from({ length: samples['down-hang-check'].length }, () => PROBE_TIMEOUT_MS);
    const rows: Row[] = [
      ratioRow(
        { section: 'detection', measure: 'endpoint comes up, Check now → rules switched to Home' },
        samples['up-check'],
        'one probe round trip',
        samples['floor-up'],
      ),
      ratioRow(
        {
          section: 'detection',
          measure: 'endpoint comes up, failed navigation (external refuses) → rules switched to Home',
          note: 'includes the navigation failing',
        },
        samples['up-nav'],
        'one probe round trip',
        samples['floor-up'],
      ),
      ratioRow(
        {
          section: 'detection',
          measure: 'endpoint goes down (drops connections), Check now → rules switched to Away',
          note: 'a Home verdict < 5 min old is re-probed once after 150 ms before flipping',
        },
        samples['down-drop-check'],
        'one failed probe',
        samples['floor-drop'],
      ),
      ratioRow(
        {
          section: 'detection',
          measure: 'endpoint goes down (drops connections), failed navigation (internal refuses) → Away',
          note: 'includes the navigation failing; one re-probe',
        },
        samples['down-nav'],
        'one failed probe',
        samples['floor-drop'],
      ),
      ratioRow(
        {
          section: 'detection',
          measure: `endpoint goes down (hangs), Check now → rules switched to Away (timeoutMs ${PROBE_TIMEOUT_MS})`,
          note: 'the re-probe starts 150 ms after the first probe and gives up with it, so one timeout',
        },
        samples['down-hang-check'],
        'timeoutMs',
        timeoutFloor,
      ),
    ];
    const table = [['arm', 'n', 'median', 'p95']];
    for (const arm of arms) {
      const s = stats(samples[arm]);
      table.push([arm, String(s.n), s.median.toFixed(1), s.p95.toFixed(1)]);
    }
    return {
      name: 'detection',
      title: 'Detection latency',
      rows,
      details: [{ title: 'Detection: every arm (ms)', table }],
      facts: { probeTimeoutMs: PROBE_TIMEOUT_MS, samples },
    };
  } finally {
    await browser.close();
    await Promise.all([health.close(), app.close()]);
  }
}

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};
