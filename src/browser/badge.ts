// Toolbar badge and icon adapter.
//
// The badge is decoration: where the browser cannot draw it (Firefox for Android has no toolbar,
// and lacks some `action` methods) or a call fails, the failure is logged and never reaches a
// state reply or a save.
//
// The browser keeps what the toolbar shows for the whole session, across service-worker (or
// event-page) restarts, and forgets it with storage.session (browser restart, extension reload
// or update). So the badge last set is noted in storage.session, and a worker that wakes up to
// the badge it left does not set it again: setting the icon from paths makes the worker fetch
// and decode the images, and a stopped worker wakes for every navigation to a mapped site
// (measured: that wake-up's work slowed the page it woke for; bench floor section).
import { optionalApi } from './api';
import { shownBadge } from './storage';
import { toolbarIconPaths, type Badge } from '../core/badge';

/** What this worker life knows is on the toolbar; undefined until read from storage.session. */
let shown: string | null | undefined;

/** Never rejects. */
export async function showBadge(badge: Badge): Promise<void> {
  const action = optionalApi('action');
  if (!action) return;
  const key = JSON.stringify([badge.text, badge.color, badge.title, badge.icon]);
  shown ??= await shownBadge.load().catch(() => null);
  if (shown === key) return;
  shown = null; // until all four are set: a failure leaves it to be set again next time
  const calls: [string, () => Promise<void> | undefined][] = [
    ['setBadgeText', () => action.setBadgeText?.({ text: badge.text })],
    ['setBadgeBackgroundColor', () => action.setBadgeBackgroundColor?.({ color: badge.color })],
    ['setTitle', () => action.setTitle?.({ title: badge.title })],
    ['setIcon', () => action.setIcon?.({ path: toolbarIconPaths(badge.icon) })],
  ];
  const results = await Promise.allSettled(calls.map(([, call]) => Promise.resolve().then(call)));
  let failed = false;
  results.forEach((result, index) => {
    if (result.status !== 'rejected') return;
    failed = true;
    console.warn(`Hairpin: action.${calls[index]?.[0]} failed:`, result.reason);
  });
  if (failed) return;
  shown = key;
  await shownBadge.save(key).catch((error: unknown) => console.warn('Hairpin: noting the badge failed:', error));
}
