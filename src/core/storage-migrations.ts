// Stored-shape migrations, as pure functions from what storage holds to what it should hold.
// The background runs them on install and update only (never from a page).
import { validateConfig } from './config-validate';
import { LOCAL_KEYS } from './storage-layout';
import { foldLegacyBackup, readConflictBackups } from './conflict-backups';
import { approveAll } from './approval';

/** Version of the layout of Hairpin's keys in storage.local and storage.sync. */
export const STORAGE_VERSION = 4;
const STORAGE_VERSION_KEY = LOCAL_KEYS.storageVersion;
/** Where a v1 config that could not be read is kept (storage.local), as it was stored. */
const UNREADABLE_CONFIG_KEY = LOCAL_KEYS.unreadableConfig;

export interface StorageSnapshot {
  local: Record<string, unknown>;
  sync: Record<string, unknown>;
}

export interface StoragePlan {
  localSet: Record<string, unknown>;
  localRemove: string[];
  syncRemove: string[];
  /** What happened, for the log. */
  notes: string[];
}

/** Storage v1 (Hairpin 0.1): the whole config as one `config` item in sync, or in local when it did not fit (`configStore: 'local'`). */
function fromV1(snapshot: StorageSnapshot, plan: StoragePlan): void {
  const inLocal = snapshot.local.configStore === 'local';
  const raw = inLocal ? snapshot.local.config : snapshot.sync.config;
  plan.localRemove.push('configStore');
  if (!inLocal && 'config' in snapshot.sync) plan.syncRemove.push('config');
  if (raw === undefined) return;
  const result = validateConfig(raw);
  if (result.ok) {
    // The working copy now always lives in local; the sync doc is rebuilt from it on first push.
    plan.localSet.config = result.config;
    plan.notes.push(`moved the ${inLocal ? 'local' : 'synced'} config to the v2 layout`);
  } else {
    // Never drop what we cannot read: keep it aside where an export or a later version can find it.
    plan.localSet[UNREADABLE_CONFIG_KEY] = raw;
    plan.notes.push(`kept an unreadable v1 config aside as ${UNREADABLE_CONFIG_KEY}`);
  }
}

/**
 * The single conflict backup slot becomes the oldest entry of the list (any version: the step
 * only looks at whether the old key is there, so it runs once, whenever it is found).
 */
function foldConflictBackup(snapshot: StorageSnapshot, plan: StoragePlan): void {
  if (!(LOCAL_KEYS.conflictBackup in snapshot.local)) return;
  const list = readConflictBackups(snapshot.local[LOCAL_KEYS.conflictBackups]);
  plan.localSet[LOCAL_KEYS.conflictBackups] = foldLegacyBackup(list, snapshot.local[LOCAL_KEYS.conflictBackup]);
  plan.localRemove.push(LOCAL_KEYS.conflictBackup);
  plan.notes.push('moved the conflict backup into the list of conflict backups');
}

export function planMigration(snapshot: StorageSnapshot): StoragePlan {
  const plan: StoragePlan = { localSet: {}, localRemove: [], syncRemove: [], notes: [] };
  const stored = snapshot.local[STORAGE_VERSION_KEY];
  const version = typeof stored === 'number' ? stored : guessVersion(snapshot);
  foldConflictBackup(snapshot, plan);
  if (version >= STORAGE_VERSION) return plan;
  if (version === 1) fromV1(snapshot, plan);
  if (version <= 2 && 'modes' in snapshot.local) {
    // v2 kept forced modes in storage.local for ever: after a restart in a café, restored tabs
    // went to private addresses before any probe. They now end with the session unless pinned.
    plan.localRemove.push('modes');
    plan.notes.push('forced modes now end with the browser session; the stored ones were dropped');
  }
  if (version <= 3) approveWhatIsInEffect(snapshot, plan);
  plan.localSet[STORAGE_VERSION_KEY] = STORAGE_VERSION;
  return plan;
}

/**
 * v4 applies only what this browser approved (core/approval.ts). Everything in effect before the
 * update is approved, so no working setup is lost; what arrives from elsewhere after it waits.
 */
function approveWhatIsInEffect(snapshot: StorageSnapshot, plan: StoragePlan): void {
  const raw = 'config' in plan.localSet ? plan.localSet.config : snapshot.local[LOCAL_KEYS.config];
  const result = raw === undefined ? null : validateConfig(raw);
  if (!result?.ok) return;
  plan.localSet[LOCAL_KEYS.approvals] = approveAll(result.config);
  plan.notes.push('approved the configuration in effect in this browser');
}

/**
 * v1 wrote no version key: recognise it by its keys; a fresh install has none of them. A local
 * config without a version is taken for v2 (every later version stamps one), so it is approved.
 */
function guessVersion(snapshot: StorageSnapshot): number {
  const v1 = 'configStore' in snapshot.local || 'config' in snapshot.sync;
  return v1 ? 1 : 'config' in snapshot.local ? 2 : 0;
}
