// Storage adapter: device-local state (modes, last switch, …) in storage.local, verdicts in
// storage.session (a verdict says where the browser was; after a restart it is somewhere new,
// so it starts with none and no rules until the first probe), the two areas the config store
// works on, change notifications, and the stored-shape migrations. Key names: core/storage-layout.
import { browser } from './api';
import { LOCAL_KEYS, SESSION_KEYS, type StorageAreaLike, type StoredItem } from '../core/storage-layout';
import { isHairpinSyncKey } from '../core/sync-codec';
import { planMigration } from '../core/storage-migrations';
import { isRecord } from '../core/is-record';
import { readApprovals } from '../core/approval';
import { byName, type ByName } from '../core/by-name';
import type { Mode, Verdict } from '../core/verdict';
import type { SwitchRecord } from '../core/messages';
import type { ConfigFetchStatus } from '../core/config-url';
import { readTwins } from '../core/mirror-twins';
import {
  readSettings,
  type SyncFileCursor,
  type SyncFileSettings,
  type SyncFileStatus,
} from '../core/sync-file-settings';

/** The areas, as the plain get/set/remove the config store and the set-aside helpers need. */
export const localArea: StorageAreaLike = browser.storage.local;
export const syncArea: StorageAreaLike = browser.storage.sync;
const sessionArea: StorageAreaLike = browser.storage.session;

/** One key of an area; `read` turns whatever is stored there (or nothing) into a T. */
function item<T>(area: StorageAreaLike, key: string, read: (stored: unknown) => T): StoredItem<T> {
  return {
    load: async () => read((await area.get(key))[key]),
    save: (value) => area.set({ [key]: value }),
  };
}

/** A stored object taken as it is (it was written by Hairpin), or the fallback when it is not one. */
const recordOr =
  <T>(fallback: T) =>
  (stored: unknown): T =>
    isRecord(stored) ? (stored as T) : fallback;

/** A record keyed by network name, read into one without a prototype (see core/by-name.ts). */
const namedOr =
  <T>() =>
  (stored: unknown): ByName<T> =>
    isRecord(stored) ? byName(stored as Record<string, T>) : byName<T>();

/** Forced modes of this browser session: they end with it (see pinnedModes). */
export const modes = item(sessionArea, SESSION_KEYS.modes, namedOr<Mode>());
/** Modes the user pinned, kept across restarts. */
export const pinnedModes = item(localArea, LOCAL_KEYS.pinnedModes, namedOr<Mode>());
export const verdicts = item(sessionArea, SESSION_KEYS.verdicts, namedOr<Verdict>());
export const shownBadge = item(sessionArea, SESSION_KEYS.shownBadge, (stored) =>
  typeof stored === 'string' ? stored : null,
);
export const lastSwitch = item(localArea, LOCAL_KEYS.lastSwitch, recordOr<SwitchRecord | null>(null));
export const configFetch = item(localArea, LOCAL_KEYS.configFetch, recordOr<ConfigFetchStatus | null>(null));
/** Mapping keys whose Secure cookies the user agreed (twice) to copy onto the http side. */
export const secureConsent = item(localArea, LOCAL_KEYS.secureConsent, (stored) =>
  Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : [],
);
/** The twins keepLogin wrote, by identity (never values): storage.local, as they outlive the session. */
export const mirrorTwins = item(localArea, LOCAL_KEYS.mirrorTwins, readTwins);

/** What this browser approved of the config (storage.local only: never synced or exported). */
export const approvals = item(localArea, LOCAL_KEYS.approvals, readApprovals);

/** The sync file's settings, password included: storage.local only, never sync or a page. */
export const syncFileSettings: StoredItem<SyncFileSettings | null> = {
  load: async () => readSettings((await localArea.get(LOCAL_KEYS.syncFile))[LOCAL_KEYS.syncFile]),
  save: (value) => (value ? localArea.set({ [LOCAL_KEYS.syncFile]: value }) : localArea.remove(LOCAL_KEYS.syncFile)),
};
export const syncFileStatus = item(localArea, LOCAL_KEYS.syncFileStatus, recordOr<SyncFileStatus | null>(null));
export const syncFileCursor = item(localArea, LOCAL_KEYS.syncFileCursor, recordOr<SyncFileCursor | null>(null));

/** Runs the stored-shape migrations (install/update only). */
export async function migrateStorage(): Promise<string[]> {
  const snapshot = { local: await browser.storage.local.get(null), sync: await browser.storage.sync.get(null) };
  const plan = planMigration(snapshot);
  if (Object.keys(plan.localSet).length > 0) await browser.storage.local.set(plan.localSet);
  if (plan.localRemove.length > 0) await browser.storage.local.remove(plan.localRemove);
  if (plan.syncRemove.length > 0) await browser.storage.sync.remove(plan.syncRemove);
  return plan.notes;
}

/**
 * This device's working config changed (an edit here, a merge from sync, a fetched file);
 * `previous` is the stored value before (raw, unvalidated).
 */
export function onLocalConfigChanged(callback: (previous: unknown) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && LOCAL_KEYS.config in changes) callback(changes[LOCAL_KEYS.config]!.oldValue);
  });
}

/** What this browser approved changed (an Allow, a save here): the applied part may differ. */
export function onApprovalsChanged(callback: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && LOCAL_KEYS.approvals in changes) callback();
  });
}

/**
 * Another machine (or this one) wrote to the synced config. Chunks count too: after a torn read
 * (the meta arrived first), the chunks arriving later are what completes the write.
 */
export function onSyncedConfigChanged(callback: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && Object.keys(changes).some(isHairpinSyncKey)) callback();
  });
}
