// Signals that the network may have changed: the browser coming back online (the `online` event, or
// in Chromium's service worker a connection change from offline to online), the machine
// waking from idle or a locked screen (often after moving between networks), and Firefox's
// captive-portal service finding the network usable (it checks after every network change).
// `idle` and `captivePortal` may be missing: Firefox for Android and Chrome have no
// `captivePortal`, and a browser may lack `idle` (MDN browser-compat-data, webextensions/api).
import { optionalApi } from './api';

export type ConnectivitySignal = 'online' | 'idle' | 'captivePortal';

/** Calls back on each hint; returns the signals this browser offers. */
export function onConnectivityHint(callback: (why: string) => void): ConnectivitySignal[] {
  const signals: ConnectivitySignal[] = [];
  const connection = networkInformation();
  if ('ononline' in globalThis) {
    // A window (Firefox's event page): the `online` event.
    globalThis.addEventListener('online', () => callback('back online'));
    signals.push('online');
  } else if (connection) {
    // Chromium's service worker gets no `online` event (seen in Chromium 156: it has no
    // `ononline`, and going offline and back fires none), but navigator.connection's `change`
    // does fire there, with navigator.onLine already updated: back online is offline → online.
    let online = navigator.onLine;
    connection.addEventListener('change', () => {
      const before = online;
      online = navigator.onLine;
      if (online && !before) callback('back online');
    });
    signals.push('online');
  }
  const idle = optionalApi('idle');
  if (idle?.onStateChanged) {
    // Transitions to 'active' only come from 'idle' or 'locked'.
    idle.onStateChanged.addListener((state) => {
      if (state === 'active') callback('woke from idle');
    });
    signals.push('idle');
  }
  // Firefox only, with the `captivePortal` permission (added to the Firefox manifest alone).
  const portal = optionalApi('captivePortal');
  if (portal?.onConnectivityAvailable && portal.onStateChanged) {
    // After a network change Firefox checks for a portal, then reports the connection usable.
    portal.onConnectivityAvailable.addListener(() => callback('network available'));
    // A portal just logged into: the network behind it is now reachable.
    portal.onStateChanged.addListener(({ state }) => {
      if (state === 'unlocked_portal') callback('captive portal unlocked');
    });
    signals.push('captivePortal');
  }
  return signals;
}

/** navigator.connection (Network Information API, Chromium only; missing from the DOM types). */
function networkInformation(): EventTarget | undefined {
  const nav = (globalThis as { navigator?: Navigator & { connection?: EventTarget } }).navigator;
  return nav?.connection;
}
