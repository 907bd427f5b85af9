import { describe, expect, it, vi } from 'vitest';
import { Engine, type EngineDeps } from '../../../src/background/engine';
import type { StoredConfig } from '../../../src/background/config-store';
import { EMPTY_CONFIG, type Config } from '../../../src/core/config-schema';
import { validateConfig } from '../../../src/core/config-validate';
import { compileRules, RULE_ID_BASE, type RedirectRule, type RuleDiff } from '../../../src/core/rule-compiler';
import type { HairpinState, SetAside, SwitchRecord } from '../../../src/core/messages';
import { stableJson } from '../../../src/core/stable-json';
import type { Location, Mode, ProbeOutcome, Verdict } from '../../../src/core/verdict';
import type { ProbeRequest } from '../../../src/browser/probe-fetch';
import { EMPTY_APPROVALS, approveAll, type ApprovalRecord } from '../../../src/core/approval';

const HOME_PROBE = 'http://192.168.1.10:8080/hairpin';
const OFFICE_PROBE = 'http://10.1.0.1/health';
const TOKEN = 'hairpin-7f3a';
const T0 = 1_700_000_000_000;

function validated(input: unknown): Config {
  const result = validateConfig(input);
  if (!result.ok) throw new Error(`invalid test config: ${JSON.stringify(result.errors)}`);
  return result.config;
}

const EXAMPLE = {
  format: 'hairpin-config',
  version: 1,
  networks: [
    {
      name: 'Home',
      probe: { url: HOME_PROBE, expect: TOKEN, timeoutMs: 1500 },
      mappings: [
        {
          name: 'Jellyfin',
          external: 'https://jellyfin.example.com',
          internal: 'http://192.168.1.20:8096',
          cookieDomain: 'example.com',
          enabled: true,
        },
      ],
    },
  ],
};

const TWO_NETWORKS = {
  format: 'hairpin-config',
  version: 1,
  networks: [
    EXAMPLE.networks[0],
    {
      name: 'Office',
      probe: { url: OFFICE_PROBE },
      mappings: [{ name: 'Wiki', external: 'https://wiki.corp.example', internal: 'http://10.1.0.5' }],
    },
  ],
};

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const ANSWER: ProbeOutcome = { kind: 'response', status: 200, latencyMs: 4, tokenFound: true, redirected: false };
const TIMEOUT: ProbeOutcome = { kind: 'timeout', latencyMs: 1500 };

/** In-memory stand-ins for every adapter, with a log of what the engine did. */
class World {
  config: Config = EMPTY_CONFIG;
  modes: Record<string, Mode> = {};
  pinnedModes: Record<string, Mode> = {};
  /** The longest regexFilter the fake browser compiles (Chrome's budget is in memory, not length). */
  regexBudget = Infinity;
  verdicts: Record<string, Verdict> = {};
  lastSwitch: SwitchRecord | null = null;
  setAside: SetAside | null = null;
  installed: { id: number }[] = [];
  hostAccess = true;
  cookieAccess = false;
  time = T0;
  /** Which probe URLs currently answer with the token; the rest time out. */
  reachable = new Set<string>();
  /** When set, probes wait for the test to answer them. */
  pending: { request: ProbeRequest; answer: Deferred<ProbeOutcome> }[] | null = null;

  readonly probes: ProbeRequest[] = [];
  readonly diffs: RuleDiff[] = [];
  readonly savedConfigs: Config[] = [];
  readonly savedModes: Record<string, Mode>[] = [];
  readonly savedVerdicts: Record<string, Verdict>[] = [];
  readonly savedSwitches: SwitchRecord[] = [];
  readonly sleeps: number[] = [];
  /** When set, sleeps last until the test resolves this (otherwise they end at once). */
  sleepGate: Deferred<void> | null = null;
  readonly states: HairpinState[] = [];

