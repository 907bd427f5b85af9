// The typed protocol between extension pages and the background. Requests are validated on
// arrival: only Hairpin's own pages can send them, but a bug must not become a bad write.
import * as v from 'valibot';
import { PROBE_TIMEOUT, type Config } from './config-schema';
import type { ConfigIssue } from './config-validate';
import type { ConfigFetchStatus } from './config-url';
import type { Location, Mode, ProbeOutcome, Verdict } from './verdict';
import type { SideCheck } from './side-check';
import type { SyncFileSettingsView, SyncFileStatus } from './sync-file-settings';
import type { ConflictBackupView } from './conflict-backups';
import type { PendingApproval } from './approval';

const ModeSchema = v.picklist(['auto', 'home', 'away']);
const SetAsideKindSchema = v.picklist(['unreadable']);
const BackupIdSchema = v.pipe(v.string(), v.maxLength(64));

export const RequestSchema = v.variant('type', [
  v.object({ type: v.literal('getState') }),
  /** `pinned`: the mode is kept after the browser restarts (otherwise it ends with the session). */
  v.object({ type: v.literal('setMode'), network: v.string(), mode: ModeSchema, pinned: v.optional(v.boolean()) }),
  v.object({ type: v.literal('checkNow') }),
  v.object({ type: v.literal('fetchConfig') }),
  v.object({ type: v.literal('setSecureConsent'), mapping: v.string(), allowed: v.boolean() }),
  /**
   * `base`: the config the page's edits started from. When given and the stored config is no
   * longer that one (a sync, the config URL or another tab changed it), nothing is saved and the
   * reply carries the config found instead.
   */
  v.object({ type: v.literal('saveConfig'), config: v.unknown(), base: v.optional(v.unknown()) }),
  v.object({
    type: v.literal('testProbe'),
    // The same limits as a stored probe: a page must not hold a probe open for ever.
    probe: v.object({
      url: v.string(),
      expect: v.optional(v.string()),
      timeoutMs: v.optional(
        v.pipe(v.number(), v.integer(), v.minValue(PROBE_TIMEOUT.min), v.maxValue(PROBE_TIMEOUT.max)),
      ),
    }),
  }),
  /**
   * Fetches both sides of a mapping not saved yet (the popup's *Test both sides*): no cookies,
   * redirects not followed, SIDE_CHECK_TIMEOUT_MS each.
   */
  v.object({ type: v.literal('testSides'), external: v.string(), internal: v.string() }),
  /** The set-aside configuration's JSON text, to download; null when there is none of that kind. */
  v.object({ type: v.literal('exportSetAside'), kind: SetAsideKindSchema }),
  /** Deletes it. */
  v.object({ type: v.literal('dismissSetAside'), kind: SetAsideKindSchema, at: v.nullable(v.number()) }),
  /** A conflict backup's configuration as JSON text, to download; null when it is no longer kept. */
  v.object({ type: v.literal('exportConflictBackup'), id: BackupIdSchema }),
  /** Makes a conflict backup the configuration again (the one it replaces is kept as a backup). */
  v.object({ type: v.literal('restoreConflictBackup'), id: BackupIdSchema }),
  v.object({ type: v.literal('dismissConflictBackup'), id: BackupIdSchema }),
  /**
   * The sync file's settings; a password or passphrase left out keeps the stored one (pages are
   * never told them). Saving connects at once.
   */
  v.object({
    type: v.literal('setSyncFile'),
    url: v.pipe(v.string(), v.maxLength(2048)),
    username: v.pipe(v.string(), v.maxLength(256)),
    password: v.optional(v.pipe(v.string(), v.maxLength(1024))),
    passphrase: v.optional(v.pipe(v.string(), v.maxLength(1024))),
  }),
  /** Re-seals the sync file with a new household passphrase ('' stores it unsealed). */
  v.object({ type: v.literal('changeSyncPassphrase'), passphrase: v.pipe(v.string(), v.maxLength(1024)) }),
  /**
   * The user's answer, in this browser, to what arrived from elsewhere (HairpinState.pending):
   * approve applies the items, decline leaves them unapplied and stops announcing them. Ids name
   * content, so an item changed since the page showed it is not approved.
   */
  v.object({
    type: v.literal('reviewPending'),
    ids: v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096))), v.maxLength(5000)),
    verdict: v.picklist(['approve', 'decline']),
  }),
  /** Stops using the sync file; this browser's configuration stays as it is. */
  v.object({ type: v.literal('clearSyncFile') }),
  v.object({ type: v.literal('syncNow') }),
  /** Checks a server without saving anything (password left out: the stored one). */
  v.object({
    type: v.literal('testSyncFile'),
    url: v.pipe(v.string(), v.maxLength(2048)),
    username: v.pipe(v.string(), v.maxLength(256)),
    password: v.optional(v.pipe(v.string(), v.maxLength(1024))),
  }),
]);

export type Request = v.InferOutput<typeof RequestSchema>;

