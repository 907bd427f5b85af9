// What changed between two configs, a few words per network, mapping or setting: the options
// page names what was changed elsewhere while it had unsaved edits. Pure.
import type { Config, Mapping, Network } from './config-schema';
import { stableJson } from './stable-json';

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name, item]));
}

function withoutMappings(network: Network): unknown {
  const { mappings: _mappings, ...rest } = network;
  return rest;
}

function withoutNetworks(config: Config): unknown {
  const { networks: _networks, ...rest } = config;
  return rest;
}

function mappingChanges(network: string, before: readonly Mapping[], after: readonly Mapping[], out: string[]): void {
  const old = byName(before);
  const kept = new Set(after.map((mapping) => mapping.name));
  for (const mapping of after) {
    const was = old.get(mapping.name);
    if (!was) out.push(`Mapping “${mapping.name}” added to “${network}”`);
    else if (stableJson(was) !== stableJson(mapping)) out.push(`Mapping “${mapping.name}” changed`);
  }
  for (const mapping of before) if (!kept.has(mapping.name)) out.push(`Mapping “${mapping.name}” removed`);
}

/** E.g. ["Mapping “Jellyfin” changed", "Network “Office” added"]; empty when only the order moved. */
export function describeChanges(before: Config, after: Config): string[] {
  const out: string[] = [];
  const old = byName(before.networks);
  const kept = new Set(after.networks.map((network) => network.name));
  for (const network of after.networks) {
    const was = old.get(network.name);
    if (!was) {
      out.push(`Network “${network.name}” added`);
      continue;
    }
    if (stableJson(withoutMappings(was)) !== stableJson(withoutMappings(network))) {
      out.push(`Network “${network.name}” changed`);
    }
    mappingChanges(network.name, was.mappings, network.mappings, out);
  }
  for (const network of before.networks) if (!kept.has(network.name)) out.push(`Network “${network.name}” removed`);
  if (stableJson(withoutNetworks(before)) !== stableJson(withoutNetworks(after))) out.push('General settings changed');
  return out;
}
