// The rescuer's decisions (with a fake engine and tabs): move a tab only to the side that works.
import { describe, expect, it } from 'vitest';
import { CHECK_AHEAD_AFTER_MS, CHECK_AHEAD_GRACE_MS } from '../../../src/core/navigation';
import { Rescuer, type RescuerDeps } from '../../../src/background/rescuer';
import { validateConfig } from '../../../src/core/config-validate';
import type { HairpinState } from '../../../src/core/messages';
import { stateFor } from '../../support/hairpin-state';
import type { Location, Mode, Verdict } from '../../../src/core/verdict';

const NOW = 1_000_000_000;

/** What the rescuer's light reads (modes, verdicts) find for a state; `reads` records each. */
function stored(state: HairpinState, reads: string[] = []) {
  return {
    loadModes: async () => {
      reads.push('modes');
      return Object.fromEntries(state.networks.map((network) => [network.name, network.mode]));
    },
    loadVerdicts: async () => {
      reads.push('verdicts');
      return Object.fromEntries(
        state.networks.flatMap((network) => (network.verdict ? [[network.name, network.verdict]] : [])),
      );
    },
  };
}
const verdict = (location: Location, checkedAt: number): Verdict => ({
  location,
  reason: location === 'home' ? 'answered' : 'timeout',
  latencyMs: 5,
  checkedAt,
});

/** One network, Home, mapping App (external https, internal http under a path prefix). */
const RESCUE_CONFIG = (() => {
  const result = validateConfig({
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: 'http://192.168.1.10/h' },
        mappings: [{ name: 'App', external: 'https://app.example.com', internal: 'http://192.168.1.20:8096/app' }],
      },
    ],
  });
  if (!result.ok) throw new Error('bad test config');
  return result.config;
})();

/** Home's state with this location; `checkedAt` null means no verdict yet. */
function state(location: Location, checkedAt: number | null = null, mode: Mode = 'auto'): HairpinState {
  return stateFor(RESCUE_CONFIG, [
    { mode, verdict: checkedAt === null ? null : verdict(location, checkedAt), location },
  ]);
}

/**
 * A rescuer over a fake engine that knows `before` and probes to `after` (once `probe` settles).
 * `probes` and `calls` both list the probes the engine is asked for, in two spellings.
 */
function harness(
  before: HairpinState,
  after: HairpinState,
  probe?: Promise<void>,
  tabDestination?: RescuerDeps['tabDestination'],
  /** Each wait the rescuer asks for; settled at once unless given. */
  sleep: (ms: number) => Promise<void> = async () => {},
) {
  const probes: string[] = [];
  const calls: string[] = [];
  const moves: string[] = [];
  const reads: string[] = [];
  const sleeps: number[] = [];
  const rescuer = new Rescuer({
    loadConfig: async () => before.config,
    now: () => NOW,
    ...stored(before, reads),
    sleep: (ms) => (sleeps.push(ms), sleep(ms)),
    probeNetwork: async (name, trigger) => {
      probes.push(`${name}: ${trigger}`);
      calls.push(`probe ${name}: ${trigger}`);
      await probe;
      return after;
    },
    navigateTab: async (tabId, url) => void moves.push(`${tabId} → ${url}`),
    ...(tabDestination ? { tabDestination } : {}),
  });
  return { rescuer, probes, calls, moves, reads, sleeps };
}

