// Chrome's Local Network Access (Chrome 142+: requests from a public address space into a local
// or loopback one are gated). Loopback test servers are all "loopback", so the servers declare
// their spaces with --ip-address-space-overrides: the health endpoint, the household config file
// and the internal servers are `local` (a LAN), the external servers and a stranger's page
// `public`. Hairpin's own requests (the probe and the config fetch from its service worker), its
// DNR redirect from a public host to a local one, and the rescue still work; a public page still
// cannot read the probe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  appPage,
  droppingHandler,
  hangingHandler,
  healthEndpoint,
  startServer,
  type TestServer,
} from './support/servers';
import { gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-lna-token';

let external: TestServer; // public
let hangingExternal: TestServer; // public, never answers (no NAT loopback)
let stranger: TestServer; // public: somebody's web page
let internal: TestServer; // local
let lan: TestServer; // local: health endpoint and household config file
let browser: ExtensionBrowser;
let served = '';

const url = (host: string, port: number, rest = '') => `http://${host}:${port}${rest}`;
const probeUrl = () => `http://127.0.0.1:${lan.port}/hairpin`;
const configUrl = () => `http://127.0.0.1:${lan.port}/hairpin.json`;

function config(extra: object = {}) {
  return {
    format: 'hairpin-config',
    version: 1,
    rescueAfterMs: 1000,
    ...extra,
    networks: [
      {
        name: 'Home',
        probe: { url: probeUrl(), expect: TOKEN, timeoutMs: 800 },
        mappings: [
          {
            name: 'App',
            external: url('app.example.test', external.port),
            internal: url('app.home.test', internal.port),
          },
          {
            name: 'NAT',
            external: url('nat.example.test', hangingExternal.port),
            internal: url('nat.home.test', internal.port),
          },
        ],
      },
    ],
  };
}

let lanHandler = healthEndpoint(TOKEN);

beforeAll(async () => {
  external = await startServer(appPage('external'));
  hangingExternal = await startServer(hangingHandler);
  stranger = await startServer(appPage('stranger'));
  internal = await startServer(appPage('internal'));
  lan = await startServer((request, response) => {
    if (request.url === '/hairpin.json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(served);
      return;
    }
    lanHandler(request, response);
  });
  const spaces = [
    `127.0.0.1:${external.port}=public`,
    `127.0.0.1:${hangingExternal.port}=public`,
    `127.0.0.1:${stranger.port}=public`,
    `127.0.0.1:${internal.port}=local`,
    `127.0.0.1:${lan.port}=local`,
  ];
  browser = await launchChromium(
    {
      'app.example.test': external.port,
      'app.home.test': internal.port,
      'nat.example.test': hangingExternal.port,
      'nat.home.test': internal.port,
      'news.example.test': stranger.port,
    },
    { args: [`--ip-address-space-overrides=${spaces.join(',')}`] },
  );
  served = JSON.stringify(config());
  const saved = await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: config() });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, hangingExternal, stranger, internal, lan].map((server) => server?.close()));
});

async function state(): Promise<HairpinState> {
  return browser.send<HairpinState>({ type: 'getState' });
}

async function settleAt(location: 'home' | 'away'): Promise<void> {
  await browser.send({ type: 'checkNow' });
  await waitFor(async () => (await state()).networks[0]?.location === location, { message: `verdict ${location}` });
}

async function label(page: Page): Promise<string | null> {
  return page
    .locator('#server')
    .textContent({ timeout: 1000 })
    .catch(() => null);
}

describe('Chrome Local Network Access: public and local servers', () => {
  it('the probe from the service worker reaches the local health endpoint: home', async () => {
    lanHandler = healthEndpoint(TOKEN);
    await settleAt('home');
    const verdict = (await state()).networks[0]?.verdict;
    expect(verdict).toMatchObject({ location: 'home', status: 200 });
  });

  it('the config URL on the LAN is fetched', async () => {
    served = JSON.stringify({ ...config(), rescueAfterMs: 1500 });
    await browser.send({ type: 'saveConfig', config: config({ configUrl: configUrl() }) });
    const fetched = await browser.send<HairpinState>({ type: 'fetchConfig' });
    expect(fetched.configFetch).toMatchObject({ ok: true, url: configUrl(), error: null });
    expect(fetched.config.rescueAfterMs).toBe(1500);
  });

  it('at home, the public external URL is redirected to the local internal server, which answers', async () => {
    await settleAt('home');
    const page = await browser.context.newPage();
    const target = url('app.example.test', external.port, '/library?q=a#b');
    const landed = await gotoAndSettle(page, target, (now) => now.startsWith(url('app.home.test', internal.port)));
    expect(landed).toBe(url('app.home.test', internal.port, '/library?q=a#b'));
    expect(await label(page)).toBe('internal');
    await page.close();
  });

  it('rescue: rules say away, the public external address hangs, the LAN answers: ends on the local server', async () => {
    lanHandler = droppingHandler;
    await settleAt('away');
    lanHandler = healthEndpoint(TOKEN);
    const page = await browser.context.newPage();
    const target = url('nat.home.test', internal.port, '/movies');
    void page.goto(target, { timeout: 60_000 }).catch(() => undefined);
    await waitFor(async () => page.url() === target && (await label(page)) === 'internal', {
      message: `tab on ${target} (now ${page.url()})`,
    });
    expect((await state()).networks[0]?.location).toBe('home');
    await page.close();
  });

  it('a public page still cannot read the probe (nor the internal server)', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('news.example.test', stranger.port, '/'));
    expect(await label(page)).toBe('stranger');
    const attempt = (target: string) =>
      page.evaluate(
        (address) =>
          fetch(address, { cache: 'no-store' }).then(
            async (response) => `read ${response.status}: ${await response.text()}`,
            (error: unknown) => `refused: ${String(error)}`,
          ),
        target,
      );
    const lanBefore = lan.requests.length;
    const internalBefore = internal.requests.length;
    expect(await attempt(probeUrl())).toMatch(/^refused: TypeError/);
    expect(await attempt(url('app.home.test', internal.port, '/'))).toMatch(/^refused: TypeError/);
    // Refused before it was sent, which CORS alone would not do (it sends, then hides the
    // answer): the local servers saw nothing from the page.
    expect(lan.requests.length).toBe(lanBefore);
    expect(internal.requests.length).toBe(internalBefore);
    await page.close();
  });
});
