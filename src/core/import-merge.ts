// Adds imported mappings to one network of a configuration, never twice. Pure: returns a new
// config (the caller validates it with the one validator and saves it as one change).
import type { Config, Mapping } from './config-schema';
import { parseSide, sideToString } from './side';

/** A mapping's two sides in canonical form, or null when one does not parse. */
export function pairKey(mapping: Pick<Mapping, 'external' | 'internal'>): string | null {
  const external = parseSide(mapping.external);
  const internal = parseSide(mapping.internal);
  return external.ok && internal.ok ? `${sideToString(external.side)} ${sideToString(internal.side)}` : null;
}

/** The mapping of any network with these two sides, if there is one. */
export function findExisting(
  config: Config,
  mapping: Pick<Mapping, 'external' | 'internal'>,
): { network: string; mapping: Mapping } | null {
  const key = pairKey(mapping);
  if (key === null) return null;
  for (const network of config.networks) {
    const found = network.mappings.find((existing) => pairKey(existing) === key);
    if (found) return { network: network.name, mapping: found };
  }
  return null;
}

export interface MergeResult {
  config: Config;
  /** Index in the network's mappings of each mapping given, or null if it was already there. */
  placed: (number | null)[];
}

export function mergeMappings(config: Config, networkIndex: number, mappings: readonly Mapping[]): MergeResult {
  const network = config.networks[networkIndex];
  if (!network) throw new RangeError(`there is no network ${networkIndex}`);
  const known = new Set(config.networks.flatMap((each) => each.mappings.map(pairKey)));
  const added: Mapping[] = [];
  const placed = mappings.map((mapping) => {
    const key = pairKey(mapping);
    if (key !== null && known.has(key)) return null;
    known.add(key);
    added.push(mapping);
    return network.mappings.length + added.length - 1;
  });
  const networks = config.networks.map((each, n) =>
    n === networkIndex ? { ...each, mappings: [...each.mappings, ...added] } : each,
  );
  return { config: { ...config, networks }, placed };
}
