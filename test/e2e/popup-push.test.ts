// The popup is told, not polling: opened as a tab, it shows a new verdict as soon as a probe
// started elsewhere (Check now sent from another extension page) has stored it, in Chromium and
// in Firefox. The first change is to the verdict alone (Away for another reason), which lives in
// storage.session and writes nothing else; the second moves the network Home.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthEndpoint, startServer, statusHandler, type TestServer } from './support/servers';
import { launchChromium } from './support/chromium';
import { EXTENSION_ORIGIN, launchFirefox } from './support/firefox';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-push-0b7e';

let health: TestServer;

function config() {
  return {
    format: 'hairpin-config',
    version: 1,
    // An IP literal: Firefox fails extension fetches to names forced to loopback.
    networks: [
      { name: 'House', probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN }, mappings: [] },
    ],
  };
}

/** What each browser's driver offers the scenario. */
interface Driver {
  /** A request from an extension page other than the popup, as Hairpin's options page sends it. */
  send<T>(request: unknown): Promise<T>;
  /** Opens the popup as a tab; returns a reader of its text. */
  openPopup(): Promise<() => Promise<string>>;
}

async function scenario(driver: Driver): Promise<void> {
  health.setHandler(statusHandler(503, 'maintenance'));
  expect((await driver.send<{ ok: boolean }>({ type: 'saveConfig', config: config() })).ok).toBe(true);
  const state = () => driver.send<HairpinState>({ type: 'getState' });
  await waitFor(async () => (await state()).networks[0]?.verdict?.status === 503, { message: 'the 503 verdict' });

  const popupText = await driver.openPopup();
  const shows = (text: string) =>
    waitFor(async () => (await popupText()).includes(text), { message: `the popup to show “${text}”` });
  await shows('probe failed: HTTP 503');

  // Still Away, for another reason: only the verdicts (storage.session) change.
  const before = await state();
  health.setHandler(statusHandler(500, 'broken'));
  await driver.send({ type: 'checkNow' });
  await shows('probe failed: HTTP 500');
  const after = await state();
  expect(after.networks[0]?.location).toBe('away');
  expect(after.lastSwitch).toEqual(before.lastSwitch);

  // Home again: the verdict and the switch it caused.
  health.setHandler(healthEndpoint(TOKEN));
  await driver.send({ type: 'checkNow' });
  await shows('Switched to Home');
  expect(await popupText()).toMatch(/probe answered in \d+ ms/);
}

beforeAll(async () => {
  health = await startServer(statusHandler(503));
});

afterAll(async () => {
  await health?.close();
});

describe('the popup follows the state without polling', () => {
  it('in Chromium', async () => {
    const browser = await launchChromium();
    try {
      await scenario({
        send: (request) => browser.send(request),
        async openPopup() {
          const popup = await browser.extensionPage('src/popup/index.html');
          return async () => (await popup.locator('.popup').textContent()) ?? '';
        },
      });
    } finally {
      await browser.close();
    }
  });

  it('in Firefox', async () => {
    const browser = await launchFirefox();
    try {
      await scenario({
        send: (request) => browser.send(request),
        async openPopup() {
          const tab = await browser.newTab();
          const url = `${EXTENSION_ORIGIN}/src/popup/index.html`;
          await browser.gotoAndSettle(tab, url, (current) => current === url);
          return () => browser.evaluate<string>(tab, `document.querySelector('.popup')?.textContent ?? ''`);
        },
      });
    } finally {
      await browser.close();
    }
  });
});
