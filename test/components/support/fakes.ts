// In-memory stand-ins for the background (HairpinClient) and the browser (PageServices), so
// the popup and options views can be rendered and driven in happy-dom.
import { vi, type Mock } from 'vitest';
import type { HairpinClient } from '../../../src/core/messages';
import { validateConfig } from '../../../src/core/config-validate';
import { stableJson } from '../../../src/core/stable-json';
import type { HairpinState, Request, ResponseMap, TestProbeResult } from '../../../src/core/messages';
import { effectiveLocation } from '../../../src/core/verdict';
import { answered, stateFor } from '../../support/hairpin-state';
import type { PageServices, TabInfo } from '../../../src/core/page-services';
import type { CookieInfo } from '../../../src/core/cookie-hints';

type Handlers = {
  [K in keyof ResponseMap]: (request: Extract<Request, { type: K }>) => ResponseMap[K] | Promise<ResponseMap[K]>;
};

export interface FakeBackground {
  client: HairpinClient;
  requests: Request[];
  state: HairpinState;
  /** Requests of one type, in order. */
  sent<T extends Request['type']>(type: T): Extract<Request, { type: T }>[];
  /** Request types the views do not use may be left out; sending one fails the test. */
  handlers: Partial<Handlers>;
  /** What exportSetAside answers for the configuration `state.setAside` describes. */
  setAsideText: string | null;
}

/** A background that keeps its state in memory and validates saves like the real one. */
export function fakeBackground(initial: HairpinState): FakeBackground {
  const fake: FakeBackground = {
    requests: [],
    state: structuredClone(initial),
    setAsideText: null,
    sent: (type) => fake.requests.filter((request) => request.type === type) as never,
    client: (async (request: Request) => {
      fake.requests.push(structuredClone(request));
      const handler = fake.handlers[request.type] as ((request: Request) => unknown) | undefined;
      if (!handler) throw new Error(`the fake background does not handle ${request.type}`);
      return structuredClone(await handler(request));
    }) as HairpinClient,
    handlers: {
      getState: () => fake.state,
      setMode: (request) => {
        fake.state = {
          ...fake.state,
          networks: fake.state.networks.map((network) =>
            network.name === request.network
              ? {
                  ...network,
                  mode: request.mode,
                  pinned: request.mode !== 'auto' && (request.pinned ?? false),
                  location: effectiveLocation(request.mode, network.verdict ?? undefined),
                }
              : network,
          ),
        };
        return fake.state;
      },
      checkNow: () => fake.state,
      fetchConfig: () => fake.state,
      saveConfig: (request) => {
        const result = validateConfig(request.config);
        if (!result.ok) return result;
        // As the config store does: with a `base`, only over the config it names.
        const stored = stableJson(fake.state.config);
        if (request.base !== undefined && stored !== stableJson(request.base) && stored !== stableJson(result.config)) {
          return {
            ok: false,
            errors: [{ path: '', message: 'the configuration was changed elsewhere meanwhile; nothing was saved' }],
            warnings: result.warnings,
            changedElsewhere: fake.state.config,
          };
        }
        const { sync, storageProblem, configFetch, secureConsent, setAside } = fake.state;
        fake.state = stateFor(result.config, [], { sync, storageProblem, configFetch, secureConsent, setAside });
        return { ok: true, warnings: result.warnings };
      },
      setSecureConsent: (request) => {
        const others = fake.state.secureConsent.filter((key) => key !== request.mapping);
        fake.state = { ...fake.state, secureConsent: request.allowed ? [...others, request.mapping] : others };
        return fake.state;
      },
      // As the engine answers: approved items leave the list (and apply), declined ones are marked.
      reviewPending: (request) => {
        const named = new Set(request.ids);
        const pending =
          request.verdict === 'approve'
            ? fake.state.pending.filter((item) => !named.has(item.id))
            : fake.state.pending.map((item) => (named.has(item.id) ? { ...item, declined: true } : item));
        fake.state = { ...fake.state, pending, ...(pending.length === 0 ? { applied: fake.state.config } : {}) };
        return fake.state;
      },
      exportSetAside: (request) => (fake.state.setAside?.kind === request.kind ? fake.setAsideText : null),
      dismissSetAside: (request) => {
        const shown = fake.state.setAside;
        if (shown?.kind === request.kind && shown.at === request.at) {
          fake.state = { ...fake.state, setAside: null };
          fake.setAsideText = null;
        }
        return fake.state;
      },
      // Both sides answer, as from a browser that reaches both.
      testSides: () => ({
        external: {
          ok: true,
          outcome: { kind: 'response', status: 200, latencyMs: 20, tokenFound: null, redirected: false },
        },
        internal: {
          ok: true,
          outcome: { kind: 'response', status: 200, latencyMs: 3, tokenFound: null, redirected: false },
        },
      }),
      testProbe: (): TestProbeResult => ({
        ok: true,
        outcome: { kind: 'response', status: 200, latencyMs: 12, tokenFound: true, redirected: false },
        verdict: answered(12, 0),
      }),
    },
  };
  return fake;
}

export interface FakeServices extends PageServices {
  tab: TabInfo | null;
  /** Calls the onStateChanged listeners, as a write to Hairpin's storage would. */
  emitStorageChanged(): void;
  /** What cookiesFor answers, whatever the URL. */
  cookies: CookieInfo[];
  downloads: { name: string; text: string; type: string }[];
}

export function fakeServices(
  tab: TabInfo | null = null,
): FakeServices & { [K in Exclude<keyof PageServices, 'canRequestPermissions'>]: Mock<PageServices[K]> } {
  const services = {
    tab,
    cookies: [] as CookieInfo[],
    downloads: [] as FakeServices['downloads'],
    listeners: new Set<() => void>(),
    emitStorageChanged: () => services.listeners.forEach((listener) => listener()),
    onStateChanged: vi.fn((callback: () => void) => {
      services.listeners.add(callback);
      return () => services.listeners.delete(callback);
    }),
    currentTab: vi.fn(async () => services.tab),
    openInTab: vi.fn(async () => undefined),
    writeClipboard: vi.fn(async () => undefined),
    canRequestPermissions: true,
    requestHostAccess: vi.fn(async () => true),
    requestOrigins: vi.fn(async () => true),
    hasOrigins: vi.fn(async () => true),
    requestCookieAccess: vi.fn(async () => true),
    cookiesFor: vi.fn(async (_url: string) => services.cookies),
    openOptionsPage: vi.fn(async () => undefined),
    downloadFile: vi.fn((name: string, text: string, type: string) => {
      services.downloads.push({ name, text, type });
    }),
  };
  return services;
}

/** A promise with its resolve function, to hold a request open. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
