// Tabs adapter.
import { browser } from './api';

export async function navigateTab(tabId: number, url: string): Promise<void> {
  await browser.tabs.update(tabId, { url });
}
