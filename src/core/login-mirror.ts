// Keeping a login across a switch: for mappings with keepLogin, a host-only cookie set or removed
// on one host is mirrored onto its twin, so the first redirected request already carries it.
// Pure: which cookie has which twin, which direction may copy now, and what to write. The
// cookies adapter does the writing.
import type { Config } from './config-schema';
import { domainCovers } from './cookie-domain';
import { parseSide, sideToString, type Side } from './side';

export interface MirrorPair {
  /** consentKey of the mapping: what the user's Secure-to-http consent is recorded under. */
  key: string;
  external: Side;
  internal: Side;
  /** The mapping's network, whose probe says whether the internal host is really ours. */
  network: string;
  /** Whether that probe checks a token (`probe.expect`): without one any 2xx counts as home. */
  tokenChecked: boolean;
}

export interface CookieLike {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: 'no_restriction' | 'lax' | 'strict' | 'unspecified';
  session: boolean;
  expirationDate?: number;
  storeId: string;
  /** Set for a partitioned (CHIPS) cookie: one kept for a frame under some other top-level site. */
  partitioned?: true;
}

/** What cookies.set needs; `url` alone (no `domain`) makes a host-only cookie. */
export interface CookieWrite {
  url: string;
  name: string;
  value: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: CookieLike['sameSite'];
  expirationDate?: number;
  storeId: string;
}

export function mirrorPairs(config: Config): MirrorPair[] {
  const pairs: MirrorPair[] = [];
  for (const network of config.networks) {
    for (const mapping of network.mappings) {
      if (!mapping.keepLogin || mapping.enabled === false) continue;
      const external = parseSide(mapping.external);
      const internal = parseSide(mapping.internal);
      if (external.ok && internal.ok && external.side.host !== internal.side.host) {
        pairs.push({
          key: consentKeyOf(external.side, internal.side),
          external: external.side,
          internal: internal.side,
          network: network.name,
          tokenChecked: Boolean(network.probe.expect),
        });
      }
    }
  }
  return pairs;
}

/** Whether any mapping mirrors cookies: the one feature that needs the `cookies` permission held. */
export function needsCookieAccess(config: Config): boolean {
  return mirrorPairs(config).length > 0;
}

/**
 * The key a Secure-to-http consent is recorded under: both sides, canonical. Consent given for
 * one http host never carries over to another when a sync, import or config URL changes it.
 */
export function consentKey(external: string, internal: string): string | null {
  const a = parseSide(external);
  const b = parseSide(internal);
  return a.ok && b.ok ? consentKeyOf(a.side, b.side) : null;
}

/**
 * The consents still about a mapping that keeps its login: a consent ends with its mapping (deleted,
 * or keepLogin turned off), so deleting and re-adding a mapping, here or elsewhere, asks again.
 */
export function consentsInUse(consent: readonly string[], config: Config): string[] {
  const live = new Set(mirrorPairs(config).map((pair) => pair.key));
  return consent.filter((key) => live.has(key));
}

function consentKeyOf(external: Side, internal: Side): string {
  return `${sideToString(external)} → ${sideToString(internal)}`;
}

/** Does the cookie reach `host`? */
export function cookieReaches(cookie: Pick<CookieLike, 'domain' | 'hostOnly'>, host: string): boolean {
  return cookie.hostOnly ? cookie.domain === host : domainCovers(cookie.domain, host);
}

export interface Twin {
  pair: MirrorPair;
  from: Side;
  to: Side;
}

/**
 * The hosts whose cookies the mirror looks at: kept in memory, so that a cookie of any other
 * site is dismissed by one set lookup, before any storage read.
 */
export function mirroredHosts(pairs: readonly MirrorPair[]): ReadonlySet<string> {
  return new Set(pairs.flatMap((pair) => [pair.external.host, pair.internal.host]));
}

/**
 * Whether the mirror copies this cookie at all: a host-only cookie (no `Domain` attribute) of a
 * mapped host, unpartitioned. A `Domain` cookie may come from any other app under that domain
 * (`Domain=example.com` from `photos.example.com` reaches `jellyfin.example.com` too), and one
 * whose Domain covers both hosts needs no copy; a partitioned cookie belongs to a frame on some
 * other site, not to the host's own login.
 */
export function isMirrorable(cookie: Pick<CookieLike, 'domain' | 'hostOnly' | 'partitioned'>): boolean {
  return cookie.hostOnly && cookie.partitioned !== true;
}

/** The twin host for a host-only cookie of one host of a pair (see isMirrorable). */
export function findTwin(
  cookie: Pick<CookieLike, 'domain' | 'hostOnly' | 'partitioned'>,
  pairs: readonly MirrorPair[],
): Twin | null {
  if (!isMirrorable(cookie)) return null;
  for (const pair of pairs) {
    if (cookie.domain === pair.external.host) return { pair, from: pair.external, to: pair.internal };
    if (cookie.domain === pair.internal.host) return { pair, from: pair.internal, to: pair.external };
  }
  return null;
}

