// The options page's editable copy of the configuration: plain strings as typed, made from a
// config and turned back into a config candidate for the core validator. Pure. Issues mapped
// back to form fields: draft-fields.ts; edits of a draft: draft-edits.ts.
import { CONFIG_FORMAT, CONFIG_VERSION, type Config, type Mapping, type Network } from './config-schema';

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
function newKey(prefix: string): string {
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
