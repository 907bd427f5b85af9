// Where the config lives. This device's working copy is in storage.local (always readable, never
// torn); storage.sync carries it to the user's other machines as a chunked, checksummed,
// per-entry-merged SyncDoc. Storage areas are injected, so tests run it against a fake that
// enforces Chrome's quotas.
import { EMPTY_CONFIG, type Config } from '../core/config-schema';
import { validateConfig, formatIssue } from '../core/config-validate';
import {
  EMPTY_DOC,
  docToConfig,
  lostToConcurrentEdits,
  mergeDocs,
  pruneTombstones,
  recordEdit,
  type SyncDoc,
} from '../core/sync-doc';
import { stableJson } from '../core/stable-json';
import { errorMessage } from '../core/error-message';
import { serialQueue } from '../core/serial-queue';
import { LOCAL_KEYS, type StorageAreaLike } from '../core/storage-layout';
import { addConflictBackup, readConflictBackups, type ConflictSource } from '../core/conflict-backups';
import type { SyncState, SyncStatus } from '../core/messages';
import {
  META_KEY,
  MAX_SYNC_PAYLOAD,
  SYNC_QUOTA,
  chunkOwner,
  decodeItems,
  encodeDoc,
  itemsBytes,
  type SyncMeta,
} from '../core/sync-codec';

export interface ConfigStoreDeps {
  local: StorageAreaLike;
  sync: StorageAreaLike;
  now(): number;
  newDeviceId(): string;
  sleep(ms: number): Promise<void>;
}

export interface StoredConfig {
  config: Config;
  store: 'sync' | 'local';
  problem: string | null;
  sync: SyncStatus | null;
  /** Set by `save(config, expected)` when it saved nothing: `config` is what is stored instead. */
  changedElsewhere?: true;
}

/** Pushes closer together than this are coalesced (sync allows 120 writes a minute; a push is two). */
export const MIN_PUSH_INTERVAL_MS = 1500;

export class ConfigStore {
  private pushing: Promise<void> | null = null;
  /** save, pull and push each read-modify-write the doc: one at a time, or an edit is lost. */
  private readonly serial = serialQueue();
  private pushAgain = false;
  private lastPushAt = 0;

  constructor(private readonly deps: ConfigStoreDeps) {}

  async load(): Promise<StoredConfig> {
    const local = await this.deps.local.get([LOCAL_KEYS.config, LOCAL_KEYS.syncStatus]);
    const status = (local[LOCAL_KEYS.syncStatus] as SyncStatus | undefined) ?? null;
    const raw = local[LOCAL_KEYS.config];
    const result = raw === undefined ? null : validateConfig(raw);
    const config = result?.ok ? result.config : EMPTY_CONFIG;
    const problem =
      result && !result.ok
        ? `The stored configuration is unreadable: ${formatIssue(result.errors[0]!)}`
        : describeStatus(status);
    return { config, store: status?.state === 'local-only' ? 'local' : 'sync', problem, sync: status };
  }

  /**
   * Saves a validated config on this device at once, then syncs it (coalesced, in the background).
   * With `expected` (the config an editor started from), it saves only if that is still the stored
   * config: checked in the same turn of the queue as the write, so a merge from sync cannot slip in
   * between and be undone by an editor that never saw it.
   */
  save(config: Config, expected?: unknown): Promise<StoredConfig> {
    return this.serial(() => this.saveNow(config, expected));
  }

  private async saveNow(config: Config, expected?: unknown): Promise<StoredConfig> {
    if (expected !== undefined) {
      const current = await this.load();
      const found = stableJson(current.config);
      if (found !== stableJson(expected) && found !== stableJson(config)) return { ...current, changedElsewhere: true };
    }
    const local = await this.deps.local.get([LOCAL_KEYS.syncDoc]);
    const doc = pruneTombstones(
      recordEdit(
        (local[LOCAL_KEYS.syncDoc] as SyncDoc | undefined) ?? EMPTY_DOC,
        config,
        this.deps.now(),
        await this.deviceId(),
      ),
      this.deps.now(),
    );
    await this.deps.local.set({ [LOCAL_KEYS.config]: config, [LOCAL_KEYS.syncDoc]: doc });
    void this.requestPush();
    return this.load();
  }

  /**
   * Pushes this device's doc to sync; calls made while a push runs, or too soon after one,
   * are folded into one more push. Resolves when the doc has been pushed (or could not be).
   */
  requestPush(): Promise<void> {
    if (this.pushing) {
      this.pushAgain = true;
      return this.pushing;
    }
    this.pushing = (async () => {
      do {
        this.pushAgain = false;
        const wait = this.lastPushAt + MIN_PUSH_INTERVAL_MS - this.deps.now();
        if (this.lastPushAt > 0 && wait > 0) await this.deps.sleep(wait);
        this.lastPushAt = this.deps.now();
        await this.pushOnce();
      } while (this.pushAgain);
    })().finally(() => {
      this.pushing = null;
    });
    return this.pushing;
  }

