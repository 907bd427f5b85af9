// Launches Debian's Chromium with the built extension (dist/chrome) through playwright-core.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { waitFor } from './poll';

export const CHROME_DIST = resolve('dist/chrome');
export const CHROMIUM_PATH = process.env.CHROME ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The profile folder (the browser process runs with `--user-data-dir` set to it). */
  profile: string;
  /** The extension's options page, used to send requests exactly as Hairpin's own UI does. */
  extensionPage(path?: string): Promise<Page>;
  send<T = unknown>(request: unknown): Promise<T>;
  /** The tabs API id of the tab showing `page` (match on its current URL). */
  tabIdOf(page: Page): Promise<number>;
  installedRules(): Promise<
    { id: number; condition: { regexFilter?: string }; action: { redirect?: { regexSubstitution?: string } } }[]
  >;
  /** Makes every stored verdict `ms` older, as if the last probe had run that long ago. */
  ageVerdicts(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debian Chromium's flags for tests: quiet (no background traffic to Google's hosts, which this
 * network refuses), test host names mapped to loopback ports, and the extension when given.
 */
export function chromiumArgs(hosts: Record<string, number>, extensionDirs: string | readonly string[] = []): string[] {
  // Chromium loads unpacked extensions in the order listed.
  const dirs = (typeof extensionDirs === 'string' ? [extensionDirs] : extensionDirs).join(',');
  const rules = Object.entries(hosts).map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`);
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    ...(dirs ? [`--disable-extensions-except=${dirs}`, `--load-extension=${dirs}`] : []),
    `--host-resolver-rules=${[...rules, 'EXCLUDE 127.0.0.1'].join(', ')}`,
  ];
}

export interface LaunchOptions {
  /** A profile to reuse (kept on close, the caller removes it): to restart "the same browser". */
  profile?: string;
  /** Load the extension from here instead of dist/chrome (e.g. a copy with a bumped version). */
  extensionDir?: string;
  /** More command-line flags, e.g. `--ip-address-space-overrides` for Local Network Access. */
  args?: string[];
  /**
   * Other unpacked extensions to load beside Hairpin (the benchmark's bare DNR extension), after
   * it unless `othersFirst`. The main extension's worker is told from theirs by its script.
   */
  otherExtensions?: readonly string[];
  othersFirst?: boolean;
}

/** `hosts` maps test host names to loopback ports (`--host-resolver-rules`). */
export async function launchChromium(
  hosts: Record<string, number> = {},
  options: LaunchOptions = {},
): Promise<ExtensionBrowser> {
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'hairpin-chromium-'));
  const extensionDir = options.extensionDir ?? CHROME_DIST;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      ...chromiumArgs(
        hosts,
        options.othersFirst
          ? [...(options.otherExtensions ?? []), extensionDir]
          : [extensionDir, ...(options.otherExtensions ?? [])],
      ),
      ...(options.args ?? []),
    ],
  });
  const script = mainWorkerScript(extensionDir);
  const worker = await workerRunning(context, script);
  const extensionId = new URL(worker.url()).host;
  let page: Page | null = null;

  const extensionPage = async (path = 'src/options/index.html') => {
    const created = await context.newPage();
    await created.goto(`chrome-extension://${extensionId}/${path}`);
    return created;
  };

  const browser: ExtensionBrowser = {
    context,
    worker,
    extensionId,
    profile,
    extensionPage,
    async send<T>(request: unknown): Promise<T> {
      // Extension pages close when the extension reloads: open a fresh one then.
      if (!page || page.isClosed()) page = await extensionPage();
      const reply = await page.evaluate((message) => chrome.runtime.sendMessage(message), request as object);
      const typed = reply as { ok: boolean; value?: T; error?: string };
      if (!typed.ok) throw new Error(typed.error);
      return typed.value as T;
    },
    async tabIdOf(target: Page): Promise<number> {
      // Extension pages close when the extension reloads: open a fresh one then.
      if (!page || page.isClosed()) page = await extensionPage();
      const helper = page;
      const url = target.url();
      return waitFor(
        async () => {
          const tabs = (await helper.evaluate(() => chrome.tabs.query({}))) as { id?: number; url?: string }[];
          return tabs.find((tab) => tab.url === url)?.id ?? null;
        },
        { message: `a tab showing ${url}` },
      );
    },
    async installedRules() {
      const current = await workerRunning(context, script);
      return current.evaluate(() => chrome.declarativeNetRequest.getSessionRules()) as never;
    },
    async ageVerdicts(ms) {
      const current = await workerRunning(context, script);
      await current.evaluate(async (by) => {
        const { verdicts } = (await chrome.storage.session.get('verdicts')) as {
          verdicts?: Record<string, { checkedAt: number }>;
        };
        for (const verdict of Object.values(verdicts ?? {})) verdict.checkedAt -= by;
        await chrome.storage.session.set({ verdicts: verdicts ?? {} });
      }, ms);
    },
    async close() {
      await context.close();
      if (!options.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
  return browser;
}

/** The script of the service worker `extensionDir`'s manifest declares (Hairpin's: crxjs's loader). */
function mainWorkerScript(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string };
  };
  const script = manifest.background?.service_worker;
  if (!script) throw new Error(`${extensionDir}: its manifest declares no service worker`);
  return script;
}

/** The running worker of that script, not another extension's: waits for it to start. */
async function workerRunning(context: BrowserContext, script: string): Promise<Worker> {
  const isMain = (candidate: Worker) => new URL(candidate.url()).pathname === `/${script}`;
  return context.serviceWorkers().find(isMain) ?? (await context.waitForEvent('serviceworker', { predicate: isMain }));
}

/** Navigates and waits until the tab has settled on a URL matching `predicate`. */
export async function gotoAndSettle(page: Page, url: string, predicate: (url: string) => boolean): Promise<string> {
  await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
  return waitFor(() => (predicate(page.url()) ? page.url() : null), {
    message: `tab URL to settle (now ${page.url()})`,
  });
}

/**
 * Collects what a page reports as an error: console.error calls and uncaught exceptions. Errors
 * in the service worker do not show here (read them over the debugging protocol).
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(filter: object): Promise<unknown[]> };
  declarativeNetRequest: { getSessionRules(): Promise<unknown[]> };
  storage: { session: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> } };
};
