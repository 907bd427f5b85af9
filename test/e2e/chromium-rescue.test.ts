// Self-healing navigation in a real Chromium: when the rules are stale (the laptop just left
// home, or just came home to a router without NAT loopback), a failing or hanging navigation
// to a mapped host triggers a probe, and the tab lands on the side that works. A navigation that
// starts on a Home verdict (however fresh) or an aged one is checked at once, without waiting for
// the failure or deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  appPage,
  closedPort,
  droppingHandler,
  hangingHandler,
  healthEndpoint,
  slowPage,
  startServer,
  type TestServer,
} from './support/servers';
import { launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-rescue-token';

let external: TestServer;
let internal: TestServer;
let hanging: TestServer;
let slow: TestServer;
let health: TestServer;
let refusedPort: number;
let browser: ExtensionBrowser;

const url = (host: string, port: number, rest = '') => `http://${host}:${port}${rest}`;

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  hanging = await startServer(hangingHandler);
  slow = await startServer(slowPage('slow internal', 3000));
  health = await startServer(healthEndpoint(TOKEN));
  refusedPort = await closedPort();
  browser = await launchChromium({
    'refuse.example.test': external.port,
    'refuse.home.test': refusedPort,
    'hang.example.test': external.port,
    'hang.home.test': hanging.port,
    'nat.example.test': hanging.port,
    'nat.home.test': internal.port,
    'slow.example.test': external.port,
    'slow.home.test': slow.port,
  });
  const saved = await browser.send<{ ok: boolean }>({
    type: 'saveConfig',
    config: {
      format: 'hairpin-config',
      version: 1,
      networks: [
        {
          name: 'Home',
          probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 800 },
          mappings: [
            {
              name: 'Refusing',
              external: url('refuse.example.test', external.port),
              internal: url('refuse.home.test', refusedPort),
            },
            {
              name: 'Hanging',
              external: url('hang.example.test', external.port),
              internal: url('hang.home.test', hanging.port),
            },
            {
              name: 'NAT',
              external: url('nat.example.test', hanging.port),
              internal: url('nat.home.test', internal.port),
            },
            {
              name: 'Slow',
              external: url('slow.example.test', external.port),
              internal: url('slow.home.test', slow.port),
            },
          ],
        },
      ],
    },
  });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, internal, hanging, slow, health].map((server) => server?.close()));
});

async function state(): Promise<HairpinState> {
  return browser.send<HairpinState>({ type: 'getState' });
}

async function settleAt(location: 'home' | 'away'): Promise<void> {
  await browser.send({ type: 'checkNow' });
  await waitFor(async () => (await state()).networks[0]?.location === location, { message: `verdict ${location}` });
}

/** Starts a navigation without waiting for it: a hanging one would block `goto`. */
async function startNavigation(target: string): Promise<{ page: Page; startedAt: number }> {
  const page = await browser.context.newPage();
  const startedAt = Date.now();
  void page.goto(target, { timeout: 60_000 }).catch(() => undefined);
  return { page, startedAt };
}

async function label(page: Page): Promise<string | null> {
  return page
    .locator('#server')
    .textContent({ timeout: 1000 })
    .catch(() => null);
}

