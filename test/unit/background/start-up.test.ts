// The background's start-up (src/background/index.ts, the real module) against an in-memory
// `browser` with one optional API taken away at a time, as on Firefox for Android (no
// `commands`, `captivePortal`, `windows`; a toolbar without badge) or Chrome (no
// `captivePortal`): it must start, answer the pages, and still switch and save.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleConfig } from '../../support/hairpin-state';
import { ask, event, eventually, fakeBrowser, type FakeBrowser, type Listener } from '../support/fake-browser';

const EXAMPLE_CONFIG = sampleConfig();

const current = vi.hoisted(() => ({ browser: null as unknown }));
// The polyfill itself is replaced, so src/browser/api.ts (and its optionalApi) is the real one.
vi.mock('webextension-polyfill', () => ({
  get default() {
    return current.browser;
  },
}));

/** Probes answer from the fetch stand-in: the health endpoint says home. */
function stubFetch() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('ok hairpin-7f3a', { status: 200 })),
  );
}

async function startBackground(browser: FakeBrowser): Promise<unknown> {
  current.browser = browser;
  vi.resetModules();
  return import('../../../src/background/index').then(
    () => null,
    (error: unknown) => error,
  );
}

/** The background works: it answers, switches (rules installed), and saves. */
async function expectWorking(browser: FakeBrowser) {
  const state = await ask(browser, { type: 'getState' });
  expect(state).toMatchObject({ ok: true });
  const saved = await ask(browser, { type: 'saveConfig', config: EXAMPLE_CONFIG });
  expect(saved).toMatchObject({ ok: true, value: { ok: true } });
  const away = await ask(browser, { type: 'setMode', network: EXAMPLE_CONFIG.networks[0]!.name, mode: 'away' });
  expect(away).toMatchObject({ ok: true, value: { networks: [{ mode: 'away', location: 'away' }] } });
  expect(browser.declarativeNetRequest.sessionRules.length).toBeGreaterThan(0);
}

