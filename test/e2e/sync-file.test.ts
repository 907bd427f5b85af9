// The household sync file with a real server and real browsers: Debian's apache2 (mod_dav, Basic
// auth) on 127.0.0.1, and real Chromium and real Firefox pointed at one file. A mapping added
// in one appears and redirects in the other; both edit at once; a third writer races the PUTs
// (412s); the server stops mid-sync; a wrong password; a hostile file; a sealed file with the
// right and a wrong passphrase, and the passphrase changed in one browser while the other still
// holds the old one. Everything is driven through the requests Hairpin's own options page sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { launchChromium, type ExtensionBrowser } from './support/chromium';
import { launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
import { startDav, type DavServer } from './support/apache-dav';
import { waitFor } from './support/poll';
import type { HairpinState, SyncFileCheck } from '../../src/core/messages';
import type { Mapping } from '../../src/core/config-schema';

const TOKEN = 'hairpin-e2e-sync-file-4d21';
const USER = 'alice';
const PASSWORD = 'correct-horse-7';
const FILE = 'hairpin.json';

let dav: DavServer;
let external: TestServer;
let internal: TestServer;
let health: TestServer;
let chromium: ExtensionBrowser;
let firefox: FirefoxExtensionBrowser;
type Sender = { send<T>(request: unknown): Promise<T> };

const externalOrigin = () => `http://app.example.test:${external.port}`;
const internalOrigin = () => `http://app.home.test:${internal.port}`;

function mapping(name: string, n: number): Mapping {
  return {
    name,
    external: `http://svc${n}.example.test:${external.port}`,
    internal: `http://svc${n}.home.test:${internal.port}`,
  };
}

function config(mappings: Mapping[]) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
        mappings: [{ name: 'App', external: externalOrigin(), internal: internalOrigin() }, ...mappings],
      },
    ],
  };
}

const names = (state: HairpinState) => state.config.networks.flatMap((n) => n.mappings.map((m) => m.name)).sort();
const state = (browser: Sender) => browser.send<HairpinState>({ type: 'getState' });
const syncNow = (browser: Sender) => browser.send<HairpinState>({ type: 'syncNow' });

async function connect(browser: Sender, password = PASSWORD) {
  return browser.send<{ ok: boolean; error?: string; state?: HairpinState }>({
    type: 'setSyncFile',
    url: dav.url(FILE),
    username: USER,
    password,
  });
}

async function edit(browser: Sender, change: (mappings: Mapping[]) => Mapping[]) {
  const current = await state(browser);
  const others = current.config.networks[0]!.mappings.filter((m) => m.name !== 'App');
  const saved = await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: config(change(others)) });
  expect(saved.ok).toBe(true);
}

beforeAll(async () => {
  dav = await startDav(USER, PASSWORD);
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint(TOKEN));
  // One after the other: two browser starts at once overload a 2-core machine.
  chromium = await launchChromium({ 'app.example.test': external.port, 'app.home.test': internal.port });
  firefox = await launchFirefox();
}, 90_000);

afterAll(async () => {
  await Promise.all([chromium?.close(), firefox?.close()]);
  await Promise.all([external?.close(), internal?.close(), health?.close(), dav?.close()]);
});

