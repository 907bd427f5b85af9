// The options page's editable copy of the configuration: plain strings as typed, turned into a
// config candidate for the core validator, and validation issues mapped back to form fields.
// Pure: the form components only render what these functions compute.
import { CONFIG_FORMAT, CONFIG_VERSION, type Config, type Mapping, type Network } from './config-schema';
import type { ConfigIssue } from './config-validate';

export interface DraftMapping {
  /** Stable identity for rendering and "touched" tracking; never saved. */
  key: string;
  name: string;
  external: string;
  internal: string;
  cookieDomain: string;
  enabled: boolean;
  keepLogin: boolean;
  /** Fields this form does not edit (unknown ones, from a newer Hairpin), carried through unchanged. */
  extra: Record<string, unknown>;
}

export interface DraftNetwork {
  key: string;
  name: string;
  probeUrl: string;
  expect: string;
  /** As typed: '' means the default timeout. */
  timeout: string;
  mappings: DraftMapping[];
  probeExtra: Record<string, unknown>;
  extra: Record<string, unknown>;
}

export interface Draft {
  networks: DraftNetwork[];
  /** As typed: '' means no config URL. */
  configUrl: string;
  /** As typed: '' means the default deadline. */
  rescueAfter: string;
  /** Top-level fields this form does not edit, carried through unchanged. */
  extra: Record<string, unknown>;
}

export type NetworkField = 'name' | 'probeUrl' | 'expect' | 'timeout';
export type MappingField = 'name' | 'external' | 'internal' | 'cookieDomain' | 'enabled' | 'keepLogin';
/** Whole-config settings. */
export type SettingsField = 'configUrl' | 'rescueAfter';

/** The row key of the settings fields: their element ids are `settings-configUrl`… */
export const SETTINGS_KEY = 'settings';

let lastKey = 0;
export function newKey(prefix: string): string {
  lastKey += 1;
  return `${prefix}${lastKey}`;
}

export function emptyMapping(): DraftMapping {
  return {
    key: newKey('m'),
    name: '',
    external: '',
    internal: '',
    cookieDomain: '',
    enabled: true,
    keepLogin: false,
    extra: {},
  };
}

export function emptyDraft(): Draft {
  return { networks: [], configUrl: '', rescueAfter: '', extra: {} };
}

export function emptyNetwork(name = ''): DraftNetwork {
  return { key: newKey('n'), name, probeUrl: '', expect: '', timeout: '', mappings: [], probeExtra: {}, extra: {} };
}

/** A name not used by any network yet: "Home", then "Network 2", "Network 3"… */
export function unusedNetworkName(draft: Draft): string {
  const taken = new Set(draft.networks.map((network) => network.name.trim().toLowerCase()));
  if (!taken.has('home')) return 'Home';
  for (let i = draft.networks.length + 1; ; i++) {
    if (!taken.has(`network ${i}`)) return `Network ${i}`;
  }
}

function without<T extends object>(object: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (!keys.includes(key)) out[key] = value;
  return out;
}

export function draftFromConfig(config: Config): Draft {
  return {
    extra: without(config, ['format', 'version', 'networks', 'configUrl', 'rescueAfterMs']),
    configUrl: config.configUrl ?? '',
    rescueAfter: config.rescueAfterMs === undefined ? '' : String(config.rescueAfterMs),
    networks: config.networks.map((network: Network): DraftNetwork => ({
      key: newKey('n'),
      name: network.name,
      probeUrl: network.probe.url,
      expect: network.probe.expect ?? '',
      timeout: network.probe.timeoutMs === undefined ? '' : String(network.probe.timeoutMs),
      probeExtra: without(network.probe, ['url', 'expect', 'timeoutMs']),
      extra: without(network, ['name', 'probe', 'mappings']),
      mappings: network.mappings.map((mapping: Mapping): DraftMapping => ({
        key: newKey('m'),
        name: mapping.name,
        external: mapping.external,
        internal: mapping.internal,
        cookieDomain: mapping.cookieDomain ?? '',
        enabled: mapping.enabled !== false,
        keepLogin: mapping.keepLogin === true,
        extra: without(mapping, ['name', 'external', 'internal', 'cookieDomain', 'enabled', 'keepLogin']),
      })),
    })),
  };
}

