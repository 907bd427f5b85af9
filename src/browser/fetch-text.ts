// Fetches a small text file (the config URL): no cookies, no cache, no redirects, a timeout
// and a size limit, so a hostile or broken server can neither stall nor flood Hairpin.
import { errorMessage } from '../core/error-message';
export type FetchTextResult = { ok: true; text: string } | { ok: false; error: string };

export async function fetchText(
  url: string,
  options: { timeoutMs: number; maxBytes: number },
): Promise<FetchTextResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await fetch(url, {
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'manual',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      return { ok: false, error: 'the server answered with a redirect, which Hairpin does not follow' };
    }
    if (!response.ok) return { ok: false, error: `the server answered HTTP ${response.status}` };
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > options.maxBytes) return { ok: false, error: tooBig(options.maxBytes) };
    const text = await readLimited(response, options.maxBytes);
    return text === null ? { ok: false, error: tooBig(options.maxBytes) } : { ok: true, text };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, error: `no answer within ${options.timeoutMs / 1000} s` };
    return { ok: false, error: `could not connect (${errorMessage(error)})` };
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, or null once it exceeds maxBytes (the rest is never downloaded). */
export async function readLimited(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function tooBig(maxBytes: number): string {
  return `the file is larger than ${Math.round(maxBytes / 1024)} KiB`;
}
