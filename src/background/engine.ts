// The background's decisions, wired to browser adapters passed in (so tests can fake them).
// Every step that reads and writes state runs through one queue: the worker may be woken by
// several events at once and must never interleave two read-modify-write cycles.
import { PROBE_TIMEOUT, type Config, type Network } from '../core/config-schema';
import { validateConfig } from '../core/config-validate';
import { compileRules, diffRules, isEmptyDiff, type RuleDiff } from '../core/rule-compiler';
import {
  describeVerdict,
  effectiveLocation,
  verdictFromOutcome,
  type Location,
  type Mode,
  type ProbeOutcome,
  type Verdict,
} from '../core/verdict';
import { mayRetryProbe, RETRY_DELAY_MS, shouldRetryProbe } from '../core/navigation';
import type { HairpinState, SaveConfigResult, SetAside, SwitchRecord } from '../core/messages';
import type { ProbeRequest } from '../browser/probe-fetch';
import type { StoredConfig } from './config-store';
import type { ConfigFetchStatus } from '../core/config-url';

export interface EngineDeps {
  loadConfig(): Promise<StoredConfig>;
  /** With `expected`: saves only if the stored config is still that one (see ConfigStore.save). */
  saveConfig(config: Config, expected?: unknown): Promise<StoredConfig>;
  loadModes(): Promise<Record<string, Mode>>;
  saveModes(modes: Record<string, Mode>): Promise<void>;
  loadVerdicts(): Promise<Record<string, Verdict>>;
  saveVerdicts(verdicts: Record<string, Verdict>): Promise<void>;
  loadLastSwitch(): Promise<SwitchRecord | null>;
  saveLastSwitch(record: SwitchRecord): Promise<void>;
  loadConfigFetch(): Promise<ConfigFetchStatus | null>;
  loadSecureConsent(): Promise<string[]>;
  /** A configuration kept aside (sync conflict, unreadable after an update), for the options page. */
  loadSetAside(): Promise<SetAside | null>;
  getInstalledRules(): Promise<{ id: number }[]>;
  applyRuleDiff(diff: RuleDiff): Promise<void>;
  probe(request: ProbeRequest): Promise<ProbeOutcome>;
  hasHostAccess(): Promise<boolean>;
  /** Whether the optional `cookies` permission is held (keepLogin needs it). */
  hasCookieAccess(): Promise<boolean>;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Called after every reconcile with the state the UI shows (badge, etc.). */
  onState?(state: HairpinState): void | Promise<void>;
}

export class Engine {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inflight = new Map<string, RunningProbe>();
  /** Probes are numbered as they start; a network's stored verdict came from probe `savedFrom`. */
  private probesStarted = 0;
  private readonly savedFrom = new Map<string, number>();

  constructor(private readonly deps: EngineDeps) {}

  /** Re-applies rules from stored state. Cheap when nothing changed: no DNR write. */
  reconcile(): Promise<HairpinState> {
    return this.serial(() => this.reconcileNow());
  }

  /**
   * Probes every network (concurrently), stores the verdicts, re-applies rules. With `fresh`, a
   * probe already running is not shared: it started before the reason to ask (the user pressed
   * Check now, the network changed) and may have gone to the network the browser just left.
   */
  probeAll(options: { fresh?: boolean } = {}): Promise<HairpinState> {
    return this.probeNetworks(() => true, undefined, options.fresh ?? false);
  }

  /**
   * Probes one network, e.g. because a navigation to one of its hosts failed. `trigger`
   * explains a resulting switch in the popup ("jellyfin.home.example.com did not answer").
   */
  probeNetwork(name: string, trigger?: string): Promise<HairpinState> {
    return this.probeNetworks((candidate) => candidate === name, trigger);
  }

