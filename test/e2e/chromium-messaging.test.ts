// Nothing outside Hairpin can drive it, in a real Chromium: a second extension loaded beside it
// and a web page both try runtime.sendMessage to Hairpin with a valid request (force Home), and
// neither gets through; the same request from Hairpin's own page does. The other extension
// declares `externally_connectable` for 127.0.0.1, so the page really has the messaging API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeConfig } from '../support/sample-config';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { CHROME_DIST, launchChromium, type ExtensionBrowser } from './support/chromium';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-messaging-token';
const FORCE_HOME = { type: 'setMode', network: 'Home', mode: 'home' };

let health: TestServer;
let site: TestServer;
let otherDir: string;
let otherId: string;
let browser: ExtensionBrowser;

/** An unpacked extension with a fixed key, so its id is known: only a page, no background. */
function writeOtherExtension(): { dir: string; id: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-other-extension-'));
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  // Chromium's id: the first 16 bytes of the key's SHA-256, each hex digit written as a–p.
  const id = [...createHash('sha256').update(der).digest('hex').slice(0, 32)]
    .map((digit) => String.fromCharCode(97 + parseInt(digit, 16)))
    .join('');
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Another extension',
      version: '1.0',
      key: der.toString('base64'),
      externally_connectable: { matches: ['http://127.0.0.1/*'] },
    }),
  );
  writeFileSync(join(dir, 'page.html'), '<!doctype html><title>other</title>');
  return { dir, id };
}

beforeAll(async () => {
  health = await startServer(healthEndpoint(TOKEN));
  site = await startServer(appPage('a web page'));
  ({ dir: otherDir, id: otherId } = writeOtherExtension());
  browser = await launchChromium({ 'site.example.test': site.port }, { otherExtensions: [otherDir] });
  const saved = await browser.send<{ ok: boolean }>({
    type: 'saveConfig',
    config: homeConfig([{ name: 'App', external: 'http://app.example.test', internal: 'http://app.home.test' }], {
      probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
    }),
  });
  expect(saved.ok).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([health?.close(), site?.close()]);
  if (otherDir) rmSync(otherDir, { recursive: true, force: true });
});

const mode = async () => (await browser.send<HairpinState>({ type: 'getState' })).networks[0]?.mode;

/** The part of chrome.runtime a page or another extension would use to reach Hairpin. */
interface PageRuntime {
  sendMessage(target: string, message: unknown): Promise<unknown>;
  connect(target: string): {
    onDisconnect: { addListener(listener: () => void): void };
    postMessage(message: unknown): void;
  };
  lastError?: { message?: string };
}

/** Tries runtime.sendMessage and runtime.connect to `target` from `page`; what came back. */
async function tryToDrive(page: Page, target: string) {
  return page.evaluate(
    async ({ target, message }) => {
      const runtime = (globalThis as { chrome?: { runtime?: PageRuntime } }).chrome?.runtime;
      if (!runtime?.sendMessage) return { api: false, sent: null, connected: null };
      const sent = await runtime.sendMessage(target, message).then(
        (reply: unknown) => ({ reply }),
        (error: unknown) => ({ error: String(error) }),
      );
      const connected = await new Promise<string>((resolve) => {
        const port = runtime.connect(target);
        port.onDisconnect.addListener(() => resolve(`disconnected: ${runtime.lastError?.message ?? ''}`));
        port.postMessage(message);
      });
      return { api: true, sent, connected };
    },
    { target, message: FORCE_HOME },
  );
}

describe('who can message Hairpin in Chromium', () => {
  it('ships no externally_connectable and no content scripts', () => {
    const manifest = JSON.parse(readFileSync(join(CHROME_DIST, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
  });

  it('another extension cannot: its sendMessage finds no receiver, connect is dropped, nothing runs', async () => {
    expect(await mode()).toBe('auto');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${otherId}/page.html`);
    const tried = await tryToDrive(page, browser.extensionId);
    await page.close();
    expect(tried.api).toBe(true);
    expect(tried.sent).toEqual({ error: expect.stringMatching(/Receiving end does not exist/) as string });
    expect(tried.connected).toMatch(/^disconnected/);
    expect(await mode()).toBe('auto');

    // The same request from Hairpin's own page runs: the request itself is fine.
    await browser.send(FORCE_HOME);
    expect(await mode()).toBe('home');
    await browser.send({ type: 'setMode', network: 'Home', mode: 'auto' });
  });

  it('a web page cannot, even where the messaging API exists for another extension', async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${site.port}/`);
    const tried = await tryToDrive(page, browser.extensionId);
    expect(tried.api).toBe(true); // exposed for the other extension's externally_connectable
    expect(tried.sent).toMatchObject({ error: expect.any(String) as string });
    expect(tried.connected).toMatch(/^disconnected/);
    // A page no extension lists does not even get the API.
    await page.goto(`http://site.example.test:${site.port}/`);
    expect((await tryToDrive(page, browser.extensionId)).api).toBe(false);
    await page.close();
    expect(await mode()).toBe('auto');
  });
});
