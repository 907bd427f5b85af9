// The background's decisions, wired to browser adapters passed in (so tests can fake them).
// Every step that reads and writes state runs through one queue: the worker may be woken by
// several events at once and must never interleave two read-modify-write cycles. The probes
// themselves run outside it (probe-runner.ts).
import type { Config } from '../core/config-schema';
import { validateConfig } from '../core/config-validate';
import { compileRules, diffRules, isEmptyDiff, sideRegexes, type RuleDiff } from '../core/rule-compiler';
import { errorMessage } from '../core/error-message';
import {
  describeVerdict,
  effectiveLocation,
  effectiveMode,
  verdictFromOutcome,
  type Location,
  type Mode,
  type ProbeOutcome,
  type Verdict,
} from '../core/verdict';
import type { HairpinState, SaveConfigResult, SetAside, SwitchRecord } from '../core/messages';
import type { ProbeRequest } from '../browser/probe-fetch';
import type { StoredConfig } from './config-store';
import type { ConfigFetchStatus } from '../core/config-url';
import { serialQueue } from '../core/serial-queue';
import type { StoredItem } from '../core/storage-layout';
import { ProbeRunner, probeKey } from './probe-runner';
import { byName, valueFor } from '../core/by-name';
import {
  approve,
  approveLocalSave,
  approvedPart,
  decline,
  pendingApproval,
  type ApprovalRecord,
} from '../core/approval';

/**
 * Where a config being saved comes from: `here` is a click in this browser's own pages (an edit,
 * an import, the wizard, an undo), which approves what it adds or changes; `elsewhere` (the config
 * URL) approves nothing, so what it brings waits for a click here (see core/approval.ts).
 */
export type SaveSource = 'here' | 'elsewhere';

/** This device's state besides the config: modes and verdicts, and what the popup explains. */
interface DeviceState {
  /** Forced modes of this browser session (storage.session). */
  modes: StoredItem<Record<string, Mode>>;
  /** Modes the user pinned, kept across restarts (storage.local). */
  pinnedModes: StoredItem<Record<string, Mode>>;
  verdicts: StoredItem<Record<string, Verdict>>;
  lastSwitch: StoredItem<SwitchRecord | null>;
  configFetch: Readable<ConfigFetchStatus | null>;
  /** Mappings whose Secure cookies the user agreed (twice) to copy onto the http side. */
  secureConsent: Readable<string[]>;
  /** A configuration kept aside (sync conflict, unreadable after an update), for the options page. */
  setAside: Readable<SetAside | null>;
  /** The household sync file's settings (as pages may see them) and status. */
  syncFile?: Readable<HairpinState['syncFile']>;
  conflictBackups?: Readable<HairpinState['conflictBackups']>;
  /** What this browser approved (storage.local only): the engine applies only that part. */
  approvals: StoredItem<ApprovalRecord>;
}

type Readable<T> = Pick<StoredItem<T>, 'load'>;

export interface EngineDeps {
  config: {
    load(): Promise<StoredConfig>;
    /** With `expected`: saves only if the stored config is still that one (see ConfigStore.save). */
    save(config: Config, expected?: unknown): Promise<StoredConfig>;
  };
  device: DeviceState;
  /** Hairpin's installed redirect rules. */
  rules: {
    installed(): Promise<{ id: number }[]>;
    apply(diff: RuleDiff): Promise<void>;
    /** Why the browser would refuse this regexFilter, or null (see browser/dnr.ts). */
    regexProblem(regex: string): Promise<string | null>;
  };
  access: {
    /** False when the user withheld host access. */
    hosts(): Promise<boolean>;
    /** Whether the optional `cookies` permission is held (keepLogin needs it). */
    cookies(): Promise<boolean>;
  };
  probe(request: ProbeRequest): Promise<ProbeOutcome>;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Called after every reconcile with the state the UI shows (badge, etc.); its failures are only logged. */
  onState?(state: HairpinState): void | Promise<void>;
}

export class Engine {
  private readonly serial = serialQueue();
  private readonly probes: ProbeRunner;
  /** Probes are numbered as they start; a network's stored verdict came from probe `savedFrom`. */
  private readonly savedFrom = new Map<string, number>();
  /** Why the last rules update failed (every Hairpin rule was removed then), or null. */
  private rulesProblem: string | null = null;