  /**
   * Probes run outside the queue so that a slow endpoint never delays a mode switch; a network
   * already being probed is not probed twice at once, its running probe is shared (unless
   * `fresh` asks for one started now).
   */
  private async probeNetworks(
    wanted: (name: string) => boolean,
    trigger?: string,
    fresh = false,
  ): Promise<HairpinState> {
    const { config } = await this.deps.loadConfig();
    const previous = await this.deps.loadVerdicts();
    const networks = config.networks.filter((network) => wanted(network.name));
    const probes = networks.map((network) => this.probeShared(network, previous[network.name], fresh));
    const answers = await Promise.all(probes.map((probe) => probe.verdict));
    return this.serial(async () => {
      const before = await this.buildState();
      const verdicts = await this.deps.loadVerdicts();
      networks.forEach((network, i) => {
        // The config may have changed while the probe ran: a verdict on an old probe is stale.
        const current = before.config.networks.find((candidate) => candidate.name === network.name);
        if (!current || probeKey(current) !== probeKey(network)) return;
        // So is one from a probe that started before the probe whose verdict is stored.
        const started = probes[i]!.number;
        if (started < (this.savedFrom.get(network.name) ?? 0)) return;
        this.savedFrom.set(network.name, started);
        verdicts[network.name] = answers[i]!;
      });
      await this.deps.saveVerdicts(pickKnown(verdicts, before.config));
      await this.recordSwitch(before, verdicts, trigger);
      return this.reconcileNow();
    });
  }

  private probeShared(network: Network, previous: Verdict | undefined, fresh: boolean): RunningProbe {
    // Keyed by the probe too: a probe still running for an edited network (say, to a wrong
    // address that will time out) must not stand in for a probe of the saved config.
    const key = probeKey(network);
    const running = this.inflight.get(key);
    if (running && !fresh) return running;
    const started: RunningProbe = {
      number: ++this.probesStarted,
      verdict: this.probeWithRetry(network, previous).finally(() => {
        if (this.inflight.get(key) === started) this.inflight.delete(key);
      }),
    };
    this.inflight.set(key, started);
    return started;
  }

  /**
   * Hysteresis: one failure right after a Home answer is checked again before it counts. The
   * second probe starts RETRY_DELAY_MS after the first one *started* (unless that one has
   * answered by then), not after it failed: a hanging endpoint, the usual sight just after
   * leaving home, then costs one timeout instead of two. Either probe answering Home wins.
   */
  private async probeWithRetry(network: Network, previous: Verdict | undefined): Promise<Verdict> {
    const first = this.probeOnce(network);
    if (!mayRetryProbe(previous, this.deps.now())) return first;
    const pause = this.deps.sleep(RETRY_DELAY_MS);
    const early = await Promise.race([first, pause.then(() => null)]);
    if (early && !shouldRetryProbe(previous, early)) return early;
    await pause; // a fast failure (refused) still waits: a blip gets its moment to pass
    const second = this.probeOnce(network);
    const home = (verdict: Promise<Verdict>) =>
      verdict.then((value) => (value.location === 'home' ? value : Promise.reject(new Error('not home'))));
    return Promise.any([home(first), home(second)]).catch(() => second);
  }

  setMode(network: string, mode: Mode): Promise<HairpinState> {
    return this.serial(async () => {
      const { config } = await this.deps.loadConfig();
      if (!config.networks.some((candidate) => candidate.name === network)) {
        throw new Error(`there is no network named "${network}"`);
      }
      const modes = await this.deps.loadModes();
      modes[network] = mode;
      await this.deps.saveModes(pickKnown(modes, config));
      return this.reconcileNow();
    });
  }

  /**
   * Validates and saves a config; an invalid one changes nothing. Probes after a change. With
   * `base` (the config an editor started from), nothing is saved either when the stored config is
   * no longer that one: the editor would otherwise undo a change made elsewhere meanwhile.
   */
  async saveConfig(input: unknown, base?: unknown): Promise<SaveConfigResult> {
    const result = validateConfig(input);
    if (!result.ok) return result;
    const stored = await this.serial(async () => {
      const stored = await this.deps.saveConfig(result.config, base);
      if (!stored.changedElsewhere) await this.reconcileNow();
      return stored;
    });
    if (stored.changedElsewhere) {
      return {
        ok: false,
        errors: [{ path: '', message: 'the configuration was changed elsewhere meanwhile; nothing was saved' }],
        warnings: result.warnings,
        changedElsewhere: stored.config,
      };
    }
    // Not awaited: the page that saved should not wait for a probe (up to its timeout, twice
    // with the hysteresis retry); the state it polls shows the verdict when it lands.
    this.probeAll().catch(() => undefined);
    return { ok: true, warnings: result.warnings };
  }