describe('self-healing navigation in Chromium', () => {
  it('rules say home, the internal server refuses and the health endpoint is down: ends on the external URL', async () => {
    health.setHandler(healthEndpoint(TOKEN));
    await settleAt('home');
    health.setHandler(droppingHandler);
    const { page } = await startNavigation(url('refuse.example.test', external.port, '/films?sort=new#top'));
    const expected = url('refuse.example.test', external.port, '/films?sort=new#top');
    await waitFor(async () => page.url() === expected && (await label(page)) === 'external', {
      message: `tab on ${expected} (now ${page.url()})`,
    });
    const after = await state();
    expect(after.networks[0]?.location).toBe('away');
    expect(after.lastSwitch).toMatchObject({ network: 'Home', to: 'away' });
    // The check that starts with the navigation (the verdict says Home) and the refused
    // connection race to probe; whichever asked first names the switch, and the tab moves once.
    expect(after.lastSwitch?.because).toMatch(
      /^(refuse\.home\.test:\d+ refused the connection|checked on opening refuse\.example\.test:\d+) \(/,
    );
    await page.close();
  });

  it('rules say home, the internal server accepts but never answers: ends on the external URL', async () => {
    health.setHandler(healthEndpoint(TOKEN));
    await settleAt('home');
    health.setHandler(droppingHandler);
    const target = url('hang.example.test', external.port, '/web/index.html?x=1#play');
    const { page, startedAt } = await startNavigation(target);
    await waitFor(async () => page.url() === target && (await label(page)) === 'external', {
      message: `tab on ${target} (now ${page.url()})`,
    });
    console.info(`hanging internal host rescued in ${Date.now() - startedAt} ms`);
    const after = await state();
    // Right after a check, yet moved by the probe that started with the navigation (the verdict
    // says Home): the rescue deadline runs beside it instead of before it.
    expect(after.lastSwitch?.because).toContain('checked on opening hang.example.test');
    await page.close();
  });

  it('right after a check, left home: the internal server and the health endpoint both hang, ends on the external URL', async () => {
    health.setHandler(healthEndpoint(TOKEN));
    await settleAt('home');
    health.setHandler(hangingHandler);
    const target = url('hang.example.test', external.port, '/music?a=1#b');
    const { page, startedAt } = await startNavigation(target);
    await waitFor(async () => page.url() === target && (await label(page)) === 'external', {
      message: `tab on ${target} (now ${page.url()})`,
    });
    console.info(`right after a check, both hanging: tab on the external side in ${Date.now() - startedAt} ms`);
    const after = await state();
    expect(after.networks[0]?.location).toBe('away');
    expect(after.lastSwitch?.because).toContain('checked on opening hang.example.test');
    await page.close();
  });

  it('rules say away, the external server hangs (no NAT loopback) and the health endpoint is up: ends on the internal URL', async () => {
    health.setHandler(droppingHandler);
    await settleAt('away');
    health.setHandler(healthEndpoint(TOKEN));
    const target = url('nat.home.test', internal.port, '/library?q=a#b');
    const { page } = await startNavigation(target);
    await waitFor(async () => page.url() === target && (await label(page)) === 'internal', {
      message: `tab on ${target} (now ${page.url()})`,
    });
    expect((await state()).networks[0]?.location).toBe('home');
    await page.close();
  });

  it('leaves a merely slow navigation alone while the verdict holds', async () => {
    health.setHandler(healthEndpoint(TOKEN));
    await settleAt('home');
    const switchBefore = (await state()).lastSwitch;
    const probesBefore = health.requests.length;
    const target = url('slow.home.test', slow.port, '/slow?y=2');
    const { page } = await startNavigation(url('slow.example.test', external.port, '/slow?y=2'));
    await waitFor(async () => (await label(page)) === 'slow internal', {
      message: 'slow page to load',
      timeoutMs: 20_000,
    });
    expect(page.url()).toBe(target);
    // The deadline passed, so Hairpin did re-probe; the verdict held, so the tab was not touched.
    expect(health.requests.length).toBeGreaterThan(probesBefore);
    const after = await state();
    expect(after.networks[0]?.location).toBe('home');
    expect(after.lastSwitch).toEqual(switchBefore);
    await page.close();
  });

  it('an aged Home verdict is checked as a mapped page opens: left home, both LAN addresses hang', async () => {
    health.setHandler(healthEndpoint(TOKEN));
    await settleAt('home');
    await browser.ageVerdicts(60_000); // the periodic probe ran a minute ago
    health.setHandler(hangingHandler);
    const target = url('hang.example.test', external.port, '/shows?s=2#e3');
    const { page, startedAt } = await startNavigation(target);
    await waitFor(async () => page.url() === target && (await label(page)) === 'external', {
      message: `tab on ${target} (now ${page.url()})`,
    });
    console.info(`left home, health endpoint hanging too: tab on the external side in ${Date.now() - startedAt} ms`);
    const after = await state();
    expect(after.networks[0]?.location).toBe('away');
    // Moved by the check that started with the navigation, not by the deadline's rescue.
    expect(after.lastSwitch?.because).toContain('checked on opening hang.example.test');
    await page.close();
  });

  it('an aged Away verdict is checked as a mapped page opens: came home, the external address hangs', async () => {
    health.setHandler(droppingHandler);
    await settleAt('away');
    await browser.ageVerdicts(60_000); // the periodic probe ran a minute ago
    health.setHandler(healthEndpoint(TOKEN));
    const target = url('nat.home.test', internal.port, '/music?a=1#t');
    const { page } = await startNavigation(url('nat.example.test', hanging.port, '/music?a=1#t'));
    await waitFor(async () => page.url() === target && (await label(page)) === 'internal', {
      message: `tab on ${target} (now ${page.url()})`,
    });
    const after = await state();
    expect(after.networks[0]?.location).toBe('home');
    expect(after.lastSwitch?.because).toContain('checked on opening nat.example.test');
    await page.close();
  });
});
