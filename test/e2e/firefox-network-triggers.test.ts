// Signs that the network may have changed, in a real Firefox: each starts a check at once
// instead of waiting for the next minute's.
// - Awake again: synthesized input (WebDriver) does not count as the user's, and waiting out
//   Firefox's default 60 s idle threshold would be slow, so the test tells Firefox's own user-idle
//   service (in the parent process, standing in for the operating system) that the user has been
//   away for five minutes, then that they are back. From there on it is all real: Firefox's idle
//   API fires `onStateChanged` to the built extension's event page, suspended meanwhile as on a
//   real machine, which wakes, probes the health endpoint and switches the rules.
// - Back online: Firefox goes offline and online again (its io service, as when the link drops);
//   the event page's `online` event starts the check. The `online` event is a page event, not an
//   extension event: it reaches a running event page only, never wakes a suspended one (seen in
//   firefox-esr 153), which the README says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeConfig } from '../support/sample-config';
import { appPage, healthEndpoint, startServer, statusHandler, type TestServer } from './support/servers';
import { GECKO_ID, launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-e2e-triggers-7d2e';
const IDLE_SERVICE = `Cc['@mozilla.org/widget/useridleservice;1'].getService(Ci.nsIUserIdleServiceInternal)`;
/** The user's last input was `ms` ago (0: just now, which ends idle). */
const lastInputAgo = (ms: number) => browser.evaluateInParent(`(${IDLE_SERVICE}.resetIdleTimeOut(${ms}), true)`);

let external: TestServer;
let internal: TestServer;
let health: TestServer;
let browser: FirefoxExtensionBrowser;

function config() {
  return homeConfig(
    [
      {
        name: 'App',
        external: `http://app.example.test:${external.port}`,
        internal: `http://app.home.test:${internal.port}`,
      },
    ],
    { probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 } },
  );
}

async function location(): Promise<string> {
  const state = await browser.send<HairpinState>({ type: 'getState' });
  return state.networks[0]?.location ?? 'none';
}

/** Firefox with Hairpin, the config saved and an away verdict (the health endpoint fails). */
async function startAway(prefs: Record<string, unknown> = {}): Promise<void> {
  health.setHandler(statusHandler(503));
  browser = await launchFirefox({ prefs });
  const saved = await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: config() });
  expect(saved.ok).toBe(true);
  await browser.send({ type: 'checkNow' });
  await waitFor(async () => (await location()) === 'away', { message: 'an away verdict' });
  // Only the signal under test may start the next check: no periodic check either.
  await browser.evaluateInExtension('browser.alarms.clearAll()');
}

async function expectHomeRulesAfter(path: string): Promise<void> {
  await waitFor(async () => (await location()) === 'home', { message: 'a home verdict' });
  const tab = await browser.newTab();
  const url = await browser.gotoAndSettle(tab, `http://app.example.test:${external.port}${path}`, (u) =>
    u.includes('app.home.test'),
  );
  expect(url).toBe(`http://app.home.test:${internal.port}${path}`);
}

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(statusHandler(503));
});

afterAll(async () => {
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
  // The event page is suspended after 2 s without events (Firefox's default: 30 s).
  beforeAll(() => startAway({ 'extensions.background.idle.timeout': 2000 }));
  afterAll(() => browser?.close());

  it('checks at once when the machine becomes active again, waking the suspended event page; nothing checks while idle', async () => {
    // The options page listens too, to know when Firefox has told the extension that the machine is idle.
    await browser.evaluateInExtension(
      `(globalThis.idleStates = [], browser.idle.onStateChanged.addListener((state) => globalThis.idleStates.push(state)), true)`,
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
    await expectHomeRulesAfter('/after-wake');
  }, 90_000);
});

describe('Firefox: back online', () => {
  beforeAll(() => startAway());
  afterAll(async () => {
    await browser?.evaluateInParent('(Services.io.offline = false, true)').catch(() => undefined);
    await browser?.close();
  });

  it('checks at once when Firefox comes back online, and not when it goes offline', async () => {
    health.setHandler(healthEndpoint(TOKEN));
    const probesBefore = health.requests.length;
    // The event page runs (it just answered), as the online event needs.
    expect(await location()).toBe('away');
    await browser.evaluateInParent('(Services.io.manageOfflineStatus = false, Services.io.offline = true, true)');
    await waitFor(() => browser.evaluateInExtension<boolean>('!navigator.onLine'), {
      message: 'Firefox to be offline',
    });
    expect(health.requests.length).toBe(probesBefore);

    await browser.evaluateInParent('(Services.io.offline = false, true)');
    await waitFor(() => (health.requests.length > probesBefore ? true : null), {
      message: 'a probe of the health endpoint after coming back online',
    });
    await expectHomeRulesAfter('/back-online');
  });
});
