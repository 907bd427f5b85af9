// Changing the household passphrase: the file is re-sealed with the new one (a fresh salt), this
// browser keeps it only once the write landed, and a browser still holding the old passphrase
// says the passphrase changed, applying and writing nothing and losing none of its own edits.
import { describe, expect, it } from 'vitest';
import { SyncFileService } from '../../../src/background/sync-file-service';
import { unseal } from '../../../src/core/sealed-file';
import { fakeClock } from '../support/fake-storage';
import { FakeDav } from '../support/fake-dav';
import { browser, configWith, loaded, mapping, URL_, type Browser } from '../support/sync-file-browser';
import type { SyncFileStatus } from '../../../src/core/sync-file-settings';

const OLD = 'correct horse battery';
const NEW = 'staple tram violin';

const fileJson = (dav: FakeDav) => JSON.parse(dav.files.get(URL_)!.text) as unknown;
const puts = (dav: FakeDav) => dav.log.filter((request) => request.method === 'PUT').length;

function service(b: Browser) {
  return new SyncFileService({
    file: b.file,
    settings: b.settings,
    status: b.status,
    cursor: b.cursor,
    now: () => 0,
    setTimer: () => null,
    clearTimer: () => undefined,
  });
}

describe('changing the household passphrase', () => {
  it('re-seals the file; a browser with the old passphrase is told it changed, and loses nothing', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa', { passphrase: OLD });
    const b = browser(clock, dav, 'bbbb', { passphrase: OLD });
    await a.store.save(configWith([mapping(1)]));
    await a.file.sync();
    await b.file.sync();
    expect(await loaded(b)).toEqual(configWith([mapping(1)]));
    const before = fileJson(dav);

    // B edits meanwhile, offline from the file's point of view.
    await b.store.save(configWith([mapping(1), mapping(2)]));
    expect(await service(a).changePassphrase(NEW)).toEqual({ ok: true });
    expect(a.settings.value?.passphrase).toBe(NEW);
    const after = fileJson(dav);
    expect((await unseal(after, NEW)).ok).toBe(true);
    expect((await unseal(after, OLD)).ok).toBe(false);
    // A fresh salt: nothing derived from the old passphrase opens it.
    expect((after as { kdf: { salt: string } }).kdf.salt).not.toBe((before as { kdf: { salt: string } }).kdf.salt);

    const written = puts(dav);
    const failed = (await b.file.sync()) as SyncFileStatus;
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/passphrase was changed in another browser/);
    expect(failed.error).toMatch(/Nothing was applied or written/);
    expect(puts(dav)).toBe(written);
    expect(await loaded(b)).toEqual(configWith([mapping(1), mapping(2)]));

    // B is given the new passphrase: its edit reaches the file, and A.
    expect(await service(b).set({ url: URL_, username: 'alice', passphrase: NEW })).toEqual({ ok: true });
    expect(b.status.value).toMatchObject({ ok: true });
    await a.file.sync();
    expect(await loaded(a)).toEqual(configWith([mapping(1), mapping(2)]));
    expect((await unseal(fileJson(dav), NEW)).ok).toBe(true);
  }, 60_000);

  it('refuses when the file does not open with this browser’s passphrase: nothing changes', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa', { passphrase: OLD });
    const wrong = browser(clock, dav, 'cccc', { passphrase: 'not the household one' });
    await a.store.save(configWith([mapping(1)]));
    await a.file.sync();
    const text = dav.files.get(URL_)!.text;
    const result = await service(wrong).changePassphrase(NEW);
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.error).toMatch(/^The passphrase was not changed: .*does not open this file/);
    expect(wrong.settings.value?.passphrase).toBe('not the household one');
    expect(dav.files.get(URL_)!.text).toBe(text);
  }, 60_000);

  it('seals a plain file, and removes the seal again', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa');
    const b = browser(clock, dav, 'bbbb');
    await a.store.save(configWith([mapping(1)]));
    await a.file.sync();
    await b.file.sync();
    expect(await service(a).changePassphrase(NEW)).toEqual({ ok: true });
    expect(dav.files.get(URL_)!.text).not.toContain('svc1');
    expect((await b.file.sync())?.error).toMatch(/sealed with a household passphrase: enter it/);

    expect(await service(a).changePassphrase('')).toEqual({ ok: true });
    expect(a.settings.value?.passphrase).toBe('');
    expect(dav.files.get(URL_)!.text).toContain('svc1');
    expect((await b.file.sync())?.ok).toBe(true);
  }, 60_000);

  it('says so when the passphrase is the one the file has, or there is no file', async () => {
    const clock = fakeClock();
    const a = browser(clock, new FakeDav(clock), 'aaaa', { passphrase: OLD });
    expect(await service(a).changePassphrase(OLD)).toEqual({
      ok: false,
      error: 'The file already has this passphrase.',
    });
    const plain = browser(clock, new FakeDav(clock), 'bbbb');
    expect(await service(plain).changePassphrase('')).toMatchObject({ ok: false, error: /no passphrase to remove/ });
    plain.settings.value = null;
    expect(await service(plain).changePassphrase(NEW)).toMatchObject({ ok: false, error: /No sync file/ });
  });

  it('waits for a sync under way, and a sync asked for meanwhile runs after it with the new passphrase', async () => {
    const clock = fakeClock();
    const dav = new FakeDav(clock);
    const a = browser(clock, dav, 'aaaa', { passphrase: OLD });
    await a.store.save(configWith([mapping(1)]));
    const first = a.file.sync();
    const reseal = a.file.reseal(NEW);
    await a.store.save(configWith([mapping(1), mapping(3)]));
    const later = a.file.sync();
    expect((await first)?.ok).toBe(true);
    expect((await reseal)?.ok).toBe(true);
    expect((await later)?.ok).toBe(true);
    const opened = await unseal(fileJson(dav), NEW);
    expect(opened.ok && opened.text).toContain('svc3');
  }, 60_000);
});
