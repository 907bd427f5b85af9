// Signals that the network may have changed: the browser coming back online, the machine
// waking from idle or a locked screen (often after moving between networks).
import { browser } from './api';

export function onConnectivityHint(callback: (why: string) => void): void {
  globalThis.addEventListener('online', () => callback('back online'));
  // Transitions to 'active' only come from 'idle' or 'locked'.
  browser.idle.onStateChanged.addListener((state) => {
    if (state === 'active') callback('woke from idle');
  });
}