  readonly deps: EngineDeps = {
    config: {
      load: async () => this.stored(),
      save: async (config, expected) => {
        // As the config store does: with `expected`, only over the config it names.
        if (
          expected !== undefined &&
          stableJson(expected) !== stableJson(this.config) &&
          stableJson(config) !== stableJson(this.config)
        ) {
          return { ...this.stored(), changedElsewhere: true };
        }
        this.savedConfigs.push(structuredClone(config));
        this.config = structuredClone(config);
        return this.stored();
      },
    },
    device: {
      modes: {
        load: async () => structuredClone(this.modes),
        save: async (modes) => {
          this.savedModes.push(structuredClone(modes));
          this.modes = structuredClone(modes);
        },
      },
      pinnedModes: {
        load: async () => structuredClone(this.pinnedModes),
        save: async (modes) => {
          this.pinnedModes = structuredClone(modes);
        },
      },
      verdicts: {
        load: async () => structuredClone(this.verdicts),
        save: async (verdicts) => {
          this.savedVerdicts.push(structuredClone(verdicts));
          this.verdicts = structuredClone(verdicts);
        },
      },
      lastSwitch: {
        load: async () => structuredClone(this.lastSwitch),
        save: async (record) => {
          if (record) this.savedSwitches.push(structuredClone(record));
          this.lastSwitch = structuredClone(record);
        },
      },
      configFetch: { load: async () => null },
      secureConsent: { load: async () => [] },
      setAside: { load: async () => structuredClone(this.setAside) },
      approvals: {
        load: async () => structuredClone(this.approvals),
        save: async (record) => {
          this.approvals = structuredClone(record);
        },
      },
    },
    rules: {
      installed: async () => structuredClone(this.installed),
      regexProblem: async (regex) => (regex.length > this.regexBudget ? 'is too long for the browser' : null),
      apply: async (diff) => {
        this.diffs.push(structuredClone(diff));
        // As Chrome does: one regex over its budget fails the whole (atomic) update.
        if (diff.addRules.some((rule) => rule.condition.regexFilter.length > this.regexBudget)) {
          throw new Error(
            'Rule with id 1000 specified a more complex regex than allowed as part of the "regexFilter" key.',
          );
        }
        // As the browser does: removals first, and an id may not be added twice.
        const kept = this.installed.filter((rule) => !diff.removeRuleIds.includes(rule.id));
        for (const rule of diff.addRules) {
          if (kept.some((existing) => existing.id === rule.id)) throw new Error(`rule id ${rule.id} is already in use`);
          kept.push(structuredClone(rule));
        }
        this.installed = kept;
      },
    },
    probe: async (request) => {
      this.probes.push({ ...request });
      if (this.pending) {
        const answer = deferred<ProbeOutcome>();
        this.pending.push({ request, answer });
        return answer.promise;
      }
      return this.reachable.has(request.url) ? ANSWER : TIMEOUT;
    },
    access: { hosts: async () => this.hostAccess, cookies: async () => this.cookieAccess },
    now: () => this.time,
    sleep: async (ms) => {
      this.sleeps.push(ms);
      if (this.sleepGate) await this.sleepGate.promise;
    },
    onState: (state) => {
      this.states.push(state);
    },
  };

  /** What this browser approved: a config a test starts from was set up here (approved whole). */
  approvals: ApprovalRecord = EMPTY_APPROVALS;

  constructor(config?: unknown) {
    if (config !== undefined) this.config = validated(config);
    this.approvals = approveAll(this.config);
  }

  private stored(): StoredConfig {
    return { config: structuredClone(this.config), store: 'sync', problem: null, sync: null };
  }

  /** Hairpin's rules as installed, sorted by id. */
  hairpinRules(): RedirectRule[] {
    return (this.installed as RedirectRule[]).filter((rule) => rule.id >= RULE_ID_BASE).sort((a, b) => a.id - b.id);
  }

  expected(locations: Record<string, Location | 'unknown'>): RedirectRule[] {
    return compileRules(this.config, locations);
  }
}

