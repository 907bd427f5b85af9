// Framed pages in a real Chromium: Hairpin's rules cover frames (sub_frame), so a home dashboard
// framing a service's external address at home shows the service from its internal address; and
// the service's own CSP frame-ancestors still decides who may frame it after the redirect, so a
// page the service refuses gets no frame of it either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeConfig } from '../support/sample-config';
import type { Frame, Page } from 'playwright-core';
import { appPage, healthEndpoint, startServer, type Handler, type TestServer } from './support/servers';
import { launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-frames-token';

let external: TestServer;
let internal: TestServer;
let dashboard: TestServer;
let health: TestServer;
let browser: ExtensionBrowser;

/** A page holding one iframe of `src`. */
const framing = (src: () => string): Handler => {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>framing</title><iframe src="${src()}"></iframe>`);
  };
};
let framed = '';

beforeAll(async () => {
  external = await startServer(appPage('external'));
  dashboard = await startServer(framing(() => framed));
  const page = appPage('internal');
  internal = await startServer((request, response) => {
    if (request.url?.startsWith('/locked')) {
      // Only the home dashboard may frame this service.
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `frame-ancestors http://dash.home.test:${dashboard.port}`,
      });
      response.end('<!doctype html><h1 id="server">locked internal</h1>');
      return;
    }
    page(request, response);
  });
  health = await startServer(healthEndpoint(TOKEN));
  browser = await launchChromium({
    'app.example.test': external.port,
    'app.home.test': internal.port,
    'dash.home.test': dashboard.port,
    'evil.example.test': dashboard.port,
  });
  const saved = await browser.send<{ ok: boolean }>({
    type: 'saveConfig',
    config: homeConfig(
      [
        {
          name: 'App',
          external: `http://app.example.test:${external.port}`,
          internal: `http://app.home.test:${internal.port}`,
        },
      ],
      { probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 } },
    ),
  });
  expect(saved.ok).toBe(true);
  const state = await browser.send<HairpinState>({ type: 'checkNow' });
  expect(state.networks[0]?.location).toBe('home');
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, internal, dashboard, health].map((server) => server?.close()));
});

/** The page's iframe once it holds a document other than the one it started with. */
async function settledFrame(page: Page, from: string): Promise<Frame> {
  return waitFor(
    () => {
      const frame = page.mainFrame().childFrames()[0];
      return frame && frame.url() !== 'about:blank' && frame.url() !== from ? frame : null;
    },
    { message: `the iframe to leave ${from}` },
  );
}

const label = (frame: Frame) =>
  frame
    .locator('#server')
    .textContent({ timeout: 1000 })
    .catch(() => null);

describe('frames in Chromium', () => {
  it('a home dashboard framing a service’s external address shows it from the internal one', async () => {
    framed = `http://app.example.test:${external.port}/shows?x=1#e2`;
    const page = await browser.context.newPage();
    await page.goto(`http://dash.home.test:${dashboard.port}/`);
    const frame = await settledFrame(page, framed);
    expect(frame.url()).toBe(`http://app.home.test:${internal.port}/shows?x=1#e2`);
    await waitFor(async () => (await label(frame)) === 'internal', { message: 'the internal page in the frame' });
    await page.close();
  });

  it('the service’s frame-ancestors still holds after the redirect: a page it refuses gets no frame', async () => {
    framed = `http://app.example.test:${external.port}/locked`;
    // The page it allows: the frame shows the service.
    const allowed = await browser.context.newPage();
    await allowed.goto(`http://dash.home.test:${dashboard.port}/`);
    const shown = await settledFrame(allowed, framed);
    await waitFor(async () => (await label(shown)) === 'locked internal', { message: 'the allowed frame' });
    await allowed.close();

    // Any other page: the request is redirected like any other, and the answer is refused.
    const before = internal.requests.filter((request) => request.url === '/locked').length;
    const other = await browser.context.newPage();
    await other.goto(`http://evil.example.test:${dashboard.port}/`);
    await waitFor(() => internal.requests.filter((request) => request.url === '/locked').length > before, {
      message: 'the redirected frame request at the internal server',
    });
    const refused = await settledFrame(other, framed);
    await other.waitForLoadState('load');
    expect(refused.url()).not.toBe(`http://app.home.test:${internal.port}/locked`);
    expect(await label(refused)).toBeNull();
    await other.close();
  });
});
