// Browser-side helpers shared by the sections: a Hairpin config, the current service worker,
// navigation timing of the page in a tab, and waiting on rules from inside the worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs, type ExtensionBrowser } from '../test/e2e/support/chromium';
import { healthEndpoint, startServer, type Handler, type TestServer } from '../test/e2e/support/servers';
import { waitFor } from '../test/e2e/support/poll';
export { workerControl } from '../test/e2e/support/worker-control';
import type { HairpinState } from '../src/core/messages';

export const TOKEN = 'hairpin-bench-token';

export interface MappingSpec {
  name: string;
  external: string;
  internal: string;
}

export function hairpinConfig(
  probeUrl: string,
  mappings: readonly MappingSpec[],
  extra: { timeoutMs?: number; rescueAfterMs?: number } = {},
) {
  return {
    format: 'hairpin-config',
    version: 1,
    ...(extra.rescueAfterMs === undefined ? {} : { rescueAfterMs: extra.rescueAfterMs }),
    networks: [
      {
        name: 'Home',
        probe: {
          url: probeUrl,
          expect: TOKEN,
          ...(extra.timeoutMs === undefined ? {} : { timeoutMs: extra.timeoutMs }),
        },
        mappings,
      },
    ],
  };
}

/**
 * Sends a request to Hairpin's background as its pages do, from the helper page (not the
 * options page that ExtensionBrowser.send uses: see helperPage), with a timeout.
 */
