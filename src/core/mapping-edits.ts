// The popup's edits of one mapping, on the saved config: add, replace, remove, enable; each
// returns a new config for the same validator the options page uses (the background's), and
// where the mapping is, so that the validator's issues land at the popup's fields
// (mapping-issues.ts). Pure, and small: the popup's entry imports it.
import type { Config, Mapping } from './config-schema';

export interface MappingRef {
  network: number;
  mapping: number;
}

/** Where the mapping with this external side lives (external sides are unique in a valid config). */
export function locateMapping(config: Config, networkName: string, external: string): MappingRef | null {
  const network = config.networks.findIndex((candidate) => candidate.name === networkName);
  if (network === -1) return null;
  const mapping = config.networks[network]!.mappings.findIndex((candidate) => candidate.external === external);
  return mapping === -1 ? null : { network, mapping };
}

function withMappings(config: Config, network: number, change: (mappings: Mapping[]) => Mapping[]): Config {
  return {
    ...config,
    networks: config.networks.map((candidate, n) =>
      n === network ? { ...candidate, mappings: change(candidate.mappings) } : candidate,
    ),
  };
}

export function addMapping(config: Config, network: number, mapping: Mapping): { config: Config; ref: MappingRef } {
  const at = config.networks[network]?.mappings.length ?? 0;
  return { config: withMappings(config, network, (mappings) => [...mappings, mapping]), ref: { network, mapping: at } };
}

export function replaceMapping(config: Config, ref: MappingRef, mapping: Mapping): Config {
  return withMappings(config, ref.network, (mappings) => mappings.map((old, m) => (m === ref.mapping ? mapping : old)));
}

export function removeMapping(config: Config, ref: MappingRef): Config {
  return withMappings(config, ref.network, (mappings) => mappings.filter((_, m) => m !== ref.mapping));
}

/** A mapping with `enabled` written the way the options page writes it (omitted when true). */
export function setEnabled(mapping: Mapping, enabled: boolean): Mapping {
  const { enabled: _dropped, ...rest } = mapping;
  return enabled ? rest : { ...rest, enabled: false };
}
