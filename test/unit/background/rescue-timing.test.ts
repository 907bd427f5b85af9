// How long a rescue takes, on a fake clock: the navigation watch, the rescuer and the probe runner
// wired as the background wires them, with the product defaults (1.5 s deadline, 1.5 s probe
// timeout, the 150 ms hysteresis retry). The goal is a tab on the working side within 2 s of the
// navigation in every case, right after a check included.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NavigationWatch } from '../../../src/background/navigation-watch';
import { ProbeRunner, retryTimeoutMs } from '../../../src/background/probe-runner';
import { Rescuer } from '../../../src/background/rescuer';
import { validateConfig } from '../../../src/core/config-validate';
import { CHECK_AHEAD_GRACE_MS, RESCUE_AFTER, RESCUE_GOAL_MS, RETRY_DELAY_MS } from '../../../src/core/navigation';
import { PROBE_TIMEOUT } from '../../../src/core/config-schema';
import type { ProbeOutcome, Verdict } from '../../../src/core/verdict';
import { stateFor } from '../../support/hairpin-state';

const START = 1_000_000_000;
const EXTERNAL = 'https://app.example.com/web?x=1';
const INTERNAL = 'http://192.168.1.20:8096/web?x=1';

const CONFIG = (() => {
  const result = validateConfig({
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: 'http://192.168.1.10/hairpin', expect: 'hairpin-7f3a9c' },
        mappings: [{ name: 'App', external: 'https://app.example.com', internal: 'http://192.168.1.20:8096' }],
      },
    ],
  });
  if (!result.ok) throw new Error('bad test config');
  return result.config;
})();

type Endpoint = 'hangs' | 'answers';

