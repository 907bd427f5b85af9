// Nothing outside Hairpin can drive it, in a real Firefox: a second add-on installed beside it
// tries runtime.sendMessage to Hairpin's id with a valid request (force Home) and gets no
// receiver; a web page has no extension messaging API at all. The same request from Hairpin's
// own page runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeConfig } from '../support/sample-config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { EXTENSION_UUID, GECKO_ID, launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-firefox-messaging';
const OTHER_ID = 'another@hairpin-tests.example';
const OTHER_UUID = '7d2e4b10-3c5a-4f6e-8a9b-1c2d3e4f5a6b';
const FORCE_HOME = { type: 'setMode', network: 'Home', mode: 'home' };

let health: TestServer;
let site: TestServer;
let otherDir: string;
let browser: FirefoxExtensionBrowser;

beforeAll(async () => {
  health = await startServer(healthEndpoint(TOKEN));
  site = await startServer(appPage('a web page'));
  otherDir = mkdtempSync(join(tmpdir(), 'hairpin-other-addon-'));
  writeFileSync(
    join(otherDir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 2,
      name: 'Another add-on',
      version: '1.0',
      browser_specific_settings: { gecko: { id: OTHER_ID } },
    }),
  );
  writeFileSync(join(otherDir, 'page.html'), '<!doctype html><title>other</title>');
  browser = await launchFirefox({
    otherExtensions: [otherDir],
    prefs: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID, [OTHER_ID]: OTHER_UUID }) },
  });
  const saved = await browser.send<{ ok: boolean }>({
    type: 'saveConfig',
    config: homeConfig([{ name: 'App', external: 'http://app.example.test', internal: 'http://app.home.test' }], {
      probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
    }),
  });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([health?.close(), site?.close()]);
  if (otherDir) rmSync(otherDir, { recursive: true, force: true });
});

const mode = async () => (await browser.send<HairpinState>({ type: 'getState' })).networks[0]?.mode;

/** Tries runtime.sendMessage to Hairpin from the tab's page; what came back. */
const tryToDrive = (tab: string) =>
  browser.evaluate<{ api: boolean; sent?: { reply?: unknown; error?: string } }>(
    tab,
    `(async () => {
      const runtime = globalThis.browser?.runtime ?? globalThis.chrome?.runtime;
      if (!runtime?.sendMessage) return { api: false };
      const sent = await runtime.sendMessage(${JSON.stringify(GECKO_ID)}, ${JSON.stringify(FORCE_HOME)}).then(
        (reply) => ({ reply: reply ?? null }),
        (error) => ({ error: String(error) }),
      );
      return { api: true, sent };
    })()`,
  );

describe('who can message Hairpin in Firefox', () => {
  it('another add-on cannot: its sendMessage finds no receiver, and nothing runs', async () => {
    expect(await mode()).toBe('auto');
    const tab = await browser.newTab();
    await browser.gotoAndSettle(tab, `moz-extension://${OTHER_UUID}/page.html`, (url) => url.endsWith('page.html'));
    const tried = await tryToDrive(tab);
    await browser.closeTab(tab);
    expect(tried.api).toBe(true);
    expect(tried.sent?.error).toMatch(/Receiving end does not exist/);
    expect(await mode()).toBe('auto');

    // The same request from Hairpin's own page runs.
    await browser.send(FORCE_HOME);
    expect(await mode()).toBe('home');
    await browser.send({ type: 'setMode', network: 'Home', mode: 'auto' });
  });

  it('a web page has no extension messaging API', async () => {
    const tab = await browser.newTab();
    await browser.gotoAndSettle(tab, `http://127.0.0.1:${site.port}/`, (url) => url.includes(String(site.port)));
    expect((await tryToDrive(tab)).api).toBe(false);
    await browser.closeTab(tab);
    expect(await mode()).toBe('auto');
  });
});
