// Which mapping a URL belongs to, and where it would go on the other side. Pure.
import type { Config, Mapping } from './config-schema';
import { matchSide, parseSide, urlOnSide, type Side } from './side';
import type { Location } from './verdict';

export type SideName = 'external' | 'internal';

export interface MappingMatch {
  networkName: string;
  mapping: Mapping;
  side: SideName;
  /** Path after the prefix, query and fragment: what a switch keeps. */
  rest: string;
  external: Side;
  internal: Side;
}

/**
 * The enabled mapping whose external or internal side claims `url`; where prefixes nest, the
 * longest prefix wins, as in the redirect rules. `includeDisabled`: disabled mappings too (the
 * popup edits them; no rule redirects them).
 */
export function findMapping(
  config: Config,
  url: string,
  options: { includeDisabled?: boolean } = {},
): MappingMatch | null {
  let best: MappingMatch | null = null;
  let bestPrefix = -1;
  for (const network of config.networks) {
    for (const mapping of network.mappings) {
      if (mapping.enabled === false && !options.includeDisabled) continue;
      const external = parseSide(mapping.external);
      const internal = parseSide(mapping.internal);
      if (!external.ok || !internal.ok) continue;
      for (const side of ['external', 'internal'] as const) {
        const candidate = side === 'external' ? external.side : internal.side;
        const matched = matchSide(candidate, url);
        if (matched && candidate.prefix.length > bestPrefix) {
          bestPrefix = candidate.prefix.length;
          best = {
            networkName: network.name,
            mapping,
            side,
            rest: matched.rest,
            external: external.side,
            internal: internal.side,
          };
        }
      }
    }
  }
  return best;
}

/** The same place on the other side of the mapping. */
export function otherSideUrl(match: MappingMatch): string {
  return urlOnSide(match.side === 'external' ? match.internal : match.external, match.rest);
}

/** The URL on the external side, the one that works for anybody (for sharing links). */
export function externalUrl(match: MappingMatch): string {
  return urlOnSide(match.external, match.rest);
}

/** Where a tab on `match` belongs for `location`, or null when it is already on that side. */
export function urlForLocation(match: MappingMatch, location: Location): string | null {
  const wanted: SideName = location === 'home' ? 'internal' : 'external';
  return match.side === wanted ? null : otherSideUrl(match);
}
