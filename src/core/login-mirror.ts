// Keeping a login across a switch: for mappings with keepLogin, a cookie set or removed on one
// host is mirrored onto its twin, so the first redirected request already carries it. Pure:
// which cookie has which twin, and what to write. The cookies adapter does the writing.
import type { Config } from './config-schema';
import { domainCovers } from './cookie-domain';
import { parseSide, sideToString, type Side } from './side';

export interface MirrorPair {
  /** consentKey of the mapping: what the user's Secure-to-http consent is recorded under. */
  key: string;
  external: Side;
  internal: Side;
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
 * The twin host for a cookie: it reaches one host of a pair but not the other. A cookie whose
 * Domain already covers both needs no mirror.
 */
export function findTwin(cookie: Pick<CookieLike, 'domain' | 'hostOnly'>, pairs: readonly MirrorPair[]): Twin | null {
  for (const pair of pairs) {
    const onExternal = cookieReaches(cookie, pair.external.host);
    const onInternal = cookieReaches(cookie, pair.internal.host);
    if (onExternal && !onInternal) return { pair, from: pair.external, to: pair.internal };
    if (onInternal && !onExternal) return { pair, from: pair.internal, to: pair.external };
  }
  return null;
}

export type MirrorDecision = { write: CookieWrite } | { skip: 'secure-to-http' };

/** The host-only cookie to write on the twin host. */
export function twinWrite(cookie: CookieLike, to: Side, secureToHttpAllowed: boolean): MirrorDecision {
  const toHttp = to.scheme === 'http';
  if (cookie.secure && toHttp && !secureToHttpAllowed) return { skip: 'secure-to-http' };
  const secure = cookie.secure && !toHttp;
  // Browsers refuse SameSite=None without Secure.
  const sameSite = cookie.sameSite === 'no_restriction' && !secure ? 'lax' : cookie.sameSite;
  const write: CookieWrite = {
    url: `${to.scheme}://${to.host}${cookie.path.startsWith('/') ? cookie.path : '/'}`,
    name: cookie.name,
    value: cookie.value,
    path: cookie.path,
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
