// Immutable edits of a draft (the options page's editable copy of the config): each returns a
// new draft, rows found by their stable keys. Pure.
import type { Draft, DraftMapping, DraftNetwork } from './config-draft';

export function updateNetwork(draft: Draft, networkKey: string, patch: Partial<DraftNetwork>): Draft {
  return {
    ...draft,
    networks: draft.networks.map((network) => (network.key === networkKey ? { ...network, ...patch } : network)),
  };
}

export function updateMapping(
  draft: Draft,
  networkKey: string,
  mappingKey: string,
  patch: Partial<DraftMapping>,
): Draft {
  return {
    ...draft,
    networks: draft.networks.map((network) =>
      network.key !== networkKey
        ? network
        : {
            ...network,
            mappings: network.mappings.map((mapping) =>
              mapping.key === mappingKey ? { ...mapping, ...patch } : mapping,
            ),
          },
    ),
  };
}

export function addNetwork(draft: Draft, network: DraftNetwork): Draft {
  return { ...draft, networks: [...draft.networks, network] };
}

export function removeNetwork(draft: Draft, networkKey: string): Draft {
  return { ...draft, networks: draft.networks.filter((network) => network.key !== networkKey) };
}

export function addMapping(draft: Draft, networkKey: string, mapping: DraftMapping): Draft {
  return {
    ...draft,
    networks: draft.networks.map((network) =>
      network.key === networkKey ? { ...network, mappings: [...network.mappings, mapping] } : network,
    ),
  };
}

export function removeMapping(draft: Draft, networkKey: string, mappingKey: string): Draft {
  return {
    ...draft,
    networks: draft.networks.map((network) =>
      network.key === networkKey
        ? { ...network, mappings: network.mappings.filter((mapping) => mapping.key !== mappingKey) }
        : network,
    ),
  };
}