  /**
   * Reads what another machine synced and merges it in. A torn read (meta without all of its
   * chunks yet) changes nothing: the missing items trigger another onChanged when they land.
   */
  pull(): Promise<'changed' | 'unchanged' | 'torn' | 'empty' | 'unreadable'> {
    return this.serial(() => this.pullNow());
  }

  private async pullNow(): Promise<'changed' | 'unchanged' | 'torn' | 'empty' | 'unreadable'> {
    const remote = await decodeItems(await this.deps.sync.get(null));
    if (!remote.ok) {
      if (remote.reason === 'torn') return 'torn';
      if (remote.reason === 'empty') {
        // Nothing in sync yet (first machine, or sync was cleared): offer ours.
        const { [LOCAL_KEYS.config]: config } = await this.deps.local.get(LOCAL_KEYS.config);
        if (config !== undefined) void this.requestPush();
        return 'empty';
      }
      await this.setStatus('error', `Could not read the synced configuration: ${remote.detail}.`);
      return 'unreadable';
    }
    const { changed, needsPush } = await this.absorb(remote.doc, 'browser-sync');
    if (needsPush) void this.requestPush();
    else await this.setStatus('synced', remote.notices[0] ?? null);
    return changed ? 'changed' : 'unchanged';
  }

  /**
   * Merges a doc from another channel (the household sync file) into this device's doc and
   * working config, exactly as a browser-sync pull does (so it counts as a change from
   * elsewhere), and passes it on to browser sync. Resolves with this device's doc after it.
   */
  mergeRemote(remoteDoc: SyncDoc): Promise<{ changed: boolean; doc: SyncDoc; refused: string | null }> {
    return this.serial(async () => {
      // Every browser writes the doc of a valid config, so a doc that is not valid alone or
      // merged with ours is broken, hostile or in a conflict only the user can settle: it is
      // neither merged (no side wins whole here, as in browser sync: a file anyone can write
      // must not replace this configuration) nor, by the caller, overwritten.
      const ours =
        ((await this.deps.local.get(LOCAL_KEYS.syncDoc))[LOCAL_KEYS.syncDoc] as SyncDoc | undefined) ?? EMPTY_DOC;
      for (const doc of [remoteDoc, mergeDocs(ours, remoteDoc)]) {
        const result = validateConfig(docToConfig(doc));
        if (!result.ok) {
          const doc = (await this.currentDocNow()) ?? EMPTY_DOC;
          return { changed: false, doc, refused: formatIssue(result.errors[0]!) };
        }
      }
      const { changed, refused } = await this.absorb(remoteDoc, 'sync-file');
      const doc = (await this.currentDocNow()) ?? EMPTY_DOC;
      if (changed) void this.requestPush();
      return { changed, doc, refused };
    });
  }

  /** This device's doc, as the next push would send it (null: no config yet). */
  currentDoc(): Promise<SyncDoc | null> {
    return this.serial(() => this.currentDocNow());
  }

  private async currentDocNow(): Promise<SyncDoc | null> {
    const local = await this.deps.local.get([LOCAL_KEYS.syncDoc, LOCAL_KEYS.config]);
    const doc = local[LOCAL_KEYS.syncDoc] as SyncDoc | undefined;
    return doc ?? this.bootstrapDoc(local[LOCAL_KEYS.config], await this.deviceId());
  }

  /**
   * Merges a remote doc into this device's doc and working config. Entry by entry the newer
   * write wins. If the merge is not a valid config (two machines claimed one URL at once), the
   * side with the newest edit wins whole, and the losing config is kept among the conflict
   * backups (the last few, each with when and from which channel: core/conflict-backups.ts).
   */
  private async absorb(
    remoteDoc: SyncDoc,
    source: ConflictSource,
  ): Promise<{ changed: boolean; needsPush: boolean; refused: string | null }> {
    const local = await this.deps.local.get([LOCAL_KEYS.syncDoc, LOCAL_KEYS.config, LOCAL_KEYS.conflictBackups]);
    const backups = readConflictBackups(local[LOCAL_KEYS.conflictBackups]);
    let kept: unknown = undefined;
    const ours = (local[LOCAL_KEYS.syncDoc] as SyncDoc | undefined) ?? EMPTY_DOC;
    let result = mergeDocs(ours, remoteDoc);
    let candidate = validateConfig(docToConfig(result));
    const updates: Record<string, unknown> = {};
    // An entry of ours that lost to a concurrent edit elsewhere: the merge keeps the winner
    // (the same one on every machine), and our config as it was is kept aside.
    if (lostToConcurrentEdits(ours, remoteDoc).length > 0) {
      kept = docToConfig(ours);
    }
    if (!candidate.ok) {
      const remoteWins = latestEdit(remoteDoc) >= latestEdit(ours);
      const [winner, loser] = remoteWins ? [remoteDoc, ours] : [ours, remoteDoc];
      result = winner;
      candidate = validateConfig(docToConfig(winner));
      kept = docToConfig(loser);
      if (!candidate.ok) {
        const issue = validateConfig(docToConfig(remoteDoc));
        const reason = issue.ok ? 'it conflicts with this browser’s configuration' : formatIssue(issue.errors[0]!);
        return { changed: false, needsPush: false, refused: reason };
      }
    }
    if (kept !== undefined) {
      updates[LOCAL_KEYS.conflictBackups] = addConflictBackup(backups, { at: this.deps.now(), source, config: kept });
    }
    const changed = stableJson(candidate.config) !== stableJson(local[LOCAL_KEYS.config]);
    await this.deps.local.set({
      ...updates,
      [LOCAL_KEYS.syncDoc]: result,
      ...(changed ? { [LOCAL_KEYS.config]: candidate.config } : {}),
    });
    return { changed, needsPush: stableJson(result.entries) !== stableJson(remoteDoc.entries), refused: null };
  }

