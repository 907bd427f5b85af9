// Launches Debian's Chromium with the built extension (dist/chrome) through playwright-core.
import { mkdtempSync, rmSync } from 'node:fs';
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
  /** The extension's options page, used to send requests exactly as Hairpin's own UI does. */
  extensionPage(path?: string): Promise<Page>;
  send<T = unknown>(request: unknown): Promise<T>;
  dynamicRules(): Promise<{ id: number; condition: { regexFilter?: string }; action: { redirect?: { regexSubstitution?: string } } }[]>;
  close(): Promise<void>;
}

/** `hosts` maps test host names to loopback ports (`--host-resolver-rules`). */
export async function launchChromium(hosts: Record<string, number> = {}): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'hairpin-chromium-'));
  const rules = Object.entries(hosts).map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      `--disable-extensions-except=${CHROME_DIST}`,
      `--load-extension=${CHROME_DIST}`,
      `--host-resolver-rules=${[...rules, 'EXCLUDE 127.0.0.1'].join(', ')}`,
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker');
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
    extensionPage,
    async send<T>(request: unknown): Promise<T> {
      page ??= await extensionPage();
      const reply = await page.evaluate((message) => chrome.runtime.sendMessage(message), request as object);
      const typed = reply as { ok: boolean; value?: T; error?: string };
      if (!typed.ok) throw new Error(typed.error);
      return typed.value as T;
    },
    async dynamicRules() {
      const current = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      return current.evaluate(() => chrome.declarativeNetRequest.getDynamicRules()) as never;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return browser;
}

/** Navigates and waits until the tab has settled on a URL matching `predicate`. */
export async function gotoAndSettle(page: Page, url: string, predicate: (url: string) => boolean): Promise<string> {
  await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
  return waitFor(() => (predicate(page.url()) ? page.url() : null), { message: `tab URL to settle (now ${page.url()})` });
}

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  declarativeNetRequest: { getDynamicRules(): Promise<unknown[]> };
};
