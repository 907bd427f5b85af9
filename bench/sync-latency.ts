// Part of the syncfile section: the time from an edit in browser A (real Chromium) to the rules
// applied in browser B (real Firefox), both pointed at one file on the section's apache2.
// Each sample: A saves the edit (a `saveConfig` request, as its options page sends) and its
// on-change push writes the file (the file on the server is polled: "push"); then B learns it
// either by its minute alarm (the real `hairpin-probe` alarm fired now through browser.alarms,
// after B's last sync has been made to look ALARM_SYNC_INTERVAL_MS old, the condition under
// which that alarm syncs) or by *Sync now*, and B's installed DNR session rules are polled until
// they hold the edit ("pull"). The edit turns one approved mapping off and on again in turn, so
// B applies it with no approval click (approval is by content; turning off and back on brings
// nothing new). Without a trigger B waits for its alarm: see `alarmWait` below.
import { launchChromium, type ExtensionBrowser } from '../test/e2e/support/chromium';
import { launchFirefox, type FirefoxExtensionBrowser } from '../test/e2e/support/firefox';
import { healthEndpoint, startServer } from '../test/e2e/support/servers';
import type { DavServer } from '../test/e2e/support/apache-dav';
import { waitFor } from '../test/e2e/support/poll';
import type { HairpinState } from '../src/core/messages';
import { parseJsonBody, readSyncFileJson } from '../src/core/sync-file-format';
import { docToConfig } from '../src/core/sync-doc';
import { ALARM_RETRY_INTERVAL_MS, ALARM_SYNC_INTERVAL_MS } from '../src/background/sync-file-service';
import { epochNow, interleave, log, ratioRow, stats, type BenchOptions, type Row } from './lib';

const TOKEN = 'hairpin-bench-sync-latency-7c31';
const FILE = 'latency.json';
/** The probe alarm's period (src/browser/alarms.ts, PROBE_PERIOD_MINUTES). */
const PROBE_ALARM_PERIOD_MS = 60_000;

type Arm = 'alarm' | 'sync now';

function config(healthPort: number, enabled: boolean) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: `http://127.0.0.1:${healthPort}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
        mappings: [
          { name: 'App', external: 'http://app.example.test:8443', internal: 'http://app.home.test:8096' },
          {
            name: 'Bench',
            external: `http://benchsvc.example.test:8443`,
            internal: 'http://benchsvc.home.test:8096',
            ...(enabled ? {} : { enabled: false }),
          },
        ],
      },
    ],
  };
}

/** Whether the file on the server holds the Bench mapping enabled (true), disabled (false), or not at all. */
function fileState(text: string | null): boolean | null {
  if (!text) return null;
  const body = parseJsonBody(text, 'application/json');
  if (!body.ok) return null;
  const content = readSyncFileJson(body.json);
  if (!content.ok) return null;
  const bench = docToConfig(content.doc)
    .networks.flatMap((n) => n.mappings)
    .find((m) => m.name === 'Bench');
  return bench ? bench.enabled !== false : null;
}

async function hasBenchRule(b: FirefoxExtensionBrowser): Promise<boolean> {
  const rules = await b.installedRules();
  return rules.some((rule) => rule.condition.regexFilter?.includes('benchsvc') ?? false);
}

export interface LatencyResult {
  rows: Row[];
  table: string[][];
  facts: Record<string, unknown>;
}

