// When the sync file syncs, and how its settings are kept.
import { describe, expect, it } from 'vitest';
import {
  ALARM_RETRY_INTERVAL_MS,
  ALARM_SYNC_INTERVAL_MS,
  LOCAL_CHANGE_DEBOUNCE_MS,
  SyncFileService,
} from '../../../src/background/sync-file-service';
import type { SyncFileCursor, SyncFileSettings, SyncFileStatus } from '../../../src/core/sync-file-settings';
import type { StoredItem } from '../../../src/core/storage-layout';

function memory<T>(initial: T): StoredItem<T> & { value: T } {
  const item = { value: initial, load: async () => item.value, save: async (value: T) => void (item.value = value) };
  return item;
}

function setup() {
  let now = 1_000_000;
  const timers: { callback: () => void; at: number }[] = [];
  let syncs = 0;
  const settings = memory<SyncFileSettings | null>(null);
  const status = memory<SyncFileStatus | null>(null);
  const cursor = memory<SyncFileCursor | null>({ url: 'x', etag: '"1"', syncedEntries: '{}' });
  const service = new SyncFileService({
    file: {
      sync: async () => {
        syncs += 1;
        return null;
      },
      reseal: () => Promise.reject(new Error('not used here')),
    },
    settings,
    status,
    cursor,
    now: () => now,
    setTimer: (callback, ms) => {
      const timer = { callback, at: now + ms };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => void timers.splice(timers.indexOf(handle as (typeof timers)[number]), 1),
  });
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.callback();
    }
  };
  return { service, settings, status, cursor, syncs: () => syncs, advance, setNow: (t: number) => (now = t) };
}

describe('SyncFileService', () => {
  it('folds a burst of local changes into one sync after the debounce', () => {
    const { service, syncs, advance } = setup();
    for (let i = 0; i < 5; i++) {
      service.onLocalChange();
      advance(LOCAL_CHANGE_DEBOUNCE_MS / 2);
    }
    expect(syncs()).toBe(0);
    advance(LOCAL_CHANGE_DEBOUNCE_MS);
    expect(syncs()).toBe(1);
  });

  it('syncs on arriving home, not on every probe at home', async () => {
    const { service, syncs } = setup();
    await service.afterProbe(true);
    await service.afterProbe(true);
    await service.afterProbe(false);
    await service.afterProbe(true);
    expect(syncs()).toBe(2);
  });

  it('the alarm syncs every few minutes, every minute while failing', async () => {
    const { service, status, syncs } = setup();
    const at = 1_000_000;
    status.value = { url: 'u', at, ok: true } as SyncFileStatus;
    await service.onAlarm();
    expect(syncs()).toBe(0);
    status.value = { url: 'u', at: at - ALARM_RETRY_INTERVAL_MS, ok: false } as SyncFileStatus;
    await service.onAlarm();
    expect(syncs()).toBe(1);
    status.value = { url: 'u', at: at - ALARM_SYNC_INTERVAL_MS, ok: true } as SyncFileStatus;
    await service.onAlarm();
    expect(syncs()).toBe(2);
  });

  it('on a one-minute alarm, syncs every 5 minutes (not 6) and retries every minute (not 2), though a sync takes a moment', async () => {
    const { service, status, syncs, advance } = setup();
    let now = 1_000_000;
    const tick = async (ok: boolean) => {
      const before = syncs();
      await service.onAlarm();
      // Each sync ends a couple of seconds after the alarm that started it.
      if (syncs() > before) status.value = { url: 'u', at: now + 2_000, ok } as SyncFileStatus;
      advance(60_000);
      now += 60_000;
    };
    status.value = { url: 'u', at: now, ok: true } as SyncFileStatus;
    advance(60_000);
    now += 60_000;
    for (let minute = 0; minute < 20; minute++) await tick(true);
    expect(syncs()).toBe(4);
    const failing = syncs();
    status.value = { url: 'u', at: now - 60_000 + 2_000, ok: false } as SyncFileStatus;
    for (let minute = 0; minute < 5; minute++) await tick(false);
    expect(syncs() - failing).toBe(5);
  });

  it('keeps the stored password when none is given, refuses bad settings, and never shows secrets', async () => {
    const { service, settings, cursor } = setup();
    const url = 'https://dav.example.com/hairpin.json';
    expect(await service.set({ url, username: 'alice', password: 's3cret', passphrase: '' })).toEqual({ ok: true });
    expect(cursor.value).toBeNull();
    expect(await service.set({ url, username: 'alice2' })).toEqual({ ok: true });
    expect(settings.value).toMatchObject({ username: 'alice2', password: 's3cret' });
    expect(await service.set({ url: 'http://files.example.com/h.json', username: 'a' })).toMatchObject({ ok: false });
    expect(await service.set({ url: 'https://dav.example.com/', username: 'a' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('name a file'),
    });
    expect(JSON.stringify(await service.view())).not.toContain('s3cret');
    await service.clear();
    expect(await service.view()).toBeNull();
  });
});
