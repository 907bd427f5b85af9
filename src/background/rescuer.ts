// Self-healing: when a navigation to a mapped host fails or stalls, probe that host's network
// at once; if the fresh verdict says the tab is on the wrong side, the rules have switched (now
// or a moment ago), and the tab goes to the other side. A navigation that starts while the
// network's verdict is no longer fresh is checked ahead: the probe runs while the page loads,
// so a tab headed for the wrong side is moved without waiting for the deadline.
import { findMapping, urlForLocation } from '../core/url-mapping';
import { CHECK_AHEAD_AFTER_MS, describeFailure } from '../core/navigation';
import type { HairpinState } from '../core/messages';
import type { Config } from '../core/config-schema';

export interface RescuerDeps {
  /** The config alone: cheaper than the state, for the many navigations no mapping claims. */
  loadConfig(): Promise<Config>;
  getState(): Promise<HairpinState>;
  probeNetwork(name: string, trigger: string): Promise<HairpinState>;
  navigateTab(tabId: number, url: string): Promise<void>;
  now(): number;
}

export type RescueOutcome = 'not-mapped' | 'forced' | 'verdict-held' | 'moved' | 'already-rescuing';
export type CheckAheadOutcome = RescueOutcome | 'fresh' | 'answered';

export class Rescuer {
  constructor(private readonly deps: RescuerDeps) {}

  /** Tabs with a rescue under way: Chromium retries an error page by itself about 1 s later,
   * and that failure must not start a second rescue that moves the tab twice. */
  private readonly busyTabs = new Set<number>();

  rescue(tabId: number, url: string, failure: string | 'deadline'): Promise<RescueOutcome> {
    return this.exclusive(tabId, async () => {
      const network = autoNetworkIn(await this.deps.getState(), url);
      if (typeof network !== 'string') return network.outcome;
      const after = await this.deps.probeNetwork(network, `${new URL(url).host} ${describeFailure(failure)}`);
      return this.moveIfOnWrongSide(tabId, url, after, network);
    });
  }

  /**
   * A navigation to a mapped host started: when its network's verdict is older than
   * CHECK_AHEAD_AFTER_MS, probe it now. If the tab is still without an answer when the probe
   * lands (`loadingUrl`: still waiting, or on an error page) and on the side the fresh verdict
   * does not want, move it. The rescue a failure or the deadline would start meanwhile waits
   * for this one (one per tab), which decides with the same probe.
   */
  async checkAhead(tabId: number, url: string, loadingUrl: () => string | null): Promise<CheckAheadOutcome> {
    // Every navigation comes here: one config read settles the unmapped ones.
    if (!findMapping(await this.deps.loadConfig(), url)) return 'not-mapped';
    const before = await this.deps.getState();
    const network = autoNetworkIn(before, url);
    if (typeof network !== 'string') return network.outcome;
    const verdict = before.networks.find((candidate) => candidate.name === network)?.verdict;
    if (verdict && this.deps.now() - verdict.checkedAt < CHECK_AHEAD_AFTER_MS) return 'fresh';
    // The tab is held only from here: a fast failure meanwhile gets its own rescue.
    return this.exclusive<CheckAheadOutcome>(tabId, async () => {
      const after = await this.deps.probeNetwork(network, `checked on opening ${new URL(url).host}`);
      const loading = loadingUrl();
      if (!loading) return 'answered';
      return this.moveIfOnWrongSide(tabId, loading, after, network);
    });
  }

  private async exclusive<T>(tabId: number, task: () => Promise<T>): Promise<T | 'already-rescuing'> {
    if (this.busyTabs.has(tabId)) return 'already-rescuing';
    this.busyTabs.add(tabId);
    try {
      return await task();
    } finally {
      this.busyTabs.delete(tabId);
    }
  }

  private async moveIfOnWrongSide(tabId: number, url: string, after: HairpinState, network: string): Promise<RescueOutcome> {
    const match = findMapping(after.config, url);
    if (!match || match.networkName !== network) return 'not-mapped';
    const location = after.networks.find((candidate) => candidate.name === network)?.location ?? 'unknown';
    if (location === 'unknown') return 'verdict-held';
    // A tab on the side the (fresh) verdict wants is merely slow or broken: leave it. One on the
    // other side was sent there by stale rules, whether the verdict flipped just now or a moment
    // before the failure (say, the wake-up probe beat the navigation deadline): move it.
    const target = urlForLocation(match, location);
    if (!target) return 'verdict-held';
    await this.deps.navigateTab(tabId, target);
    return 'moved';
  }
}

/** The name of the auto-mode network that maps `url`; a forced mode is the user's word. */
function autoNetworkIn(state: HairpinState, url: string): string | { outcome: 'not-mapped' | 'forced' } {
  const match = findMapping(state.config, url);
  if (!match) return { outcome: 'not-mapped' };
  const network = state.networks.find((candidate) => candidate.name === match.networkName);
  if (!network || network.mode !== 'auto') return { outcome: 'forced' };
  return match.networkName;
}
