// Reads a SyncDoc that came from elsewhere (browser sync, the household sync file), entry by
// entry: an entry that is not what Hairpin writes (null, a network whose name is not text, a
// key that does not belong to its value, a stamp that is not a number …) is skipped with a
// notice, and the rest is used. Never throws. The config the merged doc describes is then
// validated as a whole (config-validate.ts), like every other config. Pure.
import { isRecord } from './is-record';
import { READABLE_DOC_SCHEMAS, SYNC_DOC_SCHEMA, mappingKey, networkKey, type Entry, type SyncDoc } from './sync-doc';

/** More entries than 20 networks × 1,000 mappings and their tombstones is not a Hairpin doc. */
export const MAX_DOC_ENTRIES = 50_000;

export type ReadDocResult = { ok: true; doc: SyncDoc; notices: string[] } | { ok: false; error: string };

export function readSyncDoc(raw: unknown): ReadDocResult {
  if (!isRecord(raw)) return { ok: false, error: 'it is not a Hairpin sync document' };
  if (typeof raw.schema !== 'number' || !READABLE_DOC_SCHEMAS.includes(raw.schema)) {
    return typeof raw.schema === 'number' && raw.schema > SYNC_DOC_SCHEMA
      ? { ok: false, error: `it was written by a newer Hairpin (document schema ${raw.schema}): update Hairpin` }
      : { ok: false, error: 'it is not a Hairpin sync document' };
  }
  if (!isRecord(raw.entries)) return { ok: false, error: 'it has no entries' };
  const keys = Object.keys(raw.entries);
  if (keys.length > MAX_DOC_ENTRIES) return { ok: false, error: `it has more than ${MAX_DOC_ENTRIES} entries` };
  const entries: Record<string, Entry> = {};
  const skipped: string[] = [];
  for (const key of keys) {
    const problem = entryProblem(key, raw.entries[key]);
    if (problem) skipped.push(`${describeKey(key)}: ${problem}`);
    else entries[key] = raw.entries[key] as Entry;
  }
  const notices =
    skipped.length === 0
      ? []
      : [
          `Skipped ${skipped.length} unreadable ${skipped.length === 1 ? 'entry' : 'entries'} of the synced configuration (${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? '; …' : ''}).`,
        ];
  return { ok: true, doc: { schema: SYNC_DOC_SCHEMA, entries }, notices };
}

function entryProblem(key: string, entry: unknown): string | null {
  if (!isRecord(entry)) return 'not an entry';
  if (!isStamp(entry.updatedAt)) return 'its time is not a number';
  if (entry.seen !== undefined && !isHistory(entry.seen)) return 'its history is malformed';
  if (entry.orderAt !== undefined && !isStamp(entry.orderAt)) return 'its position time is not a number';
  if (typeof entry.by !== 'string') return 'its writer is not text';
  if (typeof entry.order !== 'number' || !Number.isFinite(entry.order)) return 'its position is not a number';
  if (entry.deleted !== undefined && entry.deleted !== true) return 'its deletion mark is malformed';
  if (entry.deleted) return entry.value === undefined ? null : 'a deletion that carries a value';
  const value = entry.value;
  if (!isRecord(value)) return 'it has no value';
  const expected = expectedKey(value);
  if (expected === null) return 'its value is malformed';
  return expected === key ? null : 'it is filed under another entry’s name';
}

/** The key Hairpin files such a value under, or null when the value is not one it writes. */
function expectedKey(value: Record<string, unknown>): string | null {
  if (value.kind === 'settings') {
    const settings = value.settings;
    const wholeConfig =
      isRecord(settings) && ['format', 'version', 'networks'].some((key) => Object.hasOwn(settings, key));
    return isRecord(settings) && !wholeConfig ? 'settings' : null;
  }
  if (value.kind === 'network') {
    const network = value.network;
    if (!isRecord(network) || typeof network.name !== 'string' || !isRecord(network.probe)) return null;
    return networkKey(network.name);
  }
  if (value.kind === 'mapping') {
    const mapping = value.mapping;
    if (typeof value.network !== 'string' || !isRecord(mapping)) return null;
    if (typeof mapping.external !== 'string' || typeof mapping.internal !== 'string') return null;
    if (mapping.name !== undefined && typeof mapping.name !== 'string') return null;
    return mappingKey(value.network, mapping as { external: string; internal: string; name: string });
  }
  return null;
}

/** At most one stamp per machine of the household. */
function isHistory(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const stamps = Object.values(value);
  return stamps.length <= 64 && stamps.every(isStamp);
}

function isStamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function describeKey(key: string): string {
  const shown = key.replace('\u0000', ' ').slice(0, 80);
  return JSON.stringify(shown);
}
