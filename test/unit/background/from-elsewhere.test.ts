// What arrives from elsewhere (browser sync, the config URL) waits for a click in this browser:
// the real background (src/background/index.ts) against an in-memory browser. A save from this
// browser's pages applies at once; a mapping or a keepLogin brought by sync applies nothing —
// no rule, no cookie copied, even with the `cookies` permission held for another mapping —
// until the page's Allow (a `reviewPending` request) approves it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ask, eventually, fakeBrowser, type FakeBrowser } from '../support/fake-browser';
import { homeConfig } from '../../support/sample-config';
import { EMPTY_DOC, recordEdit } from '../../../src/core/sync-doc';
import { encodeDoc } from '../../../src/core/sync-codec';
import type { Config } from '../../../src/core/config-schema';
import type { HairpinState } from '../../../src/core/messages';

const current = vi.hoisted(() => ({ browser: null as unknown }));
vi.mock('webextension-polyfill', () => ({
  get default() {
    return current.browser;
  },
}));

const TOKEN = 'hairpin-7f3a';
const HERE = {
  name: 'Jellyfin',
  external: 'https://jellyfin.example.com',
  internal: 'https://jellyfin.home.example.com',
};
const SYNCED = { name: 'Evil', external: 'https://photos.example.com', internal: 'https://evil.example' };

function config(mappings: object[]): Config {
  const made = homeConfig(mappings);
  made.networks[0]!.probe = { url: 'http://192.168.1.10:8080/hairpin', expect: TOKEN };
  return made;
}

async function start(browser: FakeBrowser): Promise<void> {
  current.browser = browser;
  vi.resetModules();
  await import('../../../src/background/index');
}

async function state(browser: FakeBrowser): Promise<HairpinState> {
  return (await ask(browser, { type: 'getState' })).value as unknown as HairpinState;
}

/** Another machine writes this config to browser sync (a newer generation, its own entries). */
async function syncFromElsewhere(browser: FakeBrowser, from: Config): Promise<void> {
  const doc = recordEdit(EMPTY_DOC, from, Date.now() + 1000, 'machine-b');
  await browser.storage.sync.set(await encodeDoc(doc, 1000, 'machine-b', Date.now()));
}

const rulesFor = (browser: FakeBrowser, host: string) =>
  (browser.declarativeNetRequest.sessionRules as { action?: { redirect?: { regexSubstitution?: string } } }[]).filter(
    (rule) => rule.action?.redirect?.regexSubstitution?.includes(host),
  );

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(`ok ${TOKEN}`, { status: 200 })),
  );
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('a config from elsewhere waits for a click in this browser', () => {
  it('a save from this browser applies at once; a mapping from sync adds no rule until allowed', async () => {
    const browser = fakeBrowser();
    await start(browser);
    expect(await ask(browser, { type: 'saveConfig', config: config([HERE]) })).toMatchObject({ value: { ok: true } });
    await eventually(() => rulesFor(browser, 'jellyfin.home.example.com').length === 1, 'the rule of the local save');

    await syncFromElsewhere(browser, config([SYNCED]));
    await eventually(async () => (await state(browser)).config.networks[0]!.mappings.length === 2, 'the merge');
    const waiting = await state(browser);
    expect(waiting.pending).toEqual([
      expect.objectContaining({ kind: 'mapping', name: 'Evil', internal: 'https://evil.example', declined: false }),
    ]);
    expect(waiting.applied.networks[0]!.mappings.map((mapping) => mapping.name)).toEqual(['Jellyfin']);
    expect(rulesFor(browser, 'evil.example')).toEqual([]);

    const allowed = await ask(browser, {
      type: 'reviewPending',
      ids: waiting.pending.map((item) => item.id),
      verdict: 'approve',
    });
    expect(allowed).toMatchObject({ ok: true, value: { pending: [] } });
    await eventually(() => rulesFor(browser, 'evil.example').length === 1, 'the rule once allowed');
    // Stored in this browser only: nothing of it goes to sync.
    expect(JSON.stringify(await browser.storage.sync.get(null))).not.toContain('approvals');
  });

  it('a keepLogin from sync copies no cookie, even with cookie access held for another mapping, until allowed', async () => {
    const browser = fakeBrowser();
    const writes: { url: string; name: string }[] = [];
    const jar = [
      { name: 'session', value: 's3cret', domain: 'photos.example.com', hostOnly: true, path: '/', secure: true },
      { name: 'sid', value: 'abc', domain: 'jellyfin.example.com', hostOnly: true, path: '/', secure: true },
    ].map((cookie) => ({ httpOnly: true, sameSite: 'lax', session: true, storeId: '0', ...cookie }));
    Object.assign(browser, {
      cookies: {
        getAll: async ({ url }: { url: string }) => jar.filter((cookie) => new URL(url).hostname === cookie.domain),
        get: async () => null,
        set: async (write: { url: string; name: string }) => void writes.push({ url: write.url, name: write.name }),
        remove: async () => null,
        onChanged: { addListener: () => {}, removeListener: () => {}, hasListener: () => false },
      },
    });
    browser.permissions.contains = async () => true;
    await start(browser);
    const mine = { ...HERE, keepLogin: true };
    expect(await ask(browser, { type: 'saveConfig', config: config([mine]) })).toMatchObject({ value: { ok: true } });
    await eventually(() => writes.some((write) => write.url.includes('jellyfin.home.example.com')), 'our mirror');

    await syncFromElsewhere(browser, config([mine, { ...SYNCED, keepLogin: true }]));
    await eventually(async () => (await state(browser)).pending.length === 1, 'the synced mapping to wait');
    await ask(browser, { type: 'checkNow' });
    expect(writes.filter((write) => write.url.includes('evil.example'))).toEqual([]);

    const { pending } = await state(browser);
    expect(pending).toEqual([expect.objectContaining({ kind: 'mapping', name: 'Evil', keepLogin: true })]);
    await ask(browser, { type: 'reviewPending', ids: [pending[0]!.id], verdict: 'approve' });
    await eventually(() => writes.some((write) => write.url.includes('evil.example')), 'the mirror once allowed');
  });
});
