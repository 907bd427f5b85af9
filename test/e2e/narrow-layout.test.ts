// The popup at phone size (360 × 640 CSS px) and the options page on a narrow screen, as Firefox
// for Android shows them, in real Chromium (touch emulation: `pointer: coarse`) and desktop
// Firefox (a phone-sized viewport, the coarse-pointer preference): no horizontal scroll, and every
// visible control at least 44 × 44 px (support/layout.ts), whatever the pages hold (the popup's
// editor too, when its button is there). Takes docs/screenshots/*-phone.png on request
// (HAIRPIN_SCREENSHOTS=1 npm test); otherwise into a scratch folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import { MEASURE_LAYOUT, type LayoutReport } from './support/layout';
import { EXTENSION_ORIGIN, launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';

const TOKEN = 'hairpin-narrow-token';
const PHONE = { width: 360, height: 640 };
const SCREENSHOTS = process.env.HAIRPIN_SCREENSHOTS
  ? resolve('docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'hairpin-shots-'));

let external: TestServer;
let internal: TestServer;
let health: TestServer;

const origin = (host: string, server: TestServer) => `http://${host}:${server.port}`;

/** Long names and addresses on purpose: they are what pushes a narrow page sideways. */
export function narrowConfig(probeUrl: string) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: probeUrl, expect: TOKEN, timeoutMs: 1000 },
        mappings: [
          {
            name: 'Jellyfin',
            external: origin('app.example.test', external),
            internal: origin('app.home.test', internal),
          },
          {
            name: 'Photos of the whole family',
            external: 'https://photos.a-rather-long-domain-name.example.com/library/albums',
            internal: 'http://192.168.178.230:2342/library/albums',
            keepLogin: false,
          },
          { name: 'NAS', external: 'https://nas.example.com', internal: 'http://nas.lan:5000' },
        ],
      },
    ],
  };
}

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint(TOKEN));
});

afterAll(async () => {
  await Promise.all([external, internal, health].map((server) => server?.close()));
});

/** The first service switch: its box's width, and whether its label is a 44 × 44 target. */
const SWITCH_SIZES = `() => {
  const input = document.querySelector('.service-switch');
  const label = input?.closest('label');
  if (!input || !label) return null;
  const box = input.getBoundingClientRect();
  const target = label.getBoundingClientRect();
  return { box: Math.round(box.width), targetAtLeast44: target.width >= 44 && target.height >= 44 };
}`;

function expectFits(report: LayoutReport, where: string) {
  expect(report.controls, `${where}: controls measured`).toBeGreaterThan(2);
  expect({ where, scrollWidth: report.scrollWidth, overflowing: report.overflowing }).toEqual({
    where,
    scrollWidth: Math.min(report.scrollWidth, report.clientWidth),
    overflowing: report.overflowing,
  });
  expect({ where, small: report.small }).toEqual({ where, small: [] });
}

