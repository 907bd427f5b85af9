// Keeping a login across a switch, in a real Chromium: a host-only session cookie set on the
// external host is mirrored onto the internal host (keepLogin on), so the very first redirected
// request carries it; without the option it does not; a logout on one side logs out the other.
// `cookies` is an optional permission: a keepLogin that arrives without a click (here: a message,
// as sync or the config URL would) waits for the user to allow it; it is given back when no
// mapping needs it, and ticking Keep login on the options page asks for it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, type Handler, type TestServer } from './support/servers';
import { gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import { workerControl } from './support/worker-control';
import type { Page } from 'playwright-core';

let external: TestServer;
let internal: TestServer;
let health: TestServer;
let news: TestServer;
let browser: ExtensionBrowser;

interface AccessState {
  cookieAccess: boolean;
}

const cookieAccess = async () => (await browser.send<AccessState>({ type: 'getState' })).cookieAccess;

/** An app whose /login sets a host-only session cookie and whose /logout expires it. */
const loginApp: Handler = (request, response) => {
  if (request.url === '/login') {
    response.writeHead(200, {
      // Another app's cookie under the parent domain first, then this app's own host-only session.
      'set-cookie': ['sso=other-app; Domain=example.test; Path=/', 'session=s3cr3t; Path=/; HttpOnly; SameSite=Lax'],
      'content-type': 'text/html',
    });
    response.end('<h1 id="server">logged in</h1>');
    return;
  }
  if (request.url === '/logout') {
    response.writeHead(200, { 'set-cookie': 'session=; Path=/; Max-Age=0', 'content-type': 'text/html' });
    response.end('<h1 id="server">logged out</h1>');
    return;
  }
  appPage('external')(request, response);
};

const ext = (name: string) => `http://${name}.example.test:${external.port}`;
const int = (name: string) => `http://${name}.home.test:${internal.port}`;

function configWith(keepLogin: boolean) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: 'tok-7f3a9c' },
        mappings: [
          { name: 'Kept', external: ext('kept'), internal: int('kept'), ...(keepLogin ? { keepLogin } : {}) },
          { name: 'Plain', external: ext('plain'), internal: int('plain') },
        ],
      },
    ],
  };
}

async function cookieNames(url: string): Promise<string[]> {
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  return worker.evaluate(
    async (target) => (await chrome.cookies.getAll({ url: target })).map((cookie: { name: string }) => cookie.name),
    url,
  );
}

beforeAll(async () => {
  external = await startServer(loginApp);
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint('tok-7f3a9c'));
  // A site nobody mapped that sets a new cookie on every page, as ad and analytics scripts do.
  let visits = 0;
  news = await startServer((_request, response) => {
    response.writeHead(200, { 'set-cookie': `ad=${++visits}; Path=/; Max-Age=3600`, 'content-type': 'text/html' });
    response.end('<h1 id="server">news</h1>');
  });
  browser = await launchChromium({
    'news.example.org': news.port,
    'kept.example.test': external.port,
    'plain.example.test': external.port,
    'kept.home.test': internal.port,
    'plain.home.test': internal.port,
  });
  const saved = await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: configWith(true) });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, internal, health, news].map((server) => server?.close()));
});