  getState(): Promise<HairpinState> {
    return this.serial(() => this.buildState());
  }

  async testProbe(request: ProbeRequest): Promise<{ outcome: ProbeOutcome; verdict: Verdict }> {
    const outcome = await this.deps.probe(request);
    return { outcome, verdict: verdictFromOutcome(outcome, this.deps.now()) };
  }

  /** Remembers the latest automatic Home/Away flip so the popup can say when and why. */
  private async recordSwitch(before: HairpinState, verdicts: Record<string, Verdict>, trigger?: string): Promise<void> {
    for (const network of before.networks) {
      const verdict = verdicts[network.name];
      if (network.mode !== 'auto' || !verdict) continue;
      if (network.location !== 'unknown' && network.location !== verdict.location) {
        await this.deps.saveLastSwitch({
          network: network.name,
          to: verdict.location,
          at: verdict.checkedAt,
          because: trigger ? `${trigger} (${describeVerdict(verdict)})` : describeVerdict(verdict),
        });
      }
    }
  }

  private async probeOnce(network: Network): Promise<Verdict> {
    const outcome = await this.deps.probe({
      url: network.probe.url,
      expect: network.probe.expect,
      timeoutMs: network.probe.timeoutMs ?? PROBE_TIMEOUT.default,
    });
    return verdictFromOutcome(outcome, this.deps.now());
  }

  private async reconcileNow(): Promise<HairpinState> {
    const state = await this.buildState();
    const locations: Record<string, Location | 'unknown'> = {};
    for (const network of state.networks) locations[network.name] = network.location;
    const desired = compileRules(state.config, locations);
    const diff = diffRules(await this.deps.getInstalledRules(), desired);
    if (!isEmptyDiff(diff)) await this.deps.applyRuleDiff(diff);
    await this.deps.onState?.(state);
    return state;
  }

  private async buildState(): Promise<HairpinState> {
    const [stored, modes, verdicts, hostAccess, cookieAccess, lastSwitch, configFetch, secureConsent, setAside] =
      await Promise.all([
        this.deps.loadConfig(),
        this.deps.loadModes(),
        this.deps.loadVerdicts(),
        this.deps.hasHostAccess(),
        this.deps.hasCookieAccess(),
        this.deps.loadLastSwitch(),
        this.deps.loadConfigFetch(),
        this.deps.loadSecureConsent(),
        this.deps.loadSetAside(),
      ]);
    return {
      secureConsent,
      setAside,
      lastSwitch,
      configFetch,
      config: stored.config,
      configStore: stored.store,
      storageProblem: stored.problem,
      sync: stored.sync,
      hostAccess,
      cookieAccess,
      networks: stored.config.networks.map((network) => {
        const mode = modes[network.name] ?? 'auto';
        const verdict = verdicts[network.name] ?? null;
        return { name: network.name, mode, verdict, location: effectiveLocation(mode, verdict ?? undefined) };
      }),
    };
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** A probe under way; `number` orders probes by when they started. */
interface RunningProbe {
  number: number;
  verdict: Promise<Verdict>;
}

/** What identifies one probe of one network. */
function probeKey(network: Network): string {
  return JSON.stringify([
    network.name,
    network.probe.url,
    network.probe.expect ?? null,
    network.probe.timeoutMs ?? null,
  ]);
}

/** Drops entries for networks that no longer exist, so renamed networks start clean. */
function pickKnown<T>(byName: Record<string, T>, config: Config): Record<string, T> {
  const out: Record<string, T> = {};
  for (const network of config.networks) {
    const value = byName[network.name];
    if (value !== undefined) out[network.name] = value;
  }
  return out;
}
