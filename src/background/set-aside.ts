// Configurations Hairpin kept aside instead of dropping them: the losing side of a sync conflict
// that could not be merged (LOCAL_KEYS.conflictBackup, `{ at, config }`) and a v1 config the
// storage migration could not read (`unreadableConfig`, as it was stored). The options page
// shows one, offers it as a download and deletes it on request. Storage is injected for tests.
import { LOCAL_KEYS, type StorageAreaLike } from '../core/storage-layout';
import { isRecord } from '../core/is-record';
import type { SetAside } from '../core/messages';

const KEY_OF: Record<SetAside['kind'], string> = {
  'sync-conflict': LOCAL_KEYS.conflictBackup,
  unreadable: LOCAL_KEYS.unreadableConfig,
};

function conflictAt(backup: unknown): number | null {
  return isRecord(backup) && typeof backup.at === 'number' && Number.isFinite(backup.at) ? backup.at : null;
}

/** What is set aside; the sync conflict first when there are both (the newer, and importable). */
export async function loadSetAside(local: StorageAreaLike): Promise<SetAside | null> {
  const items = await local.get([LOCAL_KEYS.conflictBackup, LOCAL_KEYS.unreadableConfig]);
  const backup = items[LOCAL_KEYS.conflictBackup];
  if (backup !== undefined && backup !== null) return { kind: 'sync-conflict', at: conflictAt(backup) };
  if (items[LOCAL_KEYS.unreadableConfig] !== undefined) return { kind: 'unreadable', at: null };
  return null;
}

/**
 * The JSON text to download: the conflict's losing config on its own (a Hairpin config file,
 * so it can be imported again), or the unreadable config exactly as it was stored.
 */
export async function exportSetAside(local: StorageAreaLike, kind: SetAside['kind']): Promise<string | null> {
  const key = KEY_OF[kind];
  const { [key]: value } = await local.get(key);
  if (value === undefined) return null;
  const content = kind === 'sync-conflict' && isRecord(value) && 'config' in value ? value.config : value;
  return `${JSON.stringify(content, null, 2)}\n`;
}

/** Deletes it, unless what is stored now was set aside at another time than the one the user saw. */
export async function dismissSetAside(
  local: StorageAreaLike,
  kind: SetAside['kind'],
  at: number | null,
): Promise<boolean> {
  const key = KEY_OF[kind];
  const { [key]: value } = await local.get(key);
  if (value === undefined) return false;
  if (kind === 'sync-conflict' && conflictAt(value) !== at) return false;
  await local.remove(key);
  return true;
}