describe('keep the login across a switch (Chromium)', () => {
  it('a keepLogin that arrived without a click waits until the user allows cookie access', async () => {
    expect(await cookieAccess()).toBe(false);
    expect(
      await browser.worker.evaluate(
        () => typeof (globalThis as unknown as { chrome: { cookies?: unknown } }).chrome.cookies,
      ),
    ).toBe('undefined');
    const options = await browser.extensionPage();
    await options.getByText('Keep login is paused in this browser.').waitFor();
    await options.getByRole('button', { name: 'Allow cookie access' }).click();
    await waitFor(cookieAccess, { message: 'cookie access granted' });
    await options.getByText('Keep login is paused in this browser.').waitFor({ state: 'detached' });
    await options.close();
  });

  it('the internal service sees the session on the very first redirected request only with keepLogin on', async () => {
    // Log in while away, on the external hosts.
    await browser.send({ type: 'setMode', network: 'Home', mode: 'away' });
    const page = await browser.context.newPage();
    await page.goto(`${ext('kept')}/login`);
    await page.goto(`${ext('plain')}/login`);
    await waitFor(async () => (await cookieNames(`${int('kept')}/`)).includes('session'), {
      message: 'session mirrored to kept.home.test',
    });
    // Only the host's own cookie: sso (Domain=example.test, reported before it) was not copied.
    expect(await cookieNames(`${int('kept')}/`)).toEqual(['session']);
    expect((await cookieNames(`${ext('kept')}/`)).sort()).toEqual(['session', 'sso']);
    expect(await cookieNames(`${int('plain')}/`)).toEqual([]);

    // Come home: the redirect lands on the internal host with the session already there.
    await browser.send({ type: 'setMode', network: 'Home', mode: 'home' });
    await gotoAndSettle(page, `${ext('kept')}/kept-first`, (url) => url.startsWith(int('kept')));
    await gotoAndSettle(page, `${ext('plain')}/plain-first`, (url) => url.startsWith(int('plain')));
    const first = (path: string) => internal.requests.find((request) => request.url === path);
    expect(first('/kept-first')?.cookie).toBe('session=s3cr3t');
    expect(first('/plain-first')?.cookie).toBeUndefined();
    await page.close();
  });

  it('a logout on one side removes the session on the other', async () => {
    await browser.send({ type: 'setMode', network: 'Home', mode: 'away' });
    const page = await browser.context.newPage();
    await page.goto(`${ext('kept')}/logout`);
    await waitFor(async () => !(await cookieNames(`${int('kept')}/`)).includes('session'), {
      message: 'session removed from kept.home.test',
    });
    expect(await cookieNames(`${ext('kept')}/`)).toEqual(['sso']); // the other app's cookie is not the login
    await page.close();
  });

  it('turning Keep login off removes the twin Hairpin wrote, then gives cookie access back', async () => {
    await browser.send({ type: 'setMode', network: 'Home', mode: 'away' });
    const page = await browser.context.newPage();
    await page.goto(`${ext('kept')}/login`);
    await waitFor(async () => (await cookieNames(`${int('kept')}/`)).includes('session'), {
      message: 'session mirrored to kept.home.test again',
    });
    await page.close();
    // The browser's own jar, read over the DevTools protocol: it needs no permission of Hairpin's.
    const jar = async (url: string) => (await browser.context.cookies(url)).map((cookie) => cookie.name).sort();

    const saved = await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: configWith(false) });
    expect(saved.ok).toBe(true);
    await waitFor(async () => !(await cookieAccess()), { message: 'cookie access given back' });
    expect(await jar(`${int('kept')}/`)).toEqual([]); // the twin went before the permission
    expect(await jar(`${ext('kept')}/`)).toEqual(['session', 'sso']); // the site's own cookies stay
  });

  it('asks again for cookie access when Keep login is ticked', async () => {
    expect(await cookieAccess()).toBe(false);

    // Ticking the box on the options page is the click that grants it again.
    const options = await browser.extensionPage();
    const keep = options.getByRole('listitem', { name: 'Kept' }).getByLabel('Keep login across the switch');
    await keep.click();
    await waitFor(cookieAccess, { message: 'cookie access granted by ticking Keep login' });
    await waitFor(async () => (await keep.isChecked()) || null, { message: 'Keep login ticked' });
    await waitFor(
      async () => {
        const state = await browser.send<{ config: ReturnType<typeof configWith> }>({ type: 'getState' });
        return state.config.networks[0]!.mappings[0]!.keepLogin === true || null;
      },
      { message: 'keepLogin saved' },
    );
    await options.close();

    // Mirroring works again after the permission came back.
    await browser.send({ type: 'setMode', network: 'Home', mode: 'away' });
    const page = await browser.context.newPage();
    await page.goto(`${ext('kept')}/login`);
    await waitFor(async () => (await cookieNames(`${int('kept')}/`)).includes('session'), {
      message: 'session mirrored after the new grant',
    });
    await page.close();
  });
});

/**
 * Opens an unmapped page that sets a cookie, with the worker stopped, until the worker ends up in
 * the wanted state (polled: the minute alarm may wake it during one try). The options pages are
 * closed first: they ask for the state whenever storage changes, which would wake it on its own.
 */
async function cookieElsewhereLeaves(worker: Awaited<ReturnType<typeof workerControl>>, wanted: 'awake' | 'asleep') {
  let page: Page | null = null;
  await waitFor(
    async () => {
      await page?.close();
      for (const open of browser.context.pages()) if (open.url().includes('/src/options/')) await open.close();
      await worker.stop();
      page = await browser.context.newPage();
      await page.goto(`http://news.example.org:${news.port}/`);
      if (wanted === 'asleep') return (await worker.refresh()) === 'stopped';
      return waitFor(async () => (await worker.refresh()) !== 'stopped', { timeoutMs: 2000 }).then(
        () => true,
        () => false,
      );
    },
    { timeoutMs: 30_000, intervalMs: 0, message: `the worker ${wanted} after a cookie set elsewhere` },
  );
  await page!.close();
}

describe('what a cookie set elsewhere costs (Chromium)', () => {
  it('it starts a stopped worker only while some mapping keeps its login', async () => {
    expect(await cookieAccess()).toBe(true); // Keep login ticked again above
    const worker = await workerControl(browser);
    // The navigation to an unmapped site wakes nothing (its webRequest listeners are narrowed); the cookie does.
    await cookieElsewhereLeaves(worker, 'awake');

    // Cookie access held without any Keep login (a grant for the popup's cookie report): no listener.
    expect((await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: configWith(false) })).ok).toBe(true);
    await waitFor(async () => !(await cookieAccess()), { message: 'cookie access given back' });
    const page = await browser.extensionPage('manifest.json');
    await page.setContent('<button id="grant">Check this address’s cookies</button>');
    await page.evaluate(() => {
      document.querySelector('#grant')!.addEventListener('click', () => {
        void chrome.permissions.request({ permissions: ['cookies'] });
      });
    });
    await page.click('#grant');
    await waitFor(cookieAccess, { message: 'cookie access granted for the report' });
    await page.close();
    await cookieElsewhereLeaves(worker, 'asleep');
    await worker.page.close();
  });
});

declare const chrome: {
  cookies: { getAll(details: { url: string }): Promise<{ name: string }[]> };
  permissions: { request(details: { permissions: string[] }): Promise<boolean> };
};
