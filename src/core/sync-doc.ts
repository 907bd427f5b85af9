// The synced form of a config: one entry per network, per mapping and for the top-level
// settings, each with a hybrid-logical-clock stamp of its last change, and tombstones for
// deletions. Two machines that edit at once merge entry by entry (the later stamp wins), instead
// of the last whole blob winning. Carried by browser sync and by the household sync file. Pure.
//
// The clock: a stamp is a number in milliseconds, max(this machine's wall clock, the highest
// stamp this doc has seen + 1). So an edit made after a merge always beats everything it saw,
// whatever the clocks say: a machine whose clock runs fast, or an entry stamped a year ahead,
// can win only edits made without having seen it (truly concurrent ones), never later ones. A
// wall-clock stamp of schema 2 is a valid stamp of this clock (its logical part is zero), so the
// upgrade keeps stamps as they are.
import type { Config, Mapping, Network } from './config-schema';
import { CONFIG_FORMAT, CONFIG_VERSION } from './config-schema';
import { parseSide, sideToString } from './side';
import { stableJson } from './stable-json';

export const SYNC_DOC_SCHEMA = 3;
/** Docs of these schemas are read (and upgraded); only SYNC_DOC_SCHEMA is written. */
export const READABLE_DOC_SCHEMAS: readonly number[] = [2, 3];
/** Tombstones older than this are forgotten; a machine offline for longer may resurrect an entry. */
export const TOMBSTONE_TTL_MS = 90 * 24 * 3600_000;

type NetworkValue = Pick<Network, 'name' | 'probe'>;
type SettingsValue = Omit<Config, 'format' | 'version' | 'networks'>;

export type EntryValue =
  | { kind: 'network'; network: NetworkValue }
  | { kind: 'mapping'; network: string; mapping: Mapping }
  | { kind: 'settings'; settings: SettingsValue };