/** Lets every queued microtask and promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 100; i++) await Promise.resolve();
}

describe('Engine.probeAll', () => {
  it('at home: stores a home verdict and installs external → internal rules', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);

    const state = await engine.probeAll();

    expect(world.probes).toEqual([{ url: HOME_PROBE, expect: TOKEN, timeoutMs: 1500 }]);
    const verdict: Verdict = { location: 'home', reason: 'answered', latencyMs: 4, checkedAt: T0, status: 200 };
    expect(world.verdicts).toEqual({ Home: verdict });
    expect(state.networks).toEqual([{ name: 'Home', mode: 'auto', pinned: false, verdict, location: 'home' }]);
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
    expect(world.hairpinRules()[0]!.condition.regexFilter).toBe(
      '^https://jellyfin\\.example\\.com(?::443)?([/?#].*)?$',
    );
    expect(world.diffs).toHaveLength(1);
    expect(world.states.at(-1)).toEqual(state);
  });

  it('away: stores an away verdict and installs internal → external rules', async () => {
    const world = new World(EXAMPLE);
    const engine = new Engine(world.deps);

    const state = await engine.probeAll();

    expect(state.networks[0]).toMatchObject({ name: 'Home', mode: 'auto', location: 'away' });
    expect(world.verdicts.Home).toEqual({ location: 'away', reason: 'timeout', latencyMs: 1500, checkedAt: T0 });
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'away' }));
    expect(world.hairpinRules()[0]!.action.redirect.regexSubstitution).toBe('https://jellyfin.example.com\\1');
  });

  it('uses the default probe timeout when the config gives none', async () => {
    const world = new World(TWO_NETWORKS);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    expect(world.probes).toContainEqual({ url: OFFICE_PROBE, expect: undefined, timeoutMs: 1500 });
  });

  it('probes every network and keeps each one its own location', async () => {
    const world = new World(TWO_NETWORKS);
    world.reachable.add(OFFICE_PROBE);
    const engine = new Engine(world.deps);

    const state = await engine.probeAll();

    expect(world.probes.map((probe) => probe.url).sort()).toEqual([HOME_PROBE, OFFICE_PROBE].sort());
    expect(state.networks.map((network) => [network.name, network.location])).toEqual([
      ['Home', 'away'],
      ['Office', 'home'],
    ]);
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'away', Office: 'home' }));
  });

  it('switches the rules in place when the location flips', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();

    world.reachable.clear();
    world.time += 60_000;
    const state = await engine.probeAll();

    expect(state.networks[0]!.location).toBe('away');
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'away' }));
    expect(world.diffs).toHaveLength(2);
    expect(world.diffs[1]).toEqual({ removeRuleIds: [RULE_ID_BASE], addRules: world.expected({ Home: 'away' }) });
  });

  it('does not rewrite rules when nothing changed', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);

    await engine.probeAll();
    expect(world.diffs).toHaveLength(1);
    world.time += 60_000;
    await engine.probeAll();
    await engine.reconcile();
    await engine.setMode('Home', 'auto');
    await engine.getState();
    expect(world.diffs).toHaveLength(1);
    expect(world.probes).toHaveLength(2);
    // The verdict itself is refreshed, and the UI hears about every reconcile.
    expect(world.verdicts.Home!.checkedAt).toBe(T0 + 60_000);
    expect(world.states).toHaveLength(4);
  });

  it("leaves rules that are not Hairpin's alone", async () => {
    const world = new World(EXAMPLE);
    const foreign = { id: 7, priority: 1, action: { type: 'block' } };
    world.installed = [foreign];
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);

    await engine.probeAll();

    expect(world.installed).toContainEqual(foreign);
    expect(world.diffs[0]!.removeRuleIds).toEqual([]);
  });

  it('replaces stale Hairpin rules left by an earlier run', async () => {
    const world = new World(EXAMPLE);
    world.installed = [{ id: RULE_ID_BASE }, { id: RULE_ID_BASE + 5 }];
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);

    await engine.probeAll();

    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
    expect(world.diffs).toEqual([
      { removeRuleIds: [RULE_ID_BASE, RULE_ID_BASE + 5], addRules: world.expected({ Home: 'home' }) },
    ]);
  });

  it('forgets verdicts and modes of networks that no longer exist', async () => {
    const world = new World(EXAMPLE);
    const old: Verdict = { location: 'home', reason: 'answered', latencyMs: 1, checkedAt: T0 - 1, status: 200 };
    world.verdicts = { Gone: old };
    world.modes = { Gone: 'home' };
    const engine = new Engine(world.deps);

    await engine.probeAll();
    expect(Object.keys(world.verdicts)).toEqual(['Home']);

    await engine.setMode('Home', 'away');
    expect(world.modes).toEqual({ Home: 'away' });
  });

  it('with no networks, probes nothing and installs nothing', async () => {
    const world = new World();
    const engine = new Engine(world.deps);
    const state = await engine.probeAll();
    expect(state.networks).toEqual([]);
    expect(world.probes).toEqual([]);
    expect(world.diffs).toEqual([]);
  });
});

describe('Engine: concurrent probes', () => {
  it('concurrent probeAll calls share one probe per network', async () => {
    const world = new World(TWO_NETWORKS);
    world.pending = [];
    const engine = new Engine(world.deps);

    const first = engine.probeAll();
    const second = engine.probeAll();
    const third = engine.probeAll();
    await settle();
    expect(world.probes).toHaveLength(2);

    for (const { request, answer } of world.pending) answer.resolve(request.url === HOME_PROBE ? ANSWER : TIMEOUT);
    const states = await Promise.all([first, second, third]);

    expect(world.probes).toHaveLength(2);
    for (const state of states) {
      expect(state.networks.map((network) => network.location)).toEqual(['home', 'away']);
    }
    expect(world.diffs).toHaveLength(1);
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home', Office: 'away' }));
  });

  it('probes again once the shared run is over', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await Promise.all([engine.probeAll(), engine.probeAll()]);
    expect(world.probes).toHaveLength(1);
    await engine.probeAll();
    expect(world.probes).toHaveLength(2);
  });

  it('a fresh probe (Check now) does not share one that started before it, and the older one cannot overwrite it', async () => {
    for (const olderAnswersFirst of [false, true]) {
      const world = new World(EXAMPLE);
      world.pending = [];
      const engine = new Engine(world.deps);

      const periodic = engine.probeAll(); // started while the laptop was still away
      await settle();
      const checkNow = engine.probeAll({ fresh: true });
      const joining = engine.probeAll(); // e.g. a rescue: joins the newest probe
      await settle();
      expect(world.probes).toHaveLength(2);

      const [older, newer] = world.pending;
      if (olderAnswersFirst) older!.answer.resolve(TIMEOUT);
      newer!.answer.resolve(ANSWER);
      const states = await Promise.all([checkNow, joining]);
      expect(states.map((state) => state.networks[0]!.location)).toEqual(['home', 'home']);
      if (!olderAnswersFirst) older!.answer.resolve(TIMEOUT);
      await periodic;

      expect(world.probes).toHaveLength(2);
      expect(world.verdicts.Home!.location).toBe('home');
      expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
    }
  });

  it('a mode switch does not wait for a slow probe', async () => {
    const world = new World(EXAMPLE);
    world.pending = [];
    const engine = new Engine(world.deps);

    const probing = engine.probeAll();
    await settle();
    const state = await engine.setMode('Home', 'home');
    expect(state.networks[0]!.location).toBe('home');
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));

    world.pending[0]!.answer.resolve(TIMEOUT);
    const after = await probing;
    // Forced: the away verdict is stored but the rules stay home.
    expect(after.networks[0]).toMatchObject({ mode: 'home', location: 'home' });
    expect(world.verdicts.Home!.location).toBe('away');
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
  });

  it('a config saved while a probe is running is probed with its own probe URL', async () => {
    const world = new World(EXAMPLE);
    world.pending = [];
    const engine = new Engine(world.deps);

    // A periodic probe to the old (wrong) address is still waiting for its timeout...
    const periodic = engine.probeAll();
    await settle();
    expect(world.probes.map((probe) => probe.url)).toEqual([HOME_PROBE]);

    // ...when the user saves the corrected address.
    const fixed = structuredClone(EXAMPLE);
    fixed.networks[0]!.probe.url = 'http://192.168.1.11:8080/hairpin';
    const saving = engine.saveConfig(fixed, 'here');
    await settle();
    for (const { request, answer } of world.pending) {
      answer.resolve(request.url === fixed.networks[0]!.probe.url ? ANSWER : TIMEOUT);
    }
    await settle();
    for (const { request, answer } of world.pending) {
      answer.resolve(request.url === fixed.networks[0]!.probe.url ? ANSWER : TIMEOUT);
    }
    expect(await saving).toEqual({ ok: true, warnings: [] });
    await periodic;

    expect(world.probes.map((probe) => probe.url)).toContain('http://192.168.1.11:8080/hairpin');
    const state = await engine.getState();
    expect(state.networks[0]!.location).toBe('home');
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
  });
});

describe('Engine: a probe outlived by its config', () => {
  it('a late answer to the old probe does not overwrite the verdict of the saved one', async () => {
    const world = new World(EXAMPLE);
    world.pending = [];
    const engine = new Engine(world.deps);
    const periodic = engine.probeAll(); // to the old, wrong address: it will time out late
    await settle();
    const fixed = structuredClone(EXAMPLE);
    fixed.networks[0]!.probe.url = 'http://192.168.1.11:8080/hairpin';
    const saving = engine.saveConfig(fixed, 'here');
    await settle();
    for (const { request, answer } of world.pending)
      if (request.url === fixed.networks[0]!.probe.url) answer.resolve(ANSWER);
    await saving;
    for (const { request, answer } of world.pending) if (request.url === HOME_PROBE) answer.resolve(TIMEOUT);
    await periodic;
    const state = await engine.getState();
    expect(state.networks[0]!.verdict?.location).toBe('home');
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
  });
});

describe('Engine: hysteresis', () => {
  it('checks a single failure right after a home answer once more before switching', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();

    world.time += 60_000;
    world.pending = [];
    const probing = engine.probeAll();
    await settle();
    world.pending.shift()!.answer.resolve(TIMEOUT);
    await settle();
    expect(world.sleeps).toEqual([150]);
    world.pending.shift()!.answer.resolve(ANSWER);
    const state = await probing;

    expect(world.probes).toHaveLength(3);
    expect(state.networks[0]!.location).toBe('home');
    expect(world.savedSwitches).toEqual([]);
    expect(world.diffs).toHaveLength(1);
  });

  /** A world whose last verdict is a Home answer a minute ago, with probes the test answers. */
  async function homeAMinuteAgo() {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    world.time += 60_000;
    world.pending = [];
    world.sleepGate = deferred<void>();
    return { world, engine, pending: world.pending };
  }

  it('against a hanging endpoint the retry starts 150 ms after the first probe, not after its timeout', async () => {
    const { world, engine, pending } = await homeAMinuteAgo();
    const probing = engine.probeAll();
    await settle();
    expect(pending).toHaveLength(1);
    world.sleepGate!.resolve();
    await settle();
    // The first probe still hangs, and the retry is already out.
    expect(pending).toHaveLength(2);
    pending[1]!.answer.resolve(TIMEOUT);
    pending[0]!.answer.resolve(TIMEOUT);
    const state = await probing;
    expect(state.networks[0]!.location).toBe('away');
    expect(world.savedSwitches).toHaveLength(1);
  });

  it('the retry answering Home wins at once, while the first probe still hangs', async () => {
    const { world, engine, pending } = await homeAMinuteAgo();
    const probing = engine.probeAll();
    await settle();
    world.sleepGate!.resolve();
    await settle();
    pending[1]!.answer.resolve(ANSWER);
    const state = await probing; // resolves with the first probe never answered
    expect(state.networks[0]!.location).toBe('home');
    expect(world.savedSwitches).toEqual([]);
  });

  it('a slow first probe answering Home still wins after the retry failed', async () => {
    const { world, engine, pending } = await homeAMinuteAgo();
    const probing = engine.probeAll();
    await settle();
    world.sleepGate!.resolve();
    await settle();
    pending[1]!.answer.resolve(TIMEOUT);
    await settle();
    pending[0]!.answer.resolve(ANSWER);
    expect((await probing).networks[0]!.location).toBe('home');
    expect(world.savedSwitches).toEqual([]);
  });

  it('a first probe that answers Home within the pause needs no retry', async () => {
    const { engine, pending } = await homeAMinuteAgo();
    const probing = engine.probeAll();
    await settle();
    pending[0]!.answer.resolve(ANSWER);
    const state = await probing; // the pause has not even ended
    expect(state.networks[0]!.location).toBe('home');
    expect(pending).toHaveLength(1);
  });

  it('a fast failure still waits for the pause before the retry', async () => {
    const { world, engine, pending } = await homeAMinuteAgo();
    const probing = engine.probeAll();
    await settle();
    pending[0]!.answer.resolve({ kind: 'network-error', latencyMs: 3, message: 'refused' });
    await settle();
    expect(pending).toHaveLength(1);
    world.sleepGate!.resolve();
    await settle();
    expect(pending).toHaveLength(2);
    pending[1]!.answer.resolve(ANSWER);
    expect((await probing).networks[0]!.location).toBe('home');
  });

  it('no retry without a recent Home answer', async () => {
    const { world, engine, pending } = await homeAMinuteAgo();
    world.time += 10 * 60_000;
    const probing = engine.probeAll();
    await settle();
    pending[0]!.answer.resolve(TIMEOUT);
    expect((await probing).networks[0]!.location).toBe('away');
    expect(pending).toHaveLength(1);
    expect(world.sleeps).toEqual([]);
  });
});

