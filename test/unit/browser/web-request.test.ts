// The webRequest adapter against an in-memory webRequest: which listeners are registered, with
// which URL filters (they decide which navigations wake a stopped service worker).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NavigationWatch } from '../../../src/background/navigation-watch';

type Listener = (details: Record<string, unknown>) => void;
interface Registration {
  listener: Listener;
  filter: { urls: string[]; types?: string[] };
}

const EVENTS = ['onBeforeRequest', 'onBeforeRedirect', 'onResponseStarted', 'onCompleted', 'onErrorOccurred'] as const;
type EventName = (typeof EVENTS)[number];

const fake = vi.hoisted(() => {
  const registered: Record<string, Registration[]> = {};
  return { registered, refuse: null as string | null };
});

vi.mock('../../../src/browser/api', () => {
  const event = (name: string) => ({
    addListener(listener: Listener, filter: Registration['filter']) {
      if (fake.refuse && filter.urls.includes(fake.refuse)) throw new Error(`Invalid url pattern '${fake.refuse}'`);
      (fake.registered[name] ??= []).push({ listener, filter });
    },
    removeListener(listener: Listener) {
      fake.registered[name] = (fake.registered[name] ?? []).filter((entry) => entry.listener !== listener);
    },
  });
  const webRequest = Object.fromEntries(
    ['onBeforeRequest', 'onBeforeRedirect', 'onResponseStarted', 'onCompleted', 'onErrorOccurred'].map((name) => [
      name,
      event(name),
    ]),
  );
  return { browser: { webRequest } };
});

const { observeNavigations } = await import('../../../src/browser/web-request');

const ALL = ['http://*/*', 'https://*/*'];
const MAPPED = ['https://jellyfin.example.com/*', 'http://192.168.1.20/*'];

function filters(name: EventName) {
  return (fake.registered[name] ?? []).map((entry) => entry.filter);
}

/** Delivers an event to the listeners whose URL filter matches (a simplified host match). */
function fire(name: EventName, details: Record<string, unknown>) {
  const url = new URL(String(details.url));
  for (const { listener, filter } of fake.registered[name] ?? []) {
    const matches = filter.urls.some((pattern) => {
      const [scheme, rest] = pattern.split('://') as [string, string];
      const host = rest.slice(0, rest.indexOf('/'));
      return `${scheme}:` === url.protocol && (host === '*' || host === url.hostname);
    });
    if (matches) listener(details);
  }
}

function setUp() {
  const calls = { starts: [] as string[], errors: [] as string[] };
  const watch = new NavigationWatch({
    deadlineMs: () => 1000,
    onStart: (_tab, url) => calls.starts.push(url),
    onStall: () => undefined,
    onFailure: () => undefined,
    setTimer: () => 0,
    clearTimer: () => undefined,
  });
  const observer = observeNavigations(watch, (error) => calls.errors.push(error));
  return { observer, calls };
}

function navigate(url: string, requestId = '1') {
  fire('onBeforeRequest', { requestId, tabId: 1, url, method: 'GET', type: 'main_frame' });
}

beforeEach(() => {
  fake.registered = {};
  fake.refuse = null;
});
afterEach(() => {
  delete (globalThis as Record<string, unknown>).ServiceWorkerGlobalScope;
});

