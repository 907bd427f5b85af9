// Host access: declared for all http(s) sites, but Firefox lets the user withhold it.
import { browser } from './api';
import { ALL_SITES } from '../core/host-patterns';

export async function hasHostAccess(): Promise<boolean> {
  return browser.permissions.contains({ origins: [...ALL_SITES] });
}

/** Must run from a user gesture in an extension page. */
export async function requestHostAccess(): Promise<boolean> {
  return browser.permissions.request({ origins: [...ALL_SITES] });
}

/** Whether Hairpin may access every site matching these patterns (e.g. `http://nas.lan/*`). */
export async function hasOrigins(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  return browser.permissions.contains({ origins: [...origins] });
}

/** Must run from a user gesture: call it first thing in a click handler, before any await. */
export async function requestOrigins(origins: readonly string[]): Promise<boolean> {
  return browser.permissions.request({ origins: [...origins] });
}

/** The optional `cookies` permission: asked for when Keep login or the popup's cookie report needs it. */
export async function hasCookieAccess(): Promise<boolean> {
  return browser.permissions.contains({ permissions: ['cookies'] });
}

/** Same gesture rule as requestOrigins. Chrome grants it without a prompt (it adds no warning). */
export async function requestCookieAccess(): Promise<boolean> {
  return browser.permissions.request({ permissions: ['cookies'] });
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