describe('Engine: last switch', () => {
  it('is not recorded on the first check', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    const state = await engine.probeAll();
    expect(world.savedSwitches).toEqual([]);
    expect(state.lastSwitch).toBeNull();
  });

  it('is recorded on an automatic flip, with the reason', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();

    world.reachable.clear();
    world.time = T0 + 60_000;
    const away = await engine.probeAll();
    const toAway: SwitchRecord = {
      network: 'Home',
      to: 'away',
      at: T0 + 60_000,
      because: 'probe failed: timeout after 1500 ms',
    };
    expect(world.savedSwitches).toEqual([toAway]);
    expect(away.lastSwitch).toEqual(toAway);

    world.reachable.add(HOME_PROBE);
    world.time = T0 + 120_000;
    await engine.probeAll();
    expect(world.savedSwitches).toEqual([
      toAway,
      { network: 'Home', to: 'home', at: T0 + 120_000, because: 'probe answered in 4 ms' },
    ]);
  });

  it('is not recorded when the verdict does not change', async () => {
    const world = new World(EXAMPLE);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    await engine.probeAll();
    expect(world.savedSwitches).toEqual([]);
  });

  it('is not recorded while the mode is forced', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    await engine.setMode('Home', 'home');

    world.reachable.clear();
    world.time += 60_000;
    const state = await engine.probeAll();

    expect(world.verdicts.Home!.location).toBe('away');
    expect(state.networks[0]).toMatchObject({ mode: 'home', location: 'home' });
    expect(world.savedSwitches).toEqual([]);
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
  });

  it('is not recorded by a mode change', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    await engine.setMode('Home', 'away');
    await engine.setMode('Home', 'auto');
    expect(world.savedSwitches).toEqual([]);
  });
});

