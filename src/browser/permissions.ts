// Host access: declared for all http(s) sites, but Firefox lets the user withhold it.
import { browser } from './api';

export const ALL_SITES = ['http://*/*', 'https://*/*'];

export async function hasHostAccess(): Promise<boolean> {
  return browser.permissions.contains({ origins: ALL_SITES });
}

/** Must run from a user gesture in an extension page. */
export async function requestHostAccess(): Promise<boolean> {
  return browser.permissions.request({ origins: ALL_SITES });
}
