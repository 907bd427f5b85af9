// The core promise in a real Firefox (ESR, MV3 event page): Hairpin knows where it is and sends
// each mapped URL to the right side, keeping path, query and fragment.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, statusHandler, type TestServer } from './support/servers';
import { EXTENSION_ORIGIN, launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-e2e-firefox-51c8';

let external: TestServer;
let internal: TestServer;
let health: TestServer;
let browser: FirefoxExtensionBrowser;

// Every name resolves to 127.0.0.1 in the test profile: the port picks the server.
const externalOrigin = () => `http://app.example.test:${external.port}`;
const internalOrigin = () => `http://app.home.test:${internal.port}`;

function config() {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        // An IP literal: Firefox fails extension fetches to names forced to loopback.
        // A host name over plain http, as users write `http://nas.lan/...`: Firefox's default
        // extension CSP would upgrade it to https (see manifest content_security_policy).
        probe: { url: `http://health.lan:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
        mappings: [{ name: 'App', external: externalOrigin(), internal: internalOrigin() }],
      },
    ],
  };
}

async function location(): Promise<string> {
  const state = await browser.send<HairpinState>({ type: 'getState' });
  return state.networks[0]?.location ?? 'none';
}

const serverLabel = (tab: string) =>
  browser.evaluate<string | null>(tab, `document.querySelector('#server')?.textContent ?? null`);

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint(TOKEN));
  browser = await launchFirefox();
  // Without host access nothing below can work (the probe fetch fails first): say so plainly.
  const before = await browser.send<HairpinState>({ type: 'getState' });
  expect(before.hostAccess, 'MV3 host_permissions granted on install').toBe(true);
  const saved = await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: config() });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external?.close(), internal?.close(), health?.close()]);
});

beforeEach(async () => {
  health.setHandler(healthEndpoint(TOKEN));
  await browser.send({ type: 'setMode', network: 'Home', mode: 'auto' });
  await browser.send({ type: 'checkNow' });
  await waitFor(async () => (await location()) === 'home', { message: 'home verdict' });
});

describe('Hairpin in Firefox', () => {
  it('at home, sends the external URL to the internal host keeping path, query and fragment', async () => {
    const tab = await browser.newTab();
    const url = await browser.gotoAndSettle(tab, `${externalOrigin()}/a/b?c=1#d`, (u) =>
      u.startsWith(internalOrigin()),
    );
    expect(url).toBe(`${internalOrigin()}/a/b?c=1#d`);
    expect(await browser.evaluate(tab, 'location.href')).toBe(`${internalOrigin()}/a/b?c=1#d`);
    expect(await serverLabel(tab)).toBe('internal');
    expect(internal.requests.some((r) => r.url === '/a/b?c=1')).toBe(true);
    // The redirect happens before any request leaves: the external server never sees it.
    expect(external.requests.some((r) => r.url.startsWith('/a/b'))).toBe(false);
    await browser.closeTab(tab);
  });

  it('away (health endpoint down), sends the internal URL to the external host', async () => {
    health.setHandler(statusHandler(503, 'maintenance'));
    await browser.send({ type: 'checkNow' });
    await waitFor(async () => (await location()) === 'away', { message: 'away verdict' });
    const state = await browser.send<HairpinState>({ type: 'getState' });
    expect(state.networks[0]?.verdict).toMatchObject({ location: 'away', reason: 'http-status', status: 503 });
    const tab = await browser.newTab();
    const url = await browser.gotoAndSettle(tab, `${internalOrigin()}/x/y?z=2#w`, (u) =>
      u.startsWith(externalOrigin()),
    );
    expect(url).toBe(`${externalOrigin()}/x/y?z=2#w`);
    expect(await serverLabel(tab)).toBe('external');
    await browser.closeTab(tab);
  });

  it('keepLogin asks for the optional cookies permission with a click on the options page, mirrors a login (not another app’s Domain cookie), and removes its copy when turned off', async () => {
    const base = config();
    const withKeepLogin = {
      ...base,
      networks: base.networks.map((network) => ({
        ...network,
        mappings: network.mappings.map((mapping) => ({ ...mapping, keepLogin: true })),
      })),
    };
    expect((await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: withKeepLogin })).ok).toBe(true);
    const cookieAccess = async () => (await browser.send<HairpinState>({ type: 'getState' })).cookieAccess;
    expect(await cookieAccess()).toBe(false);

    const tab = await browser.newTab();
    await browser.gotoAndSettle(tab, `${EXTENSION_ORIGIN}/src/options/index.html`, (u) =>
      u.startsWith(EXTENSION_ORIGIN),
    );
    const button = `[...document.querySelectorAll('button')].find((b) => b.textContent === 'Allow cookie access')`;
    await waitFor(() => browser.evaluate<boolean>(tab, `Boolean(${button})`), {
      message: 'the paused Keep login notice',
    });
    await browser.click(tab, button);
    await waitFor(cookieAccess, { message: 'cookie access granted in Firefox' });

    // Away, a login on the external host: the event page, granted at run time, copies it inside.
    await browser.send({ type: 'setMode', network: 'Home', mode: 'away' });
    external.setHandler((request, response) => {
      if (request.url !== '/login') return appPage('external')(request, response);
      response.writeHead(200, {
        // Another app's cookie under the parent domain first, then this app's own host-only session.
        'set-cookie': ['sso=other-app; Domain=example.test; Path=/', 'session=ff; Path=/; HttpOnly; SameSite=Lax'],
        'content-type': 'text/html',
      });
      response.end('<h1 id="server">logged in</h1>');
    });
    const app = await browser.newTab();
    await browser.gotoAndSettle(app, `${externalOrigin()}/login`, (u) => u.startsWith(`${externalOrigin()}/login`));
    const names = (origin: string) =>
      `browser.cookies.getAll({ url: '${origin}/' }).then((list) => list.map((c) => c.name).sort())`;
    await waitFor(async () => (await browser.evaluate<string[]>(tab, names(internalOrigin()))).includes('session'), {
      message: 'the session mirrored onto the internal host in Firefox',
    });
    // Only the host's own cookie: sso (Domain=example.test, reported before it) was not copied.
    expect(await browser.evaluate<string[]>(tab, names(internalOrigin()))).toEqual(['session']);
    expect(await browser.evaluate<string[]>(tab, names(externalOrigin()))).toEqual(['session', 'sso']);
    external.setHandler(appPage('external'));
    await browser.closeTab(app);
    await browser.closeTab(tab);

    // Keep login off: the copy goes, then the permission (so Hairpin can no longer look: ask the servers).
    expect((await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: config() })).ok).toBe(true);
    await waitFor(async () => !(await cookieAccess()), { message: 'cookie access given back in Firefox' });
    const check = await browser.newTab();
    await browser.send({ type: 'setMode', network: 'Home', mode: 'home' }); // internal URLs stay internal
    await browser.gotoAndSettle(check, `${internalOrigin()}/off-int`, (u) => u.startsWith(internalOrigin()));
    expect(internal.requests.find((request) => request.url === '/off-int')?.cookie).toBeUndefined();
    await browser.send({ type: 'setMode', network: 'Home', mode: 'away' }); // external URLs stay external
    await browser.gotoAndSettle(check, `${externalOrigin()}/off-ext`, (u) => u.startsWith(externalOrigin()));
    expect(external.requests.find((request) => request.url === '/off-ext')?.cookie).toBe('sso=other-app; session=ff');
    await browser.closeTab(check);
    await browser.send({ type: 'setMode', network: 'Home', mode: 'auto' });
  });
});
