// One side of a mapping: an http(s) origin with an optional path prefix, e.g.
// `https://example.com/jellyfin` or `http://192.168.1.20:8096`. Pure: no browser APIs.

export type Scheme = 'http' | 'https';

export interface Side {
  scheme: Scheme;
  /** Canonical host as the browser writes it: lower case, punycode, IPv6 in brackets. */
  host: string;
  /** Explicit non-default port, or null for the scheme's default. */
  port: number | null;
  /** Path prefix without a trailing slash: '' or '/jellyfin' or '/a/b'. */
  prefix: string;
}

export type SideResult = { ok: true; side: Side } | { ok: false; message: string };

const DEFAULT_PORT: Record<Scheme, number> = { http: 80, https: 443 };

/** Parses a mapping side, with a specific message for each way it can be wrong. */
export function parseSide(raw: string): SideResult {
  const text = raw.trim();
  if (text === '') return fail('is empty; give a URL such as https://jellyfin.example.com');
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text);
  if (!schemeMatch) return fail(`"${clip(text)}" has no scheme; start it with https:// or http://`);
  const scheme = schemeMatch[1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return fail(`scheme "${scheme}:" is not allowed; use http or https`);
  }
  const rest = text.slice(schemeMatch[0].length);
  if (!rest.startsWith('//')) return fail(`"${clip(text)}" is missing "//" after "${scheme}:"`);
  const afterSlashes = rest.slice(2);
  const authorityEnd = afterSlashes.search(/[/?#\\]/);
  const authority = authorityEnd === -1 ? afterSlashes : afterSlashes.slice(0, authorityEnd);
  const pathAndMore = authorityEnd === -1 ? '' : afterSlashes.slice(authorityEnd);
  if (authority.includes('@')) return fail('credentials (user:password@) are not allowed in URLs');
  if (/[?#]/.test(pathAndMore)) {
    return fail('a query (?) or fragment (#) is not allowed; give an origin with an optional path prefix');
  }
  if (pathAndMore.includes('\\')) return fail('backslashes are not allowed in a path prefix');
  // Checked on the raw text (less the tabs and newlines URL parsing drops): parsing would
  // silently resolve them, so `https://example.com/x/..` would claim the whole host.
  if (
    pathAndMore
      .replace(/[\t\n\r]/g, '')
      .split('/')
      .some((segment) => /^(\.|%2e){1,2}$/i.test(segment))
  ) {
    return fail('"." and ".." are not allowed in a path prefix');
  }

  const portMatch = /:([^:\]]*)$/.exec(authority);
  let hostPart = authority;
  if (portMatch) {
    const portText = portMatch[1]!;
    hostPart = authority.slice(0, portMatch.index);
    if (portText !== '') {
      if (!/^\d+$/.test(portText)) return fail(`port "${clip(portText)}" is not a number`);
      const port = Number(portText);
      if (port < 1 || port > 65535) return fail(`port ${portText} is out of range (1–65535)`);
    }
  }
  if (hostPart === '') return fail('the host is missing');

  let url: URL;
  try {
    url = new URL(`${scheme}://${authority}${pathAndMore}`);
  } catch {
    return fail(`host "${clip(hostPart)}" is not a valid host name`);
  }
  if (url.hostname === '') return fail('the host is missing');
  // The URL standard lets through characters no DNS name has (`*`, `!`, `(`…): refuse them.
  if (!/^\[[0-9a-f:.]+\]$/.test(url.hostname) && !/^([a-z0-9_-]+\.)*[a-z0-9_-]+\.?$/.test(url.hostname)) {
    return fail(`host "${clip(hostPart)}" is not a valid host name`);
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  if (prefix.includes('//')) return fail('a path prefix must not contain empty segments ("//")');
  const explicitPort = url.port === '' ? null : Number(url.port);
  const port = explicitPort === DEFAULT_PORT[scheme] ? null : explicitPort;
  return { ok: true, side: { scheme, host: url.hostname, port, prefix } };
}

/** `scheme://host[:port]` as the browser writes it. */
export function originOf(side: Side): string {
  return `${side.scheme}://${side.host}${side.port === null ? '' : `:${side.port}`}`;
}

/** The side as one canonical URL string, e.g. `https://example.com/jellyfin`. */
export function sideToString(side: Side): string {
  return originOf(side) + side.prefix;
}

/** True when every URL under `inner` is also under `outer` (whole path segments). */
export function sideContains(outer: Side, inner: Side): boolean {
  if (originOf(outer) !== originOf(inner)) return false;
  return inner.prefix === outer.prefix || inner.prefix.startsWith(`${outer.prefix}/`);
}

/**
 * Where the browser takes a side's URLs when it upgrades them to https (HSTS, HTTPS-First,
 * automatic upgrades): `http://h` and `http://h:80` become `https://h`, `http://h:443` becomes
 * `https://h` too, any other port is kept (RFC 6797 §8.3). An https side is its own https form.
 */
export function httpsForm(side: Side): Side {
  if (side.scheme === 'https') return side;
  return { ...side, scheme: 'https', port: side.port === 443 ? null : side.port };
}

/** True when some URL belongs to both sides. */
export function sidesOverlap(a: Side, b: Side): boolean {
  return sideContains(a, b) || sideContains(b, a);
}

/**
 * Splits a full URL into the part a side claims and the rest, or null when the URL is not
 * under the side. The rest (path after the prefix, query, fragment) is what a redirect keeps.
 */
export function matchSide(side: Side, url: string): { rest: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const candidate: SideResult = parseSide(`${parsed.protocol}//${parsed.host}`);
  if (!candidate.ok || originOf(candidate.side) !== originOf(side)) return null;
  // Credentials are dropped: they are nobody's business on the other side, and `href` holds them
  // between the scheme and the host, where `origin` does not.
  parsed.username = '';
  parsed.password = '';
  // From href rather than pathname + search + hash, which drop an empty "?" or "#".
  const pathAndMore = parsed.href.slice(parsed.origin.length);
  if (!pathAndMore.startsWith('/')) return null;
  if (side.prefix === '') return { rest: pathAndMore };
  if (!pathAndMore.startsWith(side.prefix)) return null;
  const rest = pathAndMore.slice(side.prefix.length);
  if (rest !== '' && !/^[/?#]/.test(rest)) return null;
  return { rest };
}

/** The URL on `target` that corresponds to `rest` (as returned by matchSide). */
export function urlOnSide(target: Side, rest: string): string {
  if (rest !== '' && !/^[/?#]/.test(rest)) throw new Error(`not the rest of a URL: ${clip(rest)}`);
  const url = new URL(sideToString(target) + rest);
  // Built from the side's own parts, so the result is always on `target`, whatever `rest` holds.
  if (url.origin !== originOf(target) || url.username !== '' || url.password !== '') {
    throw new Error(`not the rest of a URL: ${clip(rest)}`);
  }
  return url.href;
}

function fail(message: string): SideResult {
  return { ok: false, message };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
