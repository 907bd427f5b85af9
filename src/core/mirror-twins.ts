// The record of the twins Hairpin wrote: which cookies it created on the other host of a
// keepLogin mapping, so that deleting the mapping or turning Keep login off can take them away
// again. Identity only (name, host, path, store): never a value. Kept in storage.local, because a
// persistent twin outlives the browser session (and storage.session with it), and bounded.
import { isRecord } from './is-record';

export interface TwinId {
  /** The mirror pair's key (login-mirror's consentKey): which mapping the twin belongs to. */
  pair: string;
  name: string;
  /** The host the twin lives on, host-only (no `Domain`, so no leading dot). */
  host: string;
  path: string;
  storeId: string;
}

/**
 * At most this many twins are remembered; past it the oldest are forgotten (and left in place
 * when the mapping goes). A few services with a handful of cookies each stay far below it.
 */
export const MAX_TWINS = 500;

type CookieIdentity = Omit<TwinId, 'pair'>;

const sameCookie = (a: CookieIdentity, b: CookieIdentity) =>
  a.name === b.name && a.host === b.host && a.path === b.path && a.storeId === b.storeId;

/** What is stored, read back as twins; anything else (a hand edit, an older shape) is dropped. */
export function readTwins(stored: unknown): TwinId[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (entry): entry is TwinId =>
      isRecord(entry) &&
      (['pair', 'name', 'host', 'path', 'storeId'] as const).every((field) => typeof entry[field] === 'string'),
  );
}

/** Records a twin just written (newest last), replacing an older entry of the same cookie. */
export function withTwin(twins: readonly TwinId[], twin: TwinId): TwinId[] {
  const { pair, name, host, path, storeId } = twin;
  const next = [...twins.filter((entry) => !sameCookie(entry, twin)), { pair, name, host, path, storeId }];
  return next.length > MAX_TWINS ? next.slice(next.length - MAX_TWINS) : next;
}

/** Forgets a cookie (the site wrote it since, or it is gone): it is no longer Hairpin's twin. */
export function withoutCookie(twins: readonly TwinId[], cookie: CookieIdentity): TwinId[] {
  return twins.filter((entry) => !sameCookie(entry, cookie));
}

export function holdsCookie(twins: readonly TwinId[], cookie: CookieIdentity): boolean {
  return twins.some((entry) => sameCookie(entry, cookie));
}

/** The twins of mappings that no longer keep their login (`live`: the pair keys that still do). */
export function orphanedTwins(twins: readonly TwinId[], live: ReadonlySet<string>): TwinId[] {
  return twins.filter((entry) => !live.has(entry.pair));
}