export interface Entry {
  /** The clock's stamp of the last change of the value (or of its deletion). */
  updatedAt: number;
  /**
   * Which edits of this entry by other machines its writer had seen (machine → the stamp of its
   * latest such edit): the entry's causal history. A winner that has not seen the loser's edit
   * was made concurrently with it, and the loser is kept aside. Missing when no other machine
   * had edited the entry (and on entries written before schema 3).
   */
  seen?: Record<string, number>;
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

export function networkKey(name: string): string {
  return `n:${name.toLowerCase()}`;
}

/** A mapping is identified by its network and its external side, which no other mapping claims. */
export function mappingKey(network: string, mapping: Mapping): string {
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
export function recordEdit(doc: SyncDoc, config: Config, wallClock: number, device: string): SyncDoc {
  const now = nextStamp(doc, wallClock);
  const next: Record<string, Entry> = {};
  const wanted = entriesOf(config);
  for (const [key, entry] of Object.entries(doc.entries)) {
    if (!wanted.has(key)) {
      next[key] = entry.deleted
        ? entry
        : withHistory({ updatedAt: now, by: device, order: entry.order, deleted: true }, entry);
    }
  }
  for (const [key, { order, value }] of wanted) {
    const old = doc.entries[key];
    const sameValue = old && !old.deleted && stableJson(old.value) === stableJson(value);
    if (!sameValue) next[key] = withHistory({ updatedAt: now, by: device, order, orderAt: now, value }, old);
    else next[key] = old.order === order ? old : { ...old, order, orderAt: now };
  }
  return { schema: SYNC_DOC_SCHEMA, entries: next };
}

/** A new version of an entry, made by `entry.by` after seeing `previous` (and its history). */
function withHistory(entry: Entry, previous: Entry | undefined): Entry {
  if (!previous) return entry;
  const seen: Record<string, number> = { ...previous.seen };
  seen[previous.by] = Math.max(previous.updatedAt, seen[previous.by] ?? 0);
  delete seen[entry.by];
  return Object.keys(seen).length > 0 ? { ...entry, seen } : entry;
}

/** Whether the writer of `later` had seen the edit `earlier` (a machine sees its own edits). */
function hasSeen(later: Entry, earlier: Entry): boolean {
  if (later.by === earlier.by) return later.updatedAt >= earlier.updatedAt;
  return (later.seen?.[earlier.by] ?? -1) >= earlier.updatedAt;
}

/** The hybrid clock: the wall clock, unless the doc has seen a later stamp (then one past it). */
export function nextStamp(doc: SyncDoc, wallClock: number): number {
  return Math.max(wallClock, highestStamp(doc) + 1);
}

export function highestStamp(doc: SyncDoc): number {
  let max = 0;
  for (const entry of Object.values(doc.entries)) max = Math.max(max, entry.updatedAt, entry.orderAt ?? 0);
  return max;
}

/**
 * Per entry, the later stamp wins (ties broken by device id, then by content, so both sides agree
 * whatever the order of the merge: it is commutative, associative and idempotent).
 */
export function mergeDocs(a: SyncDoc, b: SyncDoc): SyncDoc {
  const entries: Record<string, Entry> = { ...a.entries };
  for (const [key, theirs] of Object.entries(b.entries)) {
    const ours = Object.hasOwn(entries, key) ? entries[key] : undefined;
    if (!ours) {
      entries[key] = theirs;
      continue;
    }
    const value = newer(theirs, ours) ? theirs : ours;
    const position = laterPosition(theirs, ours) ? theirs : ours;
    entries[key] =
      position === value || (position.order === value.order && orderTime(position) === orderTime(value))
        ? value
        : { ...value, order: position.order, orderAt: orderTime(position) };
  }
  return { schema: SYNC_DOC_SCHEMA, entries };
}

function orderTime(entry: Entry): number {
  return entry.orderAt ?? entry.updatedAt;
}

/** A total order of positions, apart from values, so that merging is associative too. */
function laterPosition(x: Entry, y: Entry): boolean {
  if (orderTime(x) !== orderTime(y)) return orderTime(x) > orderTime(y);
  if (x.order !== y.order) return x.order > y.order;
  return newer(x, y);
}

function newer(x: Entry, y: Entry): boolean {
  if (x.updatedAt !== y.updatedAt) return x.updatedAt > y.updatedAt;
  if (x.by !== y.by) return x.by > y.by;
  return stableJson(x) > stableJson(y);
}

/** One entry edited on two machines without either seeing the other's edit. */
export interface EntryConflict {
  key: string;
  /** The value that lost (undefined: the losing edit was a deletion). */
  lost: EntryValue | undefined;
  /** The value that won (undefined: a deletion won). */
  won: EntryValue | undefined;
}

/**
 * The entries where `ours` loses to a concurrent edit in `theirs`: the merge keeps theirs, and
 * the caller keeps ours aside so that no edit is lost silently. An edit of theirs made after
 * seeing ours is no conflict, nor is the same value twice.
 */
export function lostToConcurrentEdits(ours: SyncDoc, theirs: SyncDoc): EntryConflict[] {
  const out: EntryConflict[] = [];
  for (const [key, mine] of Object.entries(ours.entries)) {
    const other = Object.hasOwn(theirs.entries, key) ? theirs.entries[key] : undefined;
    if (!other || !newer(other, mine) || hasSeen(other, mine)) continue;
    if (Boolean(mine.deleted) === Boolean(other.deleted) && stableJson(mine.value) === stableJson(other.value))
      continue;
    if (mine.deleted && other.deleted) continue;
    out.push({ key, lost: mine.deleted ? undefined : mine.value, won: other.deleted ? undefined : other.value });
  }
  return out;
}

/** The config a doc describes (unvalidated: a merge can produce conflicts the validator catches). */
export function docToConfig(doc: SyncDoc): Config {
  // Two machines may each add an entry at one position: the key breaks the tie, so that every
  // machine shows the same order.
  const live = Object.entries(doc.entries)
    .filter(([, entry]) => !entry.deleted && entry.value)
    .sort(([xKey, x], [yKey, y]) => x.order - y.order || (xKey < yKey ? -1 : xKey > yKey ? 1 : 0))
    .map(([, entry]) => entry);
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
