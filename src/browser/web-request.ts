// webRequest adapter: observation only (redirects stay in declarativeNetRequest).
//
// Which navigations wake a stopped background is decided by the listeners' URL filters. In
// Chromium the service worker starts its listeners for every http(s) site at the top level, so
// that the navigation that woke it is delivered, and narrows them to the mapped sites once the
// config is read: a stopped worker then wakes only for those (measured in Chromium 156: a
// navigation elsewhere leaves it asleep, and starting it costs that page ~25 % of its load time on
// two cores; listeners added only after reading storage miss the navigation that woke them).
// Firefox keeps the listeners for every site as registered at startup, because its event page
// wakes for the listeners it recorded then.
import type { WebRequest } from 'webextension-polyfill';
import { browser } from './api';
import { ALL_SITES } from '../core/host-patterns';
import { isUserNavigation } from '../core/navigation';

/** What this adapter reports about main-frame navigations (the background's NavigationWatch). */
export interface NavigationEvents {
  started(requestId: string, tabId: number, url: string, method: string): void;
  redirected(requestId: string, url: string): void;
  /** Response headers arrived, or the request completed. */
  answered(requestId: string): void;
  failed(requestId: string, error: string): void;
}

export interface NavigationObserver {
  /**
   * Once `sites` is read, observe only navigations to those sites (match patterns; none: no
   * navigation). Reads may settle out of order: only the latest call applies. Where the sites
   * cannot be read or the browser refuses one, every site is observed: better than missing one.
   */
  watchOnly(sites: Promise<readonly string[]>): Promise<void>;
}

/** Chromium's MV3 service worker: there the listeners narrow to the mapped sites (see above). */
export function narrowsToMappedSites(): boolean {
  return 'ServiceWorkerGlobalScope' in globalThis;
}

export function observeNavigations(watch: NavigationEvents, onAnyError: (error: string) => void): NavigationObserver {
  const onStart = (details: WebRequest.OnBeforeRequestDetailsType) => {
    // Chromium's `documentLifecycle` is missing from the polyfill's types.
    if (!isUserNavigation(details)) return;
    watch.started(details.requestId, details.tabId, details.url, details.method);
  };
  const onRedirect = (details: WebRequest.OnBeforeRedirectDetailsType) =>
    watch.redirected(details.requestId, details.redirectUrl);
  const onAnswer = (details: { requestId: string }) => watch.answered(details.requestId);
  const onError = (details: WebRequest.OnErrorOccurredDetailsType) => {
    watch.failed(details.requestId, details.error);
    onAnyError(details.error);
  };

  const listen = (sites: readonly string[]) => {
    const events = browser.webRequest;
    events.onBeforeRequest.removeListener(onStart);
    events.onBeforeRedirect.removeListener(onRedirect);
    events.onResponseStarted.removeListener(onAnswer);
    events.onCompleted.removeListener(onAnswer);
    events.onErrorOccurred.removeListener(onError);
    if (sites.length === 0) return;
    const urls = [...sites];
    const navigations = { urls, types: ['main_frame' as const] };
    events.onBeforeRequest.addListener(onStart, navigations);
    events.onBeforeRedirect.addListener(onRedirect, navigations);
    events.onResponseStarted.addListener(onAnswer, navigations);
    events.onCompleted.addListener(onAnswer, navigations);
    // Every kind of request: a network change shows up on whichever (to a mapped site) fails first.
    events.onErrorOccurred.addListener(onError, { urls });
  };

  listen(ALL_SITES);
  const narrows = narrowsToMappedSites();
  let watched = ALL_SITES.join(' ');
  const narrowTo = (sites: readonly string[]) => {
    // Every config change asks again; most leave the sites as they were.
    if (!narrows || sites.join(' ') === watched) return;
    watched = sites.join(' ');
    try {
      listen(sites);
    } catch (error) {
      watched = ALL_SITES.join(' ');
      listen(ALL_SITES);
      throw error;
    }
  };
  let latest = 0;
  return {
    async watchOnly(sites) {
      const call = ++latest;
      let read: readonly string[];
      try {
        read = await sites;
      } catch (error) {
        if (call === latest) narrowTo(ALL_SITES);
        throw error;
      }
      if (call === latest) narrowTo(read);
    },
  };
}
