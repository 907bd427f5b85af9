// Where Hairpin keeps what, in the browser's storage areas: the key names and the shape of an
// area. Pure data, so the adapters (src/browser/storage.ts), the config store and the
// migrations all name the same keys without importing one another.

/** The plain get/set/remove of a storage area (`browser.storage.local` and friends, or a fake). */
export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** One stored value: read (with a fallback for anything missing or malformed) and written. */
export interface StoredItem<T> {
  load: () => Promise<T>;
  save: (value: T) => Promise<void>;
}

/** Keys in storage.local: this device's working copy of the config and its device state. */
export const LOCAL_KEYS = {
  config: 'config',
  syncDoc: 'syncDoc',
  deviceId: 'deviceId',
  syncStatus: 'syncStatus',
  lastGen: 'syncGeneration',
  /** Until storage v3: the single conflict backup slot, folded into `conflictBackups` by the migration. */
  conflictBackup: 'conflictBackup',
  /** The last conflict backups, newest first (core/conflict-backups.ts). */
  conflictBackups: 'conflictBackups',
  /**
   * Modes the user pinned: kept across restarts. Unpinned forced modes live in storage.session
   * (`SESSION_KEYS.modes`) and end with the browser session. Until storage v3 every mode was kept
   * here under `modes`.
   */
  pinnedModes: 'pinnedModes',
  lastSwitch: 'lastSwitch',
  configFetch: 'configFetch',
  secureConsent: 'secureMirrorConsent',
  /** The cookies keepLogin wrote (identity only, core/mirror-twins.ts), removed when it ends. */
  mirrorTwins: 'mirrorTwins',
  /**
   * What this browser approved of the config (core/approval.ts): never synced or exported. Since
   * storage v4.
   */
  approvals: 'approvals',
  /** Version of this layout (see storage-migrations.ts). */
  storageVersion: 'storageVersion',
  /** The household sync file: URL, username, app password, passphrase (this device only). */
  syncFile: 'syncFile',
  syncFileStatus: 'syncFileStatus',
  syncFileCursor: 'syncFileCursor',
  /** A v1 config that could not be read, kept as it was stored. */
  unreadableConfig: 'unreadableConfig',
} as const;

/**
 * Keys in storage.session, which the browser empties when it quits: a verdict says where the
 * browser was, and after a restart it is somewhere new.
 */
export const SESSION_KEYS = {
  verdicts: 'verdicts',
  /** Forced modes for this browser session (see LOCAL_KEYS.pinnedModes). */
  modes: 'modes',
  /** The toolbar badge and icon last set, as the browser keeps showing them for the session. */
  shownBadge: 'shownBadge',
} as const;
