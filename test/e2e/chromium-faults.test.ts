// Faults in a real Chromium: the service worker dies between a verdict and its rules, and the
// extension is updated over an older stored schema. Both must converge without losing the config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appPage,
  droppingHandler,
  hangingHandler,
  healthEndpoint,
  startServer,
  type TestServer,
} from './support/servers';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_DIST, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import { workerControl } from './support/worker-control';
import type { HairpinState } from '../../src/core/messages';
import { PROBE_TIMEOUT } from '../../src/core/config-schema';
import { STORAGE_VERSION } from '../../src/core/storage-migrations';

let external: TestServer;
let internal: TestServer;
let health: TestServer;
let browser: ExtensionBrowser;

function config(probeTimeoutMs = 800) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: 'tok-7f3a9c', timeoutMs: probeTimeoutMs },
        mappings: [
          {
            name: 'App',
            external: `http://app.example.test:${external.port}`,
            internal: `http://app.home.test:${internal.port}`,
          },
        ],
      },
    ],
  };
}

/** The substitution target of the installed rule: which way Hairpin currently redirects. */
async function direction(): Promise<string> {
  const rules = await browser.installedRules();
  if (rules.length === 0) return 'none';
  return rules[0]!.action.redirect?.regexSubstitution?.includes('app.home.test') ? 'to-internal' : 'to-external';
}

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint('tok-7f3a9c'));
  browser = await launchChromium({ 'app.example.test': external.port, 'app.home.test': internal.port });
  expect((await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: config() })).ok).toBe(true);
  await waitFor(async () => (await direction()) === 'to-internal', { message: 'home rules' });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, internal, health].map((server) => server?.close()));
});