describe('narrow layout in Chromium (360 × 640, touch)', () => {
  let browser: ExtensionBrowser;
  let tabId: number;

  beforeAll(async () => {
    browser = await launchChromium(
      { 'app.example.test': external.port, 'app.home.test': internal.port },
      // A touch screen as a phone's: `pointer: coarse`, no hover (Blink's ui::PointerType and
      // HoverType bits; DevTools touch emulation alone leaves the media queries fine).
      {
        args: [
          '--blink-settings=primaryPointerType=2,availablePointerTypes=2,primaryHoverType=1,availableHoverTypes=1',
        ],
      },
    );
    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: narrowConfig(`http://127.0.0.1:${health.port}/hairpin`),
    });
    expect(saved.ok).toBe(true);
    await browser.send({ type: 'checkNow' });
    const app = await browser.context.newPage();
    await gotoAndSettle(app, `${origin('app.example.test', external)}/watch`, (url) =>
      url.startsWith(origin('app.home.test', internal)),
    );
    tabId = await browser.tabIdOf(app);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A phone-sized page: viewport, device metrics and touch (which makes `pointer: coarse` match). */
  async function phonePage(path: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
    await cdp.send('Emulation.setDeviceMetricsOverride', { ...PHONE, deviceScaleFactor: 2, mobile: true });
    await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    return page;
  }

  const measure = (page: Page) => page.evaluate(`(${MEASURE_LAYOUT})()`) as Promise<LayoutReport>;
  const switchSizes = (page: Page) => page.evaluate(`(${SWITCH_SIZES})()`) as Promise<unknown>;

  it('popup: fits 360 px, every control is a 44 px target (editor included)', async () => {
    const popup = await phonePage(`src/popup/index.html?tab=${tabId}`);
    await popup.getByRole('heading', { name: 'Home' }).waitFor();
    await popup.getByRole('region', { name: 'This tab' }).getByText('internal', { exact: true }).waitFor();
    expectFits(await measure(popup), 'popup');
    // The services' switches have no text: their label is the 44 px target, the box stays a checkbox's size.
    expect(await switchSizes(popup)).toEqual({ box: 20, targetAtLeast44: true });
    await popup.screenshot({ path: `${SCREENSHOTS}/popup-phone.png`, animations: 'disabled', caret: 'hide' });

    const edit = popup.locator('.tab-edit');
    if (await edit.count()) {
      await edit.first().click();
      await waitFor(async () => (await popup.locator('form, [role=dialog], .editor').count()) > 0, {
        message: 'the popup editor',
      });
      expectFits(await measure(popup), 'popup editor');
    }
    await popup.close();
  });

  it('options page: fits 360 px, every control is a 44 px target', async () => {
    const options = await phonePage('src/options/index.html');
    await options.getByRole('listitem', { name: 'Jellyfin' }).waitFor();
    expectFits(await measure(options), 'options');
    await options.screenshot({
      path: `${SCREENSHOTS}/options-phone.png`,
      animations: 'disabled',
      caret: 'hide',
    });
    await options.close();
  });
});

describe('narrow layout in desktop Firefox (a 360 × 640 viewport, coarse pointer)', () => {
  let browser: FirefoxExtensionBrowser;
  let tab: string;

  beforeAll(async () => {
    // Gecko's pointer capabilities, as on a phone: coarse, no hover (bit 1 of LookAndFeel's).
    browser = await launchFirefox({ prefs: { 'ui.primaryPointerCapabilities': 1, 'ui.allPointerCapabilities': 1 } });
    // An IP literal: Firefox fails extension fetches to names forced to loopback.
    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: narrowConfig(`http://127.0.0.1:${health.port}/hairpin`),
    });
    expect(saved.ok).toBe(true);
    await browser.send({ type: 'checkNow' });
    tab = await browser.newTab();
    await browser.setViewport(tab, PHONE.width, PHONE.height);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, ready: string): Promise<LayoutReport> {
    const url = `${EXTENSION_ORIGIN}/${path}`;
    await browser.gotoAndSettle(tab, url, (now) => now.startsWith(url));
    expect(await browser.evaluate<boolean>(tab, "matchMedia('(pointer: coarse)').matches")).toBe(true);
    await waitFor(() => browser.evaluate<boolean>(tab, `!!document.querySelector(${JSON.stringify(ready)})`), {
      message: `${path} to render`,
    });
    return browser.evaluate<LayoutReport>(tab, `(${MEASURE_LAYOUT})()`);
  }

  it('popup: fits 360 px, every control is a 44 px target', async () => {
    expectFits(await open('src/popup/index.html', '.network'), 'Firefox popup');
    expect(await browser.evaluate(tab, `(${SWITCH_SIZES})()`)).toEqual({ box: 20, targetAtLeast44: true });
  });

  it('options page: fits 360 px, every control is a 44 px target', async () => {
    expectFits(await open('src/options/index.html', '.network-card'), 'Firefox options');
  });
});
