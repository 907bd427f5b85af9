// Toolbar badge and icon adapter. The badge is decoration: where the browser cannot draw it
// (Firefox for Android has no toolbar, and lacks some `action` methods) or a call fails, the
// failure is logged and never reaches a state reply or a save.
import { optionalApi } from './api';
import { toolbarIconPaths, type Badge } from '../core/badge';

/** Never rejects. */
export async function showBadge(badge: Badge): Promise<void> {
  const action = optionalApi('action');
  if (!action) return;
  const calls: [string, () => Promise<void> | undefined][] = [
    ['setBadgeText', () => action.setBadgeText?.({ text: badge.text })],
    ['setBadgeBackgroundColor', () => action.setBadgeBackgroundColor?.({ color: badge.color })],
    ['setTitle', () => action.setTitle?.({ title: badge.title })],
    ['setIcon', () => action.setIcon?.({ path: toolbarIconPaths(badge.icon) })],
  ];
  const results = await Promise.allSettled(calls.map(([, call]) => Promise.resolve().then(call)));
  results.forEach((result, index) => {
    if (result.status === 'rejected') console.warn(`Hairpin: action.${calls[index]?.[0]} failed:`, result.reason);
  });
}
