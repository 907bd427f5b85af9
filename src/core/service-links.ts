// The popup's list of the user's services, each linked to the address that works from here: the
// internal one while its network is Home, the external one otherwise. A link that already points
// at the right side needs no redirect at all, the one way to go below a redirect's cost. Pure.
import type { Config } from './config-schema';
import type { SideName } from './url-mapping';
import { parseSide, urlOnSide } from './side';
import type { Location } from './verdict';
import { valueFor } from './by-name';

export interface ServiceLink {
  name: string;
  networkName: string;
  /** The top of the service (its side's origin and path prefix) on the side that works now. */
  url: string;
  side: SideName;
}

/** A service with its place in the config, for the popup's enable/disable switches. */
export interface ServiceEntry extends ServiceLink {
  enabled: boolean;
  network: number;
  mapping: number;
}

/**
 * Every enabled mapping, in the user's order. A network not checked yet gets the external
 * address: the one that works for anybody, and the one no rule sends anywhere else.
 */
export function serviceLinks(config: Config, locations: Readonly<Record<string, Location | 'unknown'>>): ServiceLink[] {
  return serviceEntries(config, locations)
    .filter((entry) => entry.enabled)
    .map(({ name, networkName, url, side }) => ({ name, networkName, url, side }));
}

/**
 * Every mapping, disabled ones too (linked like the others, though no rule redirects them). With
 * `applied` (the part of the config this browser approved, core/approval.ts), a mapping outside it
 * links to its external side: its internal side came from elsewhere and waits for a click here.
 */
export function serviceEntries(
  config: Config,
  locations: Readonly<Record<string, Location | 'unknown'>>,
  applied: Config = config,
): ServiceEntry[] {
  const entries: ServiceEntry[] = [];
  config.networks.forEach((network, n) => {
    const home = valueFor(locations, network.name) === 'home';
    const approved = applied.networks.find((candidate) => candidate.name === network.name)?.mappings ?? [];
    network.mappings.forEach((mapping, m) => {
      const isApproved = approved.some(
        (other) => other.external === mapping.external && other.internal === mapping.internal,
      );
      const side: SideName = home && isApproved ? 'internal' : 'external';
      const parsed = parseSide(mapping[side]);
      if (!parsed.ok) return;
      entries.push({
        name: mapping.name,
        networkName: network.name,
        url: urlOnSide(parsed.side, ''),
        side,
        enabled: mapping.enabled !== false,
        network: n,
        mapping: m,
      });
    });
  });
  return entries;
}
