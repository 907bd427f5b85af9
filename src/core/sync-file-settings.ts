// The sync file's settings and status as stored on this device (storage.local only: the
// password never goes to browser sync, an export, a log or a page again), and what pages see
// of them. Pure.
import { isRecord } from './is-record';
import { configUrlProblem } from './config-url-policy';

export interface SyncFileSettings {
  url: string;
  username: string;
  password: string;
  /** The household passphrase that seals the file (empty: not sealed). */
  passphrase: string;
}

/** What pages are told of the settings: never the password or the passphrase. */
export interface SyncFileSettingsView {
  url: string;
  username: string;
  hasPassword: boolean;
  sealed: boolean;
}

/**
 * How writes are protected against a concurrent writer. `conditional`: If-Match with the ETag
 * read (If-None-Match: * to create), the normal case. `read-back`: the server gave no usable
 * ETag, so Hairpin writes unconditionally, reads the file back, and merges and writes again if
 * another browser's write replaced its own (an edit can be late, never lost: each browser keeps
 * its edits and puts them back at its next sync).
 */
export type SyncFileMode = 'conditional' | 'read-back';

export interface SyncFileStatus {
  url: string;
  /** When the last attempt ended. */
  at: number;
  ok: boolean;
  /** Why the last attempt failed, in words. */
  error: string | null;
  lastOkAt: number | null;
  mode: SyncFileMode | null;
  /** Who wrote the file last, as of the last successful read or write. */
  lastWriter: { browser: string; at: number; self: boolean } | null;
  /** What the last successful sync changed on this browser ("Mapping “X” added to “Home”"). */
  changes: string[];
  /** Writes lost to another writer (412) and retried during the last sync. */
  retries: number;
  /** Notices about the file (entries skipped). */
  notices: string[];
}

/** Bookkeeping between syncs (not shown): the ETag last seen and what this browser last had in the file. */
export interface SyncFileCursor {
  url: string;
  etag: string | null;
  /** stableJson of the doc entries the file held after our last read or write. */
  syncedEntries: string;
  /** The salt of the seal this browser last opened or wrote (none: plain, or not known yet). */
  salt?: string | null;
}

export function viewOf(settings: SyncFileSettings | null): SyncFileSettingsView | null {
  if (!settings) return null;
  return {
    url: settings.url,
    username: settings.username,
    hasPassword: settings.password !== '',
    sealed: settings.passphrase !== '',
  };
}

export function readSettings(raw: unknown): SyncFileSettings | null {
  if (!isRecord(raw) || typeof raw.url !== 'string' || raw.url === '') return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { url: raw.url, username: text(raw.username), password: text(raw.password), passphrase: text(raw.passphrase) };
}

/** Why these settings cannot be saved, or null. */
export function settingsProblem(settings: SyncFileSettings): string | null {
  const urlProblem = configUrlProblem(settings.url);
  if (urlProblem) return `The sync file URL ${urlProblem}.`;
  if (new URL(settings.url).pathname.endsWith('/'))
    return 'The sync file URL must name a file (…/hairpin.json), not a folder.';
  if (settings.username.includes(':')) return 'The username cannot contain “:”.';
  if (settings.passphrase !== '' && settings.passphrase.length < 8)
    return 'The household passphrase needs at least 8 characters.';
  return null;
}
