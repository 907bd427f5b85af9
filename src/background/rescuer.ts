// Self-healing: when a navigation to a mapped host fails or stalls, probe that host's network
// at once; if the fresh verdict says the tab is on the wrong side, the rules have switched (now
// or a moment ago), and the tab goes to the other side. A navigation that has not answered a
// moment after it started (checkAheadDelayMs) while the network's verdict says Home, or is no
// longer fresh, is checked ahead: the probe runs while the page loads (and beside the deadline),
// so a tab headed for the wrong side is moved without waiting for the deadline first (see
// shouldCheckAhead). A page that answers within that moment costs no probe.
import { findMapping, urlForLocation } from '../core/url-mapping';
import { checkAheadDelayMs, describeFailure, shouldCheckAhead } from '../core/navigation';
import type { HairpinState } from '../core/messages';
import { PROBE_TIMEOUT, type Config } from '../core/config-schema';
import type { Mode, Verdict } from '../core/verdict';
import { valueFor } from '../core/by-name';

export interface RescuerDeps {
  /** Light reads rather than the engine's whole state: every navigation passes by the check ahead. */
  loadConfig(): Promise<Config>;
  loadModes(): Promise<Record<string, Mode>>;
  loadVerdicts(): Promise<Record<string, Verdict>>;
  probeNetwork(name: string, trigger: string): Promise<HairpinState>;
  navigateTab(tabId: number, url: string): Promise<void>;
  sleep(ms: number): Promise<void>;
  /**
   * Where the tab is loading or showing, as the browser reports it (null: the tab is gone). Given
   * where the watch does not see every navigation (Chromium observes only mapped sites): a tab the
   * user has since sent to any other site is then known to have left.
   */
  tabDestination?(tabId: number): Promise<string | null>;
  now(): number;
}

/**
 * What the tab is loading with no answer so far (still waiting, stalled, or on the error page of
 * an unreachable host), or null once it has an answer or the user went elsewhere.
 */
export type LoadingUrl = () => string | null;

export type RescueOutcome =
  'not-mapped' | 'forced' | 'verdict-held' | 'answered' | 'left' | 'moved' | 'already-rescuing';
export type CheckAheadOutcome = RescueOutcome | 'fresh';

interface Running {
  kind: 'rescue' | 'check-ahead';
  /** Settles (never rejects) with the outcome once the task is over. */
  done: Promise<RescueOutcome | 'failed'>;
}

export class Rescuer {
  constructor(private readonly deps: RescuerDeps) {}

  /** One task per tab: Chromium retries an error page by itself about 1 s later, and that
   * failure must not start a second rescue that moves the tab twice. */
  private readonly running = new Map<number, Running>();

  async rescue(
    tabId: number,
    url: string,
    /** A net error (`net::ERR_…`), or 'deadline' when it went unanswered. */
    failure: string,
    loadingUrl: LoadingUrl,
  ): Promise<RescueOutcome> {
    const current = this.running.get(tabId);
    if (current?.kind === 'rescue') return 'already-rescuing';
    if (current) {
      // A check ahead's probe may predate this failure (say, the network changed meanwhile):
      // wait for it, and decide again unless it moved the tab.
      if ((await current.done) === 'moved') return 'already-rescuing';
      return this.rescue(tabId, url, failure, loadingUrl);
    }
    return this.hold(tabId, 'rescue', async () => {
      const network = await this.autoNetworkOf(url);
      if (typeof network !== 'string') return network.outcome;
      const after = await this.deps.probeNetwork(network, `${new URL(url).host} ${describeFailure(failure)}`);
      return this.moveIfOnWrongSide(tabId, loadingUrl, after, network);
    });
  }

  /**
   * A navigation to a mapped host started: once it has gone unanswered for checkAheadDelayMs,
   * when its network's verdict says Home or is older than CHECK_AHEAD_AFTER_MS, probe it. If the
   * tab still has no answer when the probe lands and is on the side the fresh verdict does not
   * want, move it. A failure or stall of the tab meanwhile waits for this and is decided
   * afterwards (see rescue); one before the probe starts is the rescue's alone.
   */
  async checkAhead(tabId: number, url: string, loadingUrl: LoadingUrl): Promise<CheckAheadOutcome> {
    // Every navigation comes here, most while a page loads: the config (held in memory) settles
    // the unmapped ones, a timer the ones that answer in time, two reads the rest.
    const config = await this.deps.loadConfig();
    const match = findMapping(config, url);
    if (!match) return 'not-mapped';
    const probe = config.networks.find((candidate) => candidate.name === match.networkName)?.probe;
    const delayMs = checkAheadDelayMs(probe?.timeoutMs ?? PROBE_TIMEOUT.default);
    if (delayMs > 0) await this.deps.sleep(delayMs);
    if (loadingUrl() === null) return 'answered';
    const network = await this.autoNetworkOf(url);
    if (typeof network !== 'string') return network.outcome;
    if (!shouldCheckAhead(valueFor(await this.deps.loadVerdicts(), network), this.deps.now())) return 'fresh';
    if (this.running.has(tabId)) return 'already-rescuing';
    return this.hold(tabId, 'check-ahead', async () => {
      const after = await this.deps.probeNetwork(network, `checked on opening ${new URL(url).host}`);
      return this.moveIfOnWrongSide(tabId, loadingUrl, after, network);
    });
  }

  /** The name of the auto-mode network that maps `url`; a forced mode is the user's word. */
  private async autoNetworkOf(url: string): Promise<string | { outcome: 'not-mapped' | 'forced' }> {
    const match = findMapping(await this.deps.loadConfig(), url);
    if (!match) return { outcome: 'not-mapped' };
    const modes = await this.deps.loadModes();
    if ((valueFor(modes, match.networkName) ?? 'auto') !== 'auto') return { outcome: 'forced' };
    return match.networkName;
  }

  private async hold(tabId: number, kind: Running['kind'], task: () => Promise<RescueOutcome>): Promise<RescueOutcome> {
    const result = task();
    const entry: Running = { kind, done: result.catch(() => 'failed' as const) };
    this.running.set(tabId, entry);
    try {
      return await result;
    } finally {
      if (this.running.get(tabId) === entry) this.running.delete(tabId);
    }
  }

  private async moveIfOnWrongSide(
    tabId: number,
    loadingUrl: LoadingUrl,
    after: HairpinState,
    network: string,
  ): Promise<RescueOutcome> {
    // Read after the probe: the page may have answered, or the user gone elsewhere, meanwhile.
    const url = loadingUrl();
    if (!url) return 'answered';
    const match = findMapping(after.config, url);
    if (!match || match.networkName !== network) return 'not-mapped';
    const location = after.networks.find((candidate) => candidate.name === network)?.location ?? 'unknown';
    if (location === 'unknown') return 'verdict-held';
    // A tab on the side the (fresh) verdict wants is merely slow or broken: leave it. One on the
    // other side was sent there by stale rules, whether the verdict flipped just now or a moment
    // before the failure (say, the wake-up probe beat the navigation deadline): move it.
    const target = urlForLocation(match, location);
    if (!target) return 'verdict-held';
    if (this.deps.tabDestination) {
      // Either side of this mapping is still this navigation (the browser may report the URL from
      // before the redirect); anything else, or no tab, is the user's choice since.
      const destination = await this.deps.tabDestination(tabId);
      if (destination === null || findMapping(after.config, destination)?.mapping !== match.mapping) return 'left';
    }
    await this.deps.navigateTab(tabId, target);
    return 'moved';
  }
}
