// The `online` trigger in a real Chromium: the browser goes offline and back (the DevTools
// protocol's network emulation, which Playwright's setOffline applies to the service worker too),
// and Hairpin probes again at once and follows the new answer. Chromium gives a service worker
// no `online` event (its global has no `ononline`; seen in Chromium 156), so this is what shows
// the navigator.connection path works; it fails with the `online` listener alone.
//
// The idle → active (wake) trigger cannot be driven here: headless Chromium reports
// chrome.idle.queryState() as 'active' however long nothing happens (no OS idle source), and the
// protocol's Emulation.setIdleOverride only reaches the web Idle Detection API, not chrome.idle
// (both tried in Chromium 156). The wake path is covered by test/unit/background/start-up.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeConfig } from '../support/sample-config';
import { healthEndpoint, startServer, statusHandler, type TestServer } from './support/servers';
import { launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-online-token';

let health: TestServer;
let browser: ExtensionBrowser;

declare const chrome: { alarms: { clear(name: string): Promise<boolean> } };

beforeAll(async () => {
  health = await startServer(healthEndpoint(TOKEN));
  browser = await launchChromium();
  const saved = await browser.send<{ ok: boolean }>({
    type: 'saveConfig',
    config: homeConfig([{ name: 'App', external: 'http://app.example.test', internal: 'http://app.home.test' }], {
      probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
    }),
  });
  expect(saved.ok).toBe(true);
  // No periodic probe: any probe from here on has a reason other than the minute alarm.
  await browser.worker.evaluate(() => chrome.alarms.clear('hairpin-probe'));
});

afterAll(async () => {
  await browser?.close();
  await health?.close();
});

async function checkedAt(): Promise<number> {
  const state = await browser.send<HairpinState>({ type: 'getState' });
  return state.networks[0]?.verdict?.checkedAt ?? 0;
}

async function location(): Promise<string> {
  const state = await browser.send<HairpinState>({ type: 'getState' });
  return state.networks[0]?.location ?? 'none';
}

describe('Chromium: back online re-probes', () => {
  it('offline, then online on another network: the probe runs at once and the rules switch to away', async () => {
    await browser.send({ type: 'checkNow' });
    await waitFor(async () => (await location()) === 'home', { message: 'home at first' });
    const rulesAtHome = JSON.stringify(await browser.installedRules());

    await browser.context.setOffline(true);
    // Meanwhile the browser moved: the health endpoint no longer answers with the token.
    health.setHandler(statusHandler(404));
    const probesBefore = health.requests.length;
    await browser.context.setOffline(false);

    // A probe reaches the server (the first may still meet the emulated outage, then the
    // hysteresis retry asks again), and the verdict follows what it answered.
    await waitFor(() => health.requests.length > probesBefore, { message: 'a probe after coming back online' });
    await waitFor(async () => (await location()) === 'away', { message: 'the verdict to follow the new network' });
    expect(JSON.stringify(await browser.installedRules())).not.toBe(rulesAtHome);
  });

  it('every return online re-probes, not only the first: a new verdict each time', async () => {
    for (let round = 0; round < 3; round++) {
      const before = await checkedAt();
      await browser.context.setOffline(true);
      await browser.context.setOffline(false);
      // The verdict itself may be a failure: the emulated network can still be down for the
      // first request after navigator.onLine turns true. What counts is that a probe ran.
      await waitFor(async () => (await checkedAt()) > before, { message: `a new verdict after round ${round}` });
    }
  });
});
