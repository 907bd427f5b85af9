// The popup as Chromium really shows it: a bubble under the toolbar button (action.openPopup),
// not a page in a tab as the other popup tests open it. The bubble sizes itself to the page,
// starting small, so a layout whose width follows the viewport keeps it at its starting width
// (it did: max-width 100vw made it 158 px wide). Read through extension.getViews, the same
// extension's window, from one of its own pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ExtensionBrowser } from './support/chromium';
import { healthEndpoint, startServer, type TestServer } from './support/servers';
import { waitFor } from './support/poll';
import { homeConfig } from '../support/sample-config';

const TOKEN = 'hairpin-toolbar-popup';

/** The parts of Chromium's extension API these page scripts use (not in the polyfill's types). */
declare const chrome: {
  action: { openPopup(): Promise<void> };
  extension: { getViews(filter: { type: 'popup' }): Window[] };
};

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

interface Bubble {
  open: boolean;
  drawn: boolean;
  width: number;
  bodyWidth: number;
  scrollWidth: number;
}

/** What the open popup bubble shows, read from its window (none open: `open` false). */
function bubble(): Promise<Bubble> {
  return page.evaluate(() => {
    const view = chrome.extension.getViews({ type: 'popup' })[0];
    if (!view) return { open: false, drawn: false, width: 0, bodyWidth: 0, scrollWidth: 0 };
    return {
      open: true,
      drawn: view.document.querySelector('.networks, .first-run') !== null,
      width: view.innerWidth,
      bodyWidth: view.document.body.getBoundingClientRect().width,
      scrollWidth: view.document.documentElement.scrollWidth,
    };
  });
}

async function openBubble(): Promise<Bubble> {
  await page.evaluate(() => chrome.action.openPopup());
  let last: Bubble | null = null;
  // The layout is 360 px wide: the bubble grows to that once the state view is drawn.
  await waitFor(
    async () => {
      last = await bubble();
      return last.drawn && last.width === 360;
    },
    { timeoutMs: 10_000, message: 'the popup bubble to be drawn 360 px wide' },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; bubble: ${JSON.stringify(last)}`);
  });
  return last!;
}

async function closeBubble(): Promise<void> {
  await page.evaluate(() => chrome.extension.getViews({ type: 'popup' })[0]?.close());
  await waitFor(async () => !(await bubble()).open, { message: 'the bubble to close' });
}

describe('the toolbar popup bubble in Chromium', () => {
  it('opens at its layout’s width, 360 px, on first run and once set up, with nothing cut off', async () => {
    const first = await openBubble();
    expect(first.bodyWidth).toBe(360);
    expect(first.scrollWidth).toBeLessThanOrEqual(first.width);
    await closeBubble();

    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: homeConfig([{}], { probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN } }),
    });
    expect(saved.ok).toBe(true);
    const configured = await openBubble();
    expect(configured.bodyWidth).toBe(360);
    expect(configured.scrollWidth).toBeLessThanOrEqual(configured.width);
    await closeBubble();
  });
});