export async function syncLatency(options: BenchOptions, dav: DavServer, user: string, password: string) {
  const health = await startServer(healthEndpoint(TOKEN));
  let a: ExtensionBrowser | null = null;
  let b: FirefoxExtensionBrowser | null = null;
  try {
    // One after the other: two browser starts at once overload a 2-core machine.
    a = await launchChromium({}, { extensionDir: options.extensionDir });
    b = await launchFirefox({ extensionDir: options.firefoxExtensionDir });
    const A = a;
    const B = b;
    const connect = (browser: { send<T>(r: unknown): Promise<T> }) =>
      browser.send<{ ok: boolean; error?: string }>({
        type: 'setSyncFile',
        url: dav.url(FILE),
        username: user,
        password,
      });
    let enabled = true;
    await A.send({ type: 'saveConfig', config: config(health.port, enabled) });
    const joinedA = await connect(A);
    if (!joinedA.ok) throw new Error(`A could not connect: ${joinedA.error}`);
    const joinedB = await connect(B);
    if (!joinedB.ok) throw new Error(`B could not connect: ${joinedB.error}`);
    const joined = await waitFor(
      async () => {
        const s = await B.send<HairpinState>({ type: 'getState' });
        return s.pending.length >= 3 ? s : null;
      },
      { message: 'B joined with the probe and both mappings pending', timeoutMs: 30_000 },
    );
    await B.send({ type: 'reviewPending', ids: joined.pending.map((item) => item.id), verdict: 'approve' });
    await B.send({ type: 'checkNow' });
    await waitFor(() => hasBenchRule(B), { message: "B's rules hold Bench", timeoutMs: 30_000 });

    const push: number[] = [];
    const pull: Record<Arm, number[]> = { alarm: [], 'sync now': [] };
    const total: Record<Arm, number[]> = { alarm: [], 'sync now': [] };
    const rounds = Math.min(options.samples, 10);
    await interleave<Arm>(rounds, ['alarm', 'sync now'], options.seed, async (arm) => {
      enabled = !enabled;
      const wanted = enabled;
      const t0 = epochNow();
      const saved = await A.send<{ ok: boolean }>({ type: 'saveConfig', config: config(health.port, wanted) });
      if (!saved.ok) throw new Error('A refused the edit');
      await waitFor(async () => fileState(dav.readFile(FILE)) === wanted, {
        message: 'the file holds the edit',
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      const t1 = epochNow();
      if (arm === 'alarm') {
        // B's last sync as if ALARM_SYNC_INTERVAL_MS ago: the alarm's due check passes, as it does then.
        await B.evaluateInExtension(
          `browser.storage.local.get('syncFileStatus').then((r) => browser.storage.local.set({ syncFileStatus: { ...r.syncFileStatus, at: r.syncFileStatus.at - ${ALARM_SYNC_INTERVAL_MS} } })).then(() => true)`,
        );
      }
      const t2 = epochNow();
      if (arm === 'alarm') {
        // The real alarm, fired now, keeping its one-minute period.
        await B.evaluateInExtension(
          `browser.alarms.create('hairpin-probe', { when: Date.now(), periodInMinutes: ${PROBE_ALARM_PERIOD_MS / 60_000} }).then(() => true)`,
        );
      } else {
        void B.send({ type: 'syncNow' });
      }
      await waitFor(async () => (await hasBenchRule(B)) === wanted, {
        message: `B's rules hold the edit (${arm})`,
        timeoutMs: 60_000,
        intervalMs: 5,
      });
      const t3 = epochNow();
      push.push(t1 - t0);
      pull[arm].push(t3 - t2);
      total[arm].push(t1 - t0 + (t3 - t2));
      // B's merge is a local change there: let its own debounced follow-up sync finish before the next edit.
      await waitFor(
        async () => {
          const s = await B.send<HairpinState>({ type: 'getState' });
          return (s.syncFile?.status?.at ?? 0) > t3 + 1000;
        },
        { message: "B's follow-up sync", timeoutMs: 15_000 },
      ).catch(() => undefined);
      log(`syncfile latency: ${arm}: push ${(t1 - t0).toFixed(0)} ms, pull ${(t3 - t2).toFixed(0)} ms`);
    });

    const pushStats = stats(push);
    const alarmPull = stats(pull.alarm);
    // The alarm's due check keeps half a tick of slack (sync-file-service.ts): one sync per interval.
    const period = ALARM_SYNC_INTERVAL_MS;
    const rows: Row[] = [
      { section: 'syncfile', measure: 'edit in A → file on the server (on-change push)', unit: 'ms', ...pushStats },
      ratioRow(
        { section: 'syncfile', measure: 'file → rules in B, B told by its alarm (pull)' },
        pull.alarm,
        'Sync now in B',
        pull['sync now'],
      ),
      {
        section: 'syncfile',
        measure: 'file → rules in B, Sync now in B (pull)',
        unit: 'ms',
        ...stats(pull['sync now']),
      },
      ratioRow(
        { section: 'syncfile', measure: 'edit in A → rules in B, alarm fired at once (push + pull)' },
        total.alarm,
        'Sync now in B',
        total['sync now'],
      ),
      {
        section: 'syncfile',
        measure: 'edit in A → rules in B, Sync now in B (push + pull)',
        unit: 'ms',
        ...stats(total['sync now']),
      },
      {
        section: 'syncfile',
        measure: 'edit in A → rules in B with no trigger in B: mean (period / 2 + push + pull)',
        unit: 'ms',
        n: push.length,
        median: period / 2 + pushStats.median + alarmPull.median,
        p95: period / 2 + pushStats.p95 + alarmPull.p95,
        note: `derived: alarm sync period ≈ ${period / 60_000} min`,
      },
      {
        section: 'syncfile',
        measure: 'edit in A → rules in B with no trigger in B: worst case (period + push + pull)',
        unit: 'ms',
        n: push.length,
        median: period + pushStats.median + alarmPull.median,
        p95: period + pushStats.p95 + alarmPull.p95,
        note: `derived: alarm sync period ≈ ${period / 60_000} min`,
      },
    ];
    const fmt = (values: number[]) => {
      const s = stats(values);
      return `${s.median.toFixed(0)} / ${s.p95.toFixed(0)}`;
    };
    const table = [
      ['B learns by', 'samples', 'push median / p95 (ms)', 'pull median / p95 (ms)', 'edit → rules median / p95 (ms)'],
      ['its alarm (fired at once)', String(pull.alarm.length), fmt(push), fmt(pull.alarm), fmt(total.alarm)],
      ['Sync now', String(pull['sync now'].length), fmt(push), fmt(pull['sync now']), fmt(total['sync now'])],
    ];
    return {
      rows,
      table,
      facts: {
        latencyBrowsers: 'A = Chromium (edits), B = Firefox (applies)',
        alarmPeriodMs: PROBE_ALARM_PERIOD_MS,
        alarmSyncIntervalMs: ALARM_SYNC_INTERVAL_MS,
        alarmRetryIntervalMs: ALARM_RETRY_INTERVAL_MS,
        alarmSyncPeriodMs: period,
      },
    } satisfies LatencyResult;
  } finally {
    await Promise.all([a?.close(), b?.close()]);
    await health.close();
  }
}
