// An in-memory `browser` with every API the background touches (as Firefox desktop offers it),
// for tests that start the real background (src/background/index.ts) against it. Each test file
// mocks 'webextension-polyfill' itself (vi.mock is hoisted per file) and hands it one of these.

export type Listener = (...args: unknown[]) => unknown;

interface FakeEvent {
  listeners: Listener[];
  addListener(listener: Listener): void;
  removeListener(listener: Listener): void;
  hasListener(listener: Listener): boolean;
}

export function event(): FakeEvent {
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

export function area(name: string, onChanged: FakeEvent) {
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
export function fakeBrowser() {
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

export type FakeBrowser = ReturnType<typeof fakeBrowser>;

/** Sends a page's request the way runtime.onMessage delivers it, and returns the reply. */
export async function ask(browser: FakeBrowser, message: unknown) {
  const [listener] = browser.runtime.onMessage.listeners;
  if (!listener) throw new Error('no message handler registered');
  return (await listener(message, { id: browser.runtime.id, url: 'moz-extension://uuid/popup.html' })) as {
    ok: boolean;
    value?: { networks?: { location: string; mode: string }[] };
    error?: string;
  };
}

/** Polls `check` until it holds; 5 s is ample on a loaded machine (a passing check takes ms). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, deadlineMs = 5000) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
