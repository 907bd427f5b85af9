// Tabs adapter.
import { browser } from './api';

export async function navigateTab(tabId: number, url: string): Promise<void> {
  await browser.tabs.update(tabId, { url });
}

/**
 * The URL a tab is loading (Chromium's `pendingUrl`, set until the navigation commits) or else
 * showing; an error page shows the URL that failed. Null when the tab is gone.
 */
export async function tabDestination(tabId: number): Promise<string | null> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab) return null;
  // `pendingUrl` is Chromium's, missing from the polyfill's types.
  return (tab as typeof tab & { pendingUrl?: string }).pendingUrl ?? tab.url ?? null;
}
