// The HTTP exchange the sync file needs, as plain data: the background's sync-file machine
// speaks it, the browser adapter (browser/dav-request.ts) performs it with fetch, and tests
// answer it from a fake server. Pure.

export interface DavRequest {
  method: 'GET' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export type DavResponse =
  | { ok: true; status: number; etag: string | null; contentType: string | null; text: string }
  /** No HTTP answer: refused, timed out, too large, a redirect. */
  | { ok: false; error: string };

export type DavHttp = (request: DavRequest) => Promise<DavResponse>;

export interface DavCredentials {
  username: string;
  password: string;
}

/** Basic auth over UTF-8 (RFC 7617), the scheme Nextcloud app passwords and Apache both take. */
export function basicAuth({ username, password }: DavCredentials): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** A weak ETag (`W/"…"`): Apache's for a file changed within the last second; If-Match never matches it. */
export function isWeakEtag(etag: string | null): boolean {
  return etag !== null && etag.startsWith('W/');
}

/** Why an HTTP status means the sync file cannot be used now, in words for the status line. */
export function describeStatus(status: number): string {
  if (status === 401) return 'the server refused the username or app password (HTTP 401)';
  if (status === 403) return 'the server does not let this account use that file (HTTP 403)';
  if (status === 404) return 'the folder of the sync file does not exist on the server (HTTP 404)';
  if (status === 405 || status === 501)
    return `the server does not accept writes at that address (HTTP ${status}): is it a WebDAV URL?`;
  if (status === 409) return 'the folder of the sync file does not exist on the server (HTTP 409)';
  if (status === 507) return 'the server is out of space (HTTP 507)';
  if (status >= 500) return `the server failed (HTTP ${status})`;
  if (status >= 300 && status < 400)
    return 'the server answered with a redirect, which Hairpin does not follow: use the final URL';
  return `the server answered HTTP ${status}`;
}

/** Wait before retry `attempt` (1, 2, …) after a lost race: exponential, jittered so two writers part. */
export function backoffMs(attempt: number, random: number): number {
  const base = Math.min(2_000, 100 * 2 ** (attempt - 1));
  return Math.round(base * (0.5 + random));
}
