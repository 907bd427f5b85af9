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

/**
 * Every enabled mapping, in the user's order. A network not checked yet gets the external
 * address: the one that works for anybody, and the one no rule sends anywhere else.
 */
export function serviceLinks(config: Config, locations: Readonly<Record<string, Location | 'unknown'>>): ServiceLink[] {
  const links: ServiceLink[] = [];
  for (const network of config.networks) {
    const side: SideName = valueFor(locations, network.name) === 'home' ? 'internal' : 'external';
    for (const mapping of network.mappings) {
      if (mapping.enabled === false) continue;
      const parsed = parseSide(mapping[side]);
      if (!parsed.ok) continue;
      links.push({ name: mapping.name, networkName: network.name, url: urlOnSide(parsed.side, ''), side });
    }
  }
  return links;
}
