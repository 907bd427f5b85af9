// Every URL Hairpin keeps (mapping sides, probe URLs, the config URL) is stored in one canonical
// form, so that every later decision (plain http or not, which host, which rule) reads the same
// thing the browser will. Pure.

/**
 * Why the text of a URL is refused before it is parsed, or null. URL parsing silently drops tabs
 * and newlines anywhere (`ht\ttp://` is `http://`) and other characters hide what the URL is:
 * refuse them rather than let the stored text and the parsed URL disagree. Leading and trailing
 * spaces are trimmed, not refused (an import or a paste adds them, and they change nothing).
 */
export function urlTextProblem(raw: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw.trim())) return 'contains a tab, newline or other control character';
  if (/\s/.test(raw.trim())) return 'contains a space';
  return null;
}

/** `text` as the browser writes it (`HTTP://Nas.LAN:80/x` → `http://nas.lan/x`), or null. */
export function canonicalUrl(text: string): string | null {
  if (urlTextProblem(text) !== null) return null;
  try {
    return new URL(text.trim()).href;
  } catch {
    return null;
  }
}

/** True when `text` parses as a plain-http URL (decided by the parsed protocol, never by its spelling). */
export function isPlainHttp(text: string): boolean {
  const canonical = canonicalUrl(text);
  return canonical !== null && new URL(canonical).protocol === 'http:';
}
