// Hairpin's state as the background reports it, for tests of everything that reads it: a Home
// verdict and a state with every field filled in (tests name only what matters).
import type { Config } from '../../src/core/config-schema';
import type { HairpinState, NetworkState } from '../../src/core/messages';
import { effectiveLocation, type Verdict } from '../../src/core/verdict';

export { sampleConfig } from './sample-config';

export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

export function answered(latencyMs: number, secondsAgo: number): Verdict {
  return { location: 'home', reason: 'answered', latencyMs, status: 200, checkedAt: NOW - secondsAgo * 1000 };
}

export function stateFor(
  config: Config,
  networks: Partial<NetworkState>[] = [],
  extra: Partial<HairpinState> = {},
): HairpinState {
  return {
    config,
    applied: config,
    pending: [],
    configStore: 'sync',
    storageProblem: null,
    sync: null,
    hostAccess: true,
    cookieAccess: true,
    lastSwitch: null,
    configFetch: null,
    secureConsent: [],
    setAside: null,
    conflictBackups: [],
    rulesProblem: null,
    syncFile: null,
    networks: config.networks.map((network, i) => {
      const given = networks[i] ?? {};
      const mode = given.mode ?? 'auto';
      const verdict = given.verdict === undefined ? null : given.verdict;
      return {
        name: network.name,
        mode,
        pinned: false,
        verdict,
        location: effectiveLocation(mode, verdict ?? undefined),
        ...given,
      };
    }),
    ...extra,
  };
}
