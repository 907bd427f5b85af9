// webRequest adapter: observation only (redirects stay in declarativeNetRequest). Listeners
// are added at the top level of the background so that a navigation wakes a stopped worker.
import { browser } from './api';
import type { NavigationWatch } from '../background/navigation-watch';
import { isUserNavigation } from '../core/navigation';

const FILTER = { urls: ['http://*/*', 'https://*/*'], types: ['main_frame' as const] };

export function observeNavigations(watch: NavigationWatch, onAnyError: (error: string) => void): void {
  browser.webRequest.onBeforeRequest.addListener((details) => {
    // Chromium's `documentLifecycle` is missing from the polyfill's types.
    if (!isUserNavigation(details as typeof details & { documentLifecycle?: string })) return;
    watch.started(details.requestId, details.tabId, details.url, details.method);
  }, FILTER);
  browser.webRequest.onBeforeRedirect.addListener((details) => {
    watch.redirected(details.requestId, details.redirectUrl);
  }, FILTER);
  browser.webRequest.onResponseStarted.addListener((details) => watch.answered(details.requestId), FILTER);
  browser.webRequest.onCompleted.addListener((details) => watch.answered(details.requestId), FILTER);
  browser.webRequest.onErrorOccurred.addListener(
    (details) => {
      watch.failed(details.requestId, details.error);
      onAnyError(details.error);
    },
    { urls: ['http://*/*', 'https://*/*'] },
  );
}