/**
 * Whether a change on `twin.from` may be copied now. The external host is named by DNS (and
 * usually https), the same service wherever the browser is. The internal host is an address on
 * *your* LAN only while you are on it: in a café `192.168.1.20` is whoever holds that address
 * there, and a cookie it sets (or expires) must not reach your external host (a planted session,
 * or a forced logout). So changes on the internal host are copied only while the probe of the
 * mapping's network, checking its token, says Home. A forced mode does not count: it says where
 * you want to be sent, not whose device answers at that address. Changes on the external host are
 * copied always, so a login made away is already there when you come home; the copy is sent only
 * where the internal host's cookies go anyway (see SECURITY.md).
 */
export function mayCopyFrom(twin: Twin, homeByProbe: (network: string) => boolean): boolean {
  if (!copiesOnlyAtHome(twin)) return true;
  return twin.pair.tokenChecked && homeByProbe(twin.pair.network);
}

/** A change on the internal host: copied only while the probe says Home (see mayCopyFrom). */
export function copiesOnlyAtHome(twin: Twin): boolean {
  return twin.from.host === twin.pair.internal.host;
}

export type MirrorDecision = { write: CookieWrite } | { skip: 'secure-to-http' };

/**
 * The path a cookie of `from` gets on `to`: a side's path prefix is where the service lives on
 * that host, so `Path=/jellyfin/web` on `https://example.com/jellyfin` is `Path=/web` on
 * `http://192.168.1.20:8096`, and the other way round. Null for a cookie outside `from`'s prefix
 * (`Path=/` or `Path=/photos` on example.com belong to the host's other apps): not copied.
 */
export function twinPath(path: string, from: Side, to: Side): string | null {
  const own = path.startsWith('/') ? path : '/';
  let rest: string;
  if (from.prefix === '') rest = own === '/' ? '' : own;
  else if (own === from.prefix || own.startsWith(`${from.prefix}/`)) rest = own.slice(from.prefix.length);
  else return null;
  return `${to.prefix}${rest}` || '/';
}

/** The host-only cookie to write on the twin host, at `path` there (see twinPath). */
export function twinWrite(
  cookie: CookieLike,
  to: Side,
  secureToHttpAllowed: boolean,
  path: string = cookie.path,
): MirrorDecision {
  const toHttp = to.scheme === 'http';
  if (cookie.secure && toHttp && !secureToHttpAllowed) return { skip: 'secure-to-http' };
  const secure = cookie.secure && !toHttp;
  // Browsers refuse SameSite=None without Secure.
  const sameSite = cookie.sameSite === 'no_restriction' && !secure ? 'lax' : cookie.sameSite;
  const write: CookieWrite = {
    url: `${to.scheme}://${to.host}${path.startsWith('/') ? path : '/'}`,
    name: cookie.name,
    value: cookie.value,
    path,
    secure,
    httpOnly: cookie.httpOnly,
    sameSite,
    storeId: cookie.storeId,
  };
  if (!cookie.session && cookie.expirationDate !== undefined) write.expirationDate = cookie.expirationDate;
  return { write };
}

/**
 * Whether the twin already holds this write: comparing first stops two mirrors ping-ponging.
 * A Secure twin holds a non-Secure write: the write lost Secure on its way through an http
 * host (the echo of our own copy), and must not strip Secure from the original.
 */
export function alreadyMirrored(existing: CookieLike | null, write: CookieWrite): boolean {
  if (!existing) return false;
  const sameExpiry =
    write.expirationDate === undefined
      ? existing.session
      : !existing.session && Math.abs((existing.expirationDate ?? 0) - write.expirationDate) < 2;
  const secureEnough = existing.secure || !write.secure;
  return (
    existing.value === write.value &&
    existing.path === write.path &&
    secureEnough &&
    existing.httpOnly === write.httpOnly &&
    sameExpiry
  );
}

/** Removal causes that mean "gone" (a logout), not "about to be replaced". */
export function isRealRemoval(cause: string): boolean {
  return cause === 'explicit' || cause === 'expired_overwrite';
}

/**
 * What Keep login copies, and where the copies go, in words for the options page and the popup:
 * cookies ignore ports, so a copy made for `http://192.168.1.20:8096` reaches every port of
 * 192.168.1.20. Null while a side is not a valid URL, or both share one host (nothing to copy).
 */
export function keepLoginScope(external: string, internal: string): string | null {
  const a = parseSide(external);
  const b = parseSide(internal);
  if (!a.ok || !b.ok || a.side.host === b.side.host) return null;
  const ext = a.side.host;
  const int = b.side.host;
  return (
    `Copies only the cookies each host sets for itself (not Domain= cookies shared with other sites${prefixNote(a.side, b.side)}). ` +
    `Cookies ignore ports: copies go to every port of ${int} and of ${ext}. ` +
    `Cookies set on ${int} are copied to ${ext} only while the probe, with its token, says you are home.`
  );
}

function prefixNote(external: Side, internal: Side): string {
  const prefixes = [external, internal].filter((side) => side.prefix !== '');
  return prefixes.map((side) => `; on ${side.host} only those under ${side.prefix}`).join('');
}
