// The real PageServices for Hairpin's extension pages: a thin layer over tabs, permissions,
// clipboard, cookies and downloads. Components only see the interface (src/ui/services.ts).
import { browser } from './api';
import { cookiesFor } from './cookies';
import {
  canRequestPermissions,
  hasOrigins,
  requestCookieAccess,
  requestHostAccess,
  requestOrigins,
} from './permissions';
import type { PageServices, TabInfo } from '../core/page-services';

export interface PageServicesOptions {
  /**
   * The tab the popup is about, from `?tab=<id>`. When the popup page is opened as a tab (as
   * tests do), `tabs.query({ active: true })` finds the popup itself, so tests name the tab.
   */
  tabId?: number | null;
}

export function createPageServices(options: PageServicesOptions = {}): PageServices {
  const ownOrigin = new URL(browser.runtime.getURL('/')).origin;
  // The real toolbar popup closes once it sent the user somewhere; a page opened as a tab stays.
  const close = () => {
    if (browser.extension.getViews({ type: 'popup' }).includes(window)) window.close();
  };

  // The title comes with host access to the page, which Hairpin holds for http(s) (no `tabs` permission).
  const asTab = (tab: { id?: number; url?: string; title?: string } | undefined): TabInfo | null =>
    tab?.id !== undefined && tab.url ? { id: tab.id, url: tab.url, ...(tab.title ? { title: tab.title } : {}) } : null;

  return {
    async currentTab() {
      if (options.tabId != null) {
        return asTab(await browser.tabs.get(options.tabId).catch(() => undefined));
      }
      const [active] = await browser.tabs.query({ active: true, currentWindow: true });
      if (active?.url && !active.url.startsWith(ownOrigin)) return asTab(active);
      // Opened as a tab of our own: fall back to the active tab of a normal window.
      const candidates = await browser.tabs.query({ active: true, windowType: 'normal' });
      return asTab(candidates.find((tab) => tab.url && !tab.url.startsWith(ownOrigin)));
    },
    async openInTab(tabId, url) {
      await browser.tabs.update(tabId, { url });
      close();
    },
    async writeClipboard(text) {
      await navigator.clipboard.writeText(text);
    },
    canRequestPermissions: canRequestPermissions(),
    requestHostAccess,
    requestOrigins,
    hasOrigins,
    requestCookieAccess,
    async cookiesFor(url) {
      // Only what the report needs: a page never holds cookie values.
      return (await cookiesFor(url)).map(({ name, domain, hostOnly, secure }) => ({ name, domain, hostOnly, secure }));
    },
    onStateChanged(callback) {
      // HairpinState is made of storage.local (sync is merged into it first), the verdicts in
      // storage.session, and the permissions held. Both browsers tell extension pages about
      // session writes too (seen in Chromium 156 and Firefox ESR 153).
      const onStorage = (_changes: unknown, area: string) => {
        if (area === 'local' || area === 'session') callback();
      };
      const onPermissions = () => callback();
      browser.storage.onChanged.addListener(onStorage);
      browser.permissions.onAdded.addListener(onPermissions);
      browser.permissions.onRemoved.addListener(onPermissions);
      return () => {
        browser.storage.onChanged.removeListener(onStorage);
        browser.permissions.onAdded.removeListener(onPermissions);
        browser.permissions.onRemoved.removeListener(onPermissions);
      };
    },
    async openOptionsPage() {
      await browser.runtime.openOptionsPage();
      close();
    },
    downloadFile(name, text, type) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.style.display = 'none';
      document.body.append(link);
      link.click();
      link.remove();
      // The download has started from the click; give it a moment before freeing the blob.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}