describe('Rescuer', () => {
  it('moves the tab to the other side, keeping path, query and fragment, when the verdict flipped', async () => {
    const { rescuer, probes, moves } = harness(state('home'), state('away'));
    const outcome = await rescuer.rescue(
      4,
      'http://192.168.1.20:8096/app/web/index.html?x=1#play',
      'deadline',
      () => 'http://192.168.1.20:8096/app/web/index.html?x=1#play',
    );
    expect(outcome).toBe('moved');
    expect(probes).toEqual(['Home: 192.168.1.20:8096 did not answer']);
    expect(moves).toEqual(['4 → https://app.example.com/web/index.html?x=1#play']);
  });

  it('sends an away tab home when the hanging external host turns out to be the NAT-loopback case', async () => {
    const { rescuer, moves } = harness(state('away'), state('home'));
    expect(
      await rescuer.rescue(
        4,
        'https://app.example.com/x',
        'net::ERR_CONNECTION_TIMED_OUT',
        () => 'https://app.example.com/x',
      ),
    ).toBe('moved');
    expect(moves).toEqual(['4 → http://192.168.1.20:8096/app/x']);
  });

  it('leaves the tab alone when the verdict held', async () => {
    const { rescuer, moves } = harness(state('home'), state('home'));
    expect(
      await rescuer.rescue(
        4,
        'http://192.168.1.20:8096/app/slow',
        'deadline',
        () => 'http://192.168.1.20:8096/app/slow',
      ),
    ).toBe('verdict-held');
    expect(moves).toEqual([]);
  });

  it('never overrides a forced mode, and does not even probe', async () => {
    const { rescuer, probes, moves } = harness(state('home', null, 'home'), state('away', null, 'home'));
    expect(
      await rescuer.rescue(
        4,
        'http://192.168.1.20:8096/app/',
        'net::ERR_CONNECTION_REFUSED',
        () => 'http://192.168.1.20:8096/app/',
      ),
    ).toBe('forced');
    expect(probes).toEqual([]);
    expect(moves).toEqual([]);
  });

  it('ignores hosts no mapping claims', async () => {
    const { rescuer, probes } = harness(state('home'), state('away'));
    expect(
      await rescuer.rescue(
        4,
        'https://news.example.org/',
        'net::ERR_CONNECTION_REFUSED',
        () => 'https://news.example.org/',
      ),
    ).toBe('not-mapped');
    expect(probes).toEqual([]);
  });

  it('does not move a tab that is already on the side the new verdict wants', async () => {
    const { rescuer, moves } = harness(state('home'), state('away'));
    expect(
      await rescuer.rescue(
        4,
        'https://app.example.com/',
        'net::ERR_CONNECTION_REFUSED',
        () => 'https://app.example.com/',
      ),
    ).toBe('verdict-held');
    expect(moves).toEqual([]);
  });

  it('moves a tab left on the wrong side by rules that flipped just before the failure', async () => {
    // The wake-up probe already said Away; the tab was sent inside by the rules before that.
    const { rescuer, moves } = harness(state('away'), state('away'));
    expect(
      await rescuer.rescue(4, 'http://192.168.1.20:8096/app/x', 'deadline', () => 'http://192.168.1.20:8096/app/x'),
    ).toBe('moved');
    expect(moves).toEqual(['4 → https://app.example.com/x']);
  });

  it('runs one rescue per tab at a time: a second failure of the same tab meanwhile is ignored', async () => {
    let finishProbe!: () => void;
    const probe = new Promise<void>((resolve) => (finishProbe = resolve));
    const { rescuer, moves } = harness(state('home'), state('away'), probe);
    const first = rescuer.rescue(
      4,
      'http://192.168.1.20:8096/app/x',
      'net::ERR_CONNECTION_REFUSED',
      () => 'http://192.168.1.20:8096/app/x',
    );
    // Chromium's own retry of the error page fails again while the probe is still running.
    expect(
      await rescuer.rescue(
        4,
        'http://192.168.1.20:8096/app/x',
        'net::ERR_CONNECTION_REFUSED',
        () => 'http://192.168.1.20:8096/app/x',
      ),
    ).toBe('already-rescuing');
    finishProbe();
    expect(await first).toBe('moved');
    expect(moves).toEqual(['4 → https://app.example.com/x']);
  });
});

