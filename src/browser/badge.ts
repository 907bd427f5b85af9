// Toolbar badge and icon adapter.
//
// The browser keeps what the toolbar shows for the whole session, across service-worker (or
// event-page) restarts, and forgets it with storage.session (browser restart, extension reload
// or update). So the badge last set is noted in storage.session, and a worker that wakes up to
// the badge it left does not set it again: setting the icon from paths makes the worker fetch
// and decode the images, and a stopped worker wakes for every navigation to a mapped site
// (measured: that wake-up's work slowed the page it woke for; bench floor section).
import { browser } from './api';
import { shownBadge } from './storage';
import { toolbarIconPaths, type Badge } from '../core/badge';

/** What this worker life knows is on the toolbar; undefined until read from storage.session. */
let shown: string | null | undefined;

export async function showBadge(badge: Badge): Promise<void> {
  const key = JSON.stringify([badge.text, badge.color, badge.title, badge.icon]);
  shown ??= await shownBadge.load().catch(() => null);
  if (shown === key) return;
  shown = null; // until all four are set: a failure leaves it to be set again next time
  await Promise.all([
    browser.action.setBadgeText({ text: badge.text }),
    browser.action.setBadgeBackgroundColor({ color: badge.color }),
    browser.action.setTitle({ title: badge.title }),
    browser.action.setIcon({ path: toolbarIconPaths(badge.icon) }),
  ]);
  shown = key;
  await shownBadge.save(key);
}
