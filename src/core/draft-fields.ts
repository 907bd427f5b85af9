// Validation issues ↔ the options page's form fields: the config path of each field, the field
// an issue path concerns, and paths and messages in words ("Network “Home” › Probe URL"). Pure.
import type { ConfigIssue } from './config-validate';
import { SETTINGS_KEY, type Draft, type MappingField, type NetworkField, type SettingsField } from './config-draft';

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
const MAPPING_LABELS: Record<MappingField, string> = {
  name: 'Name',
  external: 'External URL',
  internal: 'Internal URL',
  cookieDomain: 'Cookie domain',
  enabled: 'Enabled',
  keepLogin: 'Keep login',
};
const SETTINGS_LABELS: Record<SettingsField, string> = {
  configUrl: 'Config URL',
  rescueAfter: 'Navigation rescue deadline',
};

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
  // "http://x is already claimed…" stays as written: a URL is not a word to capitalise.
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(named)) return named;
  return named.charAt(0).toUpperCase() + named.slice(1);
}
