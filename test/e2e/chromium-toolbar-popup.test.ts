// The popup as Chromium really shows it: a bubble under the toolbar button (action.openPopup),
// not a page in a tab as the other popup tests open it. The bubble sizes itself to the page,
// starting small, so a layout whose width follows the viewport keeps it at its starting width
// (it did: max-width 100vw made it 158 px wide). Read through extension.getViews, the same
// extension's window, from one of its own pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ExtensionBrowser } from './support/chromium';
import { healthEndpoint, startServer, type TestServer } from './support/servers';
import {
  closeToolbarPopupExpression,
  POPUP_WIDTH,
  toolbarPopupExpression,
  untilClosed,
  untilDrawnAtLayoutWidth,
  type ToolbarPopup,
} from './support/toolbar-popup';
import { homeConfig } from '../support/sample-config';

const TOKEN = 'hairpin-toolbar-popup';

declare const chrome: { action: { openPopup(): Promise<void> } };

let browser: ExtensionBrowser;
let health: TestServer;
let page: Page;

beforeAll(async () => {
  health = await startServer(healthEndpoint(TOKEN));
  browser = await launchChromium({});
  page = await browser.extensionPage();
});

afterAll(async () => {
  await browser?.close();
  await health?.close();
});

const bubble = () => page.evaluate<ToolbarPopup>(toolbarPopupExpression('chrome'));

async function openBubble(): Promise<ToolbarPopup> {
  await page.evaluate(() => chrome.action.openPopup());
  // The bubble grows to the layout's width once the first-run or state view is drawn.
  return untilDrawnAtLayoutWidth(bubble);
}

async function closeBubble(): Promise<void> {
  await page.evaluate(closeToolbarPopupExpression('chrome'));
  await untilClosed(bubble);
}

describe('the toolbar popup bubble in Chromium', () => {
  it('opens at its layout’s width, 360 px, on first run and once set up, with nothing cut off', async () => {
    const first = await openBubble();
    expect(first.bodyWidth).toBe(POPUP_WIDTH);
    expect(first.scrollWidth).toBeLessThanOrEqual(first.width);
    await closeBubble();

    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: homeConfig([{}], { probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN } }),
    });
    expect(saved.ok).toBe(true);
    const configured = await openBubble();
    expect(configured.bodyWidth).toBe(POPUP_WIDTH);
    expect(configured.scrollWidth).toBeLessThanOrEqual(configured.width);
    await closeBubble();
  });
});