describe('Rescuer.checkAhead', () => {
  const INTERNAL = 'http://192.168.1.20:8096/app/web?x=1#play';
  const EXTERNAL = 'https://app.example.com/web?x=1#play';
  const STALE = NOW - CHECK_AHEAD_AFTER_MS;

  it('leaves a fresh Away verdict alone: no probe', async () => {
    const { rescuer, calls, moves } = harness(state('away', NOW - CHECK_AHEAD_AFTER_MS + 1), state('home', NOW));
    expect(await rescuer.checkAhead(4, EXTERNAL, () => EXTERNAL)).toBe('fresh');
    expect(calls).toEqual([]); // neither the full state nor a probe
    expect(moves).toEqual([]);
  });

  it('probes a navigation still unanswered after the grace while the verdict says Home, however fresh: left home right after a check', async () => {
    // The tab is headed for a LAN address; if home is gone, only a probe started now decides
    // before the rescue deadline has passed.
    const { rescuer, calls, moves, sleeps } = harness(state('home', NOW - 1), state('away', NOW));
    expect(await rescuer.checkAhead(4, EXTERNAL, () => INTERNAL)).toBe('moved');
    expect(sleeps).toEqual([CHECK_AHEAD_GRACE_MS]);
    expect(calls).toEqual(['probe Home: checked on opening app.example.com']);
    expect(moves).toEqual([`4 → ${EXTERNAL}`]);
    // At home the probe answers Home and the tab stays where it is going.
    const home = harness(state('home', NOW - 1), state('home', NOW));
    expect(await home.rescuer.checkAhead(4, EXTERNAL, () => INTERNAL)).toBe('verdict-held');
    expect(home.moves).toEqual([]);
  });

  it('a page that answers within the grace costs no probe and no storage read', async () => {
    let answered = false;
    let wake!: () => void;
    const grace = new Promise<void>((resolve) => (wake = resolve));
    const { rescuer, calls, reads, sleeps } = harness(
      state('home', NOW - 1),
      state('away', NOW),
      undefined,
      undefined,
      () => grace,
    );
    const ahead = rescuer.checkAhead(4, EXTERNAL, () => (answered ? null : INTERNAL));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sleeps).toEqual([CHECK_AHEAD_GRACE_MS]);
    answered = true; // the response started during the grace
    wake();
    expect(await ahead).toBe('answered');
    expect(calls).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('a failure during the grace is the rescue’s alone: the check ahead then stands aside', async () => {
    let wake!: () => void;
    const grace = new Promise<void>((resolve) => (wake = resolve));
    let finish!: () => void;
    const probe = new Promise<void>((resolve) => (finish = resolve));
    const { rescuer, calls, moves } = harness(
      state('home', NOW - 1),
      state('away', NOW),
      probe,
      undefined,
      () => grace,
    );
    const ahead = rescuer.checkAhead(4, EXTERNAL, () => INTERNAL);
    const failure = rescuer.rescue(4, INTERNAL, 'net::ERR_CONNECTION_REFUSED', () => INTERNAL);
    await new Promise((resolve) => setTimeout(resolve, 0));
    wake();
    expect(await ahead).toBe('already-rescuing');
    finish();
    expect(await failure).toBe('moved');
    expect(moves).toEqual([`4 → ${EXTERNAL}`]);
    expect(calls).toEqual(['probe Home: 192.168.1.20:8096 refused the connection']);
  });

  it('settles unmapped navigations on the config alone', async () => {
    const { rescuer, calls } = harness(state('home', STALE), state('away', NOW));
    expect(await rescuer.checkAhead(4, 'https://news.example.org/', () => 'https://news.example.org/')).toBe(
      'not-mapped',
    );
    expect(calls).toEqual([]);
  });

  it('never probes for a forced mode', async () => {
    const { rescuer, calls } = harness(state('home', STALE, 'home'), state('away', NOW, 'home'));
    expect(await rescuer.checkAhead(4, EXTERNAL, () => INTERNAL)).toBe('forced');
    expect(calls).toEqual([]);
  });

  it('with a stale verdict, probes at once and moves a tab still loading the side it flipped away from', async () => {
    // Left home: the rules still send the external URL inside, and the LAN address hangs.
    const { rescuer, calls, moves } = harness(state('home', STALE), state('away', NOW));
    expect(await rescuer.checkAhead(4, EXTERNAL, () => INTERNAL)).toBe('moved');
    expect(calls).toEqual(['probe Home: checked on opening app.example.com']);
    expect(moves).toEqual([`4 → ${EXTERNAL}`]);
  });

  it('also with no verdict yet, and in the other direction (came home, external hangs)', async () => {
    const { rescuer, moves } = harness(state('away', null), state('home', NOW));
    expect(await rescuer.checkAhead(4, EXTERNAL, () => EXTERNAL)).toBe('moved');
    expect(moves).toEqual([`4 → ${INTERNAL}`]);
  });

  it('leaves a tab alone once its page answered, or when it is on the right side', async () => {
    const answered = harness(state('home', STALE), state('away', NOW));
    expect(await answered.rescuer.checkAhead(4, EXTERNAL, () => null)).toBe('answered');
    expect(answered.moves).toEqual([]);
    const held = harness(state('home', STALE), state('home', NOW));
    expect(await held.rescuer.checkAhead(4, EXTERNAL, () => INTERNAL)).toBe('verdict-held');
    expect(held.moves).toEqual([]);
  });

  it('a failure while it probes waits for it, and the tab is moved once', async () => {
    let finish!: () => void;
    const probe = new Promise<void>((resolve) => (finish = resolve));
    const { rescuer, calls, moves } = harness(state('home', STALE), state('away', NOW), probe);
    const ahead = rescuer.checkAhead(4, EXTERNAL, () => INTERNAL);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const failure = rescuer.rescue(4, INTERNAL, 'net::ERR_CONNECTION_REFUSED', () => INTERNAL);
    finish();
    expect(await ahead).toBe('moved');
    expect(await failure).toBe('already-rescuing');
    expect(moves).toEqual([`4 → ${EXTERNAL}`]);
    expect(calls.filter((call) => call.startsWith('probe'))).toHaveLength(1);
  });

  it('a failure while it probes is decided again when the check ahead left the tab alone', async () => {
    // The check ahead's probe predates the failure (the network changed meanwhile): it says Home,
    // the failure's own probe says Away.
    const answers = [state('home', NOW), state('away', NOW)];
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const moves: string[] = [];
    const rescuer = new Rescuer({
      loadConfig: async () => RESCUE_CONFIG,
      now: () => NOW,
      ...stored(state('home', STALE)),
      probeNetwork: async () => {
        const answer = answers.shift()!;
        if (answers.length === 1) await gate;
        return answer;
      },
      navigateTab: async (tabId, url) => void moves.push(`${tabId} → ${url}`),
      sleep: async () => {},
    });
    const ahead = rescuer.checkAhead(4, EXTERNAL, () => INTERNAL);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const failure = rescuer.rescue(4, INTERNAL, 'net::ERR_NETWORK_CHANGED', () => INTERNAL);
    finish();
    expect(await ahead).toBe('verdict-held');
    expect(await failure).toBe('moved');
    expect(moves).toEqual([`4 → ${EXTERNAL}`]);
  });

  it('moves nothing once the page answered or the user went elsewhere during the probe', async () => {
    const { rescuer, moves } = harness(state('home', STALE), state('away', NOW));
    expect(await rescuer.rescue(4, INTERNAL, 'deadline', () => null)).toBe('answered');
    expect(await rescuer.rescue(4, INTERNAL, 'deadline', () => 'https://news.example.org/')).toBe('not-mapped');
    expect(moves).toEqual([]);
  });

  it('where unmapped navigations go unseen (Chromium), asks the tab: one sent to another site since is left alone', async () => {
    const elsewhere = harness(
      state('home', STALE),
      state('away', NOW),
      undefined,
      async () => 'https://news.example.org/today',
    );
    // The watch still holds the failed mapped URL: it never saw the navigation to news.example.org.
    expect(await elsewhere.rescuer.rescue(4, INTERNAL, 'net::ERR_CONNECTION_REFUSED', () => INTERNAL)).toBe('left');
    expect(await elsewhere.rescuer.checkAhead(5, INTERNAL, () => INTERNAL)).toBe('left');
    expect(elsewhere.moves).toEqual([]);

    const closed = harness(state('home', STALE), state('away', NOW), undefined, async () => null);
    expect(await closed.rescuer.rescue(4, INTERNAL, 'deadline', () => INTERNAL)).toBe('left');
    expect(closed.moves).toEqual([]);
  });

  it('a tab still on either side of the mapping is moved, even if the browser reports the URL from before the redirect', async () => {
    for (const destination of [INTERNAL, EXTERNAL]) {
      const { rescuer, moves } = harness(state('home', STALE), state('away', NOW), undefined, async () => destination);
      expect(await rescuer.rescue(4, INTERNAL, 'deadline', () => INTERNAL)).toBe('moved');
      expect(moves).toEqual([`4 → ${EXTERNAL}`]);
    }
  });

  it('a rescue already under way for the tab goes on alone', async () => {
    let finish!: () => void;
    const probe = new Promise<void>((resolve) => (finish = resolve));
    const { rescuer, moves } = harness(state('home', STALE), state('away', NOW), probe);
    const rescuing = rescuer.rescue(4, INTERNAL, 'net::ERR_CONNECTION_REFUSED', () => INTERNAL);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await rescuer.checkAhead(4, INTERNAL, () => INTERNAL)).toBe('already-rescuing');
    finish();
    expect(await rescuing).toBe('moved');
    expect(moves).toEqual([`4 → ${EXTERNAL}`]);
  });
});
