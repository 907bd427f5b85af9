// What arrives from elsewhere waits for a click in this browser, in a real Chromium with the
// built extension: a mapping brought by the household config URL does not redirect; the popup
// names it; one click on Allow there makes it redirect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-approval-e2e';

let external: TestServer;
let internal: TestServer;
let home: TestServer;
let served = '';
let browser: ExtensionBrowser;

const configUrl = () => `http://127.0.0.1:${home.port}/hairpin.json`;
const externalOrigin = () => `http://app.example.test:${external.port}`;
const internalOrigin = () => `http://app.home.test:${internal.port}`;

function household(mappings: object[]) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [{ name: 'Home', probe: { url: `http://127.0.0.1:${home.port}/hairpin`, expect: TOKEN }, mappings }],
  };
}

const state = () => browser.send<HairpinState>({ type: 'getState' });

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
  browser = await launchChromium({ 'app.example.test': external.port, 'app.home.test': internal.port });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, internal, home].map((server) => server?.close()));
});

describe('a mapping from elsewhere, in Chromium', () => {
  it('does not redirect until allowed in the popup; then it does', async () => {
    // Set up here: the network and the config URL (approved by this save), no mapping yet.
    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: { ...household([]), configUrl: configUrl() },
    });
    expect(saved.ok).toBe(true);
    await waitFor(async () => (await state()).networks[0]?.location === 'home', { message: 'home verdict' });

    // The household file adds a mapping.
    served = JSON.stringify(household([{ name: 'App', external: externalOrigin(), internal: internalOrigin() }]));
    const fetched = await browser.send<HairpinState>({ type: 'fetchConfig' });
    expect(fetched.configFetch).toMatchObject({ ok: true, changed: true });
    expect(fetched.config.networks[0]!.mappings).toHaveLength(1);
    expect(fetched.pending).toEqual([expect.objectContaining({ kind: 'mapping', name: 'App' })]);
    expect(await browser.installedRules()).toEqual([]);

    const tab = await browser.context.newPage();
    expect(await gotoAndSettle(tab, `${externalOrigin()}/a?b=1`, (url) => url.startsWith(externalOrigin()))).toBe(
      `${externalOrigin()}/a?b=1`,
    );
    expect(await tab.locator('#server').textContent()).toBe('external');

    const popup = await browser.extensionPage('src/popup/index.html');
    const notice = popup.locator('.pending-notice');
    await notice.getByText('A new service from your household waits for your OK in this browser.').waitFor();
    expect(await notice.textContent()).toContain(`“App”: ${externalOrigin()} ↔ ${internalOrigin()} (network “Home”)`);
    await notice.getByRole('button', { name: 'Allow' }).click();
    await notice.waitFor({ state: 'detached' });
    await popup.close();

    await waitFor(async () => (await browser.installedRules()).length === 1, { message: 'the rule once allowed' });
    expect(await gotoAndSettle(tab, `${externalOrigin()}/a?b=1`, (url) => url.startsWith(internalOrigin()))).toBe(
      `${internalOrigin()}/a?b=1`,
    );
    expect(await tab.locator('#server').textContent()).toBe('internal');
    await tab.close();
  });
});
