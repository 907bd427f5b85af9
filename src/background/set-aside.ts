// Configurations Hairpin kept aside instead of dropping them: the conflict backups (the losing
// side of sync conflicts, the last few: core/conflict-backups.ts) and a v1 config the storage
// migration could not read (`unreadableConfig`, as it was stored). The options page lists them,
// offers each as a download, restores a conflict backup (keeping the configuration it replaces as
// a backup in turn) and deletes each on request. Storage is injected for tests.
import { LOCAL_KEYS, type StorageAreaLike } from '../core/storage-layout';
import type { SetAside } from '../core/messages';
import {
  addConflictBackup,
  readConflictBackups,
  viewOf,
  type ConflictBackup,
  type ConflictBackupView,
} from '../core/conflict-backups';
import type { Config } from '../core/config-schema';

/** The unreadable config, if the migration kept one. */
export async function loadSetAside(local: StorageAreaLike): Promise<SetAside | null> {
  const items = await local.get(LOCAL_KEYS.unreadableConfig);
  return items[LOCAL_KEYS.unreadableConfig] !== undefined ? { kind: 'unreadable', at: null } : null;
}

/** The unreadable config exactly as it was stored, as JSON text to download. */
export async function exportSetAside(local: StorageAreaLike, kind: SetAside['kind']): Promise<string | null> {
  const { [LOCAL_KEYS.unreadableConfig]: value } = await local.get(LOCAL_KEYS.unreadableConfig);
  if (kind !== 'unreadable' || value === undefined) return null;
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function dismissSetAside(local: StorageAreaLike, kind: SetAside['kind']): Promise<boolean> {
  const { [LOCAL_KEYS.unreadableConfig]: value } = await local.get(LOCAL_KEYS.unreadableConfig);
  if (kind !== 'unreadable' || value === undefined) return false;
  await local.remove(LOCAL_KEYS.unreadableConfig);
  return true;
}

async function backups(local: StorageAreaLike): Promise<ConflictBackup[]> {
  return readConflictBackups((await local.get(LOCAL_KEYS.conflictBackups))[LOCAL_KEYS.conflictBackups]);
}

export async function listConflictBackups(local: StorageAreaLike): Promise<ConflictBackupView[]> {
  return (await backups(local)).map(viewOf);
}

/** One backup's config on its own (a Hairpin config file, so it can be imported again). */
export async function exportConflictBackup(local: StorageAreaLike, id: string): Promise<string | null> {
  const backup = (await backups(local)).find((candidate) => candidate.id === id);
  return backup ? `${JSON.stringify(backup.config, null, 2)}\n` : null;
}

export async function dismissConflictBackup(local: StorageAreaLike, id: string): Promise<boolean> {
  const list = await backups(local);
  const rest = list.filter((backup) => backup.id !== id);
  if (rest.length === list.length) return false;
  await local.set({ [LOCAL_KEYS.conflictBackups]: rest });
  return true;
}

export type RestoreOutcome = { ok: true } | { ok: false; error: string };

/**
 * Makes a backup the configuration again, through `save` (the same validation as every edit);
 * the configuration it replaces becomes the newest backup, so a restore can itself be undone.
 */
export async function restoreConflictBackup(
  local: StorageAreaLike,
  id: string,
  deps: {
    current: () => Promise<Config>;
    save: (config: unknown) => Promise<{ ok: true } | { ok: false; error: string }>;
    now: () => number;
  },
): Promise<RestoreOutcome> {
  const backup = (await backups(local)).find((candidate) => candidate.id === id);
  if (!backup) return { ok: false, error: 'That backup is no longer kept (discarded, or replaced by newer ones).' };
  const current = await deps.current();
  const saved = await deps.save(backup.config);
  if (!saved.ok) return { ok: false, error: `The backup was not restored: ${saved.error}` };
  // Read again: a conflict may have added a backup while the save ran.
  const rest = (await backups(local)).filter((candidate) => candidate.id !== id);
  await local.set({
    [LOCAL_KEYS.conflictBackups]: addConflictBackup(rest, { at: deps.now(), source: 'restore', config: current }),
  });
  return { ok: true };
}
