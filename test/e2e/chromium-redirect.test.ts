// The core promise in a real Chromium: with a config loaded, Hairpin knows where it is and
// sends each mapped URL to the right side, keeping path, query and fragment.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, statusHandler, type TestServer } from './support/servers';
import { gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-e2e-7f3a';

let external: TestServer;
let internal: TestServer;
let health: TestServer;
let browser: ExtensionBrowser;

const externalOrigin = () => `http://app.example.test:${external.port}`;
const internalOrigin = () => `http://app.home.test:${internal.port}`;

function config(extra: Record<string, unknown> = {}) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
        mappings: [
          { name: 'App', external: externalOrigin(), internal: internalOrigin() },
          {
            name: 'Media',
            external: `http://media.example.test:${external.port}/media`,
            internal: `http://media.home.test:${internal.port}`,
          },
        ],
        ...extra,
      },
    ],
  };
}

async function location(): Promise<string> {
  const state = await browser.send<HairpinState>({ type: 'getState' });
  return state.networks[0]?.location ?? 'none';
}

async function serverLabel(page: import('playwright-core').Page): Promise<string | null> {
  return page
    .locator('#server')
    .textContent({ timeout: 5000 })
    .catch(() => null);
}

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint(TOKEN));
  browser = await launchChromium({
    'app.example.test': external.port,
    'media.example.test': external.port,
    'app.home.test': internal.port,
    'media.home.test': internal.port,
  });
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

describe('Hairpin in Chromium', () => {
  it('at home, sends the external URL to the internal host keeping path, query and fragment', async () => {
    const page = await browser.context.newPage();
    const url = await gotoAndSettle(page, `${externalOrigin()}/a/b?c=1#d`, (u) => u.startsWith(internalOrigin()));
    expect(url).toBe(`${internalOrigin()}/a/b?c=1#d`);
    expect(await serverLabel(page)).toBe('internal');
    expect(internal.requests.some((r) => r.url === '/a/b?c=1')).toBe(true);
    await page.close();
  });

  it('replaces a path prefix on whole segments only', async () => {
    const page = await browser.context.newPage();
    const url = await gotoAndSettle(page, `http://media.example.test:${external.port}/media/movies/1?t=30#cast`, (u) =>
      u.startsWith(`http://media.home.test:${internal.port}`),
    );
    expect(url).toBe(`http://media.home.test:${internal.port}/movies/1?t=30#cast`);
    // `/mediax` is not under the `/media` prefix: it must load where it was asked for.
    await page.goto(`http://media.example.test:${external.port}/mediax`);
    expect(page.url()).toBe(`http://media.example.test:${external.port}/mediax`);
    expect(await serverLabel(page)).toBe('external');
    await page.close();
  });

  it('away (health endpoint down), sends the internal URL to the external host', async () => {
    health.setHandler(statusHandler(503, 'maintenance'));
    await browser.send({ type: 'checkNow' });
    await waitFor(async () => (await location()) === 'away', { message: 'away verdict' });
    const state = await browser.send<HairpinState>({ type: 'getState' });
    expect(state.networks[0]?.verdict).toMatchObject({ location: 'away', reason: 'http-status', status: 503 });
    const page = await browser.context.newPage();
    const url = await gotoAndSettle(page, `${internalOrigin()}/x/y?z=2#w`, (u) => u.startsWith(externalOrigin()));
    expect(url).toBe(`${externalOrigin()}/x/y?z=2#w`);
    expect(await serverLabel(page)).toBe('external');
    await page.close();
  });

  it('treats an answer without the token (a captive portal, a stranger’s device) as away', async () => {
    health.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Welcome to Airport Wi-Fi</html>');
    });
    await browser.send({ type: 'checkNow' });
    await waitFor(async () => (await location()) === 'away', { message: 'away verdict' });
    const state = await browser.send<HairpinState>({ type: 'getState' });
    expect(state.networks[0]?.verdict?.reason).toBe('wrong-answer');
    const page = await browser.context.newPage();
    const url = await gotoAndSettle(page, `${internalOrigin()}/`, (u) => u.startsWith(externalOrigin()));
    expect(url).toBe(`${externalOrigin()}/`);
    await page.close();
  });

  it('forced modes override the probe', async () => {
    // Probe says home, user forces Away: internal → external.
    await browser.send({ type: 'setMode', network: 'Home', mode: 'away' });
    const page = await browser.context.newPage();
    let url = await gotoAndSettle(page, `${internalOrigin()}/forced`, (u) => u.startsWith(externalOrigin()));
    expect(url).toBe(`${externalOrigin()}/forced`);

    // Probe says away, user forces Home: external → internal.
    health.setHandler(statusHandler(500));
    await browser.send({ type: 'setMode', network: 'Home', mode: 'home' });
    await browser.send({ type: 'checkNow' });
    const state = await browser.send<HairpinState>({ type: 'getState' });
    expect(state.networks[0]).toMatchObject({ mode: 'home', location: 'home', verdict: { location: 'away' } });
    url = await gotoAndSettle(page, `${externalOrigin()}/forced?q=1`, (u) => u.startsWith(internalOrigin()));
    expect(url).toBe(`${internalOrigin()}/forced?q=1`);
    await page.close();
  });

  it('installs one rule per enabled mapping, in Hairpin’s ID range, and only one direction', async () => {
    const rules = await browser.installedRules();
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.id).toBeGreaterThanOrEqual(1000);
      expect(rule.condition.regexFilter).toMatch(/example\\\.test/);
      expect(rule.action.redirect?.regexSubstitution).toMatch(/home\.test/);
    }
  });
});