let errors: unknown[][];
/** The background's own global events (`online`), as a worker or event page has them. */
let globalListeners: Map<string, Listener[]>;
beforeEach(() => {
  errors = [];
  globalListeners = new Map();
  vi.stubGlobal('ononline', null); // a window, as Firefox's event page is
  vi.stubGlobal('addEventListener', (type: string, listener: Listener) => {
    globalListeners.set(type, [...(globalListeners.get(type) ?? []), listener]);
  });
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
  stubFetch();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('background start-up where an optional API is missing', () => {
  it('with every API present: starts, answers, switches and saves (the baseline the others are held to)', async () => {
    const browser = fakeBrowser();
    expect(await startBackground(browser)).toBeNull();
    await expectWorking(browser);
    expect(browser.commands.onCommand.listeners).toHaveLength(1);
    expect(browser.idle.onStateChanged.listeners).toHaveLength(1);
    expect(browser.captivePortal.onConnectivityAvailable.listeners).toHaveLength(1);
    await eventually(() => browser.action.badge.text !== undefined, 'the badge');
    expect(errors).toEqual([]);
  });

  for (const missing of ['commands', 'idle', 'captivePortal', 'windows', 'action'] as const) {
    it(`without browser.${missing}: starts, answers, switches and saves`, async () => {
      const browser: Partial<FakeBrowser> = fakeBrowser();
      delete browser[missing];
      expect(await startBackground(browser as FakeBrowser)).toBeNull();
      await expectWorking(browser as FakeBrowser);
      expect(errors).toEqual([]);
    });
  }

  it('with an action that has no badge methods (a toolbar without badges): starts, answers, switches and saves', async () => {
    const browser = fakeBrowser();
    const action: Partial<FakeBrowser['action']> = browser.action;
    delete action.setBadgeText;
    delete action.setBadgeBackgroundColor;
    delete action.setIcon;
    expect(await startBackground(browser)).toBeNull();
    await expectWorking(browser);
    await eventually(() => browser.action.badge.title !== undefined, 'the title');
    expect(errors).toEqual([]);
  });

  it('when every badge and icon call rejects: replies and saves still succeed', async () => {
    const browser = fakeBrowser();
    const fail = async () => {
      throw new Error('Icon invalid');
    };
    Object.assign(browser.action, { setBadgeText: fail, setBadgeBackgroundColor: fail, setTitle: fail, setIcon: fail });
    expect(await startBackground(browser)).toBeNull();
    await expectWorking(browser);
  });

  it('registers the message handler first: a listener that throws later leaves the pages an answer', async () => {
    const browser = fakeBrowser();
    browser.webRequest.onBeforeRequest!.addListener = () => {
      throw new Error('webRequest is broken here');
    };
    const startError = await startBackground(browser);
    expect(String(startError)).toContain('webRequest is broken here');
    expect(await ask(browser, { type: 'getState' })).toMatchObject({ ok: true });
  });
});

describe('network-change triggers', () => {
  const fresh = async (browser: FakeBrowser, fire: () => void) => {
    expect(await startBackground(browser)).toBeNull();
    expect(await ask(browser, { type: 'saveConfig', config: EXAMPLE_CONFIG })).toMatchObject({ ok: true });
    const probes = vi.mocked(fetch);
    await eventually(() => probes.mock.calls.length > 0, 'the first probe');
    await new Promise((resolve) => setTimeout(resolve, 0));
    const before = probes.mock.calls.length;
    fire();
    await eventually(() => probes.mock.calls.length > before, 'a probe after the signal');
  };

  it('Firefox captivePortal.onConnectivityAvailable re-probes', async () => {
    const browser = fakeBrowser();
    await fresh(browser, () => browser.captivePortal.onConnectivityAvailable.listeners[0]?.('clear'));
  });

  it('captivePortal.onStateChanged to unlocked_portal re-probes', async () => {
    const browser = fakeBrowser();
    await fresh(browser, () => browser.captivePortal.onStateChanged.listeners[0]?.({ state: 'unlocked_portal' }));
  });

  it('the online event re-probes', async () => {
    const browser = fakeBrowser();
    await fresh(browser, () => globalListeners.get('online')?.forEach((listener) => listener(new Event('online'))));
  });

  it('in a service worker (no online event): a connection change from offline to online re-probes', async () => {
    const browser = fakeBrowser();
    const connection = new EventTarget();
    const nav = { onLine: false, connection };
    vi.stubGlobal('navigator', nav);
    delete (globalThis as { ononline?: unknown }).ononline;
    await fresh(browser, () => {
      nav.onLine = true;
      connection.dispatchEvent(new Event('change'));
    });
    expect(globalListeners.get('online')).toBeUndefined();
  });

  it('idle → active re-probes', async () => {
    const browser = fakeBrowser();
    await fresh(browser, () => browser.idle.onStateChanged.listeners[0]?.('active'));
  });
});

describe('the cookies.onChanged listener (every cookie write of every site reaches it)', () => {
  /** The browser with `cookies` granted: the API exists and permissions.contains says so. */
  function withCookies() {
    const browser = fakeBrowser();
    const cookies = {
      onChanged: event(),
      getAll: vi.fn(async () => []),
      get: vi.fn(async () => null),
      set: vi.fn(),
      remove: vi.fn(),
    };
    browser.permissions.contains = async () => true;
    return Object.assign(browser, { cookies });
  }
  const keepLogin = () => {
    const config = sampleConfig();
    config.networks[0]!.mappings[0]!.keepLogin = true;
    return config;
  };

  it('is added at the top level, and removed once the config shows no mapping keeping its login', async () => {
    const browser = withCookies();
    const added = vi.spyOn(browser.cookies.onChanged, 'addListener');
    const removed = vi.spyOn(browser.cookies.onChanged, 'removeListener');
    expect(await startBackground(browser)).toBeNull();
    // Added as the module runs (a change that started the worker is delivered only to it), then
    // removed once the config is read: in Chromium a stopped worker is then not started for cookies.
    await eventually(() => browser.cookies.onChanged.listeners.length === 0, 'the listener removed');
    expect(added.mock.invocationCallOrder[0]).toBeLessThan(removed.mock.invocationCallOrder[0]!);
    expect(await ask(browser, { type: 'saveConfig', config: keepLogin() })).toMatchObject({ ok: true });
    await eventually(() => browser.cookies.onChanged.listeners.length === 1, 'the listener back for keepLogin');
    expect(await ask(browser, { type: 'saveConfig', config: EXAMPLE_CONFIG })).toMatchObject({ ok: true });
    await eventually(() => browser.cookies.onChanged.listeners.length === 0, 'the listener removed again');
    expect(errors).toEqual([]);
  });

  it('stays while a mapping keeps its login, and a cookie of another site reads nothing from storage', async () => {
    const browser = withCookies();
    expect(await startBackground(browser)).toBeNull();
    expect(await ask(browser, { type: 'saveConfig', config: keepLogin() })).toMatchObject({ ok: true });
    await eventually(() => browser.cookies.onChanged.listeners.length === 1, 'the listener for keepLogin');
    const reads: unknown[] = [];
    for (const area of [browser.storage.local, browser.storage.session, browser.storage.sync]) {
      const get = area.get;
      area.get = (keys) => {
        reads.push(keys);
        return get(keys);
      };
    }
    // Let the save's follow-ups (levelling, the sync push) settle: until nothing is read for 50 ms.
    for (let seen = -1; seen !== reads.length;) {
      seen = reads.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    reads.length = 0;
    browser.cookies.getAll.mockClear();
    const [listener] = browser.cookies.onChanged.listeners;
    const elsewhere = {
      name: 'ad',
      value: 'x',
      domain: 'news.example.org',
      hostOnly: true,
      path: '/',
      secure: true,
      httpOnly: false,
      sameSite: 'lax',
      session: true,
      storeId: '0',
    };
    listener!({ cookie: elsewhere, removed: false, cause: 'explicit' });
    listener!({ cookie: { ...elsewhere, domain: '.example.com', hostOnly: false }, removed: true, cause: 'explicit' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads).toEqual([]);
    expect(browser.cookies.getAll).not.toHaveBeenCalled();
    expect(errors).toEqual([]);
  });
});
