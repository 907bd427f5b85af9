// Sync in a real Chromium: what another machine writes to storage.sync arrives through
// storage.onChanged and is merged with this machine's config; what it adds applies once allowed
// in this browser. A write
// seen half-delivered (meta before its chunks) changes nothing until the rest arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import { EMPTY_DOC, recordEdit } from '../../src/core/sync-doc';
import { encodeDoc, META_KEY } from '../../src/core/sync-codec';
import { validateConfig } from '../../src/core/config-validate';
import type { Config } from '../../src/core/config-schema';
import type { HairpinState } from '../../src/core/messages';

let external: TestServer;
let internal: TestServer;
let health: TestServer;
let browser: ExtensionBrowser;

function configWith(names: string[]): Config {
  const result = validateConfig({
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: 'tok-7f3a9c' },
        mappings: names.map((name) => ({
          name,
          external: `http://${name}.example.test:${external.port}`,
          internal: `http://${name}.home.test:${internal.port}`,
        })),
      },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

async function mappingNames(): Promise<string[]> {
  const state = await browser.send<HairpinState>({ type: 'getState' });
  return state.config.networks[0]?.mappings.map((mapping) => mapping.name) ?? [];
}

async function writeSync(items: Record<string, unknown>): Promise<void> {
  await browser.worker.evaluate((values) => chrome.storage.sync.set(values), items);
}

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint('tok-7f3a9c'));
  browser = await launchChromium({
    'alpha.example.test': external.port,
    'alpha.home.test': internal.port,
    'beta.example.test': external.port,
    'beta.home.test': internal.port,
  });
  expect((await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: configWith(['alpha']) })).ok).toBe(true);
  await waitFor(async () => (await browser.send<HairpinState>({ type: 'getState' })).networks[0]?.location === 'home', {
    message: 'home',
  });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external, internal, health].map((server) => server?.close()));
});

describe('sync between machines (Chromium)', () => {
  it('merges another machine’s edit at once, applies what it adds once allowed here, and ignores a half-delivered write', async () => {
    // Machine B never saw "alpha"; it added "beta". Its write is generation 1000, newer than ours.
    const other = recordEdit(EMPTY_DOC, configWith(['beta']), Date.now(), 'machine-b');
    const items = await encodeDoc(other, 1000, 'machine-b', Date.now());
    const { [META_KEY]: meta, ...chunks } = items;

    await writeSync({ [META_KEY]: meta });
    // A torn read changes nothing: poll a few times that the config stays as it was.
    for (let i = 0; i < 5; i++) expect(await mappingNames()).toEqual(['alpha']);

    await writeSync(chunks);
    await waitFor(async () => (await mappingNames()).join() === 'alpha,beta', {
      message: 'merged config with both mappings',
    });
    // From elsewhere: it waits for a click in this browser, and adds no rule until then.
    const merged = await browser.send<HairpinState>({ type: 'getState' });
    expect(merged.pending).toEqual([expect.objectContaining({ kind: 'mapping', name: 'beta' })]);
    expect((await browser.installedRules()).some((rule) => rule.condition.regexFilter?.includes('beta'))).toBe(false);
    await browser.send({ type: 'reviewPending', ids: merged.pending.map((item) => item.id), verdict: 'approve' });
    await waitFor(
      async () => (await browser.installedRules()).some((rule) => rule.condition.regexFilter?.includes('beta')),
      {
        message: 'rules for the synced mapping',
      },
    );
    const page = await browser.context.newPage();
    const url = await gotoAndSettle(page, `http://beta.example.test:${external.port}/from/b?x=1#y`, (u) =>
      u.includes('beta.home.test'),
    );
    expect(url).toBe(`http://beta.home.test:${internal.port}/from/b?x=1#y`);
    await page.close();

    // Machine A holds an entry machine B lacks, so it sends the merge back for B to pick up.
    await waitFor(
      () =>
        browser.worker.evaluate(
          async (key) =>
            ((await chrome.storage.sync.get(key))[key] as { writer: string } | undefined)?.writer !== 'machine-b',
          META_KEY,
        ),
      { message: 'this machine to publish the merge' },
    );
  });
});

declare const chrome: {
  storage: { sync: { set(items: object): Promise<void>; get(key: string): Promise<Record<string, unknown>> } };
};
