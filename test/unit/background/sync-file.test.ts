// The sync-file machine against an in-memory WebDAV server that answers like Apache: two and
// three writers, lost races (412), weak ETags, a server without ETags, failures and hostile
// files, sealing. Each "browser" has its own config store, so only the file connects them.
import { describe, expect, it } from 'vitest';
import { browser, configWith, loaded, mapping, URL_ } from '../support/sync-file-browser';
import { MAX_ATTEMPTS } from '../../../src/background/sync-file';
import { LOCAL_KEYS } from '../../../src/core/storage-layout';
import { encodeSyncFile } from '../../../src/core/sync-file-format';
import { EMPTY_DOC, recordEdit } from '../../../src/core/sync-doc';
import { fakeClock } from '../support/fake-storage';
import { FakeDav } from '../support/fake-dav';

describe('SyncFile', () => {
  it('creates the file, and a second browser joins: both configurations merged', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa');
    const b = browser(clock, dav, 'bbbb');
    await a.store.save(configWith([mapping(1)]));
    expect(await a.file.sync()).toMatchObject({ ok: true, mode: 'conditional' });
    expect(dav.log.at(-1)?.headers['if-none-match']).toBe('*');
    await b.store.save(configWith([mapping(2)]));
    await b.file.sync();
    await a.file.sync();
    expect(await loaded(a)).toEqual(configWith([mapping(1), mapping(2)]));
    expect(await loaded(b)).toEqual(configWith([mapping(1), mapping(2)]));
    expect(a.status.value).toMatchObject({ lastWriter: { browser: 'Browser bbbb', self: false } });
    expect(a.status.value?.changes).toEqual(['Mapping “Service 2” added to “Home”']);
  });

  it('an unchanged file is not downloaded again (If-None-Match → 304) and not rewritten', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa');
    await a.store.save(configWith([mapping(1)]));
    await a.file.sync();
    clock.advance(5_000);
    const before = dav.log.length;
    await a.file.sync();
    const requests = dav.log.slice(before);
    expect(requests.map((r) => r.method)).toEqual(['GET']);
    expect(requests[0]!.headers['if-none-match']).toMatch(/^"/);
  });

  it('two browsers editing different mappings at the same moment: both edits survive', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa');
    const b = browser(clock, dav, 'bbbb');
    await a.store.save(configWith([mapping(1), mapping(2)]));
    await a.file.sync();
    await b.file.sync();
    clock.advance(2_000);
    await a.store.save(configWith([mapping(1, 'One on A'), mapping(2)]));
    await b.store.save(configWith([mapping(1), mapping(2, 'Two on B')]));
    // B's write lands between A's read and A's write: A's conditional PUT fails and is retried.
    let raced = false;
    dav.beforePut = async () => {
      if (raced) return;
      raced = true;
      await b.file.sync();
    };
    await a.file.sync();
    dav.beforePut = null;
    await b.file.sync();
    const both = configWith([mapping(1, 'One on A'), mapping(2, 'Two on B')]);
    expect(await loaded(a)).toEqual(both);
    expect(await loaded(b)).toEqual(both);
    expect(a.status.value?.retries).toBeGreaterThan(0);
  });

  it('the same mapping edited in both: one winner everywhere, the losing browser keeps its version aside', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa');
    const b = browser(clock, dav, 'bbbb');
    await a.store.save(configWith([mapping(1)]));
    await a.file.sync();
    await b.file.sync();
    clock.advance(2_000);
    const onA = configWith([mapping(1, 'Named on A')]);
    const onB = configWith([mapping(1, 'Named on B')]);
    await a.store.save(onA);
    await b.store.save(onB);
    await a.file.sync();
    await b.file.sync();
    await a.file.sync();
    expect(await loaded(a)).toEqual(onB);
    expect(await loaded(b)).toEqual(onB);
    expect((await a.local.get(LOCAL_KEYS.conflictBackups))[LOCAL_KEYS.conflictBackups]).toMatchObject([
      { config: onA, source: 'sync-file' },
    ]);

    // A second conflict does not overwrite the first backup: both are kept, newest first.
    clock.advance(2_000);
    const againOnA = configWith([mapping(1, 'Renamed on A')]);
    await a.store.save(againOnA);
    await b.store.save(configWith([mapping(1, 'Renamed on B')]));
    await a.file.sync();
    await b.file.sync();
    await a.file.sync();
    expect((await a.local.get(LOCAL_KEYS.conflictBackups))[LOCAL_KEYS.conflictBackups]).toMatchObject([
      { config: againOnA, source: 'sync-file' },
      { config: onA, source: 'sync-file' },
    ]);
  });

  it('a third writer racing every PUT forces 412s; nothing is lost, and it gives up after a bound', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa');
    const other = recordEdit(EMPTY_DOC, configWith([mapping(9)]), clock.now(), 'zzzz');
    let writes = 0;
    dav.beforePut = (request) => {
      if (writes++ < 3)
        dav.write(request.url, encodeSyncFile(other, { device: 'zzzz', browser: 'script', at: clock.now() }));
    };
    await a.store.save(configWith([mapping(1)]));
    const status = await a.file.sync();
    expect(status).toMatchObject({ ok: true, retries: 3 });
    expect(await loaded(a)).toEqual(configWith([mapping(1), mapping(9)]));

    dav.beforePut = (request) =>
      dav.write(request.url, encodeSyncFile(other, { device: 'zzzz', browser: 'script', at: clock.now() }));
    await a.store.save(configWith([mapping(1), mapping(2), mapping(9)]));
    const stormed = await a.file.sync();
    expect(stormed).toMatchObject({ ok: false, retries: MAX_ATTEMPTS });
    expect(stormed?.error).toMatch(/other browsers kept writing/);
    expect(await loaded(a)).toEqual(configWith([mapping(1), mapping(2), mapping(9)]));
  });

  it('waits out Apache’s weak ETag (If-Match with it always fails) instead of failing', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    dav.weakWithinMs = 1_000;
    const a = browser(clock, dav, 'aaaa');
    dav.write(
      URL_,
      encodeSyncFile(recordEdit(EMPTY_DOC, configWith([mapping(3)]), clock.now(), 'cccc'), {
        device: 'cccc',
        browser: 'C',
        at: 0,
      }),
    );
    await a.store.save(configWith([mapping(1)]));
    const status = await a.file.sync();
    expect(status).toMatchObject({ ok: true, mode: 'conditional', retries: 0 });
    expect(dav.log.filter((r) => r.method === 'PUT').every((r) => !r.headers['if-match']?.startsWith('W/'))).toBe(true);
    expect(await loaded(a)).toEqual(configWith([mapping(1), mapping(3)]));
  });

  it('a server without ETags: read-back mode, shown in the status, and a replaced write is put back', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    dav.noEtags = true;
    const a = browser(clock, dav, 'aaaa');
    const b = browser(clock, dav, 'bbbb');
    await a.store.save(configWith([mapping(1)]));
    await a.file.sync();
    await b.store.save(configWith([mapping(2)]));
    const status = await b.file.sync();
    expect(status?.mode).toBe('read-back');
    await a.file.sync();
    expect(await loaded(a)).toEqual(configWith([mapping(1), mapping(2)]));
    // A last write that lands between another browser's write and its read-back is detected.
    await a.store.save(configWith([mapping(1), mapping(2), mapping(4)]));
    let once = false;
    dav.afterPut = (request) => {
      if (once) return;
      once = true;
      const fromB = recordEdit(EMPTY_DOC, configWith([mapping(2)]), clock.now(), 'bbbb');
      dav.write(request.url, encodeSyncFile(fromB, { device: 'bbbb', browser: 'B', at: 0 }));
    };
    const checked = await a.file.sync();
    expect(checked).toMatchObject({ ok: true, mode: 'read-back' });
    expect(checked?.retries).toBeGreaterThan(0);
    await b.file.sync();
    expect(await loaded(b)).toEqual(configWith([mapping(1), mapping(2), mapping(4)]));
  });

  it.each([
    ['a wrong password (401)', (d: FakeDav) => void (d.override = { status: 401, text: 'no' }), /refused the username/],
    ['a server error (503)', (d: FakeDav) => void (d.override = { status: 503, text: 'down' }), /HTTP 503/],
    [
      'an HTML login page',
      (d: FakeDav) =>
        void (d.override = { status: 200, text: '<!DOCTYPE html><form>Log in</form>', contentType: 'text/html' }),
      /login page/,
    ],
    [
      'invalid JSON',
      (d: FakeDav) => void (d.override = { status: 200, text: '{"format": "hairpin-sy' }),
      /not valid JSON/,
    ],
    ['an unreachable server', (d: FakeDav) => void (d.unreachable = true), /could not reach/],
    [
      'a hostile file (javascript: URL)',
      (d: FakeDav) =>
        d.write(
          URL_,
          JSON.stringify({
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
                    mapping: { name: 'x', external: 'javascript:alert(1)', internal: 'http://1.2.3.4' },
                  },
                },
              },
            },
          }),
        ),
      /refuses/,
    ],
  ])('%s: nothing changes locally, nothing is written, the status says why', async (_what, breakIt, why) => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa');
    await a.store.save(configWith([mapping(1)]));
    await a.file.sync();
    const good = await loaded(a);
    breakIt(dav);
    const fileBefore = dav.files.get(URL_)?.text;
    const status = await a.file.sync();
    expect(status).toMatchObject({ ok: false });
    expect(status?.error).toMatch(why);
    expect(status?.lastOkAt).not.toBeNull();
    expect(await loaded(a)).toEqual(good);
    expect(dav.files.get(URL_)?.text).toBe(fileBefore);
  });

  it('seals the file with the household passphrase; a wrong passphrase applies nothing', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa', { passphrase: 'correct horse battery' });
    const b = browser(clock, dav, 'bbbb', { passphrase: 'correct horse battery' });
    const wrong = browser(clock, dav, 'cccc', { passphrase: 'wrong passphrase' });
    const plain = browser(clock, dav, 'dddd');
    await a.store.save(configWith([mapping(1)]));
    await a.file.sync();
    const text = dav.files.get(URL_)!.text;
    expect(text).toContain('hairpin-sealed');
    expect(text).not.toContain('svc1');
    await b.file.sync();
    expect(await loaded(b)).toEqual(configWith([mapping(1)]));
    expect((await wrong.file.sync())?.error).toMatch(/passphrase does not open/);
    expect((await plain.file.sync())?.error).toMatch(/sealed with a household passphrase/);
    expect((await loaded(wrong)).networks).toEqual([]);
    expect(dav.files.get(URL_)!.text).toBe(text);
    // A plain file where a sealed one is expected is refused too: anyone could have put it there.
    dav.write(
      URL_,
      encodeSyncFile(recordEdit(EMPTY_DOC, configWith([mapping(5)]), clock.now(), 'x'), {
        device: 'x',
        browser: 'x',
        at: 0,
      }),
    );
    expect((await b.file.sync())?.error).toMatch(/not sealed/);
    expect(await loaded(b)).toEqual(configWith([mapping(1)]));
  }, 30_000);
});
