// Performs one WebDAV request for the sync file: credentials in an explicit Authorization header
// (never cookies), no cache, no redirects, a timeout, and a bounded body, so a hostile or
// broken server can neither stall Hairpin nor flood it.
import type { DavRequest, DavResponse } from '../core/dav-http';
import { MAX_SYNC_FILE_BYTES } from '../core/sync-file-format';
import { errorMessage } from '../core/error-message';
import { readLimited } from './fetch-text';

export const DAV_TIMEOUT_MS = 10_000;

export async function davRequest(request: DavRequest): Promise<DavResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), DAV_TIMEOUT_MS);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'manual',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    if (response.type === 'opaqueredirect') {
      return {
        ok: false,
        error: 'the server answered with a redirect, which Hairpin does not follow: use the final URL',
      };
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    const text = declared > MAX_SYNC_FILE_BYTES ? null : await readLimited(response, MAX_SYNC_FILE_BYTES);
    if (text === null)
      return { ok: false, error: `the server's answer is larger than ${MAX_SYNC_FILE_BYTES / 1024 / 1024} MiB` };
    return {
      ok: true,
      status: response.status,
      etag: response.headers.get('etag'),
      contentType: response.headers.get('content-type'),
      text,
    };
  } catch (error) {
    if (controller.signal.aborted)
      return { ok: false, error: `the server did not answer within ${DAV_TIMEOUT_MS / 1000} s` };
    return { ok: false, error: `could not reach the server (${errorMessage(error)})` };
  } finally {
    clearTimeout(timer);
  }
}
