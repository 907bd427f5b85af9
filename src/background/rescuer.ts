// Self-healing: when a navigation to a mapped host fails or stalls, probe that host's network
// at once; if the verdict changed, the rules have switched, and the tab goes to the other side.
import { findMapping, urlForLocation } from '../core/url-mapping';
import { describeFailure } from '../core/navigation';
import type { HairpinState } from '../core/messages';

export interface RescuerDeps {
  getState(): Promise<HairpinState>;
  probeNetwork(name: string, trigger: string): Promise<HairpinState>;
  navigateTab(tabId: number, url: string): Promise<void>;
}

export type RescueOutcome = 'not-mapped' | 'forced' | 'verdict-held' | 'moved' | 'already-there';

export class Rescuer {
  constructor(private readonly deps: RescuerDeps) {}

  async rescue(tabId: number, url: string, failure: string | 'deadline'): Promise<RescueOutcome> {
    const before = await this.deps.getState();
    const match = findMapping(before.config, url);
    if (!match) return 'not-mapped';
    const network = before.networks.find((candidate) => candidate.name === match.networkName);
    // A forced mode is the user's word: never overridden by a failure.
    if (!network || network.mode !== 'auto') return 'forced';
    const host = new URL(url).host;
    const after = await this.deps.probeNetwork(match.networkName, `${host} ${describeFailure(failure)}`);
    const location = after.networks.find((candidate) => candidate.name === match.networkName)?.location ?? 'unknown';
    if (location === 'unknown' || location === network.location) return 'verdict-held';
    const target = urlForLocation(match, location);
    if (!target) return 'already-there';
    await this.deps.navigateTab(tabId, target);
    return 'moved';
  }
}
