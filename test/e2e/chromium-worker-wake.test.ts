// What wakes Hairpin's stopped service worker in a real Chromium (it stops after 30 s without
// events): navigations to mapped sites do, so their rescue still works; navigations anywhere else
// do not, so they pay nothing for Hairpin. The filter follows the configuration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appPage, droppingHandler, hangingHandler, healthEndpoint, startServer, type TestServer } from './support/servers';
import { launchChromium, type ExtensionBrowser } from './support/chromium';
import { workerControl } from './support/worker-control';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-wake-token';

let external: TestServer;
let internal: TestServer;
let elsewhere: TestServer;
let hanging: TestServer;
let health: TestServer;
let browser: ExtensionBrowser;
let worker: Awaited<ReturnType<typeof workerControl>>;

const origin = (host: string, server: TestServer) => `http://${host}:${server.port}`;

function config(mappings: { name: string; external: string; internal: string }[]) {
  return {
    format: 'hairpin-config',
    version: 1,
    rescueAfterMs: 1000,
    networks: [{ name: 'Home', probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 800 }, mappings }],
  };
}

const APP = () => ({ name: 'App', external: origin('app.example.test', external), internal: origin('app.home.test', internal) });
const HANGING = () => ({ name: 'Hanging', external: origin('hang.example.test', external), internal: origin('hang.home.test', hanging) });
const LATER = () => ({ name: 'Later', external: origin('later.example.test', external), internal: origin('later.home.test', internal) });

async function save(mappings: ReturnType<typeof APP>[]): Promise<void> {
  const saved = await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: config(mappings) });
  expect(saved.ok).toBe(true);
}

async function state(): Promise<HairpinState> {
  return browser.send<HairpinState>({ type: 'getState' });
}

async function settleAtHome(): Promise<void> {
  health.setHandler(healthEndpoint(TOKEN));
  await browser.send({ type: 'checkNow' });
  await waitFor(async () => (await state()).networks[0]?.location === 'home', { message: 'verdict home' });
}

/**
 * Opens `url` in a new tab with the worker stopped; says whether the navigation woke it. The
 * options page (through which the tests talk to Hairpin) is closed first: it asks for the state
 * whenever storage changes, which would wake the worker on its own.
 */
async function wokeFor(url: string): Promise<{ woke: boolean; page: Page }> {
  for (const page of browser.context.pages()) if (page.url().includes('/src/options/')) await page.close();
  await worker.stop();
  const page = await browser.context.newPage();
  await page.goto(url);
  return { woke: (await worker.refresh()) !== 'stopped', page };
}

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  elsewhere = await startServer(appPage('elsewhere'));
  hanging = await startServer(hangingHandler);
  health = await startServer(healthEndpoint(TOKEN));
  browser = await launchChromium({
    'app.example.test': external.port,
    'app.home.test': internal.port,
    'hang.example.test': external.port,
    'hang.home.test': hanging.port,
    'later.example.test': external.port,
    'later.home.test': internal.port,
    'elsewhere.test': elsewhere.port,
  });
  await save([APP(), HANGING()]);
  worker = await workerControl(browser);
  await settleAtHome();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, internal, elsewhere, hanging, health].map((server) => server?.close()));
});

describe('waking the service worker (Chromium)', () => {
  it('a site that is not mapped leaves the stopped worker asleep; a mapped one wakes it', async () => {
    const unmapped = await wokeFor(`${origin('elsewhere.test', elsewhere)}/news`);
    expect(await unmapped.page.locator('#server').textContent()).toBe('elsewhere');
    expect(unmapped.woke).toBe(false);

    // The redirect itself needs no worker; the navigation wakes it all the same.
    const mapped = await wokeFor(`${origin('app.example.test', external)}/web?x=1`);
    await waitFor(() => mapped.page.url() === `${origin('app.home.test', internal)}/web?x=1`, { message: 'redirected to the home address' });
    await waitFor(async () => (await worker.refresh()) === 'running', { message: 'the worker woken by the mapped navigation' });
    await Promise.all([unmapped.page.close(), mapped.page.close()]);
  });

  it('the navigation that woke the worker is still watched: a hanging home address is rescued', async () => {
    await settleAtHome();
    health.setHandler(droppingHandler); // the laptop left home while the worker slept
    await worker.stop();
    const page = await browser.context.newPage();
    const target = `${origin('hang.example.test', external)}/shows?s=2#e3`;
    void page.goto(target, { timeout: 60_000 }).catch(() => undefined);
    await waitFor(
      async () => page.url() === target && (await page.locator('#server').textContent({ timeout: 1000 }).catch(() => null)) === 'external',
      { message: `the tab on ${target}` },
    ).catch(async (error: unknown) => {
      const now = await state().catch(() => null);
      throw new Error(`${String(error)}; the tab shows ${page.url()}, the worker is ${worker.status()}, last switch ${JSON.stringify(now?.lastSwitch)}, verdict ${JSON.stringify(now?.networks[0]?.verdict)}`);
    });
    const after = await state();
    expect(after.networks[0]?.location).toBe('away');
    expect(after.lastSwitch?.because).toContain('hang.home.test');
    await page.close();
    await settleAtHome();
  });

  it('follows the configuration: a new mapping wakes the worker, a removed one no longer does', async () => {
    await save([APP(), HANGING(), LATER()]);
    const added = await wokeFor(`${origin('later.example.test', external)}/`);
    await waitFor(() => added.page.url() === `${origin('later.home.test', internal)}/`, { message: 'the new mapping redirects' });
    await waitFor(async () => (await worker.refresh()) === 'running', { message: 'the worker woken by the new mapping' });

    await save([HANGING(), LATER()]);
    const removed = await wokeFor(`${origin('app.example.test', external)}/`);
    expect(await removed.page.locator('#server').textContent()).toBe('external'); // no rule, no redirect
    expect(removed.woke).toBe(false);
    await Promise.all([added.page.close(), removed.page.close()]);
  });
});