  private pushOnce(): Promise<void> {
    return this.serial(() => this.pushNow());
  }

  private async pushNow(): Promise<void> {
    const device = await this.deviceId();
    try {
      const existing = await this.deps.sync.get(null);
      const remote = await decodeItems(existing);
      const before = await this.deps.local.get([LOCAL_KEYS.lastGen]);
      // Fold in what others wrote since we last looked, so a push never hides their edits.
      if (remote.ok && !(remote.meta.writer === device && remote.meta.gen === before[LOCAL_KEYS.lastGen])) {
        await this.absorb(remote.doc, 'browser-sync');
      }
      const local = await this.deps.local.get([LOCAL_KEYS.syncDoc, LOCAL_KEYS.config]);
      const doc =
        (local[LOCAL_KEYS.syncDoc] as SyncDoc | undefined) ??
        (await this.bootstrapDoc(local[LOCAL_KEYS.config], device));
      if (!doc) return;
      const seenGen = Math.max(
        remote.ok ? remote.meta.gen : 0,
        Number(before[LOCAL_KEYS.lastGen] ?? 0),
        maxChunkGen(existing),
      );
      const gen = seenGen + 1;
      const items = await encodeDoc(doc, gen, device, this.deps.now());
      const bytes = itemsBytes(items);
      const chunkCount = (items[META_KEY] as SyncMeta).chunks;
      if (bytes > MAX_SYNC_PAYLOAD || chunkCount + 1 > SYNC_QUOTA.maxItems / 2) {
        await this.setStatus(
          'local-only',
          `This configuration needs ${kb(bytes)} in browser sync, more than the ${kb(MAX_SYNC_PAYLOAD)} Hairpin can use there; it is kept on this device only and not synced.`,
        );
        return;
      }
      await this.deps.sync.set(items);
      await this.deps.local.set({ [LOCAL_KEYS.lastGen]: gen });
      // Older generations are garbage now; a chunk of a newer one may be in flight from elsewhere.
      const stale = Object.keys(existing).filter((key) => {
        const owner = chunkOwner(key);
        return owner !== null && owner.gen < gen;
      });
      if (stale.length > 0) await this.deps.sync.remove(stale);
      await this.setStatus('synced', null);
    } catch (error) {
      const detail = errorMessage(error);
      await this.setStatus('pending', `Not synced yet (${detail}); Hairpin will try again.`);
    }
  }

  /** A device that has a config but never synced (e.g. after a migration) starts its doc here. */
  private async bootstrapDoc(config: unknown, device: string): Promise<SyncDoc | null> {
    const valid = config === undefined ? null : validateConfig(config);
    if (!valid?.ok) return null;
    const doc = recordEdit(EMPTY_DOC, valid.config, this.deps.now(), device);
    await this.deps.local.set({ [LOCAL_KEYS.syncDoc]: doc });
    return doc;
  }

  /** Retries a push that failed (quota per minute, offline); called from the periodic alarm. */
  async retryPending(): Promise<void> {
    const { [LOCAL_KEYS.syncStatus]: status } = await this.deps.local.get(LOCAL_KEYS.syncStatus);
    if ((status as SyncStatus | undefined)?.state === 'pending') await this.requestPush();
  }

  /** This device's id: the `by` of its entries, and how the sync file names its writer. */
  deviceIdentity(): Promise<string> {
    return this.deviceId();
  }

  private async deviceId(): Promise<string> {
    const { [LOCAL_KEYS.deviceId]: existing } = await this.deps.local.get(LOCAL_KEYS.deviceId);
    if (typeof existing === 'string') return existing;
    const id = this.deps.newDeviceId();
    await this.deps.local.set({ [LOCAL_KEYS.deviceId]: id });
    return id;
  }

  private async setStatus(state: SyncState, detail: string | null): Promise<void> {
    const status: SyncStatus = { state, detail, at: this.deps.now() };
    await this.deps.local.set({ [LOCAL_KEYS.syncStatus]: status });
  }
}

function latestEdit(doc: SyncDoc): number {
  return Math.max(0, ...Object.values(doc.entries).map((entry) => entry.updatedAt));
}

function maxChunkGen(items: Record<string, unknown>): number {
  let max = 0;
  for (const key of Object.keys(items)) max = Math.max(max, chunkOwner(key)?.gen ?? 0);
  return max;
}

function describeStatus(status: SyncStatus | null): string | null {
  return status && status.state !== 'synced' ? status.detail : null;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