describe('Engine.setMode', () => {
  it('forces a location over the verdict and back', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();

    const away = await engine.setMode('Home', 'away');
    expect(away.networks[0]).toMatchObject({ name: 'Home', mode: 'away', location: 'away' });
    expect(world.modes).toEqual({ Home: 'away' });
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'away' }));

    const auto = await engine.setMode('Home', 'auto');
    expect(auto.networks[0]).toMatchObject({ mode: 'auto', location: 'home' });
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
    expect(world.diffs).toHaveLength(3);
    // A mode switch never probes.
    expect(world.probes).toHaveLength(1);
  });

  it('installs rules for a forced mode before any probe', async () => {
    const world = new World(EXAMPLE);
    const engine = new Engine(world.deps);
    expect(world.hairpinRules()).toEqual([]);
    await engine.setMode('Home', 'home');
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
    expect(world.probes).toEqual([]);
  });

  it('rejects an unknown network and changes nothing', async () => {
    const world = new World(EXAMPLE);
    const engine = new Engine(world.deps);
    await expect(engine.setMode('Nowhere', 'home')).rejects.toThrow('there is no network named "Nowhere"');
    expect(world.savedModes).toEqual([]);
    expect(world.diffs).toEqual([]);
    // The queue keeps working after a failed task.
    await expect(engine.setMode('Home', 'away')).resolves.toMatchObject({ networks: [{ mode: 'away' }] });
  });

  it('matches network names exactly', async () => {
    const world = new World(EXAMPLE);
    const engine = new Engine(world.deps);
    await expect(engine.setMode('home', 'home')).rejects.toThrow('there is no network named "home"');
  });
});

