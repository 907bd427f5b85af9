// Self-healing: when a navigation to a mapped host fails or stalls, probe that host's network
// at once; if the fresh verdict says the tab is on the wrong side, the rules have switched (now
// or a moment ago), and the tab goes to the other side.
import { findMapping, urlForLocation } from '../core/url-mapping';
import { describeFailure } from '../core/navigation';
import type { HairpinState } from '../core/messages';

export interface RescuerDeps {
  getState(): Promise<HairpinState>;
  probeNetwork(name: string, trigger: string): Promise<HairpinState>;
  navigateTab(tabId: number, url: string): Promise<void>;
}

export type RescueOutcome = 'not-mapped' | 'forced' | 'verdict-held' | 'moved' | 'already-rescuing';

export class Rescuer {
  constructor(private readonly deps: RescuerDeps) {}

  /** Tabs with a rescue under way: Chromium retries an error page by itself about 1 s later,
   * and that failure must not start a second rescue that moves the tab twice. */
  private readonly busyTabs = new Set<number>();

  async rescue(tabId: number, url: string, failure: string | 'deadline'): Promise<RescueOutcome> {
    if (this.busyTabs.has(tabId)) return 'already-rescuing';
    this.busyTabs.add(tabId);
    try {
      return await this.rescueOnce(tabId, url, failure);
    } finally {
      this.busyTabs.delete(tabId);
    }
  }

  private async rescueOnce(tabId: number, url: string, failure: string | 'deadline'): Promise<RescueOutcome> {
    const before = await this.deps.getState();
    const match = findMapping(before.config, url);
    if (!match) return 'not-mapped';
    const network = before.networks.find((candidate) => candidate.name === match.networkName);
    // A forced mode is the user's word: never overridden by a failure.
    if (!network || network.mode !== 'auto') return 'forced';
    const host = new URL(url).host;
    const after = await this.deps.probeNetwork(match.networkName, `${host} ${describeFailure(failure)}`);
    const location = after.networks.find((candidate) => candidate.name === match.networkName)?.location ?? 'unknown';
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
