// The popup as Firefox desktop really shows it: a panel under the toolbar button
// (action.openPopup, allowed without a click by a test preference), not a page in a tab. The
// panel sizes itself to the page, as Chromium's bubble does: the layout's 360 px, nothing cut off
// (it was 10 px wide while the narrow layout's max-width applied everywhere).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
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

let browser: FirefoxExtensionBrowser;
let health: TestServer;

beforeAll(async () => {
  health = await startServer(healthEndpoint(TOKEN));
  browser = await launchFirefox({ prefs: { 'extensions.openPopupWithoutUserGesture.enabled': true } });
});

afterAll(async () => {
  await browser?.close();
  await health?.close();
});

const panel = () => browser.evaluateInExtension<ToolbarPopup>(toolbarPopupExpression('browser'));

async function openPanel(): Promise<ToolbarPopup> {
  await browser.evaluateInExtension('browser.action.openPopup()');
  return untilDrawnAtLayoutWidth(panel);
}

async function closePanel(): Promise<void> {
  await browser.evaluateInExtension(closeToolbarPopupExpression('browser'));
  await untilClosed(panel);
}

describe('the toolbar popup panel in Firefox', () => {
  it('opens at its layout’s width, 360 px, on first run and once set up, with nothing cut off', async () => {
    const first = await openPanel();
    expect(first.bodyWidth).toBe(POPUP_WIDTH);
    expect(first.scrollWidth).toBeLessThanOrEqual(first.width);
    await closePanel();

    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: homeConfig([{}], { probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN } }),
    });
    expect(saved.ok).toBe(true);
    const configured = await openPanel();
    expect(configured.bodyWidth).toBe(POPUP_WIDTH);
    expect(configured.scrollWidth).toBeLessThanOrEqual(configured.width);
    await closePanel();
  });
});
