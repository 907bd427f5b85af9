// The popup as the browsers really show it: Chromium's bubble and Firefox desktop's panel under
// the toolbar button (action.openPopup; Firefox allows it without a click by a test preference),
// not a page in a tab as the other popup tests open it. Both size themselves to the page,
// starting small, so a layout whose width follows the viewport stays at the starting width: the
// narrow layout's max-width: 100vw, while it applied everywhere, held Chromium's bubble at 158 px
// and Firefox's panel at 10 px. Read through extension.getViews from one of Hairpin's own pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { launchFirefox } from './support/firefox';
import { healthEndpoint, startServer, type TestServer } from './support/servers';
import { waitFor } from './support/poll';
import { homeConfig } from '../support/sample-config';

const TOKEN = 'hairpin-toolbar-popup';
/** The popup layout's width. */
const POPUP_WIDTH = 360;

let health: TestServer;

interface ToolbarPopup {
  open: boolean;
  /** The first-run or the state view is drawn (not only the header). */
  drawn: boolean;
  width: number;
  bodyWidth: number;
  scrollWidth: number;
}

/** What each browser's driver offers the scenario: expressions evaluated in a Hairpin page. */
interface Driver {
  send<T>(request: unknown): Promise<T>;
  evaluate<T>(expression: string): Promise<T>;
  /** The extension API's global there: `chrome` or `browser`. */
  api: 'chrome' | 'browser';
}

async function scenario(driver: Driver): Promise<void> {
  const { api } = driver;
  const read = () =>
    driver.evaluate<ToolbarPopup>(`(() => {
      const view = ${api}.extension.getViews({ type: 'popup' })[0];
      if (!view) return { open: false, drawn: false, width: 0, bodyWidth: 0, scrollWidth: 0 };
      return {
        open: true,
        drawn: view.document.querySelector('.networks, .first-run') !== null,
        width: view.innerWidth,
        bodyWidth: view.document.body.getBoundingClientRect().width,
        scrollWidth: view.document.documentElement.scrollWidth,
      };
    })()`);

  /** Opens the popup, waits until it has grown to the layout's width with its view drawn, checks it, closes it. */
  const openCheckClose = async () => {
    await driver.evaluate(`${api}.action.openPopup()`);
    let last: ToolbarPopup | null = null;
    await waitFor(
      async () => {
        last = await read();
        return last.drawn && last.width === POPUP_WIDTH;
      },
      { timeoutMs: 10_000, message: `the toolbar popup to be drawn ${POPUP_WIDTH} px wide` },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; popup: ${JSON.stringify(last)}`);
    });
    expect(last!.bodyWidth).toBe(POPUP_WIDTH);
    expect(last!.scrollWidth).toBeLessThanOrEqual(last!.width);
    await driver.evaluate(`${api}.extension.getViews({ type: 'popup' })[0]?.close()`);
    await waitFor(async () => !(await read()).open, { message: 'the toolbar popup to close' });
  };

  await openCheckClose(); // first run
  const saved = await driver.send<{ ok: boolean }>({
    type: 'saveConfig',
    config: homeConfig([{}], { probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN } }),
  });
  expect(saved.ok).toBe(true);
  await openCheckClose(); // set up
}

beforeAll(async () => {
  health = await startServer(healthEndpoint(TOKEN));
});

afterAll(async () => {
  await health?.close();
});

describe('the real toolbar popup opens at its layout’s width, 360 px, on first run and once set up, with nothing cut off', () => {
  it('in Chromium (the bubble)', async () => {
    const browser = await launchChromium({});
    try {
      const page = await browser.extensionPage();
      await scenario({
        send: (request) => browser.send(request),
        evaluate: (expression) => page.evaluate(expression),
        api: 'chrome',
      });
    } finally {
      await browser.close();
    }
  });

  it('in Firefox (the panel)', async () => {
    const browser = await launchFirefox({ prefs: { 'extensions.openPopupWithoutUserGesture.enabled': true } });
    try {
      await scenario({
        send: (request) => browser.send(request),
        evaluate: (expression) => browser.evaluateInExtension(expression),
        api: 'browser',
      });
    } finally {
      await browser.close();
    }
  });
});