describe('Engine.saveConfig', () => {
  it('rejects an invalid config without changing anything', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    const before = {
      config: structuredClone(world.config),
      installed: structuredClone(world.installed),
      verdicts: structuredClone(world.verdicts),
    };
    const probes = world.probes.length;
    const diffs = world.diffs.length;

    const bad = structuredClone(EXAMPLE) as Record<string, unknown> & typeof EXAMPLE;
    bad.networks[0]!.mappings[0]!.internal = 'http://192.168.1.20:70000';
    bad.extra = true;
    const result = await engine.saveConfig(bad, 'here');

    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'networks[0].mappings[0].internal', message: 'port 70000 is out of range (1–65535)' }],
      warnings: [{ path: 'extra', message: 'unknown field, ignored' }],
    });
    expect(world.savedConfigs).toEqual([]);
    expect(world.config).toEqual(before.config);
    expect(world.installed).toEqual(before.installed);
    expect(world.verdicts).toEqual(before.verdicts);
    expect(world.probes).toHaveLength(probes);
    expect(world.diffs).toHaveLength(diffs);
  });

  it('rejects something that is not a config', async () => {
    const world = new World(EXAMPLE);
    const engine = new Engine(world.deps);
    expect(await engine.saveConfig('hello', 'here')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'not a Hairpin config: expected a JSON object' }],
      warnings: [],
    });
    expect(world.savedConfigs).toEqual([]);
  });

  it('saves a valid config, probes it and installs its rules', async () => {
    const world = new World();
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);

    const result = await engine.saveConfig({ ...TWO_NETWORKS, note: 'x' }, 'here');

    expect(result).toEqual({ ok: true, warnings: [{ path: 'note', message: 'unknown field, ignored' }] });
    expect(world.savedConfigs).toEqual([validated(TWO_NETWORKS)]);
    // The reply does not wait for the probe, which follows at once.
    await settle();
    expect(world.probes.map((probe) => probe.url).sort()).toEqual([HOME_PROBE, OFFICE_PROBE].sort());
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home', Office: 'away' }));
    const state = await engine.getState();
    expect(state.config).toEqual(validated(TWO_NETWORKS));
  });

  it('drops the rules of a mapping that was removed', async () => {
    const world = new World(TWO_NETWORKS);
    world.reachable.add(HOME_PROBE);
    world.reachable.add(OFFICE_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    expect(world.hairpinRules().map((rule) => rule.id)).toEqual([RULE_ID_BASE, RULE_ID_BASE + 1]);

    await engine.saveConfig(EXAMPLE, 'here');

    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
    expect(world.hairpinRules().map((rule) => rule.id)).toEqual([RULE_ID_BASE]);
  });

  it('with a base, saves over that config only: a change made elsewhere meanwhile is not undone', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    const base = (await engine.getState()).config;
    // Sync (or the config URL) changes the stored config; an editor still holds `base`.
    const elsewhere = validated({ ...EXAMPLE, configUrl: 'https://home.example.com/hairpin.json' });
    world.config = structuredClone(elsewhere);
    const installed = structuredClone(world.installed);
    const diffs = world.diffs.length;
    const edited = validated(TWO_NETWORKS);

    const refused = await engine.saveConfig(edited, 'here', base);
    expect(refused).toEqual({
      ok: false,
      errors: [{ path: '', message: 'the configuration was changed elsewhere meanwhile; nothing was saved' }],
      warnings: [],
      changedElsewhere: elsewhere,
    });
    expect(world.savedConfigs).toEqual([]);
    expect(world.config).toEqual(elsewhere);
    expect(world.installed).toEqual(installed);
    expect(world.diffs).toHaveLength(diffs);

    // Based on what is stored now (the editor chose to keep its edits), it is saved.
    expect(await engine.saveConfig(edited, 'here', elsewhere)).toEqual({ ok: true, warnings: [] });
    expect(world.config).toEqual(edited);
    // Saving what is already stored is no conflict, whatever the base.
    expect((await engine.saveConfig(edited, 'here', base)).ok).toBe(true);
  });
});

describe('Engine: set-aside configurations', () => {
  it('the state says what is set aside', async () => {
    const world = new World(EXAMPLE);
    const engine = new Engine(world.deps);
    expect((await engine.getState()).setAside).toBeNull();
    world.setAside = { kind: 'unreadable', at: null };
    expect((await engine.reconcile()).setAside).toEqual({ kind: 'unreadable', at: null });
  });
});

