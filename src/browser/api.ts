// The one import of the WebExtension API. Everything else under src/browser/ goes through here,
// and nothing outside src/browser/ touches it.
import browser from 'webextension-polyfill';

export { browser };
