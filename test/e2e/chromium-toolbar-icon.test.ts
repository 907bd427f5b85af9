// The toolbar icon variants exist in the built extension: action.setIcon rejects a path it
// cannot load, which would otherwise only show as a log line in the service worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ExtensionBrowser } from './support/chromium';
import { TOOLBAR_ICONS, toolbarIconPaths } from '../../src/core/badge';

let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('toolbar icons in Chromium', () => {
  it('loads every icon variant the badge can ask for', async () => {
    for (const icon of TOOLBAR_ICONS) {
      const path = toolbarIconPaths(icon);
      const result = await browser.worker.evaluate(
        (paths) =>
          chrome.action.setIcon({ path: paths }).then(
            () => 'ok',
            (error: unknown) => String(error),
          ),
        path,
      );
      expect(result, icon).toBe('ok');
    }
    // A missing file is refused, so the check above means something.
    const missing = await browser.worker.evaluate(() =>
      chrome.action.setIcon({ path: { 16: '/icons/nope-16.png' } }).then(
        () => 'ok',
        () => 'refused',
      ),
    );
    expect(missing).toBe('refused');
  });
});

declare const chrome: { action: { setIcon(details: { path: Record<number, string> }): Promise<void> } };