describe('faults (Chromium)', () => {
  it('a worker killed between "verdict" and "rules applied" converges when it wakes', async () => {
    // Let every probe the save set off finish first (Check now returns when its probe has).
    await browser.send({ type: 'checkNow' });
    expect(await direction()).toBe('to-internal');
    health.setHandler(droppingHandler);
    // The state a crash right after saveVerdicts leaves: an away verdict, home rules still installed.
    await browser.worker.evaluate(async () => {
      const { verdicts } = await chrome.storage.session.get('verdicts');
      const home = (verdicts as Record<string, { checkedAt: number }>).Home!;
      await chrome.storage.session.set({
        verdicts: { Home: { ...home, location: 'away', reason: 'timeout', checkedAt: Date.now() } },
      });
    });
    expect(await direction()).toBe('to-internal');
    await (await workerControl(browser)).stop();
    // Any event wakes it; a page asking for the state is what the popup would do.
    const state = await browser.send<HairpinState>({ type: 'getState' });
    expect(state.networks[0]?.location).toBe('away');
    await waitFor(async () => (await direction()) === 'to-external', { message: 'rules to follow the stored verdict' });
  });

  it('an update over the v1 storage layout migrates the config and keeps redirecting', async () => {
    // A copy of the build, so that its version can be bumped between two runs of one profile.
    const root = mkdtempSync(join(tmpdir(), 'hairpin-update-'));
    const extensionDir = join(root, 'extension');
    const profile = join(root, 'profile');
    cpSync(CHROME_DIST, extensionDir, { recursive: true });
    const hosts = { 'app.example.test': external.port, 'app.home.test': internal.port };
    health.setHandler(healthEndpoint('tok-7f3a9c'));
    const v1 = config();
    const old = await launchChromium(hosts, { profile, extensionDir });
    try {
      // Let the fresh install finish its own start-up writes (migration stamp, first probe).
      await waitFor(
        () =>
          old.worker.evaluate(
            async () =>
              'storageVersion' in (await chrome.storage.local.get('storageVersion')) &&
              'verdicts' in (await chrome.storage.session.get('verdicts')),
          ),
        { message: 'install-time start-up to finish' },
      );
      // Storage as Hairpin 0.1 left it: the whole config in sync, no version, no local copy.
      await old.worker.evaluate(async (legacy) => {
        await chrome.storage.local.clear();
        await chrome.storage.sync.clear();
        await chrome.storage.sync.set({ config: legacy });
        await chrome.storage.local.set({ configStore: 'sync' });
        // 0.1 kept its rules as dynamic rules, which outlive the browser: leave one behind.
        await chrome.declarativeNetRequest.updateDynamicRules({
          addRules: [
            {
              id: 1000,
              priority: 1,
              action: { type: 'block' },
              condition: { regexFilter: '^http://app\\.example\\.test', resourceTypes: ['main_frame'] },
            },
          ],
        });
      }, v1);
    } finally {
      await old.close();
    }
    const manifestPath = join(extensionDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: `${manifest.version}.1` }));

    const updated = await launchChromium(hosts, { profile, extensionDir });
    try {
      const state = await waitFor(
        async () => {
          const current = await updated.send<HairpinState>({ type: 'getState' }).catch(() => null);
          return current && current.config.networks.length === 1 && current.networks[0]?.location === 'home'
            ? current
            : null;
        },
        { message: 'migrated config and a home verdict' },
      );
      expect(state.config).toEqual(v1);
      await waitFor(
        async () =>
          (await updated.installedRules()).some((rule) =>
            rule.action.redirect?.regexSubstitution?.includes('app.home.test'),
          ),
        {
          message: 'home rules after the update',
        },
      );
      const stored = await updated.worker.evaluate(async () => ({
        local: await chrome.storage.local.get(['storageVersion', 'configStore', 'config']),
        sync: await chrome.storage.sync.get('config'),
      }));
      expect(await updated.worker.evaluate(() => chrome.declarativeNetRequest.getDynamicRules())).toEqual([]);
      expect(stored.local.storageVersion).toBe(STORAGE_VERSION);
      expect(stored.local.configStore).toBeUndefined();
      expect(stored.sync.config).toBeUndefined();
    } finally {
      await updated.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('browser restart (Chromium)', () => {
  it('does not apply yesterday’s verdict to today’s network before the first probe', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'hairpin-restart-'));
    const hosts = { 'app.example.test': external.port, 'app.home.test': internal.port };
    health.setHandler(healthEndpoint('tok-7f3a9c'));
    const yesterday = await launchChromium(hosts, { profile });
    try {
      // The longest probe timeout: today's probe must still be hanging when the state is read,
      // however slowly this machine starts the browser.
      await yesterday.send({ type: 'saveConfig', config: config(PROBE_TIMEOUT.max) });
      await waitFor(async () => (await yesterday.installedRules()).length === 1, { message: 'home rules yesterday' });
    } finally {
      await yesterday.close();
    }
    // Today, in a café: nothing answers the probe.
    health.setHandler(hangingHandler);
    const today = await launchChromium(hosts, { profile });
    try {
      // Until today's probe answers (it hangs), Hairpin knows nothing, so it redirects nothing.
      const before = await today.send<HairpinState>({ type: 'getState' });
      expect(before.networks[0]?.verdict).toBeNull();
      expect(before.networks[0]?.location).toBe('unknown');
      expect(await today.installedRules()).toEqual([]);
      const page = await today.context.newPage();
      await page.goto(`http://app.example.test:${external.port}/restored-tab`);
      // With rules carried over the restart, this would have landed on the internal host.
      expect(page.url()).toBe(`http://app.example.test:${external.port}/restored-tab`);
      expect(await page.locator('#server').textContent()).toBe('external');
    } finally {
      await today.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

declare const chrome: {
  storage: {
    session: { get(keys: string | string[]): Promise<Record<string, unknown>>; set(items: object): Promise<void> };
    local: {
      get(keys: string | string[]): Promise<Record<string, unknown>>;
      set(items: object): Promise<void>;
      clear(): Promise<void>;
    };
    sync: {
      get(keys: string | string[]): Promise<Record<string, unknown>>;
      set(items: object): Promise<void>;
      clear(): Promise<void>;
    };
  };
  declarativeNetRequest: {
    getDynamicRules(): Promise<{ id: number }[]>;
    updateDynamicRules(options: { addRules: object[] }): Promise<void>;
  };
};
