// Cookies adapter. Hairpin touches cookies only for the two hosts of a mapping the user is
// looking at (popup report) or has turned keepLogin on for (mirroring). `cookies` is an optional
// permission: until it is granted, `browser.cookies` does not exist.
import { browser } from './api';
import type { Cookies } from 'webextension-polyfill';
import type { CookieLike, CookieWrite } from '../core/login-mirror';

function toLike(cookie: Cookies.Cookie): CookieLike {
  return {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain,
    hostOnly: cookie.hostOnly,
    path: cookie.path,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite,
    session: cookie.session,
    storeId: cookie.storeId,
    ...(cookie.expirationDate === undefined ? {} : { expirationDate: cookie.expirationDate }),
    ...(cookie.partitionKey ? { partitioned: true as const } : {}),
  };
}

/** Every cookie the browser would send to `url` (host-only and Domain cookies). */
export async function cookiesFor(url: string, storeId?: string): Promise<CookieLike[]> {
  const cookies = await browser.cookies.getAll({ url, ...(storeId ? { storeId } : {}) });
  return cookies.map(toLike);
}

export async function cookieAt(url: string, name: string, storeId: string): Promise<CookieLike | null> {
  const cookie = await browser.cookies.get({ url, name, storeId });
  return cookie ? toLike(cookie) : null;
}

export async function writeCookie(write: CookieWrite): Promise<void> {
  await browser.cookies.set({ ...write });
}

export async function removeCookie(url: string, name: string, storeId: string): Promise<void> {
  await browser.cookies.remove({ url, name, storeId });
}

type CookieChange = (cookie: CookieLike, removed: boolean, cause: string) => void;
let listener: ((info: Cookies.OnChangedChangeInfoType) => void) | null = null;

/**
 * Listens to cookie changes once the permission is there; false while it is not. Safe to call
 * again (after a grant): the listener is added once, and again only if the browser dropped it
 * when the permission was withdrawn.
 *
 * `cookies.onChanged` has no filter: the browser hands the listener every cookie write of every
 * site, and a stopped background is started for it. So the background listens only while some
 * mapping keeps its login (unwatchCookieChanges otherwise): a Chromium service worker whose
 * listener is removed is no longer started for cookie changes; Firefox's event page may still be,
 * for listeners it recorded at start-up, and the callback dismisses other hosts at once.
 */
export function watchCookieChanges(callback: CookieChange): boolean {
  if (!browser.cookies) return false;
  listener ??= (info) => callback(toLike(info.cookie), info.removed, info.cause);
  if (!browser.cookies.onChanged.hasListener(listener)) browser.cookies.onChanged.addListener(listener);
  return true;
}

/** Stops listening (no mapping keeps its login); watchCookieChanges starts again. */
export function unwatchCookieChanges(): void {
  if (listener && browser.cookies?.onChanged.hasListener(listener)) browser.cookies.onChanged.removeListener(listener);
}
