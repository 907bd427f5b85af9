// Host access: declared for all http(s) sites, but Firefox lets the user withhold it.
import { browser } from './api';
import { ALL_SITES } from '../core/host-patterns';
import { grantAccessElsewhere } from '../core/grant-access';
import type { Permissions } from 'webextension-polyfill';

/** False where the browser cannot ask from an extension page (Firefox for Android). */
export function canRequestPermissions(): boolean {
  return typeof browser.permissions.request === 'function';
}

/** permissions.request, or an error that says where the user grants `what` instead. */
function request(permissions: Permissions.Permissions, what: string): Promise<boolean> {
  if (!canRequestPermissions()) return Promise.reject(new Error(grantAccessElsewhere(what)));
  return browser.permissions.request(permissions);
}

export async function hasHostAccess(): Promise<boolean> {
  return browser.permissions.contains({ origins: [...ALL_SITES] });
}

/** Must run from a user gesture in an extension page. */
export async function requestHostAccess(): Promise<boolean> {
  return request({ origins: [...ALL_SITES] }, 'access to websites');
}

/** Whether Hairpin may access every site matching these patterns (e.g. `http://nas.lan/*`). */
export async function hasOrigins(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  return browser.permissions.contains({ origins: [...origins] });
}

/** Must run from a user gesture: call it first thing in a click handler, before any await. */
export async function requestOrigins(origins: readonly string[]): Promise<boolean> {
  return request({ origins: [...origins] }, 'access to these sites');
}

/** The optional `cookies` permission: asked for when Keep login or the popup's cookie report needs it. */
export async function hasCookieAccess(): Promise<boolean> {
  return browser.permissions.contains({ permissions: ['cookies'] });
}

/** Same gesture rule as requestOrigins. Chrome grants it without a prompt (it adds no warning). */
export async function requestCookieAccess(): Promise<boolean> {
  return request({ permissions: ['cookies'] }, 'cookie access');
}

/** Gives `cookies` back (no gesture needed); false when it was not held. */
export async function releaseCookieAccess(): Promise<boolean> {
  return browser.permissions.remove({ permissions: ['cookies'] });
}

/** Access granted or withdrawn (Firefox's add-on manager, or our own request button). */
export function onPermissionsChanged(callback: () => void): void {
  browser.permissions.onAdded.addListener(() => callback());
  browser.permissions.onRemoved.addListener(() => callback());
}