/**
 * A millisecond field as typed (probe timeout, rescue deadline): '' → default (omitted); digits → a
 * number; anything else stays text for the validator to reject.
 */
export function parseTimeout(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The config the draft stands for, unvalidated: feed it to validateConfig. */
export function configFromDraft(draft: Draft): unknown {
  const configUrl = draft.configUrl.trim();
  const rescueAfter = parseTimeout(draft.rescueAfter);
  return {
    ...draft.extra,
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    ...(configUrl === '' ? {} : { configUrl }),
    ...(rescueAfter === undefined ? {} : { rescueAfterMs: rescueAfter }),
    networks: draft.networks.map((network) => {
      const timeout = parseTimeout(network.timeout);
      return {
        ...network.extra,
        name: network.name,
        probe: {
          ...network.probeExtra,
          url: network.probeUrl.trim(),
          ...(network.expect.trim() === '' ? {} : { expect: network.expect }),
          ...(timeout === undefined ? {} : { timeoutMs: timeout }),
        },
        mappings: network.mappings.map((mapping) => ({
          ...mapping.extra,
          name: mapping.name,
          external: mapping.external.trim(),
          internal: mapping.internal.trim(),
          ...(mapping.cookieDomain.trim() === '' ? {} : { cookieDomain: mapping.cookieDomain.trim() }),
          ...(mapping.enabled ? {} : { enabled: false }),
          ...(mapping.keepLogin ? { keepLogin: true } : {}),
        })),
      };
    }),
  };
}

// --- Issue paths ↔ form fields ---------------------------------------------------------------

const NETWORK_FIELDS: Record<string, NetworkField> = {
  name: 'name',
  'probe.url': 'probeUrl',
  'probe.expect': 'expect',
  'probe.timeoutMs': 'timeout',
};
const NETWORK_PATHS: Record<NetworkField, string> = {
  name: 'name',
  probeUrl: 'probe.url',
  expect: 'probe.expect',
  timeout: 'probe.timeoutMs',
};
const MAPPING_FIELDS: readonly MappingField[] = [
  'name',
  'external',
  'internal',
  'cookieDomain',
  'enabled',
  'keepLogin',
];
const SETTINGS_PATHS: Record<SettingsField, string> = { configUrl: 'configUrl', rescueAfter: 'rescueAfterMs' };

export type FieldRef =
  | { network: number; mapping?: undefined; field: NetworkField }
  | { network: number; mapping: number; field: MappingField }
  | { network?: undefined; mapping?: undefined; field: SettingsField };

/** The config path of a form field, e.g. `networks[0].mappings[1].external`. */
export function fieldPath(ref: FieldRef): string {
  if (ref.network === undefined) return SETTINGS_PATHS[ref.field];
  if (ref.mapping === undefined) return `networks[${ref.network}].${NETWORK_PATHS[ref.field]}`;
  return `networks[${ref.network}].mappings[${ref.mapping}].${ref.field}`;
}

/** The element id of a field's input (`<rowKey>-<field>`), or null when its row is gone. */
export function fieldId(ref: FieldRef, draft: Draft): string | null {
  if (ref.network === undefined) return `${SETTINGS_KEY}-${ref.field}`;
  const network = draft.networks[ref.network];
  const row = ref.mapping === undefined ? network : network?.mappings[ref.mapping];
  return row ? `${row.key}-${ref.field}` : null;
}

/** The form field an issue path concerns, or null for issues that belong to no one field. */
export function fieldForPath(path: string): FieldRef | null {
  for (const [field, settingPath] of Object.entries(SETTINGS_PATHS)) {
    if (path === settingPath) return { field: field as SettingsField };
  }
  const mapping = /^networks\[(\d+)\]\.mappings\[(\d+)\]\.(\w+)$/.exec(path);
  if (mapping) {
    const field = mapping[3] as MappingField;
    if (!MAPPING_FIELDS.includes(field)) return null;
    return { network: Number(mapping[1]), mapping: Number(mapping[2]), field };
  }
  const network = /^networks\[(\d+)\]\.(name|probe\.\w+)$/.exec(path);
  if (network) {
    const field = NETWORK_FIELDS[network[2]!];
    return field ? { network: Number(network[1]), field } : null;
  }
  return null;
}

export interface GroupedIssues {
  /** Messages by field path (`networks[0].probe.url`), in the validator's order. */
  byField: Map<string, string[]>;
  /** Issues that belong to no field of the form: shown in a summary. */
  general: ConfigIssue[];
}

export function groupIssues(issues: readonly ConfigIssue[]): GroupedIssues {
  const byField = new Map<string, string[]>();
  const general: ConfigIssue[] = [];
  for (const issue of issues) {
    const ref = fieldForPath(issue.path);
    if (!ref) {
      general.push(issue);
      continue;
    }
    const key = fieldPath(ref);
    byField.set(key, [...(byField.get(key) ?? []), issue.message]);
  }
  return { byField, general };
}

const NETWORK_LABELS: Record<NetworkField, string> = {
  name: 'Name',
  probeUrl: 'Probe URL',
  expect: 'Expected token',
  timeout: 'Timeout',
};
export const MAPPING_LABELS: Record<MappingField, string> = {
  name: 'Name',
  external: 'External URL',
  internal: 'Internal URL',
  cookieDomain: 'Cookie domain',
  enabled: 'Enabled',
  keepLogin: 'Keep login',
};
export const SETTINGS_LABELS: Record<SettingsField, string> = {
  configUrl: 'Config URL',
  rescueAfter: 'Navigation rescue deadline',
};
export { NETWORK_LABELS };

function quoted(name: string | undefined, fallback: string): string {
  const trimmed = name?.trim() ?? '';
  return trimmed === '' ? fallback : `“${trimmed}”`;
}

/** Where a path points, for people: `Network “Home” › Mapping “Jellyfin” › External URL`. */
export function describePath(path: string, draft: Draft): string {
  const ref = fieldForPath(path);
  if (ref && ref.network === undefined) return SETTINGS_LABELS[ref.field];
  const networkOnly = /^networks\[(\d+)\]/.exec(path);
  const n = ref?.network ?? (networkOnly ? Number(networkOnly[1]) : null);
  if (n === null) return path === '' ? 'The configuration' : path;
  const network = draft.networks[n];
  const parts = [`Network ${quoted(network?.name, String(n + 1))}`];
  const mappingMatch = /\.mappings\[(\d+)\]/.exec(path);
  const mappingIndex = ref?.mapping ?? (mappingMatch ? Number(mappingMatch[1]) : undefined);
  if (mappingIndex !== undefined) {
    parts.push(`Mapping ${quoted(network?.mappings[mappingIndex]?.name, String(mappingIndex + 1))}`);
  }
  if (ref) parts.push(ref.mapping === undefined ? NETWORK_LABELS[ref.field] : MAPPING_LABELS[ref.field]);
  return parts.join(' › ');
}

/**
 * A validator message as a sentence next to its field: paths it mentions become names
 * ("…claimed by networks[0].mappings[1].external" → "…claimed by Network “Home” › Mapping “Jellyfin” › External URL").
 */
export function fieldMessage(message: string, draft: Draft): string {
  const named = message.replace(/networks\[\d+\](?:\.mappings\[\d+\])?(?:\.[\w.]+)?/g, (path) =>
    describePath(path, draft),
  );
  return named.charAt(0).toUpperCase() + named.slice(1);
}

// --- Immutable edits ---------------------------------------------------------------------------

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