export interface NetworkState {
  name: string;
  mode: Mode;
  /** The mode is pinned: it is kept after the browser restarts (a forced mode otherwise ends with it). */
  pinned: boolean;
  verdict: Verdict | null;
  location: Location | 'unknown';
}

/** The last time Hairpin moved a network between Home and Away on its own, and why. */
export interface SwitchRecord {
  network: string;
  to: Location;
  at: number;
  /** e.g. "probe answered in 12 ms" or "jellyfin.home.example.com did not answer". */
  because: string;
}

/**
 * A configuration an update could not read, kept aside rather than dropped (`at`: null). The
 * losing sides of sync conflicts are `HairpinState.conflictBackups`.
 */
export interface SetAside {
  kind: 'unreadable';
  at: number | null;
}

/** Where browser sync stands for the config. */
export type SyncState = 'synced' | 'local-only' | 'pending' | 'error';

export interface SyncStatus {
  state: SyncState;
  /** What the user should know: why it is not synced, or what went wrong. */
  detail: string | null;
  at: number;
}

export interface HairpinState {
  /** The configuration as stored (and synced): what pages show and edit. */
  config: Config;
  /** The part of it this browser applies: what a click here approved (core/approval.ts). */
  applied: Config;
  /** What arrived from elsewhere (sync, the config URL, the sync file) and waits for a click here. */
  pending: PendingApproval[];
  /** Where the config is kept: sync normally, local when it does not fit sync's quota. */
  configStore: 'sync' | 'local';
  storageProblem: string | null;
  /** The state of browser sync for the config (null until the first sync attempt). */
  sync: SyncStatus | null;
  networks: NetworkState[];
  /** False when the user withheld host access (both browsers allow that): redirects cannot work. */
  hostAccess: boolean;
  /** Whether the optional `cookies` permission is held: keepLogin mirrors nothing without it. */
  cookieAccess: boolean;
  lastSwitch: SwitchRecord | null;
  /** The last attempt to fetch `config.configUrl`, if any. */
  configFetch: ConfigFetchStatus | null;
  /** keepLogin mappings (by external URL) whose Secure cookies may be copied onto http. */
  secureConsent: string[];
  /** Why the redirect rules could not be updated (Hairpin then removed them all), or null. */
  rulesProblem: string | null;
  /** The configuration an update could not read, if one was kept. */
  setAside: SetAside | null;
  /** The last conflict backups, newest first. */
  conflictBackups: ConflictBackupView[];
  /** The household sync file: its settings as pages may see them, and how the last sync went. */
  syncFile: { settings: SyncFileSettingsView | null; status: SyncFileStatus | null } | null;
}

/** One line of *Test connection*. */
export interface SyncFileCheck {
  check: 'reachable' | 'credentials' | 'file' | 'write' | 'conditional';
  ok: boolean;
  detail: string;
}

export type SetSyncFileResult = { ok: true; state: HairpinState } | { ok: false; error: string };

export type SaveConfigResult =
  | { ok: true; warnings: ConfigIssue[] }
  | {
      ok: false;
      errors: ConfigIssue[];
      warnings: ConfigIssue[];
      /** Set when the request's `base` is no longer the stored config: that config, unchanged. */
      changedElsewhere?: Config;
    };

export type TestProbeResult = { ok: true; outcome: ProbeOutcome; verdict: Verdict } | { ok: false; error: string };

/** The reply to each request type. Every request type needs one (see RequestHandlers). */
export interface ResponseMap {
  getState: HairpinState;
  setMode: HairpinState;
  checkNow: HairpinState;
  fetchConfig: HairpinState;
  setSecureConsent: HairpinState;
  saveConfig: SaveConfigResult;
  testProbe: TestProbeResult;
  testSides: { external: SideCheck; internal: SideCheck };
  exportSetAside: string | null;
  dismissSetAside: HairpinState;
  exportConflictBackup: string | null;
  restoreConflictBackup: SetSyncFileResult;
  dismissConflictBackup: HairpinState;
  setSyncFile: SetSyncFileResult;
  changeSyncPassphrase: SetSyncFileResult;
  reviewPending: HairpinState;
  clearSyncFile: HairpinState;
  syncNow: HairpinState;
  testSyncFile: SyncFileCheck[];
}

type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;

/**
 * The background's handlers, one per request type, each returning the reply ResponseMap names:
 * a new request type does not compile until it has both a reply type and a handler.
 */
export type RequestHandlers = {
  [K in Request['type']]: (request: RequestOf<K>) => Promise<ResponseMap[K]>;
};

/** A reply type for a request that does not exist is a mistake too. */
type NoStrayReplies = Exclude<keyof ResponseMap, Request['type']> extends never ? true : never;
const _everyReplyHasARequest: NoStrayReplies = true;

/** Every reply is wrapped so that a failure in the background reaches the page as a message. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** How a page talks to the background: one typed request in, its typed reply out (tests pass a fake). */
export type HairpinClient = <T extends keyof ResponseMap>(request: RequestOf<T>) => Promise<ResponseMap[T]>;
