// The background's start-up (src/background/index.ts, the real module) against an in-memory
// `browser` with one optional API taken away at a time, as on Firefox for Android (no
// `commands`, `captivePortal`, `windows`; a toolbar without badge) or Chrome (no
// `captivePortal`): it must start, answer the pages, and still switch and save.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleConfig } from '../../support/hairpin-state';

const EXAMPLE_CONFIG = sampleConfig();

type Listener = (...args: unknown[]) => unknown;

interface FakeEvent {
  listeners: Listener[];
  addListener(listener: Listener): void;
  removeListener(listener: Listener): void;
  hasListener(listener: Listener): boolean;
}

function event(): FakeEvent {
  const listeners: Listener[] = [];
  return {
    listeners,
    addListener: (listener) => void listeners.push(listener),
    removeListener: (listener) => {
      const at = listeners.indexOf(listener);
      if (at >= 0) listeners.splice(at, 1);
    },
    hasListener: (listener) => listeners.includes(listener),
  };
}

function area(name: string, onChanged: FakeEvent) {
  const items = new Map<string, unknown>();
  return {
    items,
    get: async (keys?: string | string[] | null) => {
      const wanted = keys == null ? [...items.keys()] : Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(
        wanted.filter((key) => items.has(key)).map((key) => [key, structuredClone(items.get(key))]),
      );
    },
    set: async (values: Record<string, unknown>) => {
      const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
      for (const [key, value] of Object.entries(values)) {
        changes[key] = { oldValue: items.get(key), newValue: structuredClone(value) };
        items.set(key, structuredClone(value));
      }
      for (const listener of onChanged.listeners) listener(changes, name);
    },
    remove: async (keys: string | string[]) => {
      for (const key of Array.isArray(keys) ? keys : [keys]) items.delete(key);
    },
  };
}

interface Rule {
  id: number;
}

/** Every API the background touches, as Firefox desktop would offer it. */
function fakeBrowser() {
  const onChanged = event();
  let sessionRules: Rule[] = [];
  const badge: Record<string, unknown> = {};
  return {
    runtime: {
      id: 'hairpin@test',
      onMessage: event(),
      onInstalled: event(),
      onStartup: event(),
      getURL: (path: string) => `moz-extension://uuid${path}`,
    },
    storage: {
      local: area('local', onChanged),
      sync: area('sync', onChanged),
      session: area('session', onChanged),
      onChanged,
    },
    alarms: { get: async () => undefined, create: async () => undefined, onAlarm: event() },
    declarativeNetRequest: {
      getSessionRules: async () => structuredClone(sessionRules),
      updateSessionRules: async (diff: { removeRuleIds: number[]; addRules: Rule[] }) => {
        sessionRules = [...sessionRules.filter((rule) => !diff.removeRuleIds.includes(rule.id)), ...diff.addRules];
      },
      getDynamicRules: async () => [],
      updateDynamicRules: async () => undefined,
      get sessionRules() {
        return sessionRules;
      },
    },
    permissions: {
      contains: async (query: { permissions?: string[] }) => !query.permissions?.includes('cookies'),
      request: async () => true,
      remove: async () => true,
      onAdded: event(),
      onRemoved: event(),
    },
    webRequest: Object.fromEntries(
      ['onBeforeRequest', 'onBeforeRedirect', 'onResponseStarted', 'onCompleted', 'onErrorOccurred'].map((name) => [
        name,
        event(),
      ]),
    ),
    tabs: { get: async () => undefined, update: async () => undefined, query: async () => [] },
    idle: { onStateChanged: event() },
    commands: { onCommand: event() },
    captivePortal: { onConnectivityAvailable: event(), onStateChanged: event() },
    windows: { getCurrent: async () => ({ id: 1 }), onFocusChanged: event() },
    action: {
      badge,
      setBadgeText: async ({ text }: { text: string }) => void (badge.text = text),
      setBadgeBackgroundColor: async ({ color }: { color: string }) => void (badge.color = color),
      setTitle: async ({ title }: { title: string }) => void (badge.title = title),
      setIcon: async ({ path }: { path: unknown }) => void (badge.icon = path),
    },
  };
}

type FakeBrowser = ReturnType<typeof fakeBrowser>;

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

/** Sends a page's request the way runtime.onMessage delivers it, and returns the reply. */
async function ask(browser: FakeBrowser, message: unknown) {
  const [listener] = browser.runtime.onMessage.listeners;
  if (!listener) throw new Error('no message handler registered');
  return (await listener(message, { id: browser.runtime.id, url: 'moz-extension://uuid/popup.html' })) as {
    ok: boolean;
    value?: { networks?: { location: string; mode: string }[] };
    error?: string;
  };
}

async function eventually(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
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
