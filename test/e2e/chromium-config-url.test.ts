// The household config URL in a real Chromium: fetched when home, applied once allowed in this
// browser, and a broken version of the file never replaces the good config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-config-url';

let external: TestServer;
let internal: TestServer;
let home: TestServer;
let served: string;
let browser: ExtensionBrowser;

const configUrl = () => `http://127.0.0.1:${home.port}/hairpin.json`;

function householdConfig(mappings: object[]) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: `http://127.0.0.1:${home.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
        mappings,
      },
    ],
  };
}

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
  // The household file maps the app; it omits configUrl, which Hairpin keeps.
  served = JSON.stringify(
    householdConfig([
      {
        name: 'App',
        external: `http://app.example.test:${external.port}`,
        internal: `http://app.home.test:${internal.port}`,
      },
    ]),
  );
  browser = await launchChromium({ 'app.example.test': external.port, 'app.home.test': internal.port });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, internal, home].map((server) => server?.close()));
});

async function state(): Promise<HairpinState> {
  return browser.send<HairpinState>({ type: 'getState' });
}

describe('config URL in Chromium', () => {
  it('picks up the household config when home and applies its mappings once allowed here', async () => {
    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: { ...householdConfig([]), configUrl: configUrl() },
    });
    expect(saved.ok).toBe(true);
    const fetched = await waitFor(
      async () => {
        const current = await state();
        return current.config.networks[0]?.mappings.length === 1 && current.configFetch ? current : null;
      },
      { message: 'the served config to be applied' },
    );
    expect(fetched.config.configUrl).toBe(configUrl());
    expect(fetched.configFetch).toMatchObject({ ok: true, changed: true, url: configUrl(), error: null });
    expect(home.requests.some((request) => request.url === '/hairpin.json')).toBe(true);
    // From elsewhere: applied once allowed in this browser (chromium-approval.test.ts clicks Allow).
    expect(fetched.pending).toEqual([expect.objectContaining({ kind: 'mapping', name: 'App' })]);
    await browser.send({ type: 'reviewPending', ids: fetched.pending.map((item) => item.id), verdict: 'approve' });

    await waitFor(async () => (await state()).networks[0]?.location === 'home', { message: 'home verdict' });
    const page = await browser.context.newPage();
    const url = await gotoAndSettle(page, `http://app.example.test:${external.port}/from/file?x=1`, (u) =>
      u.includes('app.home.test'),
    );
    expect(url).toBe(`http://app.home.test:${internal.port}/from/file?x=1`);
    await page.close();
  });

  it('ignores a broken version of the file and keeps the old config working', async () => {
    const before = await state();
    served = '{"format": "hairpin-config", "version": 1, "networks": [ { "name": "Home" ';
    const after = await browser.send<HairpinState>({ type: 'fetchConfig' });
    expect(after.configFetch).toMatchObject({ ok: false, changed: false });
    expect(after.configFetch?.error).toMatch(/not a valid Hairpin config: not JSON/);
    expect(after.config).toEqual(before.config);

    served = JSON.stringify({
      ...householdConfig([{ name: 'Bad', external: 'javascript:alert(1)', internal: 'http://10.0.0.1' }]),
    });
    const again = await browser.send<HairpinState>({ type: 'fetchConfig' });
    expect(again.configFetch?.error).toMatch(
      /networks\[0\]\.mappings\[0\]\.external: scheme "javascript:" is not allowed/,
    );
    expect(again.config).toEqual(before.config);

    const page = await browser.context.newPage();
    const url = await gotoAndSettle(page, `http://app.example.test:${external.port}/still`, (u) =>
      u.includes('app.home.test'),
    );
    expect(url).toBe(`http://app.home.test:${internal.port}/still`);
    await page.close();
  });
});
