// Hairpin's own pages in a real Chromium: the options page imports a file through the real file
// input and fetches a config URL, the popup reports the tab's cookies, switches modes and moves
// the tab, a broken file changes nothing. Also takes the screenshots of docs/screenshots/ (light
// and dark).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appPage, healthEndpoint, startServer, type Handler, type TestServer } from './support/servers';
import { collectPageErrors, gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-ui-5c1e';
const NETWORK = 'House';
// The docs' screenshots are refreshed on request (HAIRPIN_SCREENSHOTS=1 npm test); otherwise
// they are still taken (a broken page fails here) but into a scratch folder.
const SCREENSHOTS = process.env.HAIRPIN_SCREENSHOTS
  ? resolve('docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'hairpin-shots-'));

let external: TestServer;
let internal: TestServer;
let health: TestServer;
/** Serves `served` at any path: the household's config file. */
let configServer: TestServer;
let served = { status: 404, body: '' };
let browser: ExtensionBrowser;
let options: Page;
let optionsErrors: string[];

const externalOrigin = () => `http://app.example.test:${external.port}`;
const internalOrigin = () => `http://app.home.test:${internal.port}`;

function configFile() {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: NETWORK,
        probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
        mappings: [
          { name: 'App', external: externalOrigin(), internal: internalOrigin() },
          {
            name: 'Media',
            external: `http://media.example.test:${external.port}/media`,
            internal: `http://media.home.test:${internal.port}`,
            cookieDomain: 'example.test',
          },
        ],
      },
    ],
  };
}

/** The internal app; `/login` sets two host-only cookies, as a service's login would. */
function internalApp(): Handler {
  const page = appPage('internal');
  return (request, response) => {
    if (request.url?.startsWith('/login')) {
      response.setHeader('set-cookie', [
        'session=s3cr3t; Path=/; HttpOnly; SameSite=Lax',
        'csrftoken=t0k3n; Path=/; SameSite=Lax',
      ]);
    }
    page(request, response);
  };
}

/** Polls an element's text until it matches. */
async function textMatches(locator: ReturnType<Page['locator']>, pattern: RegExp, message: string): Promise<string> {
  return waitFor(
    async () => {
      const text = (await locator.textContent()) ?? '';
      return pattern.test(text) ? text : null;
    },
    { message },
  );
}

function file(name: string, content: string) {
  return { name, mimeType: 'application/json', buffer: Buffer.from(content) };
}

async function state(): Promise<HairpinState> {
  return browser.send<HairpinState>({ type: 'getState' });
}

/** Opens one of Hairpin's pages in a tab, collecting its console errors from the start. */
async function openExtensionPage(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  return { page, errors };
}

/** `element`: a selector to capture alone (the popup's content, as its bubble would show it). */
async function screenshot(page: Page, name: string, scheme: 'light' | 'dark', element?: string): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  // The background colour comes from a custom property: wait until the new scheme applies.
  await waitFor(
    () =>
      page.evaluate((dark) => window.matchMedia('(prefers-color-scheme: dark)').matches === dark, scheme === 'dark'),
    { message: `${scheme} colour scheme` },
  );
  await page.evaluate(() => window.scrollTo(0, 0)); // a sticky header would land mid-page otherwise
  const options = { path: `${SCREENSHOTS}/${name}-${scheme}.png`, animations: 'disabled', caret: 'hide' } as const;
  if (element) await page.locator(element).screenshot(options);
  else await page.screenshot({ ...options, fullPage: true });
}

async function pressed(page: Page, mode: 'Auto' | 'Home' | 'Away'): Promise<boolean> {
  return (await page.getByRole('button', { name: mode, exact: true }).getAttribute('aria-pressed')) === 'true';
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  external = await startServer(appPage('external'));
  internal = await startServer(internalApp());
  health = await startServer(healthEndpoint(TOKEN));
  configServer = await startServer((_request, response) => {
    response.writeHead(served.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(served.body);
  });
  browser = await launchChromium({
    'app.example.test': external.port,
    'media.example.test': external.port,
    'app.home.test': internal.port,
    'media.home.test': internal.port,
  });
  ({ page: options, errors: optionsErrors } = await openExtensionPage('src/options/index.html'));
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external?.close(), internal?.close(), health?.close(), configServer?.close()]);
});

