// The household sync file on the user's WebDAV server: read, merge entry by entry with this
// browser's doc (through the config store, as browser sync does), write back only what changed,
// and never overwrite what another browser wrote in between:
//
//   GET (If-None-Match: the ETag of our last sync) ─ 304: nothing new there
//     → merge → nothing to add? done.
//     → PUT If-Match: <ETag read> (If-None-Match: * to create)
//         2xx: done · 412: someone wrote meanwhile: back off, read again, merge, retry
//
// A weak ETag (Apache's, for a file changed within the last second) never matches If-Match:
// wait a second and read again. A server with no usable ETag gets the `read-back` mode (see
// SyncFileMode). Whatever fails (unreachable, 401, 5xx, a login page, a hostile or unreadable
// file, a wrong passphrase), nothing changes locally, the file is not written, the status says
// why, and the next trigger tries again. Every dependency is injected, so tests drive it
// against a fake server and the real Apache alike.
//
// Changing the household passphrase (`reseal`) is one more run of the same machine: the file is
// read with the passphrase this browser has, merged, and written back sealed with the new one
// (a fresh salt) under the same conditions; only once that write lands does this browser keep
// the new passphrase. A browser still holding the old one then finds a salt it has not opened
// before and says the passphrase was changed, applying and writing nothing.
import { basicAuth, backoffMs, describeStatus, isWeakEtag, type DavHttp, type DavRequest } from '../core/dav-http';
import { encodeSyncFile, parseJsonBody, readSyncFileJson, type SyncFileContent } from '../core/sync-file-format';
import { isSealed, newSealHeader, seal, sealSalt, unseal, type SealHeader } from '../core/sealed-file';
import { EMPTY_DOC, docToConfig, mergeDocs, type SyncDoc } from '../core/sync-doc';
import { describeChanges } from '../core/config-changes';
import { stableJson } from '../core/stable-json';
import { errorMessage } from '../core/error-message';
import type { SyncFileCursor, SyncFileMode, SyncFileSettings, SyncFileStatus } from '../core/sync-file-settings';
import type { SyncFileTarget } from '../core/sync-file-target';
import type { StoredItem } from '../core/storage-layout';

/** Writes lost to other writers before this sync gives up until the next trigger. */
export const MAX_ATTEMPTS = 8;
/** Apache's ETag of a file is weak for one second after it changed. */
export const WEAK_ETAG_WAIT_MS = 1_100;
const MAX_WEAK_WAITS = 3;

export interface SyncFileDeps {
  http: DavHttp;
  settings: StoredItem<SyncFileSettings | null>;
  status: StoredItem<SyncFileStatus | null>;
  cursor: StoredItem<SyncFileCursor | null>;
  /** Where to send requests from here (the side that works, see core/sync-file-target). */
  target(url: string): Promise<SyncFileTarget>;
  /** This browser's doc (null: nothing configured yet). */
  localDoc(): Promise<SyncDoc | null>;
  /** Merges the file's doc into this browser's config the way browser sync does. */
  mergeRemote(doc: SyncDoc): Promise<{ changed: boolean; doc: SyncDoc; refused: string | null }>;
  writer(): Promise<{ device: string; browser: string }>;
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

class SyncFailure extends Error {}

interface Read {
  /** null: 304, the file is what our last sync left there. */
  content: SyncFileContent | null;
  etag: string | null;
  exists: boolean;
  seal: SealHeader | null;
}

/** What a run must do besides syncing: re-seal the file with a new passphrase ('' removes the seal). */
interface Reseal {
  passphrase: string;
}

export class SyncFile {
  private running: Promise<SyncFileStatus | null> | null = null;
  private again = false;

  constructor(private readonly deps: SyncFileDeps) {}

  /** Syncs now; calls while one runs are folded into one more run after it. */
  sync(): Promise<SyncFileStatus | null> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    return this.start();
  }

  /**
   * Changes the household passphrase: after any sync under way, reads the file with this
   * browser's passphrase, merges, and writes it sealed with `passphrase` ('' stores it unsealed);
   * the new passphrase is kept only once that write has landed. Fails, changing nothing, when
   * the file does not open here.
   */
  async reseal(passphrase: string): Promise<SyncFileStatus | null> {
    while (this.running) await this.running;
    return this.start({ passphrase });
  }

