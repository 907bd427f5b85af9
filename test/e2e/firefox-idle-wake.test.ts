// "Awake again" in a real Firefox: when the machine comes back from idle (often after moving
// between networks), Hairpin checks at once instead of waiting for the next minute's check.
// Synthesized input (WebDriver) does not count as the user's, and waiting out Firefox's default
// 60 s idle threshold would be slow, so the test tells Firefox's own user-idle service (in the
// parent process, standing in for the operating system) that the user has been away for five
// minutes, then that they are back. From there on it is all real: Firefox's idle API fires
// `onStateChanged` to the built extension's event page, suspended meanwhile as on a real
// machine, which wakes, probes the health endpoint and switches the rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, statusHandler, type TestServer } from './support/servers';
import { GECKO_ID, launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-e2e-idle-7d2e';
const IDLE_SERVICE = `Cc['@mozilla.org/widget/useridleservice;1'].getService(Ci.nsIUserIdleServiceInternal)`;
/** The user's last input was `ms` ago (0: just now, which ends idle). */
const lastInputAgo = (ms: number) => browser.evaluateInParent(`(${IDLE_SERVICE}.resetIdleTimeOut(${ms}), true)`);

let external: TestServer;
let internal: TestServer;
let health: TestServer;
let browser: FirefoxExtensionBrowser;

function config() {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
        mappings: [
          {
            name: 'App',
            external: `http://app.example.test:${external.port}`,
            internal: `http://app.home.test:${internal.port}`,
          },
        ],
      },
    ],
  };
}

async function location(): Promise<string> {
  const state = await browser.send<HairpinState>({ type: 'getState' });
  return state.networks[0]?.location ?? 'none';
}

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  // Away to begin with: the health endpoint fails.
  health = await startServer(statusHandler(503));
  // The event page is suspended after 2 s without events (Firefox's default: 30 s).
  browser = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': 2000 } });
  const saved = await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: config() });
  expect(saved.ok).toBe(true);
  await browser.send({ type: 'checkNow' });
  await waitFor(async () => (await location()) === 'away', { message: 'an away verdict' });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external?.close(), internal?.close(), health?.close()]);
});

/** Firefox's own record of whether the event page runs or has been suspended. */
const backgroundState = () =>
  browser.evaluateInParent<string>(
    `(() => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      return String(ExtensionParent.GlobalManager.getExtension('${GECKO_ID}').backgroundState);
    })()`,
  );

describe('Firefox: waking from idle', () => {
  it('checks at once when the machine becomes active again, waking the suspended event page; nothing checks while idle', async () => {
    // Only the idle signal may start the next check: no periodic check either. The options page
    // listens too, to know when Firefox has told the extension that the machine is idle.
    await browser.evaluateInExtension(
      `browser.alarms.clearAll().then(() => { globalThis.idleStates = []; browser.idle.onStateChanged.addListener((state) => globalThis.idleStates.push(state)); })`,
    );
    // The network is home now; nothing has noticed yet.
    health.setHandler(healthEndpoint(TOKEN));
    const probesBefore = health.requests.length;

    await lastInputAgo(5 * 60_000);
    await waitFor(() => browser.evaluateInExtension<boolean>(`globalThis.idleStates.includes('idle')`), {
      timeoutMs: 90_000,
      message: 'Firefox to report the machine idle',
    });
    // Idle alone starts no check (the control: the check below is the wake-up's).
    expect(health.requests.length).toBe(probesBefore);
    expect(await location()).toBe('away');
    // As on a real machine after a while: the event page has been suspended (2 s without events
    // in this profile, 30 s by default), and being started again checked nothing either.
    await waitFor(async () => (await backgroundState()) === 'stopped', { message: 'the event page to be suspended' });
    expect(health.requests.length).toBe(probesBefore);

    await lastInputAgo(0);
    await waitFor(() => (health.requests.length > probesBefore ? true : null), {
      message: 'a probe of the health endpoint after waking',
    });
    await waitFor(async () => (await location()) === 'home', { message: 'a home verdict after waking' });

    const tab = await browser.newTab();
    const url = await browser.gotoAndSettle(tab, `http://app.example.test:${external.port}/after-wake`, (u) =>
      u.includes('app.home.test'),
    );
    expect(url).toBe(`http://app.home.test:${internal.port}/after-wake`);
  }, 90_000);
});
