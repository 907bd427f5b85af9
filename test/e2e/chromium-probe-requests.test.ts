// What the probe sends and accepts, seen from the health endpoint in a real Chromium: a redirect
// (the browser's `opaqueredirect`, as a captive portal sends one) is away and never followed,
// and the probe carries no cookie even when the browser holds one for the probe's host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { healthEndpoint, startServer, type Handler, type TestServer } from './support/servers';
import { launchChromium, type ExtensionBrowser } from './support/chromium';
import type { HairpinState, TestProbeResult } from '../../src/core/messages';

const TOKEN = 'hairpin-probe-requests';

let health: TestServer;
let probeHandler: Handler;
let browser: ExtensionBrowser;

const probeUrl = () => `http://127.0.0.1:${health.port}/hairpin`;

beforeAll(async () => {
  probeHandler = healthEndpoint(TOKEN);
  health = await startServer((request: IncomingMessage, response: ServerResponse) => {
    // Where a portal's redirect points: it carries the token, so following it would read Home.
    if (request.url === '/portal') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`welcome ${TOKEN}`);
      return;
    }
    if (request.url === '/page') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>page</title><p>a page of the probe host</p>');
      return;
    }
    probeHandler(request, response);
  });
  browser = await launchChromium();
  const saved = await browser.send<{ ok: boolean }>({
    type: 'saveConfig',
    config: {
      format: 'hairpin-config',
      version: 1,
      networks: [
        {
          name: 'Home',
          probe: { url: probeUrl(), expect: TOKEN, timeoutMs: 1000 },
          mappings: [{ name: 'App', external: 'http://app.example.test', internal: 'http://app.home.test' }],
        },
      ],
    },
  });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await health?.close();
});

const checkNow = () => browser.send<HairpinState>({ type: 'checkNow' });
const probesSince = (mark: number) => health.requests.slice(mark).filter((request) => request.url === '/hairpin');

describe('the probe in Chromium', () => {
  it('takes a redirect (opaqueredirect) as away and never follows it', async () => {
    probeHandler = healthEndpoint(TOKEN);
    expect((await checkNow()).networks[0]?.verdict).toMatchObject({ location: 'home', reason: 'answered' });

    probeHandler = (_request, response) => {
      response.writeHead(302, { location: '/portal' });
      response.end();
    };
    const mark = health.requests.length;
    const after = await checkNow();
    expect(after.networks[0]?.verdict).toMatchObject({ location: 'away', reason: 'redirect' });
    expect(probesSince(mark).length).toBeGreaterThan(0);
    expect(health.requests.slice(mark).some((request) => request.url === '/portal')).toBe(false);

    // The options page's Test probe says the same.
    const tested = await browser.send<TestProbeResult>({
      type: 'testProbe',
      probe: { url: probeUrl(), expect: TOKEN, timeoutMs: 1000 },
    });
    expect(tested).toMatchObject({ ok: true, outcome: { kind: 'response', redirected: true } });
    expect(health.requests.slice(mark).some((request) => request.url === '/portal')).toBe(false);
  });

  it('sends no cookie, though the browser holds one for the probe host and sends it to pages there', async () => {
    probeHandler = healthEndpoint(TOKEN);
    await browser.context.addCookies([
      { name: 'session', value: 'secret-session-value', url: `http://127.0.0.1:${health.port}/`, sameSite: 'Lax' },
    ]);
    // The cookie is real: a page of that host gets it.
    const page = await browser.context.newPage();
    const beforePage = health.requests.length;
    await page.goto(`http://127.0.0.1:${health.port}/page`);
    await page.close();
    expect(health.requests.slice(beforePage).find((request) => request.url === '/page')?.cookie).toContain(
      'session=secret-session-value',
    );

    const mark = health.requests.length;
    expect((await checkNow()).networks[0]?.verdict).toMatchObject({ location: 'home' });
    await browser.send<TestProbeResult>({ type: 'testProbe', probe: { url: probeUrl(), expect: TOKEN } });
    const probes = probesSince(mark);
    expect(probes.length).toBeGreaterThanOrEqual(2);
    for (const probe of probes) expect(probe.cookie).toBeUndefined();
  });
});