  private start(reseal?: Reseal): Promise<SyncFileStatus | null> {
    this.running = (async () => {
      this.again = false;
      let status = await this.syncOnce(reseal);
      while (this.again) {
        this.again = false;
        status = await this.syncOnce();
      }
      return status;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async syncOnce(reseal?: Reseal): Promise<SyncFileStatus | null> {
    const settings = await this.deps.settings.load();
    if (!settings) return null;
    const previous = await this.deps.status.load();
    const base: SyncFileStatus = {
      url: settings.url,
      at: 0,
      ok: false,
      error: null,
      lastOkAt: previous?.url === settings.url ? previous.lastOkAt : null,
      mode: previous?.url === settings.url ? previous.mode : null,
      lastWriter: previous?.url === settings.url ? previous.lastWriter : null,
      changes: [],
      retries: 0,
      notices: [],
    };
    let status: SyncFileStatus;
    try {
      status = await this.run(settings, base, reseal);
    } catch (error) {
      const message = error instanceof SyncFailure ? error.message : `unexpected error: ${errorMessage(error)}`;
      status = { ...base, at: this.deps.now(), ok: false, error: message };
    }
    await this.deps.status.save(status);
    return status;
  }

  private async run(settings: SyncFileSettings, status: SyncFileStatus, reseal?: Reseal): Promise<SyncFileStatus> {
    const target = await this.deps.target(settings.url);
    if (!target.ok) throw new SyncFailure(target.error);
    const url = target.url;
    const auth = basicAuth(settings);
    const before = await this.deps.localDoc();
    let cursor = await this.deps.cursor.load();
    if (cursor?.url !== url) cursor = null;
    let weakWaits = 0;
    let forceRead = false;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // A re-seal reads the whole file: the salt it replaces must be the one read.
      const read = await this.read(url, auth, settings, forceRead || reseal ? null : cursor, cursor);
      forceRead = false;
      if (read.content) {
        status.notices = read.content.notices;
        if (read.content.writer) status.lastWriter = await this.describeWriter(read.content.writer);
      }
      const merged = read.content ? await this.merge(read.content.doc) : await this.deps.localDoc();
      const remoteEntries = read.content ? stableJson(read.content.doc.entries) : cursor?.syncedEntries;
      const ours = merged ?? EMPTY_DOC;
      const salt = read.content ? (read.seal?.kdf.salt ?? null) : (cursor?.salt ?? null);
      if (!reseal && (stableJson(ours.entries) === remoteEntries || (!read.exists && merged === null))) {
        await this.deps.cursor.save({ url, etag: read.etag, syncedEntries: stableJson(ours.entries), salt });
        return this.done(status, before, read.etag === null && read.exists ? 'read-back' : 'conditional');
      }
      let mode: SyncFileMode = 'conditional';
      if (read.exists && isWeakEtag(read.etag)) {
        if (weakWaits < MAX_WEAK_WAITS) {
          weakWaits += 1;
          await this.deps.sleep(WEAK_ETAG_WAIT_MS);
          forceRead = true;
          attempt -= 1;
          continue;
        }
        mode = 'read-back';
      }
      if (read.exists && read.etag === null) mode = 'read-back';
      const sealed = reseal
        ? { passphrase: reseal.passphrase, header: reseal.passphrase === '' ? null : newSealHeader() }
        : {
            passphrase: settings.passphrase,
            header: settings.passphrase === '' ? null : (read.seal ?? newSealHeader()),
          };
      const body = await this.encode(ours, sealed.passphrase, sealed.header);
      const conditions: Record<string, string> =
        mode === 'read-back' ? {} : read.exists ? { 'if-match': read.etag! } : { 'if-none-match': '*' };
      const put = await this.deps.http(request('PUT', url, auth, conditions, body));
      if (!put.ok) throw new SyncFailure(`not synced: ${put.error}`);
      if (put.status === 412) {
        status.retries += 1;
        await this.deps.sleep(backoffMs(attempt, this.deps.random()));
        forceRead = true;
        continue;
      }
      if (put.status < 200 || put.status >= 300) throw new SyncFailure(`not written: ${describeStatus(put.status)}`);
      const self = await this.deps.writer();
      status.lastWriter = { browser: self.browser, at: this.deps.now(), self: true };
      if (mode === 'read-back') {
        // No ETag to make the write conditional: read it back; if another browser's write
        // replaced ours, go round again (our edits are still in our doc, and merge back in).
        const check = await this.read(url, auth, { ...settings, passphrase: sealed.passphrase }, null, null);
        if (
          !check.content ||
          stableJson(mergeDocs(check.content.doc, ours).entries) !== stableJson(check.content.doc.entries)
        ) {
          status.retries += 1;
          await this.deps.sleep(backoffMs(attempt, this.deps.random()));
          continue;
        }
      }
      const etag = mode === 'conditional' && put.etag && !isWeakEtag(put.etag) ? put.etag : null;
      if (reseal) await this.deps.settings.save({ ...settings, passphrase: reseal.passphrase });
      const written = sealed.header?.kdf.salt ?? null;
      await this.deps.cursor.save({ url, etag, syncedEntries: stableJson(ours.entries), salt: written });
      return this.done(status, before, mode);
    }
    throw new SyncFailure(
      `not written: other browsers kept writing the file at the same moment (${MAX_ATTEMPTS} attempts); Hairpin will try again`,
    );
  }

  private async read(
    url: string,
    auth: string,
    settings: SyncFileSettings,
    cursor: SyncFileCursor | null,
    /** What this browser last synced: a seal it has not opened before means the passphrase changed. */
    last: SyncFileCursor | null,
  ): Promise<Read> {
    const conditions: Record<string, string> = cursor?.etag ? { 'if-none-match': cursor.etag } : {};
    const response = await this.deps.http(request('GET', url, auth, conditions));
    if (!response.ok) throw new SyncFailure(`not synced: ${response.error}`);
    if (response.status === 304) return { content: null, etag: cursor?.etag ?? null, exists: true, seal: null };
    if (response.status === 404)
      return { content: { doc: EMPTY_DOC, writer: null, notices: [] }, etag: null, exists: false, seal: null };
    if (response.status !== 200) throw new SyncFailure(`not synced: ${describeStatus(response.status)}`);
    const body = parseJsonBody(response.text, response.contentType);
    if (!body.ok) throw new SyncFailure(`not synced: ${body.error}`);
    let json = body.json;
    let header: SealHeader | null = null;
    if (isSealed(json)) {
      const opened = await unseal(json, settings.passphrase);
      if (!opened.ok) {
        const salt = sealSalt(json);
        if (settings.passphrase !== '' && last?.salt && salt && salt !== last.salt) {
          throw new SyncFailure(
            'not synced: the household passphrase was changed in another browser (the file is sealed anew and does not open with the passphrase saved here): enter the new passphrase in the sync settings. Nothing was applied or written; this browser’s edits are kept and sync once it has the new passphrase',
          );
        }
        throw new SyncFailure(`not synced: ${opened.error}`);
      }
      const inner = parseJsonBody(opened.text, null);
      if (!inner.ok) throw new SyncFailure(`not synced: ${inner.error}`);
      json = inner.json;
      header = opened.header;
    } else if (settings.passphrase !== '') {
      // A plain file where a sealed one is expected may have been put there by anyone.
      throw new SyncFailure(
        'not synced: the file is not sealed, but this browser has a household passphrase; remove the passphrase here to use it',
      );
    }
    const content = readSyncFileJson(json);
    if (!content.ok) throw new SyncFailure(`not synced: ${content.error}`);
    return { content, etag: response.etag, exists: true, seal: header };
  }

  /** Merged through the config store; a file whose configuration is refused is neither applied nor overwritten. */
  private async merge(doc: SyncDoc): Promise<SyncDoc> {
    const merged = await this.deps.mergeRemote(doc);
    if (merged.refused)
      throw new SyncFailure(`nothing applied: the sync file holds a configuration Hairpin refuses (${merged.refused})`);
    return merged.doc;
  }

  private async encode(doc: SyncDoc, passphrase: string, header: SealHeader | null): Promise<string> {
    const text = encodeSyncFile(doc, { ...(await this.deps.writer()), at: this.deps.now() });
    return passphrase === '' || !header ? text : seal(text, passphrase, header);
  }

  private async describeWriter(writer: { device: string; browser: string; at: number }) {
    const self = await this.deps.writer();
    return { browser: writer.browser, at: writer.at, self: writer.device === self.device };
  }

  private async done(status: SyncFileStatus, before: SyncDoc | null, mode: SyncFileMode): Promise<SyncFileStatus> {
    const after = await this.deps.localDoc();
    const changes = before && after ? describeChanges(docToConfig(before), docToConfig(after)) : [];
    const at = this.deps.now();
    return { ...status, at, ok: true, error: null, lastOkAt: at, mode, changes };
  }
}

function request(
  method: DavRequest['method'],
  url: string,
  auth: string,
  conditions: Record<string, string>,
  body?: string,
): DavRequest {
  const headers: Record<string, string> = { authorization: auth, ...conditions };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return body === undefined ? { method, url, headers } : { method, url, headers, body };
}
