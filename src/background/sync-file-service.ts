// When the sync file is synced, and its settings. Triggers: a local change (debounced, so a
// burst of edits is one sync), the browser starting, arriving home (a probe, not a forced mode,
// now says home), the periodic alarm (every few minutes, every minute while failing), and
// *Sync now*. Settings live on this device only; pages see them without the secrets.
import type { SyncFile } from './sync-file';
import type { StoredItem } from '../core/storage-layout';
import {
  settingsProblem,
  viewOf,
  type SyncFileCursor,
  type SyncFileSettings,
  type SyncFileStatus,
} from '../core/sync-file-settings';
import type { HairpinState } from '../core/messages';

/** Edits closer together than this are one sync. */
export const LOCAL_CHANGE_DEBOUNCE_MS = 1_500;
/** The alarm syncs when the last attempt is older than this (or failed and is a minute old). */
export const ALARM_SYNC_INTERVAL_MS = 5 * 60_000;
export const ALARM_RETRY_INTERVAL_MS = 60_000;
/**
 * The alarm fires once a minute and the last attempt ended a moment after the tick that started
 * it: without slack, "5 minutes since" is first true a tick later, every 6 minutes (and a retry
 * every 2). Half a tick of slack keeps the intervals as stated.
 */
const ALARM_SLACK_MS = 30_000;

export interface SyncFileServiceDeps {
  file: Pick<SyncFile, 'sync' | 'reseal'>;
  settings: StoredItem<SyncFileSettings | null>;
  status: StoredItem<SyncFileStatus | null>;
  cursor: StoredItem<SyncFileCursor | null>;
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface SyncFileInput {
  url: string;
  username: string;
  password?: string | undefined;
  passphrase?: string | undefined;
}

export class SyncFileService {
  private timer: unknown = null;
  private wasHome: boolean | null = null;

  constructor(private readonly deps: SyncFileServiceDeps) {}

  /** The working config changed (here, by browser sync, the config URL or the file itself). */
  onLocalChange(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      void this.deps.file.sync();
    }, LOCAL_CHANGE_DEBOUNCE_MS);
  }

  /** After every probe: sync on arriving home (a worker that just started counts as arriving). */
  async afterProbe(atHome: boolean): Promise<void> {
    const arrived = atHome && this.wasHome !== true;
    this.wasHome = atHome;
    if (arrived) await this.deps.file.sync();
  }

  async onAlarm(): Promise<void> {
    const status = await this.deps.status.load();
    const due = status
      ? this.deps.now() - status.at >= (status.ok ? ALARM_SYNC_INTERVAL_MS : ALARM_RETRY_INTERVAL_MS) - ALARM_SLACK_MS
      : true;
    if (due) await this.deps.file.sync();
  }

  syncNow(): Promise<SyncFileStatus | null> {
    return this.deps.file.sync();
  }

  /** Saves the settings (a password or passphrase left out keeps the stored one) and syncs. */
  async set(input: SyncFileInput): Promise<{ ok: true } | { ok: false; error: string }> {
    const stored = await this.deps.settings.load();
    const settings: SyncFileSettings = {
      url: input.url.trim(),
      username: input.username.trim(),
      password: input.password ?? stored?.password ?? '',
      passphrase: input.passphrase ?? stored?.passphrase ?? '',
    };
    const problem = settingsProblem(settings);
    if (problem) return { ok: false, error: problem };
    await this.deps.settings.save(settings);
    if (stored?.url !== settings.url) {
      await this.deps.cursor.save(null);
      await this.deps.status.save(null);
    }
    await this.deps.file.sync();
    return { ok: true };
  }

  /**
   * Changes the household passphrase ('' removes the seal): the file is re-sealed with it, and
   * this browser keeps it once the file is written. Other browsers need the new one to sync.
   */
  async changePassphrase(passphrase: string): Promise<{ ok: true } | { ok: false; error: string }> {
    const stored = await this.deps.settings.load();
    if (!stored) return { ok: false, error: 'No sync file is connected in this browser.' };
    if (passphrase === stored.passphrase) {
      return {
        ok: false,
        error:
          passphrase === ''
            ? 'The file is not sealed: there is no passphrase to remove.'
            : 'The file already has this passphrase.',
      };
    }
    const status = await this.deps.file.reseal(passphrase);
    if (!status?.ok) return { ok: false, error: `The passphrase was not changed: ${status?.error ?? 'no sync file'}.` };
    return { ok: true };
  }

  /** Stops syncing with the file; the configuration stays as it is. */
  async clear(): Promise<void> {
    await this.deps.settings.save(null);
    await this.deps.status.save(null);
    await this.deps.cursor.save(null);
  }

  async view(): Promise<HairpinState['syncFile']> {
    const settings = await this.deps.settings.load();
    if (!settings) return null;
    return { settings: viewOf(settings), status: await this.deps.status.load() };
  }
}