describe('Engine: other entry points', () => {
  it('reconcile re-installs rules that went missing', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    world.installed = [];

    await engine.reconcile();

    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
    expect(world.diffs).toHaveLength(2);
  });

  it('getState reports host and cookie access and writes nothing', async () => {
    const world = new World(EXAMPLE);
    world.hostAccess = false;
    world.cookieAccess = true;
    const engine = new Engine(world.deps);
    const state = await engine.getState();
    expect(state).toMatchObject({
      hostAccess: false,
      cookieAccess: true,
      configStore: 'sync',
      storageProblem: null,
      lastSwitch: null,
    });
    expect(state.networks).toEqual([{ name: 'Home', mode: 'auto', pinned: false, verdict: null, location: 'unknown' }]);
    expect(world.diffs).toEqual([]);
    expect(world.states).toEqual([]);
  });

  it('testProbe probes the given request and judges it, storing nothing', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add('http://10.9.9.9/x');
    const engine = new Engine(world.deps);
    const request = { url: 'http://10.9.9.9/x', expect: 'abc-7f3a9c', timeoutMs: 800 };
    expect(await engine.testProbe(request)).toEqual({
      outcome: ANSWER,
      verdict: { location: 'home', reason: 'answered', latencyMs: 4, checkedAt: T0, status: 200 },
    });
    expect(world.probes).toEqual([request]);
    expect(world.savedVerdicts).toEqual([]);
    expect(world.diffs).toEqual([]);
  });
});

describe('networks named like members of Object.prototype', () => {
  const NAMES = ['constructor', '__proto__', 'toString'];
  const config = {
    format: 'hairpin-config',
    version: 1,
    networks: NAMES.map((name, i) => ({
      name,
      probe: { url: `http://192.168.${i + 1}.10/hairpin`, expect: TOKEN },
      mappings: [{ name: 'App', external: `https://app${i}.example.com`, internal: `http://192.168.${i + 1}.20` }],
    })),
  };

  it('get a mode, a verdict and rules of their own, never an inherited function', async () => {
    const world = new World(config);
    const engine = new Engine(world.deps);
    const fresh = await engine.getState();
    expect(fresh.networks.map((network) => [network.name, network.mode, network.location])).toEqual(
      NAMES.map((name) => [name, 'auto', 'unknown']),
    );
    expect(world.hairpinRules()).toEqual([]);

    world.reachable.add('http://192.168.2.10/hairpin'); // only __proto__ answers
    const probed = await engine.probeAll();
    expect(probed.networks.map((network) => network.location)).toEqual(['away', 'home', 'away']);
    expect(Object.keys(world.verdicts).sort()).toEqual([...NAMES].sort());

    const forced = await engine.setMode('__proto__', 'away');
    expect(forced.networks.map((network) => network.mode)).toEqual(['auto', 'away', 'auto']);
    expect(Object.hasOwn(world.savedModes.at(-1)!, '__proto__')).toBe(true);
    const again = await engine.setMode('toString', 'home');
    expect(again.networks.map((network) => [network.mode, network.location])).toEqual([
      ['auto', 'away'],
      ['away', 'away'],
      ['home', 'home'],
    ]);
    expect(world.hairpinRules()).toEqual(
      world.expected({ constructor: 'away', ['__proto__']: 'away', toString: 'home' } as Record<string, Location>),
    );
  });
});

describe('Engine: the badge is decoration', () => {
  it('a failing onState (no toolbar badge, as on Firefox for Android) fails no reply, save or switch', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const engine = new Engine({
      ...world.deps,
      onState: () => Promise.reject(new Error('setBadgeText is not a function')),
    });
    try {
      expect((await engine.probeAll()).networks[0]?.location).toBe('home');
      expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
      expect((await engine.setMode('Home', 'away')).networks[0]?.location).toBe('away');
      expect(world.hairpinRules()).toEqual(world.expected({ Home: 'away' }));
      const renamed = validated({ ...EXAMPLE, networks: [{ ...EXAMPLE.networks[0], name: 'House' }] });
      expect(await engine.saveConfig(renamed, 'here')).toEqual({ ok: true, warnings: [] });
      expect(world.savedConfigs.at(-1)?.networks[0]?.name).toBe('House');
      expect((await engine.getState()).networks).toHaveLength(1);
      expect(warn).toHaveBeenCalledWith('Hairpin: showing the state failed:', expect.any(Error));
      await settle(); // the probe after the save
    } finally {
      warn.mockRestore();
    }
  });
});

describe('forced modes end with the browser session unless pinned', () => {
  it('a forced mode lives in the session; a new session starts in Auto with no rules until a probe', async () => {
    const world = new World(EXAMPLE);
    await new Engine(world.deps).setMode('Home', 'home');
    expect(world.modes).toEqual({ Home: 'home' });
    expect(world.pinnedModes).toEqual({});
    // The browser restarts: storage.session is empty, and so are the session rules.
    world.modes = {};
    world.installed = [];
    const state = await new Engine(world.deps).reconcile();
    expect(state.networks[0]).toMatchObject({ mode: 'auto', pinned: false, location: 'unknown' });
    expect(world.hairpinRules()).toEqual([]);
  });

  it('a pinned mode survives the restart, and choosing any mode without the pin unpins it', async () => {
    const world = new World(EXAMPLE);
    await new Engine(world.deps).setMode('Home', 'home', true);
    world.modes = {};
    world.installed = [];
    const engine = new Engine(world.deps);
    const state = await engine.reconcile();
    expect(state.networks[0]).toMatchObject({ mode: 'home', pinned: true, location: 'home' });
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));
    await engine.setMode('Home', 'away');
    expect(world.pinnedModes).toEqual({});
    world.modes = {};
    expect((await new Engine(world.deps).reconcile()).networks[0]).toMatchObject({ mode: 'auto', pinned: false });
  });
});