/** The background's wiring over a fake clock; `moves` records when (ms after START) the tab moved. */
function background(endpoint: Endpoint, lastCheckAgoMs: number) {
  const probes: number[] = [];
  const moves: { at: number; url: string }[] = [];
  const verdicts: Record<string, Verdict> = {
    Home: { location: 'home', reason: 'answered', latencyMs: 4, checkedAt: START - lastCheckAgoMs },
  };
  const runner = new ProbeRunner({
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    probe: (request) => {
      probes.push(Date.now() - START);
      return new Promise<ProbeOutcome>((resolve) => {
        if (endpoint === 'hangs')
          setTimeout(() => resolve({ kind: 'timeout', latencyMs: request.timeoutMs }), request.timeoutMs);
        else
          setTimeout(
            () => resolve({ kind: 'response', status: 200, latencyMs: 3, tokenFound: true, redirected: false }),
            3,
          );
      });
    },
  });
  const rescuer = new Rescuer({
    loadConfig: async () => CONFIG,
    loadModes: async () => ({ Home: 'auto' }),
    loadVerdicts: async () => ({ ...verdicts }),
    now: () => Date.now(),
    probeNetwork: async (name) => {
      const verdict = await runner.run(CONFIG.networks[0]!, verdicts[name], false).verdict;
      verdicts[name] = verdict;
      return stateFor(CONFIG, [{ verdict }]);
    },
    navigateTab: async (_tabId, url) => void moves.push({ at: Date.now() - START, url }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  const watch: NavigationWatch = new NavigationWatch({
    deadlineMs: () => RESCUE_AFTER.default,
    onStart: (tabId, url) => void rescuer.checkAhead(tabId, url, () => watch.loadingUrl(tabId)),
    onStall: (tabId, url) => void rescuer.rescue(tabId, url, 'deadline', () => watch.loadingUrl(tabId)),
    onFailure: (tabId, url, error) => void rescuer.rescue(tabId, url, error, () => watch.loadingUrl(tabId)),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  });
  return { watch, moves, probes };
}

describe('rescue time with the product defaults (fake clock)', () => {
  beforeEach(() => void vi.useFakeTimers({ now: START }));
  afterEach(() => void vi.useRealTimers());

  it('assumes the defaults it is about', () => {
    expect(RESCUE_AFTER.default).toBe(1500);
    expect(PROBE_TIMEOUT.default).toBe(1500);
    expect(CHECK_AHEAD_GRACE_MS).toBe(100);
  });

  it.each([
    ['right after a check', 200],
    ['29 s after a check', 29_000],
    ['a minute after a check', 60_000],
  ])('a hanging home address with the health endpoint hanging too, %s, is moved within 2 s', async (_when, agoMs) => {
    const { watch, moves, probes } = background('hangs', agoMs);
    watch.started('r1', 4, EXTERNAL);
    watch.redirected('r1', INTERNAL); // the Home rules sent it inside; nothing answers there
    await vi.advanceTimersByTimeAsync(6000);
    expect(moves).toEqual([{ at: expect.any(Number) as number, url: EXTERNAL }]);
    expect(moves[0]!.at).toBeLessThanOrEqual(RESCUE_GOAL_MS);
    // The grace, then one probe timeout: the retry starts 150 ms after the first probe and gives
    // up with it, and the deadline runs beside them.
    expect(moves[0]!.at).toBe(CHECK_AHEAD_GRACE_MS + PROBE_TIMEOUT.default);
    expect(probes).toEqual([CHECK_AHEAD_GRACE_MS, CHECK_AHEAD_GRACE_MS + RETRY_DELAY_MS]);
  });

  it('a refusing home address with the health endpoint hanging, right after a check, is moved within 2 s', async () => {
    const { watch, moves } = background('hangs', 200);
    watch.started('r1', 4, EXTERNAL);
    watch.redirected('r1', INTERNAL);
    await vi.advanceTimersByTimeAsync(30);
    watch.failed('r1', 'net::ERR_CONNECTION_REFUSED');
    await vi.advanceTimersByTimeAsync(6000);
    expect(moves).toHaveLength(1);
    expect(moves[0]!.at).toBeLessThanOrEqual(2000);
  });

  it('at home, a hanging service is left alone: the health endpoint answers, the tab stays', async () => {
    const { watch, moves, probes } = background('answers', 200);
    watch.started('r1', 4, EXTERNAL);
    watch.redirected('r1', INTERNAL);
    await vi.advanceTimersByTimeAsync(6000);
    expect(moves).toEqual([]);
    // The check ahead once the grace is over, and the deadline's own check.
    expect(probes).toEqual([CHECK_AHEAD_GRACE_MS, 1500]);
  });

  it.each([
    ['within the grace costs no probe', 40, []],
    ['slower than the grace costs one probe, run beside its load', 300, [CHECK_AHEAD_GRACE_MS]],
  ])('at home, a page that answers %s', async (_what, answerAtMs, expected) => {
    const { watch, moves, probes } = background('answers', 200);
    watch.started('r1', 4, EXTERNAL);
    watch.redirected('r1', INTERNAL);
    await vi.advanceTimersByTimeAsync(answerAtMs);
    watch.answered('r1');
    await vi.advanceTimersByTimeAsync(6000);
    expect(moves).toEqual([]);
    expect(probes).toEqual(expected);
  });
});

describe('the hysteresis retry', () => {
  it('when both probes time out, the verdict names the configured timeout, not the retry’s shorter one', async () => {
    vi.useFakeTimers({ now: START });
    try {
      const runner = new ProbeRunner({
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        probe: (request) =>
          new Promise<ProbeOutcome>((resolve) =>
            setTimeout(() => resolve({ kind: 'timeout', latencyMs: request.timeoutMs }), request.timeoutMs),
          ),
      });
      const previous: Verdict = { location: 'home', reason: 'answered', latencyMs: 4, checkedAt: START - 1000 };
      const verdict = runner.run(CONFIG.networks[0]!, previous, false).verdict;
      await vi.advanceTimersByTimeAsync(PROBE_TIMEOUT.default);
      expect(await verdict).toMatchObject({ location: 'away', reason: 'timeout', latencyMs: PROBE_TIMEOUT.default });
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends with the first probe: never past one probe timeout, never below the shortest probe', () => {
    expect(retryTimeoutMs(1500)).toBe(1500 - RETRY_DELAY_MS);
    expect(retryTimeoutMs(PROBE_TIMEOUT.min)).toBe(PROBE_TIMEOUT.min);
  });
});