export async function send<T = unknown>(browser: ExtensionBrowser, request: object, timeoutMs = 60_000): Promise<T> {
  const page = await helperPage(browser);
  const reply = (await withTimeout(
    page.evaluate((message) => chrome.runtime.sendMessage(message), request),
    timeoutMs,
    `request ${JSON.stringify(request).slice(0, 40)}`,
  )) as { ok: true; value: T } | { ok: false; error: string } | undefined;
  if (!reply) throw new Error('Hairpin’s background did not answer');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

export async function saveConfig(browser: ExtensionBrowser, config: unknown): Promise<void> {
  const saved = await send<{ ok: boolean; errors?: { path: string; message: string }[] }>(browser, {
    type: 'saveConfig',
    config,
  });
  if (!saved.ok) throw new Error(`config refused: ${JSON.stringify(saved.errors)}`);
}

export async function location(browser: ExtensionBrowser): Promise<string> {
  const state = await send<HairpinState>(browser, { type: 'getState' });
  return state.networks[0]?.location ?? 'none';
}

/*
 * Hairpin keeps its redirects as session rules (they must not outlive the browser). They are
 * read from an extension page, not the service worker: the page sees the same rule set, and
 * Playwright keeps a dead Worker handle when the worker restarts (seen in Chromium 156: no
 * close event, evaluate never settles), which would hang a benchmark.
 */
const helperPages = new WeakMap<ExtensionBrowser, Promise<Page>>();

/**
 * An extension page kept open for API calls (one per browser): the manifest, shown as text. It
 * has the extension's origin and APIs but runs none of Hairpin's UI code, which is under active
 * development and must not slow or stall the measurements.
 */
export function helperPage(browser: ExtensionBrowser): Promise<Page> {
  let page = helperPages.get(browser);
  if (!page) {
    page = browser.extensionPage('manifest.json');
    helperPages.set(browser, page);
  }
  return page;
}

export type InstalledRule = { id: number; condition: { regexFilter?: string } };

export async function installedRules(browser: ExtensionBrowser): Promise<InstalledRule[]> {
  const page = await helperPage(browser);
  return (await withTimeout(
    page.evaluate(() => chrome.declarativeNetRequest.getSessionRules()),
    10_000,
    'getSessionRules',
  )) as InstalledRule[];
}

/** Rejects when `promise` has not settled in `ms`: a stuck browser call fails the run instead of hanging it. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle in ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Waits until Hairpin's rules redirect from a side whose regex contains `fromHost` (escaped as in the rule). */
export async function waitForRulesFrom(browser: ExtensionBrowser, fromHost: string, timeoutMs = 15_000): Promise<void> {
  const needle = fromHost.replace(/\./g, '\\.');
  await waitFor(
    async () => (await installedRules(browser)).some((rule) => rule.condition.regexFilter?.includes(needle)),
    { timeoutMs, message: `rules redirecting from ${fromHost}` },
  );
}

/**
 * Probes (Check now, awaited) until the rules redirect from `fromHost`. One Check now can
 * share a probe still running from before the endpoint changed (the engine never runs two
 * probes of one network at once), so it asks again until the verdict follows.
 */
export async function checkUntilRulesFrom(
  browser: ExtensionBrowser,
  fromHost: string,
  timeoutMs = 20_000,
): Promise<void> {
  const needle = fromHost.replace(/\./g, '\\.');
  await waitFor(
    async () => {
      await send(browser, { type: 'checkNow' });
      return (await installedRules(browser)).some((rule) => rule.condition.regexFilter?.includes(needle));
    },
    { timeoutMs, intervalMs: 20, message: `rules redirecting from ${fromHost} after Check now` },
  );
}

/**
 * Starts a watcher in an extension page that polls getSessionRules every `intervalMs` until
 * some rule's regexFilter contains `fromHost`; `collect()` returns the wall-clock time
 * (performance.timeOrigin + now, comparable across processes) when it first did.
 */
export async function armRuleWatch(browser: ExtensionBrowser, fromHost: string, timeoutMs: number, intervalMs = 2) {
  const needle = fromHost.replace(/\./g, '\\.');
  const page = await helperPage(browser);
  await page.evaluate(
    ({ needle, timeoutMs, intervalMs }) => {
      const scope = globalThis as unknown as { __hairpinBenchWatch?: Promise<number | null> };
      scope.__hairpinBenchWatch = (async () => {
        const deadline = performance.now() + timeoutMs;
        while (performance.now() < deadline) {
          const rules = (await chrome.declarativeNetRequest.getSessionRules()) as {
            condition: { regexFilter?: string };
          }[];
          if (rules.some((rule) => rule.condition.regexFilter?.includes(needle)))
            return performance.timeOrigin + performance.now();
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
        return null;
      })();
    },
    { needle, timeoutMs, intervalMs },
  );
  return {
    async collect(): Promise<number> {
      const at = await withTimeout(
        page.evaluate(
          () => (globalThis as unknown as { __hairpinBenchWatch?: Promise<number | null> }).__hairpinBenchWatch,
        ),
        timeoutMs + 10_000,
        'the rule watch',
      );
      if (typeof at !== 'number') throw new Error(`rules never redirected from ${fromHost} within ${timeoutMs} ms`);
      return at;
    },
  };
}

/** What the page in a tab says about its own load, relative to its navigation start. */
export interface NavTiming {
  /** Wall-clock time of navigation start (performance.timeOrigin). */
  origin: number;
  fetchStart: number;
  domainLookupStart: number;
  domainLookupEnd: number;
  connectStart: number;
  connectEnd: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  domInteractive: number;
  domContentLoadedEventEnd: number;
  loadEventEnd: number;
  /** first-contentful-paint; -1 when the browser reported none. */
  fcp: number;
  /** The navigation entry's type and the number of redirects it may reveal (same-origin only). */
  redirectCount: number;
}

export async function navTiming(page: Page): Promise<NavTiming> {
  return page.evaluate(async () => {
    // Paint timing arrives a frame after load: wait for it briefly.
    const fcp = await new Promise<number>((resolve) => {
      const found = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
      const now = found();
      if (now !== undefined) return resolve(now);
      const observer = new PerformanceObserver(() => {
        const at = found();
        if (at !== undefined) {
          observer.disconnect();
          resolve(at);
        }
      });
      observer.observe({ type: 'paint', buffered: true });
      setTimeout(() => {
        observer.disconnect();
        resolve(found() ?? -1);
      }, 1000);
    });
    const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      origin: performance.timeOrigin,
      fetchStart: entry.fetchStart,
      domainLookupStart: entry.domainLookupStart,
      domainLookupEnd: entry.domainLookupEnd,
      connectStart: entry.connectStart,
      connectEnd: entry.connectEnd,
      requestStart: entry.requestStart,
      responseStart: entry.responseStart,
      responseEnd: entry.responseEnd,
      domInteractive: entry.domInteractive,
      domContentLoadedEventEnd: entry.domContentLoadedEventEnd,
      loadEventEnd: entry.loadEventEnd,
      fcp,
      redirectCount: entry.redirectCount,
    };
  });
}

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  declarativeNetRequest: { getSessionRules(): Promise<unknown[]> };
};

/**
 * The same Chromium with no extension at all: the baseline for what Hairpin costs navigations
 * it has nothing to do with: the tests' flags, less the extension.
 */
export async function launchPlainChromium(
  hosts: Record<string, number>,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'hairpin-bench-plain-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(hosts),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A health endpoint that notes when each probe arrives. Hairpin also probes on its own every
 * minute (an alarm): a sample during which such a probe flipped the verdict is detected by
 * these times and measured again.
 */
export async function startHealth(): Promise<{
  server: TestServer;
  probeTimes: number[];
  set(handler: Handler): void;
  close(): Promise<void>;
}> {
  const probeTimes: number[] = [];
  let current: Handler = healthEndpoint(TOKEN);
  const server = await startServer((request, response) => {
    probeTimes.push(performance.timeOrigin + performance.now());
    current(request, response);
  });
  return {
    server,
    probeTimes,
    set(handler) {
      current = handler;
    },
    close: () => server.close(),
  };
}

/** Runs `attempt` until it returns a value (null: disturbed, try again), at most `tries` times. */
export async function untilUndisturbed<T>(attempt: () => Promise<T | null>, what: string, tries = 5): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await attempt();
    if (value !== null) return value;
  }
  throw new Error(`${what}: disturbed ${tries} times in a row (Hairpin's periodic probe?)`);
}
