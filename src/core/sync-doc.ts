// The synced form of a config: one entry per network, per mapping and for the top-level
// settings, each with the time it last changed, and tombstones for deletions. Two machines
// that edit at once merge entry by entry (newest wins), instead of the last whole blob winning.
// Pure.
import type { Config, Mapping, Network } from './config-schema';
import { CONFIG_FORMAT, CONFIG_VERSION } from './config-schema';
import { parseSide, sideToString } from './side';
import { stableJson } from './stable-json';

export const SYNC_DOC_SCHEMA = 2;
/** Tombstones older than this are forgotten; a machine offline for longer may resurrect an entry. */
export const TOMBSTONE_TTL_MS = 90 * 24 * 3600_000;

type NetworkValue = Pick<Network, 'name' | 'probe'>;
type SettingsValue = Omit<Config, 'format' | 'version' | 'networks'>;

export type EntryValue =
  | { kind: 'network'; network: NetworkValue }
  | { kind: 'mapping'; network: string; mapping: Mapping }
  | { kind: 'settings'; settings: SettingsValue };

export interface Entry {
  /** When the value (or its deletion) last changed. */
  updatedAt: number;
  /** Which device wrote it: breaks ties between equal timestamps deterministically. */
  by: string;
  order: number;
  /**
   * When the position last changed, merged apart from the value: deleting mapping 1 on one
   * machine moves mapping 3 up, and must not undo an edit of mapping 3 made on another.
   */
  orderAt?: number;
  deleted?: true;
  value?: EntryValue;
}

export interface SyncDoc {
  schema: typeof SYNC_DOC_SCHEMA;
  entries: Record<string, Entry>;
}

export const EMPTY_DOC: SyncDoc = { schema: SYNC_DOC_SCHEMA, entries: {} };

const SETTINGS_KEY = 'settings';

function networkKey(name: string): string {
  return `n:${name.toLowerCase()}`;
}

/** A mapping is identified by its network and its external side, which no other mapping claims. */
function mappingKey(network: string, mapping: Mapping): string {
  const side = parseSide(mapping.external);
  return `m:${network.toLowerCase()}\u0000${side.ok ? sideToString(side.side) : mapping.external}`;
}

function entriesOf(config: Config): Map<string, { order: number; value: EntryValue }> {
  const out = new Map<string, { order: number; value: EntryValue }>();
  const { format: _format, version: _version, networks, ...settings } = config;
  out.set(SETTINGS_KEY, { order: 0, value: { kind: 'settings', settings } });
  networks.forEach((network, n) => {
    out.set(networkKey(network.name), {
      order: n,
      value: { kind: 'network', network: { name: network.name, probe: network.probe } },
    });
    network.mappings.forEach((mapping, m) => {
      out.set(mappingKey(network.name, mapping), {
        order: m,
        value: { kind: 'mapping', network: network.name, mapping },
      });
    });
  });
  return out;
}

/**
 * Records a local edit: entries whose value changed get `now`, entries that only moved get `now`
 * as their order time, entries that are gone become tombstones, the rest keep their times (so
 * they do not win merges they should lose).
 */
export function recordEdit(doc: SyncDoc, config: Config, now: number, device: string): SyncDoc {
  const next: Record<string, Entry> = {};
  const wanted = entriesOf(config);
  for (const [key, entry] of Object.entries(doc.entries)) {
    if (!wanted.has(key)) {
      next[key] = entry.deleted ? entry : { updatedAt: now, by: device, order: entry.order, deleted: true };
    }
  }
  for (const [key, { order, value }] of wanted) {
    const old = doc.entries[key];
    const sameValue = old && !old.deleted && stableJson(old.value) === stableJson(value);
    if (!sameValue) next[key] = { updatedAt: now, by: device, order, orderAt: now, value };
    else next[key] = old.order === order ? old : { ...old, order, orderAt: now };
  }
  return { schema: SYNC_DOC_SCHEMA, entries: next };
}

/** Per entry, the newer write wins (ties broken by device id, so both sides agree). */
export function mergeDocs(a: SyncDoc, b: SyncDoc): SyncDoc {
  const entries: Record<string, Entry> = { ...a.entries };
  for (const [key, theirs] of Object.entries(b.entries)) {
    const ours = entries[key];
    if (!ours) {
      entries[key] = theirs;
      continue;
    }
    const value = newer(theirs, ours) ? theirs : ours;
    const position =
      orderTime(theirs) !== orderTime(ours) ? (orderTime(theirs) > orderTime(ours) ? theirs : ours) : value;
    entries[key] = position === value ? value : { ...value, order: position.order, orderAt: orderTime(position) };
  }
  return { schema: SYNC_DOC_SCHEMA, entries };
}

function orderTime(entry: Entry): number {
  return entry.orderAt ?? entry.updatedAt;
}

function newer(x: Entry, y: Entry): boolean {
  return x.updatedAt !== y.updatedAt ? x.updatedAt > y.updatedAt : x.by > y.by;
}

/** The config a doc describes (unvalidated: a merge can produce conflicts the validator catches). */
export function docToConfig(doc: SyncDoc): Config {
  const live = Object.values(doc.entries)
    .filter((entry) => !entry.deleted && entry.value)
    .sort((x, y) => x.order - y.order);
  let settings: SettingsValue = {};
  const networks: Network[] = [];
  for (const { value } of live) {
    if (value?.kind === 'settings') settings = value.settings;
    if (value?.kind === 'network') networks.push({ ...value.network, mappings: [] });
  }
  for (const { value } of live) {
    if (value?.kind !== 'mapping') continue;
    // A mapping whose network was deleted elsewhere goes with it.
    const network = networks.find((candidate) => candidate.name.toLowerCase() === value.network.toLowerCase());
    network?.mappings.push(value.mapping);
  }
  return { format: CONFIG_FORMAT, version: CONFIG_VERSION, networks, ...settings };
}

export function pruneTombstones(doc: SyncDoc, now: number): SyncDoc {
  const entries: Record<string, Entry> = {};
  for (const [key, entry] of Object.entries(doc.entries)) {
    if (!entry.deleted || now - entry.updatedAt < TOMBSTONE_TTL_MS) entries[key] = entry;
  }
  return { schema: SYNC_DOC_SCHEMA, entries };
}
