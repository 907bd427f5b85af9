// Runs one probe request. Not a browser-extension API, but I/O: kept out of the pure core.
import type { ProbeOutcome } from '../core/verdict';
import { errorMessage } from '../core/error-message';

/** Only the start of the body is read: enough for a token, and a huge answer cannot stall us. */
export const PROBE_BODY_LIMIT = 64 * 1024;

export interface ProbeRequest {
  url: string;
  expect?: string | undefined;
  timeoutMs: number;
}

export async function fetchProbe(request: ProbeRequest): Promise<ProbeOutcome> {
  const controller = new AbortController();
  const started = performance.now();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const response = await fetch(request.url, {
      cache: 'no-store',
      credentials: 'omit',
      // A captive portal redirects: that is an answer from somebody else, never home.
      redirect: 'manual',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    const latencyMs = performance.now() - started;
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      void response.body?.cancel().catch(() => undefined);
      return { kind: 'response', status: response.status, latencyMs, tokenFound: null, redirected: true };
    }
    const tokenFound = request.expect ? await bodyContains(response, request.expect) : null;
    if (!request.expect) void response.body?.cancel().catch(() => undefined);
    return { kind: 'response', status: response.status, latencyMs, tokenFound, redirected: false };
  } catch (error) {
    const latencyMs = performance.now() - started;
    if (controller.signal.aborted) return { kind: 'timeout', latencyMs };
    return { kind: 'network-error', latencyMs, message: errorMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Streams the body until the token shows up or PROBE_BODY_LIMIT bytes were read. */
async function bodyContains(response: Response, token: string): Promise<boolean> {
  if (!response.body) return false;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  let bytes = 0;
  try {
    while (bytes < PROBE_BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      seen += decoder.decode(value, { stream: true });
      if (seen.includes(token)) return true;
      // Keep only a tail long enough to catch a token split across chunks.
      seen = seen.slice(-token.length);
    }
    return (seen + decoder.decode()).includes(token);
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}