describe('Hairpin’s pages in Chromium', () => {
  it('imports a configuration file through the options page’s file input', async () => {
    await options.getByRole('heading', { name: 'Hairpin is not set up yet' }).waitFor();
    await options.getByLabel('Import a file…').setInputFiles(file('household.json', JSON.stringify(configFile())));

    await options.getByText('Imported “household.json”: 1 network, 2 mappings.').waitFor();
    await options.getByRole('button', { name: 'Dismiss' }).click();
    await options.getByRole('heading', { name: NETWORK, level: 2, exact: true }).waitFor();
    const externals = options.getByLabel('External URL');
    expect(await externals.count()).toBe(2);
    expect(await externals.nth(0).inputValue()).toBe(externalOrigin());
    expect(await options.getByLabel('Internal URL').nth(1).inputValue()).toBe(
      `http://media.home.test:${internal.port}`,
    );
    expect(await options.getByLabel('Cookie domain').nth(1).inputValue()).toBe('example.test');

    const saved = await state();
    expect(saved.config.networks[0]?.mappings.map((mapping) => mapping.name)).toEqual(['App', 'Media']);
    await waitFor(async () => (await state()).networks[0]?.location === 'home', { message: 'home verdict' });

    // The probe test asks the real endpoint.
    await options.getByRole('button', { name: `Test probe of ${NETWORK}` }).click();
    await options.getByText(/HTTP 200 in \d+ ms, token found/).waitFor();

    // The guide ships inside the extension: its link opens without any network.
    await options.getByText('Serve a health endpoint with nginx or Caddy').click();
    const [guide] = await Promise.all([
      browser.context.waitForEvent('page'),
      options.getByRole('link', { name: 'How to set up the health endpoint' }).click(),
    ]);
    await guide.waitForLoadState('domcontentloaded');
    expect(await guide.title()).toBe('Hairpin: the health endpoint');
    expect(await guide.locator('h3').allTextContents()).toEqual(expect.arrayContaining(['nginx', 'Caddy', 'Traefik']));
    await guide.close();

    // Export is a real download of the same configuration.
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('hairpin-config.json');
    const exported = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    });
    expect(exported).toEqual(configFile());
    expect(optionsErrors).toEqual([]);
  });

  it('options: login hints, and a config URL fetched on its own, then with Fetch now', async () => {
    // .test is not on the public suffix list: the two hosts cannot share cookies.
    const login = options.getByRole('listitem', { name: 'App' }).getByRole('group', { name: 'Login' });
    await login.getByText('Cannot be shared').waitFor();
    expect(await login.textContent()).toContain('app.example.test is a local-only name');

    const url = `http://127.0.0.1:${configServer.port}/hairpin.json`;
    served = { status: 200, body: JSON.stringify(configFile()) };
    const general = options.getByRole('region', { name: 'General' });
    const status = general.getByRole('status');
    const fetchNow = general.getByRole('button', { name: 'Fetch now' });
    await general.getByLabel('Config URL').fill(url);
    // Saved, then fetched by the background on its own (Hairpin is at home): the page follows.
    await textMatches(status, /^Fetched (just now|\d+ s ago), unchanged\.$/, 'the first fetch, unchanged');
    expect((await state()).config.configUrl).toBe(url);

    served = { status: 404, body: 'not here' };
    let requests = configServer.requests.length;
    await fetchNow.click();
    await textMatches(status, /^Fetch failed (just now|\d+ s ago): the server answered HTTP 404\.$/, 'a failed fetch');
    expect(configServer.requests.length).toBe(requests + 1);

    // The household's file changes: Fetch now picks it up, and the form shows it at once.
    served = { status: 200, body: JSON.stringify({ ...configFile(), rescueAfterMs: 2500 }) };
    requests = configServer.requests.length;
    await fetchNow.click();
    await textMatches(
      status,
      /^Fetched (just now|\d+ s ago), changed the configuration\.$/,
      'a fetch that changed the configuration',
    );
    expect(configServer.requests.length).toBe(requests + 1);
    await waitFor(async () => (await general.getByLabel('Navigation rescue deadline (ms)').inputValue()) === '2500', {
      message: 'the fetched deadline in the form',
    });
    expect((await state()).config).toMatchObject({ configUrl: url, rescueAfterMs: 2500 });
    await textMatches(options.locator('.sync-status'), /^(Synced|Sync pending)$/, 'the sync status');

    await screenshot(options, 'options', 'light');
    await screenshot(options, 'options', 'dark');
    await options.emulateMedia({ colorScheme: 'light' });
    expect(optionsErrors).toEqual([]);
  });

  it('popup: shows the verdict and the tab’s mapping, switches modes, and moves the tab', async () => {
    const app = await browser.context.newPage();
    // A login on the internal address leaves two host-only cookies there.
    await gotoAndSettle(app, `${internalOrigin()}/login`, (url) => url.startsWith(`${internalOrigin()}/login`));
    await gotoAndSettle(app, `${externalOrigin()}/watch?v=1`, (url) => url.startsWith(internalOrigin()));
    const tabId = await browser.tabIdOf(app);

    const { page: popup, errors } = await openExtensionPage(`src/popup/index.html?tab=${tabId}`);
    await popup.setViewportSize({ width: 360, height: 520 });
    await popup.getByRole('heading', { name: NETWORK }).waitFor();
    await popup.getByText(/probe answered in \d+ ms/).waitFor();
    const tabCard = popup.getByRole('region', { name: 'This tab' });
    await tabCard.getByText('internal', { exact: true }).waitFor();
    expect(await tabCard.textContent()).toContain('App');
    expect(await pressed(popup, 'Auto')).toBe(true);
    // Which of them a switch would leave behind (the cookies API, through the page services):
    // `cookies` is optional, so the report asks for it first (granted without a prompt in Chrome).
    const login = tabCard.getByRole('group', { name: 'Login' });
    expect((await state()).cookieAccess).toBe(false);
    await login.getByRole('button', { name: 'Check this address’s cookies' }).click();
    await textMatches(
      login,
      /2 cookies would stay behind: (session, csrftoken|csrftoken, session)/,
      'the cookie report',
    );
    expect(await login.textContent()).toContain('These addresses cannot share cookies');

    // Check now: busy while probing, then a fresh verdict.
    const check = popup.getByRole('button', { name: /Check(ing)? now|Checking…/ });
    await check.click();
    await popup.getByRole('button', { name: 'Check now' }).waitFor();
    await popup.getByText(/checked just now|checked \d s ago/).waitFor();

    await screenshot(popup, 'popup', 'light', '.popup');
    await screenshot(popup, 'popup', 'dark', '.popup');
    await popup.emulateMedia({ colorScheme: 'light' });

    // Away: the internal address now goes to the external one.
    await popup.getByRole('button', { name: 'Away', exact: true }).click();
    await waitFor(() => pressed(popup, 'Away'), { message: 'Away pressed' });
    await waitFor(async () => (await state()).networks[0]?.mode === 'away', { message: 'mode away' });
    let url = await gotoAndSettle(app, `${internalOrigin()}/x?y=1#z`, (u) => u.startsWith(externalOrigin()));
    expect(url).toBe(`${externalOrigin()}/x?y=1#z`);
    await tabCard.getByText('external', { exact: true }).waitFor();
    expect(await pressed(popup, 'Auto')).toBe(false);

    // Home, then "Open internal address" moves the tab itself.
    await popup.getByRole('button', { name: 'Home', exact: true }).click();
    await waitFor(async () => (await state()).networks[0]?.mode === 'home', { message: 'mode home' });
    expect(await pressed(popup, 'Home')).toBe(true);
    await popup.getByRole('button', { name: 'Open internal address' }).click();
    url = await waitFor(() => (app.url().startsWith(internalOrigin()) ? app.url() : null), { message: 'tab moved' });
    expect(url).toBe(`${internalOrigin()}/x?y=1#z`);
    await tabCard.getByText('internal', { exact: true }).waitFor();

    // Back to Auto: the probe decides again (home).
    await popup.getByRole('button', { name: 'Auto', exact: true }).click();
    await waitFor(async () => (await state()).networks[0]?.mode === 'auto', { message: 'mode auto' });
    url = await gotoAndSettle(app, `${externalOrigin()}/again`, (u) => u.startsWith(internalOrigin()));
    expect(url).toBe(`${internalOrigin()}/again`);

    // "Your services": the link already points at the home address, so opening it sends
    // nothing to the external host (no redirect to pay for).
    const services = popup.getByRole('region', { name: 'Your services' });
    expect(await services.getByRole('link', { name: 'Media' }).getAttribute('href')).toBe(
      `http://media.home.test:${internal.port}/`,
    );
    const externalRequests = external.requests.length;
    const [opened] = await Promise.all([
      browser.context.waitForEvent('page'),
      services.getByRole('link', { name: 'App' }).click(),
    ]);
    await waitFor(() => opened.url() === `${internalOrigin()}/`, {
      message: `the service opened on the home address (${opened.url()})`,
    });
    await opened.waitForLoadState('load');
    expect(await opened.evaluate(() => document.body.textContent)).toContain('internal');
    expect(external.requests.length).toBe(externalRequests);
    await opened.close();

    expect(errors).toEqual([]);
    await Promise.all([popup.close(), app.close()]);
  });

  it('refuses a broken file with an alert and keeps the working configuration', async () => {
    const before = (await state()).config;
    const importInput = options.getByLabel('Import…');

    await importInput.setInputFiles(file('notes.json', 'this is not { json'));
    const alert = options.getByRole('alert');
    await alert.getByText(/was not imported: it is not JSON/).waitFor();

    const broken = configFile();
    broken.networks[0]!.mappings[1]!.external = 'ftp://media.example.test/media';
    // The same input twice in a row: its value is cleared after each choice.
    await importInput.setInputFiles(file('broken.json', JSON.stringify(broken)));
    await alert
      .getByText('networks[0].mappings[1].external: scheme "ftp:" is not allowed; use http or https')
      .waitFor();
    await alert.getByText('Your configuration was not changed.').waitFor();

    expect((await state()).config).toEqual(before);
    expect(await options.getByLabel('External URL').nth(1).inputValue()).toBe(
      `http://media.example.test:${external.port}/media`,
    );

    // The old configuration still redirects.
    const app = await browser.context.newPage();
    const url = await gotoAndSettle(app, `${externalOrigin()}/still`, (u) => u.startsWith(internalOrigin()));
    expect(url).toBe(`${internalOrigin()}/still`);
    await app.close();
    expect(optionsErrors).toEqual([]);
  });
});