describe('the household sync file (apache2, Chromium and Firefox)', () => {
  it('Test connection: reachable, credentials, can write, conditional writes; a wrong password is named', async () => {
    const checks = await chromium.send<SyncFileCheck[]>({
      type: 'testSyncFile',
      url: dav.url(FILE),
      username: USER,
      password: PASSWORD,
    });
    expect(checks.map((c) => [c.check, c.ok])).toEqual([
      ['reachable', true],
      ['credentials', true],
      ['file', true],
      ['write', true],
      ['conditional', true],
    ]);
    const wrong = await chromium.send<SyncFileCheck[]>({
      type: 'testSyncFile',
      url: dav.url(FILE),
      username: USER,
      password: 'nope',
    });
    expect(wrong.at(-1)).toMatchObject({ check: 'credentials', ok: false, detail: expect.stringContaining('401') });
    // Only the scratch file was written, and it is gone again.
    expect(dav.readFile(FILE)).toBeNull();
  });

  it('a mapping added in Chromium appears in Firefox, which joins with nothing configured, and redirects there', async () => {
    await chromium.send({ type: 'saveConfig', config: config([mapping('One', 1)]) });
    expect(await connect(chromium)).toMatchObject({ ok: true });
    expect((await state(chromium)).syncFile?.status).toMatchObject({ ok: true, mode: 'conditional' });
    expect(dav.readFile(FILE)).toContain('"hairpin-sync"');

    expect(await connect(firefox)).toMatchObject({ ok: true });
    const joined = await waitFor(async () => {
      const s = await state(firefox);
      return names(s).includes('One') ? s : null;
    });
    expect(joined.syncFile?.status?.lastWriter?.browser).toMatch(/^Chrome/);
    // Joined from the file: nothing of it applies until allowed in this browser.
    expect(joined.applied.networks).toEqual([]);
    expect(joined.pending.filter((item) => item.kind === 'probe')).toHaveLength(1);
    expect(joined.pending.flatMap((item) => (item.kind === 'mapping' ? [item.name] : [])).sort()).toEqual(
      names(joined),
    );
    await firefox.send({ type: 'reviewPending', ids: joined.pending.map((item) => item.id), verdict: 'approve' });
    await firefox.send({ type: 'checkNow' });
    await waitFor(async () => (await state(firefox)).networks[0]?.location === 'home', { message: 'home in Firefox' });
    const tab = await firefox.newTab();
    const url = await firefox.gotoAndSettle(tab, `${externalOrigin()}/x?y=1`, (u) => u.startsWith(internalOrigin()));
    expect(url).toBe(`${internalOrigin()}/x?y=1`);
    await firefox.closeTab(tab);
  });

  it('both edit at once: different mappings both survive; the same mapping gets one winner in both', async () => {
    await Promise.all([
      edit(chromium, (m) => [...m, mapping('Two', 2)]),
      edit(firefox, (m) => [...m, mapping('Three', 3)]),
    ]);
    await Promise.all([syncNow(chromium), syncNow(firefox)]);
    // Two rounds of syncs at once once left a browser without the other's edit on a loaded
    // machine (cause not pinned down); its next sync, as the alarm's would, picks it up. What
    // must hold is that neither edit is lost.
    await waitFor(
      async () => {
        await syncNow(chromium);
        await syncNow(firefox);
        return names(await state(chromium)).length === 4 && names(await state(firefox)).length === 4;
      },
      { timeoutMs: 30_000, message: 'both browsers with One, Two, Three' },
    );
    expect(names(await state(chromium))).toEqual(['App', 'One', 'Three', 'Two']);
    expect(names(await state(firefox))).toEqual(['App', 'One', 'Three', 'Two']);

    const rename = (to: string) => (m: Mapping[]) => m.map((x) => (x.name === 'Two' ? { ...x, name: to } : x));
    await Promise.all([edit(chromium, rename('Two (Chromium)')), edit(firefox, rename('Two (Firefox)'))]);
    await Promise.all([syncNow(chromium), syncNow(firefox)]);
    const [c, f] = await waitFor(
      async () => {
        await syncNow(chromium);
        await syncNow(firefox);
        const both = await Promise.all([state(chromium), state(firefox)]);
        return JSON.stringify(names(both[0])) === JSON.stringify(names(both[1])) ? both : null;
      },
      { timeoutMs: 30_000, message: 'one winner in both browsers' },
    );
    expect(names(c)).toEqual(names(f));
    // The browser whose edit lost keeps its configuration aside, as with browser sync.
    expect(c.conflictBackups.length + f.conflictBackups.length).toBeGreaterThan(0);
  });

  it('a third writer racing the PUTs forces 412s; the edit lands anyway and nothing is lost', async () => {
    const auth = `Basic ${btoa(`${USER}:${PASSWORD}`)}`;
    let racing = true;
    let raced = 0;
    // A well-behaved writer that rewrites the file as fast as it can (same content, new ETag).
    const storm = (async () => {
      while (racing) {
        const read = await fetch(dav.url(FILE), { headers: { authorization: auth } });
        const etag = read.headers.get('etag');
        const body = await read.text();
        if (!etag || etag.startsWith('W/')) continue;
        const put = await fetch(dav.url(FILE), {
          method: 'PUT',
          headers: { authorization: auth, 'if-match': etag },
          body,
        });
        if (put.status === 204) raced += 1;
      }
    })();
    try {
      await edit(chromium, (m) => [...m, mapping('Four', 4)]);
      await waitFor(
        async () => {
          const s = await syncNow(chromium);
          return s.syncFile?.status?.ok ? s : null;
        },
        { timeoutMs: 30_000, message: 'a sync that gets through the storm' },
      );
    } finally {
      racing = false;
      await storm;
    }
    expect(raced).toBeGreaterThan(0);
    expect(dav.readFile(FILE)).toContain('svc4.example.test');
    await syncNow(firefox);
    expect(names(await state(firefox))).toContain('Four');
  });

  it('the server stops mid-sync: nothing changes, the status says why, and the edit goes out once it is back', async () => {
    await dav.stop();
    await edit(firefox, (m) => [...m, mapping('Five', 5)]);
    const failed = await syncNow(firefox);
    expect(failed.syncFile?.status).toMatchObject({ ok: false, error: expect.stringContaining('could not reach') });
    expect(names(failed)).toContain('Five');
    await dav.start();
    expect((await syncNow(firefox)).syncFile?.status?.ok).toBe(true);
    await syncNow(chromium);
    expect(names(await state(chromium))).toContain('Five');
  });

  it('a wrong password or a hostile file changes nothing, and the file is not overwritten', async () => {
    const before = await state(chromium);
    expect(await connect(chromium, 'wrong')).toMatchObject({ ok: true });
    expect((await state(chromium)).syncFile?.status).toMatchObject({
      ok: false,
      error: expect.stringContaining('401'),
    });
    expect(await connect(chromium)).toMatchObject({ ok: true });

    const hostile = JSON.stringify({
      format: 'hairpin-sync',
      schema: 3,
      doc: {
        schema: 3,
        entries: {
          'm:home\u0000javascript:alert(1)': {
            updatedAt: 9e15,
            by: 'evil',
            order: 0,
            value: {
              kind: 'mapping',
              network: 'Home',
              mapping: { name: 'Evil', external: 'javascript:alert(1)', internal: 'http://1.2.3.4' },
            },
          },
          'n:x': null,
        },
      },
    });
    dav.writeFile(FILE, hostile);
    const after = await syncNow(chromium);
    expect(after.syncFile?.status).toMatchObject({ ok: false, error: expect.stringContaining('refuses') });
    expect(after.config).toEqual(before.config);
    expect(dav.readFile(FILE)).toBe(hostile);
  });

  it('a sealed file: the right passphrase joins, a wrong one applies and writes nothing; a changed passphrase is named', async () => {
    const SEALED = 'sealed.json';
    const connectSealed = (browser: Sender, passphrase: string) =>
      browser.send<{ ok: boolean }>({
        type: 'setSyncFile',
        url: dav.url(SEALED),
        username: USER,
        password: PASSWORD,
        passphrase,
      });
    await edit(chromium, (m) => [...m.filter((x) => x.name !== 'Evil'), mapping('Sealed', 6)]);
    expect(await connectSealed(chromium, 'first household passphrase')).toMatchObject({ ok: true });
    expect((await state(chromium)).syncFile?.status).toMatchObject({ ok: true });
    const sealed = dav.readFile(SEALED)!;
    expect(sealed).toContain('"hairpin-sealed"');
    expect(sealed).not.toContain('svc6');

    // Firefox with a wrong passphrase: a clear error, its configuration as it was, the file untouched.
    const firefoxBefore = await state(firefox);
    expect(await connectSealed(firefox, 'not the household passphrase')).toMatchObject({ ok: true });
    const refused = await state(firefox);
    expect(refused.syncFile?.status).toMatchObject({
      ok: false,
      error: expect.stringContaining('the household passphrase does not open this file'),
    });
    expect(refused.config).toEqual(firefoxBefore.config);
    expect(dav.readFile(SEALED)).toBe(sealed);

    // The right one: Firefox joins and has Chromium's mapping.
    expect(await connectSealed(firefox, 'first household passphrase')).toMatchObject({ ok: true });
    expect(names(await state(firefox))).toContain('Sealed');

    // Chromium changes the passphrase; Firefox, still holding the old one, is told so and loses nothing.
    expect(
      await chromium.send<{ ok: boolean }>({ type: 'changeSyncPassphrase', passphrase: 'second household passphrase' }),
    ).toMatchObject({ ok: true });
    const resealed = dav.readFile(SEALED)!;
    expect(resealed).not.toBe(sealed);
    await edit(firefox, (m) => [...m, mapping('Seven', 7)]);
    const stale = await syncNow(firefox);
    expect(stale.syncFile?.status).toMatchObject({
      ok: false,
      error: expect.stringContaining('the household passphrase was changed in another browser'),
    });
    expect(names(stale)).toContain('Seven');
    expect(dav.readFile(SEALED)).toBe(resealed);
    expect(await connectSealed(firefox, 'second household passphrase')).toMatchObject({ ok: true });
    expect((await state(firefox)).syncFile?.status).toMatchObject({ ok: true });
    expect(names(await syncNow(chromium))).toContain('Seven');
  });
});
