// Conflict backups: when a sync merge drops this browser's version of an entry (the same mapping
// edited in two places at once) or a whole side of a conflict that cannot be combined, the
// configuration as it was is kept here rather than lost — the last MAX_CONFLICT_BACKUPS of them,
// newest first, each with when and through which channel it happened, so the next conflict does
// not overwrite the previous one. Until storage v3 there was a single slot (`conflictBackup`,
// `{ at, config }`); the migration folds it in as the oldest entry. Pure.
import { isRecord } from './is-record';

export const MAX_CONFLICT_BACKUPS = 10;

/** How the kept configuration came to be set aside. */
export type ConflictSource = 'browser-sync' | 'sync-file' | 'restore' | 'unknown';

export interface ConflictBackup {
  id: string;
  at: number | null;
  source: ConflictSource;
  /** The configuration as it was (a valid one when it was kept; checked again on restore). */
  config: unknown;
}

/** What pages are shown of one. */
export interface ConflictBackupView {
  id: string;
  at: number | null;
  source: ConflictSource;
  /** How many mappings it holds, and in which networks: enough to tell backups apart. */
  mappings: number;
  networks: string[];
}

const SOURCES: readonly ConflictSource[] = ['browser-sync', 'sync-file', 'restore', 'unknown'];

function readOne(raw: unknown): ConflictBackup | null {
  if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '' || !('config' in raw)) return null;
  const at = typeof raw.at === 'number' && Number.isFinite(raw.at) ? raw.at : null;
  const source = SOURCES.find((candidate) => candidate === raw.source) ?? 'unknown';
  return { id: raw.id.slice(0, 64), at, source, config: raw.config };
}

/** The stored list; anything malformed in it is skipped, never thrown on. */
export function readConflictBackups(raw: unknown): ConflictBackup[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const list: ConflictBackup[] = [];
  for (const entry of raw) {
    const backup = readOne(entry);
    if (backup && !seen.has(backup.id)) {
      seen.add(backup.id);
      list.push(backup);
    }
  }
  return list.slice(0, MAX_CONFLICT_BACKUPS);
}

/** An id no entry of `list` has, from the time (ids only need to be unique on this device). */
function newId(at: number | null, list: readonly ConflictBackup[]): string {
  const base = `c${(at ?? 0).toString(36)}`;
  let id = base;
  for (let n = 2; list.some((backup) => backup.id === id); n++) id = `${base}-${n}`;
  return id;
}

/** The list with `config` kept as the newest entry, the oldest dropped past the bound. */
export function addConflictBackup(
  list: readonly ConflictBackup[],
  entry: { at: number | null; source: ConflictSource; config: unknown },
): ConflictBackup[] {
  return [{ id: newId(entry.at, list), ...entry }, ...list].slice(0, MAX_CONFLICT_BACKUPS);
}

/** The old single slot (`{ at, config }`, or whatever was stored there) folded into the list as its oldest entry. */
export function foldLegacyBackup(list: readonly ConflictBackup[], legacy: unknown): ConflictBackup[] {
  if (legacy === undefined || legacy === null) return [...list];
  const at = isRecord(legacy) && typeof legacy.at === 'number' && Number.isFinite(legacy.at) ? legacy.at : null;
  const config = isRecord(legacy) && 'config' in legacy ? legacy.config : legacy;
  if (list.length >= MAX_CONFLICT_BACKUPS) return [...list];
  return [...list, { id: newId(at, list), at, source: 'unknown', config }];
}

export function viewOf(backup: ConflictBackup): ConflictBackupView {
  const networks = isRecord(backup.config) && Array.isArray(backup.config.networks) ? backup.config.networks : [];
  let mappings = 0;
  const names: string[] = [];
  for (const network of networks as unknown[]) {
    if (!isRecord(network)) continue;
    if (typeof network.name === 'string') names.push(network.name.slice(0, 80));
    if (Array.isArray(network.mappings)) mappings += network.mappings.length;
  }
  return { id: backup.id, at: backup.at, source: backup.source, mappings, networks: names };
}
