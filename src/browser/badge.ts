// Toolbar badge and icon adapter.
import { browser } from './api';
import { toolbarIconPaths, type Badge } from '../core/badge';

export async function showBadge(badge: Badge): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ text: badge.text }),
    browser.action.setBadgeBackgroundColor({ color: badge.color }),
    browser.action.setTitle({ title: badge.title }),
    browser.action.setIcon({ path: toolbarIconPaths(badge.icon) }),
  ]);
}
