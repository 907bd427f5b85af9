// *Test connection* for the sync file: is the server reachable, does it accept the credentials,
// what is at the address now, can this account write next to it, and does the server honour
// conditional writes (If-None-Match: *, If-Match), which is what keeps two browsers from
// overwriting each other. Writes only a scratch file beside the sync file, and deletes it.
import { basicAuth, describeStatus, type DavHttp, type DavRequest } from '../core/dav-http';
import { parseJsonBody, readSyncFileJson } from '../core/sync-file-format';
import { isSealed } from '../core/sealed-file';
import type { SyncFileCheck } from '../core/messages';
import type { SyncFileTarget } from '../core/sync-file-target';

export async function checkSyncFile(
  http: DavHttp,
  target: SyncFileTarget,
  credentials: { username: string; password: string },
  nonce: string,
): Promise<SyncFileCheck[]> {
  if (!target.ok) return [{ check: 'reachable', ok: false, detail: target.error }];
  const url = target.url;
  const authorization = basicAuth(credentials);
  const send = (method: DavRequest['method'], to: string, headers: Record<string, string> = {}, body?: string) =>
    http({ method, url: to, headers: { authorization, ...headers }, ...(body === undefined ? {} : { body }) });
  const out: SyncFileCheck[] = [];
  const read = await send('GET', url);
  if (!read.ok) return [{ check: 'reachable', ok: false, detail: read.error }];
  out.push({ check: 'reachable', ok: true, detail: `${new URL(url).host} answered (HTTP ${read.status})` });
  if (read.status === 401 || read.status === 403) {
    out.push({ check: 'credentials', ok: false, detail: describeStatus(read.status) });
    return out;
  }
  out.push({ check: 'credentials', ok: true, detail: 'accepted' });
  out.push(describeFile(read.status, read.text, read.contentType));
  const scratch = `${url}.hairpin-check-${nonce}`;
  const created = await send('PUT', scratch, { 'if-none-match': '*', 'content-type': 'application/json' }, '{}');
  if (!created.ok || created.status < 200 || created.status >= 300) {
    out.push({ check: 'write', ok: false, detail: created.ok ? describeStatus(created.status) : created.error });
    return out;
  }
  out.push({ check: 'write', ok: true, detail: 'this account can write there' });
  try {
    const again = await send('PUT', scratch, { 'if-none-match': '*', 'content-type': 'application/json' }, '{}');
    const stale = await send(
      'PUT',
      scratch,
      { 'if-match': '"hairpin-no-such-etag"', 'content-type': 'application/json' },
      '{}',
    );
    const tagged = await send('GET', scratch);
    const honoured = again.ok && again.status === 412 && stale.ok && stale.status === 412;
    const etag = tagged.ok ? tagged.etag : null;
    out.push(
      honoured && etag
        ? {
            check: 'conditional',
            ok: true,
            detail: 'conditional writes are supported: browsers never overwrite each other',
          }
        : {
            check: 'conditional',
            ok: false,
            detail: honoured
              ? 'the server sends no ETags: Hairpin will use read-back mode (it checks each write by reading the file back)'
              : 'the server ignores conditional writes: Hairpin will use read-back mode (it checks each write by reading the file back)',
          },
    );
  } finally {
    await send('DELETE', scratch);
  }
  return out;
}

function describeFile(status: number, text: string, contentType: string | null): SyncFileCheck {
  if (status === 404) return { check: 'file', ok: true, detail: 'no sync file there yet: the first sync creates it' };
  if (status !== 200) return { check: 'file', ok: false, detail: describeStatus(status) };
  const body = parseJsonBody(text, contentType);
  if (!body.ok) return { check: 'file', ok: false, detail: body.error };
  if (isSealed(body.json))
    return { check: 'file', ok: true, detail: 'a sealed Hairpin sync file (it needs the household passphrase)' };
  const content = readSyncFileJson(body.json);
  if (!content.ok) return { check: 'file', ok: false, detail: `${content.error}; Hairpin will not overwrite it` };
  const by = content.writer ? `, last written by ${content.writer.browser}` : '';
  return { check: 'file', ok: true, detail: `a Hairpin sync file${by}` };
}