describe('observeNavigations in a service worker (Chromium)', () => {
  beforeEach(() => {
    (globalThis as Record<string, unknown>).ServiceWorkerGlobalScope = class {};
  });

  it('starts with every site, so the navigation that woke the worker is seen before the config is read', async () => {
    const { calls } = setUp();
    for (const name of EVENTS) expect(filters(name).map((filter) => filter.urls)).toEqual([ALL]);
    expect(filters('onBeforeRequest')[0]?.types).toEqual(['main_frame']);
    // Errors of every request type: a network change shows on whichever request fails first.
    expect(filters('onErrorOccurred')[0]?.types).toBeUndefined();
    navigate('https://news.example.org/');
    expect(calls.starts).toEqual(['https://news.example.org/']);
  });

  it('narrows every listener to the mapped sites: elsewhere is no longer observed', async () => {
    const { observer, calls } = setUp();
    await observer.watchOnly(Promise.resolve(MAPPED));
    for (const name of EVENTS) expect(filters(name).map((filter) => filter.urls)).toEqual([MAPPED]);
    navigate('https://news.example.org/', '1');
    navigate('https://jellyfin.example.com/web', '2');
    expect(calls.starts).toEqual(['https://jellyfin.example.com/web']);
    fire('onErrorOccurred', {
      requestId: '3',
      tabId: 1,
      url: 'https://news.example.org/x.js',
      error: 'net::ERR_NETWORK_CHANGED',
    });
    fire('onErrorOccurred', {
      requestId: '4',
      tabId: 1,
      url: 'http://192.168.1.20/x.js',
      error: 'net::ERR_NETWORK_CHANGED',
    });
    expect(calls.errors).toEqual(['net::ERR_NETWORK_CHANGED']);
  });

  it('follows the config: wider again, and no listener at all without mappings', async () => {
    const { observer, calls } = setUp();
    await observer.watchOnly(Promise.resolve(MAPPED));
    await observer.watchOnly(Promise.resolve([...MAPPED, 'https://photos.example.com/*']));
    expect(filters('onBeforeRequest').map((filter) => filter.urls)).toEqual([
      [...MAPPED, 'https://photos.example.com/*'],
    ]);
    await observer.watchOnly(Promise.resolve([]));
    for (const name of EVENTS) expect(filters(name)).toEqual([]);
    navigate('https://jellyfin.example.com/web');
    expect(calls.starts).toEqual([]);
  });

  it('reads that settle out of order: the latest call wins', async () => {
    const { observer } = setUp();
    let settleOld!: (sites: readonly string[]) => void;
    const older = observer.watchOnly(new Promise((resolve) => (settleOld = resolve)));
    await observer.watchOnly(Promise.resolve(MAPPED));
    settleOld(['https://old.example.com/*']);
    await older;
    expect(filters('onBeforeRequest').map((filter) => filter.urls)).toEqual([MAPPED]);
  });

  it('sites that cannot be read: every site again (a new mapping must not go unseen), and the error is reported', async () => {
    const { observer } = setUp();
    await observer.watchOnly(Promise.resolve(MAPPED));
    await expect(observer.watchOnly(Promise.reject(new Error('storage unavailable')))).rejects.toThrow(
      'storage unavailable',
    );
    for (const name of EVENTS) expect(filters(name).map((filter) => filter.urls)).toEqual([ALL]);
  });

  it('leaves the listeners alone when the sites did not change', async () => {
    const { observer } = setUp();
    await observer.watchOnly(Promise.resolve(MAPPED));
    const before = fake.registered.onBeforeRequest?.[0];
    await observer.watchOnly(Promise.resolve([...MAPPED]));
    expect(fake.registered.onBeforeRequest).toHaveLength(1);
    expect(fake.registered.onBeforeRequest?.[0]).toBe(before);
  });

  it('a pattern the browser refuses: back to every site (never to none), and the error is reported', async () => {
    const { observer, calls } = setUp();
    fake.refuse = 'http://bad pattern/*';
    await expect(observer.watchOnly(Promise.resolve([MAPPED[0]!, 'http://bad pattern/*']))).rejects.toThrow(
      /Invalid url pattern/,
    );
    for (const name of EVENTS) expect(filters(name).map((filter) => filter.urls)).toEqual([ALL]);
    navigate('https://news.example.org/');
    expect(calls.starts).toEqual(['https://news.example.org/']);
    // Once the config is fixed, narrowing works again.
    fake.refuse = null;
    await observer.watchOnly(Promise.resolve(MAPPED));
    expect(filters('onBeforeRequest').map((filter) => filter.urls)).toEqual([MAPPED]);
  });
});

describe('observeNavigations in an event page (Firefox)', () => {
  it('keeps every site: the event page wakes for the listeners it registered at startup', async () => {
    const { observer } = setUp();
    await observer.watchOnly(Promise.resolve(MAPPED));
    for (const name of EVENTS) expect(filters(name).map((filter) => filter.urls)).toEqual([ALL]);
  });
});
