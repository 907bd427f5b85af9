// The household config URL in a real Chromium: fetched when home, applied once allowed in this
// browser, and a broken version of the file never replaces the good config; nor does one over
// 1 MiB, a redirect (never followed) or a server that does not answer within 5 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-config-url';

let external: TestServer;
let internal: TestServer;
let home: TestServer;
let served: string;
/** Replaces the plain file answer for the next fetches (a redirect, a hang, a huge body). */
let serveFile: ((response: ServerResponse) => void) | null = null;
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
    if (request.url === '/hairpin.json' && serveFile) {
      serveFile(response);
      return;
    }
    if (request.url === '/hairpin.json' || request.url === '/moved.json') {
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
  describe('limits, against a real server', () => {
    /** A valid household file with one more mapping, padded with spaces to `bytes`. */
    const padded = (bytes: number) => {
      const text = JSON.stringify(
        householdConfig([
          {
            name: 'App',
            external: `http://app.example.test:${external.port}`,
            internal: `http://app.home.test:${internal.port}`,
          },
          { name: 'Extra', external: 'http://extra.example.test', internal: 'http://extra.home.test' },
        ]),
      );
      return text + ' '.repeat(bytes - Buffer.byteLength(text));
    };
    const MIB = 1024 * 1024;

    it('refuses a file over 1 MiB, declared or streamed, and takes one just under it', async () => {
      const before = await state();
      try {
        serveFile = (response) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(padded(MIB + 1)); // Node declares its Content-Length
        };
        let after = await browser.send<HairpinState>({ type: 'fetchConfig' });
        expect(after.configFetch).toMatchObject({
          ok: false,
          changed: false,
          error: 'the file is larger than 1024 KiB',
        });
        expect(after.config).toEqual(before.config);

        serveFile = (response) => {
          response.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length
          const body = padded(MIB + 1);
          for (let at = 0; at < body.length; at += 64 * 1024) response.write(body.slice(at, at + 64 * 1024));
          response.end();
        };
        after = await browser.send<HairpinState>({ type: 'fetchConfig' });
        expect(after.configFetch).toMatchObject({ ok: false, error: 'the file is larger than 1024 KiB' });
        expect(after.config).toEqual(before.config);

        serveFile = (response) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(padded(MIB));
        };
        after = await browser.send<HairpinState>({ type: 'fetchConfig' });
        expect(after.configFetch).toMatchObject({ ok: true, changed: true });
        expect(after.config.networks[0]?.mappings.map((mapping) => mapping.name)).toEqual(['App', 'Extra']);
      } finally {
        serveFile = null;
        await browser.send<HairpinState>({ type: 'fetchConfig' }); // back to the household file
      }
    });

    it('refuses a redirect without following it', async () => {
      const before = await state();
      const mark = home.requests.length;
      try {
        served = padded(10_000); // what /moved.json would give: one more mapping
        serveFile = (response) => {
          response.writeHead(302, { location: '/moved.json' });
          response.end();
        };
        const after = await browser.send<HairpinState>({ type: 'fetchConfig' });
        expect(after.configFetch).toMatchObject({
          ok: false,
          error: 'the server answered with a redirect, which Hairpin does not follow',
        });
        expect(after.config).toEqual(before.config);
        expect(home.requests.slice(mark).some((request) => request.url === '/moved.json')).toBe(false);
      } finally {
        serveFile = null;
      }
    });

    it('gives up on a server that does not answer within 5 s', async () => {
      const before = await state();
      try {
        serveFile = () => undefined; // accepts, never answers
        const after = await browser.send<HairpinState>({ type: 'fetchConfig' });
        expect(after.configFetch).toMatchObject({ ok: false, error: 'no answer within 5 s' });
        expect(after.config).toEqual(before.config);
      } finally {
        serveFile = null;
      }
    });
  });
});
