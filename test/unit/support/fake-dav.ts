// An in-memory WebDAV file server for the sync-file tests: ETags, If-Match / If-None-Match as
// Apache answers them (a weak ETag for a file changed within the last second, which If-Match
// never matches), Basic auth, and switches for a server without ETags, failures and races.
import type { DavHttp, DavRequest, DavResponse } from '../../../src/core/dav-http';
import type { FakeClock } from './fake-storage';

interface StoredFile {
  text: string;
  version: number;
  changedAt: number;
}

export class FakeDav {
  readonly files = new Map<string, StoredFile>();
  readonly log: DavRequest[] = [];
  private version = 0;
  /** Apache's behaviour: a weak ETag within a second of a change. */
  weakWithinMs = 0;
  /** A server that sends no ETag at all (and ignores conditions). */
  noEtags = false;
  /** Answer every request with this (e.g. 500, or an HTML login page with 200). */
  override: { status: number; text: string; contentType?: string } | null = null;
  unreachable = false;
  /** Runs before a PUT is applied: a racing writer. */
  beforePut: ((request: DavRequest) => void | Promise<void>) | null = null;

  /** Runs after a PUT was applied: a writer that lands right behind it. */
  afterPut: ((request: DavRequest) => void) | null = null;

  constructor(
    private readonly clock: FakeClock,
    private readonly auth = 'Basic ' + btoa('alice:s3cret'),
  ) {}

  readonly http: DavHttp = async (request) => this.handle(request);

  /** Writes the file directly, as another tool would. */
  write(url: string, text: string): void {
    this.files.set(url, { text, version: ++this.version, changedAt: this.clock.now() });
  }

  private etagOf(file: StoredFile): string | null {
    if (this.noEtags) return null;
    const tag = `"${file.version}-${file.text.length}"`;
    return this.clock.now() - file.changedAt < this.weakWithinMs ? `W/${tag}` : tag;
  }

  private async handle(request: DavRequest): Promise<DavResponse> {
    this.log.push(request);
    if (this.unreachable) return { ok: false, error: 'could not reach the server (TypeError: Failed to fetch)' };
    if (this.override) {
      const { status, text, contentType } = this.override;
      return { ok: true, status, etag: null, contentType: contentType ?? 'text/plain', text };
    }
    if (request.headers.authorization !== this.auth) return answer(401, null, 'Unauthorized');
    const file = this.files.get(request.url);
    const etag = file ? this.etagOf(file) : null;
    if (request.method === 'GET') {
      if (!file) return answer(404, null, 'Not Found');
      const inm = request.headers['if-none-match'];
      if (!this.noEtags && inm && etag && strip(inm) === strip(etag)) return answer(304, etag, '');
      return answer(200, etag, file.text, 'application/json');
    }
    if (request.method === 'DELETE') {
      this.files.delete(request.url);
      return answer(204, null, '');
    }
    await this.beforePut?.(request);
    const current = this.files.get(request.url);
    const currentTag = current ? this.etagOf(current) : null;
    if (!this.noEtags) {
      const ifMatch = request.headers['if-match'];
      const ifNoneMatch = request.headers['if-none-match'];
      // RFC 9110: If-Match uses the strong comparison, so a weak ETag never matches.
      if (ifMatch !== undefined && (!currentTag || currentTag.startsWith('W/') || ifMatch !== currentTag)) {
        return answer(412, null, 'Precondition Failed');
      }
      if (ifNoneMatch === '*' && current) return answer(412, null, 'Precondition Failed');
    }
    this.write(request.url, request.body ?? '');
    const stored = this.files.get(request.url)!;
    const response = answer(current ? 204 : 201, this.etagOf(stored), '');
    this.afterPut?.(request);
    return response;
  }
}

function strip(tag: string): string {
  return tag.replace(/^W\//, '');
}

function answer(status: number, etag: string | null, text: string, contentType = 'text/plain'): DavResponse {
  return { ok: true, status, etag, contentType, text };
}
