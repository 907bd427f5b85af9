// The one import of the WebExtension API. Everything else under src/browser/ goes through here,
// and nothing outside src/browser/ touches it.
import browser from 'webextension-polyfill';

export { browser };

type Browser = typeof browser;

/**
 * An API namespace a browser may lack (Firefox for Android has no `commands` or
 * `captivePortal`; Chrome no `captivePortal`), or that needs a permission not held: undefined
 * then, so the adapter can feature-detect it instead of throwing at start-up.
 */
export function optionalApi<K extends keyof Browser>(name: K): Browser[K] | undefined {
  return (browser as Partial<Browser>)[name];
}
