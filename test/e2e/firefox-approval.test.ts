// What arrives from elsewhere waits for a click in this browser, in a real Firefox with the built
// extension: a mapping brought by the household config URL does not redirect; the popup names
// it; a real click on Allow there makes it redirect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { EXTENSION_ORIGIN, launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-approval-e2e-ff';

let external: TestServer;
let internal: TestServer;
let home: TestServer;
let served = '';
let browser: FirefoxExtensionBrowser;

// Every name resolves to 127.0.0.1 in the test profile: the port picks the server. The probe
// and the config URL share the LAN host the probe vouches for (plain http is fetched only there).
const homeOrigin = () => `http://health.lan:${home.port}`;
const externalOrigin = () => `http://app.example.test:${external.port}`;
const internalOrigin = () => `http://app.home.test:${internal.port}`;

function household(mappings: object[]) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [{ name: 'Home', probe: { url: `${homeOrigin()}/hairpin`, expect: TOKEN, timeoutMs: 1000 }, mappings }],
  };
}

const state = () => browser.send<HairpinState>({ type: 'getState' });
const serverLabel = (tab: string) =>
  browser.evaluate<string | null>(tab, `document.querySelector('#server')?.textContent ?? null`);

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  const health = healthEndpoint(TOKEN);
  home = await startServer((request, response) => {
    if (request.url === '/hairpin.json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(served);
      return;
    }
    health(request, response);
  });
  browser = await launchFirefox();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, internal, home].map((server) => server?.close()));
});

describe('a mapping from elsewhere, in Firefox', () => {
  it('does not redirect until allowed in the popup; then it does', async () => {
    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: { ...household([]), configUrl: `${homeOrigin()}/hairpin.json` },
    });
    expect(saved.ok).toBe(true);
    await browser.send({ type: 'checkNow' });
    await waitFor(async () => (await state()).networks[0]?.location === 'home', { message: 'home verdict' });

    served = JSON.stringify(household([{ name: 'App', external: externalOrigin(), internal: internalOrigin() }]));
    const fetched = await browser.send<HairpinState>({ type: 'fetchConfig' });
    expect(fetched.configFetch).toMatchObject({ ok: true, changed: true });
    expect(fetched.pending).toEqual([expect.objectContaining({ kind: 'mapping', name: 'App' })]);
    expect(await browser.installedRules()).toEqual([]);

    const tab = await browser.newTab();
    expect(
      await browser.gotoAndSettle(tab, `${externalOrigin()}/a?b=1`, (url) => url.startsWith(externalOrigin())),
    ).toBe(`${externalOrigin()}/a?b=1`);
    expect(await serverLabel(tab)).toBe('external');

    const popup = await browser.newTab();
    const popupUrl = `${EXTENSION_ORIGIN}/src/popup/index.html`;
    await browser.gotoAndSettle(popup, popupUrl, (url) => url === popupUrl);
    const notice = () =>
      browser.evaluate<string>(popup, `document.querySelector('.pending-notice')?.textContent ?? ''`);
    await waitFor(async () => (await notice()).includes('A new service from your household waits for your OK'), {
      message: 'the notice in the popup',
    });
    expect(await notice()).toContain(`“App”: ${externalOrigin()} ↔ ${internalOrigin()} (network “Home”)`);
    await browser.click(
      popup,
      `[...document.querySelectorAll('.pending-notice button')].find((b) => b.textContent.trim() === 'Allow')`,
    );
    await waitFor(async () => (await notice()) === '', { message: 'the notice to go once allowed' });
    await browser.closeTab(popup);

    await waitFor(async () => (await browser.installedRules()).length === 1, { message: 'the rule once allowed' });
    expect(
      await browser.gotoAndSettle(tab, `${externalOrigin()}/a?b=1`, (url) => url.startsWith(internalOrigin())),
    ).toBe(`${internalOrigin()}/a?b=1`);
    expect(await serverLabel(tab)).toBe('internal');
    await browser.closeTab(tab);
  });
});