  constructor(private readonly deps: EngineDeps) {
    this.probes = new ProbeRunner(deps);
  }

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
    const config = await this.appliedConfig();
    const previous = await this.deps.device.verdicts.load();
    const networks = config.networks.filter((network) => wanted(network.name));
    const probes = networks.map((network) => this.probes.run(network, valueFor(previous, network.name), fresh));
    const answers = await Promise.all(probes.map((probe) => probe.verdict));
    return this.serial(async () => {
      const before = await this.buildState();
      const verdicts = byName(await this.deps.device.verdicts.load());
      networks.forEach((network, i) => {
        // The config may have changed while the probe ran: a verdict on an old probe is stale.
        const current = before.applied.networks.find((candidate) => candidate.name === network.name);
        if (!current || probeKey(current) !== probeKey(network)) return;
        // So is one from a probe that started before the probe whose verdict is stored.
        const started = probes[i]!.number;
        if (started < (this.savedFrom.get(network.name) ?? 0)) return;
        this.savedFrom.set(network.name, started);
        verdicts[network.name] = answers[i]!;
      });
      await this.deps.device.verdicts.save(pickKnown(verdicts, before.config));
      await this.recordSwitch(before, verdicts, trigger);
      return this.reconcileNow();
    });
  }

  /** Sets a network's mode for this browser session, or for good with `pinned`. */
  setMode(network: string, mode: Mode, pinned = false): Promise<HairpinState> {
    return this.serial(async () => {
      const { config } = await this.deps.config.load();
      if (!config.networks.some((candidate) => candidate.name === network)) {
        throw new Error(`there is no network named "${network}"`);
      }
      const modes = byName(await this.deps.device.modes.load());
      const pins = byName(await this.deps.device.pinnedModes.load());
      modes[network] = mode;
      // Choosing a mode without the pin unpins it: after a restart the network starts in Auto.
      if (pinned && mode !== 'auto') pins[network] = mode;
      else delete pins[network];
      await this.deps.device.modes.save(pickKnown(modes, config));
      await this.deps.device.pinnedModes.save(pickKnown(pins, config));
      return this.reconcileNow();
    });
  }

  /**
   * Validates and saves a config; an invalid one changes nothing. Probes after a change. With
   * `base` (the config an editor started from), nothing is saved either when the stored config is
   * no longer that one: the editor would otherwise undo a change made elsewhere meanwhile.
   */
  async saveConfig(input: unknown, from: SaveSource, base?: unknown): Promise<SaveConfigResult> {
    const result = validateConfig(input);
    if (!result.ok) return result;
    // The browser compiles each rule under a budget: ask it now, not when a switch fails.
    const refused = await this.refusedRegexes(result.config);
    if (refused.length > 0) return { ok: false, errors: refused, warnings: result.warnings };
    const stored = await this.serial(async () => {
      const before = (await this.deps.config.load()).config;
      const stored = await this.deps.config.save(result.config, base);
      if (stored.changedElsewhere) return stored;
      // Approved after the write: should the worker die in between, what was saved waits (fails closed).
      if (from === 'here') {
        const record = await this.deps.device.approvals.load();
        await this.deps.device.approvals.save(approveLocalSave(record, before, stored.config));
      }
      await this.reconcileNow();
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

  private async refusedRegexes(config: Config): Promise<{ path: string; message: string }[]> {
    const checks = await Promise.all(
      sideRegexes(config).map(async ({ path, regex }) => ({
        path,
        problem: await this.deps.rules.regexProblem(regex),
      })),
    );
    return checks.flatMap(({ path, problem }) => (problem ? [{ path, message: problem }] : []));
  }

  getState(): Promise<HairpinState> {
    return this.serial(() => this.buildState());
  }

  /**
   * Approves the pending items named by `ids` (the user clicked Allow in this browser), or with
   * `declined` sets them aside: they stay unapplied and are no longer announced. Ids that no
   * longer name something pending (the config changed since the page showed it) do nothing.
   */
  review(ids: readonly string[], verdict: 'approve' | 'decline'): Promise<HairpinState> {
    const done = this.serial(async () => {
      const { config } = await this.deps.config.load();
      const record = await this.deps.device.approvals.load();
      const pending = new Set(pendingApproval(config, record).map((item) => item.id));
      const known = ids.filter((id) => pending.has(id));
      await this.deps.device.approvals.save(
        verdict === 'approve' ? approve(config, record, known) : decline(record, known),
      );
      return this.reconcileNow();
    });
    // A probe just approved answers where we are; not awaited, as after a save.
    if (verdict === 'approve') void done.then(() => this.probeAll()).catch(() => undefined);
    return done;
  }

  /** The part of the stored config this browser applies (see core/approval.ts). */
  private async appliedConfig(): Promise<Config> {
    const [{ config }, record] = await Promise.all([this.deps.config.load(), this.deps.device.approvals.load()]);
    return approvedPart(config, record);
  }

  async testProbe(request: ProbeRequest): Promise<{ outcome: ProbeOutcome; verdict: Verdict }> {
    const outcome = await this.deps.probe(request);
    return { outcome, verdict: verdictFromOutcome(outcome, this.deps.now()) };
  }

  /** Remembers the latest automatic Home/Away flip so the popup can say when and why. */
  private async recordSwitch(before: HairpinState, verdicts: Record<string, Verdict>, trigger?: string): Promise<void> {
    for (const network of before.networks) {
      const verdict = valueFor(verdicts, network.name);
      if (network.mode !== 'auto' || !verdict) continue;
      if (network.location !== 'unknown' && network.location !== verdict.location) {
        await this.deps.device.lastSwitch.save({
          network: network.name,
          to: verdict.location,
          at: verdict.checkedAt,
          because: trigger ? `${trigger} (${describeVerdict(verdict)})` : describeVerdict(verdict),
        });
      }
    }
  }

  private async reconcileNow(): Promise<HairpinState> {
    const state = await this.buildState();
    const locations = byName<Location | 'unknown'>();
    for (const network of state.networks) locations[network.name] = network.location;
    // Only what this browser approved is ever compiled (core/approval.ts).
    const desired = compileRules(state.applied, locations);
    const installed = await this.deps.rules.installed();
    const diff = diffRules(this.rulesProblem ? [] : installed, desired);
    if (this.rulesProblem) diff.removeRuleIds = installed.map((rule) => rule.id);
    if (!isEmptyDiff(diff) || this.rulesProblem) {
      try {
        await this.deps.rules.apply(diff);
        this.rulesProblem = null;
      } catch (error) {
        // Fail closed: the update is atomic, so stale rules (home rules after leaving home) would
        // stay. Remove every Hairpin rule instead, and say so until an update succeeds.
        this.rulesProblem = `Hairpin could not update its redirect rules (${errorMessage(error)}), so it redirects nothing for now.`;
        await this.deps.rules
          .apply({ removeRuleIds: installed.map((rule) => rule.id), addRules: [] })
          .catch(() => undefined);
      }
    }
    state.rulesProblem = this.rulesProblem;
    await this.notify(state);
    return state;
  }

  /**
   * What onState shows (the toolbar badge) is decoration: a browser that cannot draw it (Firefox
   * for Android) or a failing call must not fail the reply, the save or the switch behind it.
   */
  private async notify(state: HairpinState): Promise<void> {
    try {
      await this.deps.onState?.(state);
    } catch (error) {
      console.warn('Hairpin: showing the state failed:', error);
    }
  }

  private async buildState(): Promise<HairpinState> {
    const [stored, modes, pins, verdicts, hostAccess, cookieAccess, lastSwitch, configFetch, secureConsent, setAside] =
      await Promise.all([
        this.deps.config.load(),
        this.deps.device.modes.load(),
        this.deps.device.pinnedModes.load(),
        this.deps.device.verdicts.load(),
        this.deps.access.hosts(),
        this.deps.access.cookies(),
        this.deps.device.lastSwitch.load(),
        this.deps.device.configFetch.load(),
        this.deps.device.secureConsent.load(),
        this.deps.device.setAside.load(),
      ]);
    const approvals = await this.deps.device.approvals.load();
    const syncFile = this.deps.device.syncFile ? await this.deps.device.syncFile.load() : null;
    const conflictBackups = this.deps.device.conflictBackups ? await this.deps.device.conflictBackups.load() : [];
    return {
      secureConsent,
      setAside,
      conflictBackups,
      syncFile,
      lastSwitch,
      configFetch,
      config: stored.config,
      applied: approvedPart(stored.config, approvals),
      pending: pendingApproval(stored.config, approvals),
      configStore: stored.store,
      storageProblem: stored.problem,
      sync: stored.sync,
      hostAccess,
      cookieAccess,
      rulesProblem: this.rulesProblem,
      networks: stored.config.networks.map((network) => {
        const mode = effectiveMode(modes, pins, network.name);
        const pinned = mode !== 'auto' && valueFor(pins, network.name) === mode;
        const verdict = valueFor(verdicts, network.name) ?? null;
        return { name: network.name, mode, pinned, verdict, location: effectiveLocation(mode, verdict ?? undefined) };
      }),
    };
  }
}

/** Drops entries for networks that no longer exist, so renamed networks start clean. */
function pickKnown<T>(named: Record<string, T>, config: Config): Record<string, T> {
  const out = byName<T>();
  for (const network of config.networks) {
    const value = valueFor(named, network.name);
    if (value !== undefined) out[network.name] = value;
  }
  return out;
}