describe('rules the browser refuses (regex budget)', () => {
  const long = (prefix: string) => ({
    ...EXAMPLE,
    networks: [
      {
        ...EXAMPLE.networks[0]!,
        mappings: [{ name: 'Deep', external: 'https://deep.example.com', internal: `http://192.168.1.20/${prefix}` }],
      },
    ],
  });

  it('a save is refused, naming the side, when the browser would not compile its rule', async () => {
    const world = new World(EXAMPLE);
    world.regexBudget = 120;
    const engine = new Engine(world.deps);
    const result = await engine.saveConfig(long('a'.repeat(100)), 'here');
    expect(result).toMatchObject({
      ok: false,
      errors: [{ path: 'networks[0].mappings[0].internal', message: 'is too long for the browser' }],
    });
    expect(world.savedConfigs).toEqual([]);
  });

  it('fails closed: when an update fails, every Hairpin rule is removed and the state says so', async () => {
    const world = new World(long('a'.repeat(100)));
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.setMode('Home', 'home');
    expect(world.hairpinRules()).toHaveLength(1); // the home rule matches the short external side
    world.regexBudget = 120; // the away rule matches the long internal side: over budget
    const state = await engine.setMode('Home', 'away');
    expect(world.hairpinRules()).toEqual([]); // not the stale home rule
    expect(state.rulesProblem).toMatch(/could not update its redirect rules .* redirects nothing for now/);
    expect((await engine.getState()).rulesProblem).toBe(state.rulesProblem);
    world.regexBudget = Infinity;
    const healed = await engine.reconcile();
    expect(healed.rulesProblem).toBeNull();
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'away' }));
  });
});

describe('Engine: what arrives from elsewhere waits for a click here', () => {
  const EVIL = 'https://evil.example';
  const withMapping = (internal: string) =>
    validated({
      ...EXAMPLE,
      networks: [
        {
          ...EXAMPLE.networks[0]!,
          mappings: [
            ...EXAMPLE.networks[0]!.mappings,
            { name: 'Photos', external: 'https://photos.example.com', internal },
          ],
        },
      ],
    });

  it('a config saved from elsewhere (the config URL) adds no rule until approved; a save here applies at once', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.probeAll();
    const before = world.hairpinRules();

    expect(await engine.saveConfig(withMapping(EVIL), 'elsewhere')).toEqual({ ok: true, warnings: [] });
    const waiting = await engine.reconcile();
    expect(world.config.networks[0]!.mappings).toHaveLength(2);
    expect(world.hairpinRules()).toEqual(before);
    expect(waiting.pending).toEqual([expect.objectContaining({ kind: 'mapping', name: 'Photos', internal: EVIL })]);

    const allowed = await engine.review([waiting.pending[0]!.id], 'approve');
    expect(allowed.pending).toEqual([]);
    expect(world.hairpinRules()).toEqual(world.expected({ Home: 'home' }));

    // The same content saved here instead is applied by the save itself.
    const fresh = new World(EXAMPLE);
    fresh.reachable.add(HOME_PROBE);
    const local = new Engine(fresh.deps);
    await local.probeAll();
    await local.saveConfig(withMapping('http://192.168.1.30'), 'here');
    expect(fresh.hairpinRules()).toEqual(fresh.expected({ Home: 'home' }));
    expect((await local.getState()).pending).toEqual([]);
  });

  it('a probe changed elsewhere is not probed: the approved one goes on deciding home', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    const changed = structuredClone(EXAMPLE);
    changed.networks[0]!.probe = { url: 'http://203.0.113.9/hairpin', expect: 'attacker-token', timeoutMs: 1500 };
    world.config = validated(changed); // as a sync merge writes it
    const state = await engine.probeAll();
    expect(world.probes.map((probe) => probe.url)).toEqual([HOME_PROBE]);
    expect(state.networks[0]!.location).toBe('home');
    expect(state.pending).toEqual([expect.objectContaining({ kind: 'probe', url: 'http://203.0.113.9/hairpin' })]);
  });

  it('a declined item stays in the config, unapplied and marked declined; an unknown id changes nothing', async () => {
    const world = new World(EXAMPLE);
    world.reachable.add(HOME_PROBE);
    const engine = new Engine(world.deps);
    await engine.saveConfig(withMapping(EVIL), 'elsewhere');
    const { pending } = await engine.getState();
    const declined = await engine.review([pending[0]!.id, 'mapping:["Home","x","y"]'], 'decline');
    expect(declined.pending).toEqual([expect.objectContaining({ id: pending[0]!.id, declined: true })]);
    expect(world.approvals.declined).toEqual([pending[0]!.id]);
    expect(declined.config.networks[0]!.mappings).toHaveLength(2);
    expect(declined.applied.networks[0]!.mappings).toHaveLength(1);
  });
});
