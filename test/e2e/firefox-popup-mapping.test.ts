// Mapping a site from the popup in a real Firefox (ESR, MV3 event page), the popup opened as a
// tab about the app's tab: Map this site → Test both sides (host names, one refusing, then both
// answering) → Save, and at home the external URL lands on the internal one; edit; store the
// suggested cookie Domain; remove and undo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { EXTENSION_ORIGIN, launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-ff-map-77e1';

let external: TestServer;
let internal: TestServer;
let health: TestServer;
/** A port nothing listens on (a server's, closed again). */
let closedPort: number;
let browser: FirefoxExtensionBrowser;

// Every name resolves to 127.0.0.1 in the test profile: the port picks the server.
const externalOrigin = () => `http://app.example.com:${external.port}`;
const internalOrigin = () => `http://app.home.example.com:${internal.port}`;

const state = () => browser.send<HairpinState>({ type: 'getState' });
const mappings = async () => (await state()).config.networks[0]?.mappings ?? [];

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint(TOKEN));
  const closed = await startServer(appPage('gone'));
  closedPort = closed.port;
  await closed.close();
  browser = await launchFirefox();
  const saved = await browser.send<{ ok: boolean }>({
    type: 'saveConfig',
    config: {
      format: 'hairpin-config',
      version: 1,
      networks: [
        {
          name: 'House',
          // An IP literal: Firefox fails extension fetches to names forced to loopback.
          probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
          mappings: [],
        },
      ],
    },
  });
  expect(saved.ok).toBe(true);
  await waitFor(async () => (await state()).networks[0]?.location === 'home', { message: 'home verdict' });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external?.close(), internal?.close(), health?.close()]);
});

describe('mapping a site from the popup, in Firefox', () => {
  it('adds a mapping on an unmapped tab, edits it, stores the cookie Domain, removes it and undoes that', async () => {
    const app = await browser.newTab();
    await browser.gotoAndSettle(app, `${externalOrigin()}/library`, (url) => url.startsWith(externalOrigin()));

    const popup = await browser.newTab();
    const popupUrl = `${EXTENSION_ORIGIN}/src/popup/index.html`;
    await browser.gotoAndSettle(popup, popupUrl, (url) => url === popupUrl);
    const tabId = await browser.evaluate<number>(
      popup,
      `browser.tabs.query({}).then((tabs) => tabs.find((tab) => tab.url.startsWith(${JSON.stringify(externalOrigin())})).id)`,
    );
    await browser.gotoAndSettle(popup, `${popupUrl}?tab=${tabId}`, (url) => url.endsWith(`?tab=${tabId}`));

    const text = () => browser.evaluate<string>(popup, `document.querySelector('.popup')?.textContent ?? ''`);
    const shows = (wanted: string) =>
      waitFor(async () => (await text()).includes(wanted), { message: `the popup to show “${wanted}”` });
    const click = async (label: string) => {
      await waitFor(
        () =>
          browser.evaluate<boolean>(
            popup,
            `(() => { const b = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(label)}); if (b) b.click(); return !!b; })()`,
          ),
        { message: `a button “${label}”` },
      );
    };
    // Through the prototype's value setter, then an input event: what preact's onInput hears.
    const fill = (id: string, value: string) =>
      browser.evaluate(
        popup,
        `(() => { const el = document.getElementById(${JSON.stringify(id)}); Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, ${JSON.stringify(value)}); el.dispatchEvent(new Event('input', { bubbles: true })); })()`,
      );

    await shows('This site is not one of your mapped services.');
    await click('Map this site…');
    await shows('Map this site');
    expect(
      await browser.evaluate<boolean>(
        popup,
        `document.querySelector('input[type=radio]:checked')?.parentElement.textContent === 'External side'`,
      ),
    ).toBe(true);
    // Test both sides, by host name (the profile resolves every name to 127.0.0.1; the port
    // picks the server): first with an internal address nothing answers on, then the right one.
    const result = () =>
      browser.evaluate<string>(popup, `document.querySelector('.side-test-result')?.textContent ?? ''`);
    await fill('editor-other', `http://app.home.example.com:${closedPort}`);
    await fill('editor-name', 'App');
    await click('Test both sides');
    await shows('Only the external address answers from here');
    expect(await result()).toMatch(/External: answers \(HTTP 200 in \d+ ms\)Internal: refused or not found/);
    await fill('editor-other', internalOrigin());
    // The result belongs to the addresses tested: it goes once one changes.
    await waitFor(async () => (await result()) === '', { message: 'the old result to go' });
    await click('Test both sides');
    await shows('Both addresses answer from here.');
    expect(await result()).toMatch(/External: answers \(HTTP 200 in \d+ ms\)Internal: answers \(HTTP 200 in \d+ ms\)/);
    await click('Save mapping');
    await shows('Mapped “App”: its redirects apply now.');
    expect(await mappings()).toEqual([{ name: 'App', external: externalOrigin(), internal: internalOrigin() }]);

    const landed = await browser.gotoAndSettle(app, `${externalOrigin()}/deep?q=1`, (url) =>
      url.startsWith(internalOrigin()),
    );
    expect(landed).toBe(`${internalOrigin()}/deep?q=1`);

    // The popup follows the tab (its clock re-reads it) onto the internal side: edit.
    await click('Edit mapping…');
    await shows('Edit “App”');
    await fill('editor-name', 'App server');
    await click('Save');
    await shows('Saved “App server”.');
    expect((await mappings())[0]?.name).toBe('App server');

    await click('Edit mapping…');
    await shows('Can be shared');
    await click('Use Domain=example.com for this mapping’s cookies');
    await shows('Cookie domain stored for this mapping: example.com');
    expect((await mappings())[0]?.cookieDomain).toBe('example.com');

    await click('Remove');
    await shows('Removed “App server”.');
    expect(await mappings()).toEqual([]);
    await click('Undo');
    await shows('Undone: the mapping is as it was.');
    expect((await mappings()).map((mapping) => mapping.name)).toEqual(['App server']);
    const back = await browser.gotoAndSettle(app, `${externalOrigin()}/back`, (url) =>
      url.startsWith(internalOrigin()),
    );
    expect(back).toBe(`${internalOrigin()}/back`);
  });
});
