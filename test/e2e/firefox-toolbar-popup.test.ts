// The popup as Firefox desktop really shows it: a panel under the toolbar button
// (action.openPopup, allowed without a click by a test preference), not a page in a tab. The
// panel sizes itself to the page, as Chromium's bubble does: the layout's 360 px, nothing cut off.
// Read through extension.getViews from Hairpin's own extension page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
import { healthEndpoint, startServer, type TestServer } from './support/servers';
import { waitFor } from './support/poll';
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

interface Panel {
  open: boolean;
  drawn: boolean;
  width: number;
  bodyWidth: number;
  scrollWidth: number;
}

/** What the open popup panel shows, read from its window (none open: `open` false). */
function panel(): Promise<Panel> {
  return browser.evaluateInExtension<Panel>(`(() => {
    const view = browser.extension.getViews({ type: 'popup' })[0];
    if (!view) return { open: false, drawn: false, width: 0, bodyWidth: 0, scrollWidth: 0 };
    return {
      open: true,
      drawn: view.document.querySelector('.networks, .first-run') !== null,
      width: view.innerWidth,
      bodyWidth: view.document.body.getBoundingClientRect().width,
      scrollWidth: view.document.documentElement.scrollWidth,
    };
  })()`);
}

async function openPanel(): Promise<Panel> {
  await browser.evaluateInExtension('browser.action.openPopup()');
  let last: Panel | null = null;
  await waitFor(
    async () => {
      last = await panel();
      return last.drawn && last.width === 360;
    },
    { timeoutMs: 10_000, message: 'the popup panel to be drawn 360 px wide' },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; panel: ${JSON.stringify(last)}`);
  });
  return last!;
}

async function closePanel(): Promise<void> {
  await browser.evaluateInExtension(`browser.extension.getViews({ type: 'popup' })[0]?.close()`);
  await waitFor(async () => !(await panel()).open, { message: 'the panel to close' });
}

describe('the toolbar popup panel in Firefox', () => {
  it('opens at its layout’s width, 360 px, on first run and once set up, with nothing cut off', async () => {
    const first = await openPanel();
    expect(first.bodyWidth).toBe(360);
    expect(first.scrollWidth).toBeLessThanOrEqual(first.width);
    await closePanel();

    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: homeConfig([{}], { probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN } }),
    });
    expect(saved.ok).toBe(true);
    const configured = await openPanel();
    expect(configured.bodyWidth).toBe(360);
    expect(configured.scrollWidth).toBeLessThanOrEqual(configured.width);
    await closePanel();
  });
});
