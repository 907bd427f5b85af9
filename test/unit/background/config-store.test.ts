// The config store against in-memory storage that enforces Chrome's storage.sync quotas.
import { describe, expect, it } from 'vitest';
import { ConfigStore, MIN_PUSH_INTERVAL_MS } from '../../../src/background/config-store';
import { LOCAL_KEYS } from '../../../src/core/storage-layout';
import { SYNC_QUOTA, META_KEY, decodeItems, encodeDoc } from '../../../src/core/sync-codec';
import { validateConfig } from '../../../src/core/config-validate';
import type { Config, Mapping } from '../../../src/core/config-schema';
import { FakeArea, FakeSyncCloud, fakeClock, type FakeClock } from '../support/fake-storage';

interface Machine {
  store: ConfigStore;
  local: FakeArea;
  sync: FakeArea;
}

function machine(clock: FakeClock, id: string): Machine {
  const local = new FakeArea(clock, null);
  const sync = new FakeArea(clock, SYNC_QUOTA);
  const store = new ConfigStore({
    local,
    sync,
    now: clock.now,
    newDeviceId: () => id,
    sleep: async (ms) => clock.advance(ms),
  });
  return { store, local, sync };
}

function mapping(i: number, label = `Service ${i}`): Mapping {
  return {
    name: label,
    external: `https://svc${i}.example.com`,
    internal: `http://192.168.1.${(i % 250) + 2}:${8000 + i}`,
  };
}

function configWith(mappings: Mapping[], timeoutMs = 1500): Config {
  const result = validateConfig({
    format: 'hairpin-config',
    version: 1,
    networks: [
      { name: 'Home', probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'tok-7f3a9c', timeoutMs }, mappings },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

async function loaded(m: Machine): Promise<Config> {
  return (await m.store.load()).config;
}

describe('ConfigStore and storage.sync', () => {
  it('syncs a config of 300 mappings within the quotas, and another machine reads it back', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    const b = machine(clock, 'bbbb');
    const cloud = new FakeSyncCloud();
    const config = configWith(Array.from({ length: 300 }, (_, i) => mapping(i)));
    await a.store.save(config);
    await a.store.requestPush();
    expect((await a.store.load()).sync?.state).toBe('synced');
    expect(a.sync.bytesInUse()).toBeLessThan(SYNC_QUOTA.bytes / 2);
    cloud.round([a.sync, b.sync]);
    expect(await b.store.pull()).toBe('changed');
    expect(await loaded(b)).toEqual(config);
  });

  it('keeps a config too large for sync on this device, says so, and loses nothing', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    // Random names defeat compression, like a real config with long unique descriptions.
    const noise = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(48))));
    const big = configWith(Array.from({ length: 1000 }, (_, i) => mapping(i, noise())));
    await a.store.save(big);
    await a.store.requestPush();
    const stored = await a.store.load();
    expect(stored.store).toBe('local');
    expect(stored.sync?.state).toBe('local-only');
    expect(stored.problem).toMatch(/kept on this device only/);
    expect(stored.config).toEqual(big);
    expect(a.sync.items.size).toBe(0);
  });

  it('detects a torn read (meta arrived, chunks not yet) and keeps the last good config', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    const b = machine(clock, 'bbbb');
    const cloud = new FakeSyncCloud();
    const first = configWith([mapping(1)]);
    await a.store.save(first);
    await a.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await b.store.pull();
    expect(await loaded(b)).toEqual(first);

    clock.advance(60_000);
    const second = configWith(Array.from({ length: 200 }, (_, i) => mapping(i)));
    await a.store.save(second);
    await a.store.requestPush();
    // Only the meta item reaches B: its chunks are still on their way.
    cloud.round([a.sync, b.sync], { to: b.sync, only: (key) => key === META_KEY });
    expect((await decodeItems(await b.sync.get(null))).ok).toBe(false);
    expect(await b.store.pull()).toBe('torn');
    expect(await loaded(b)).toEqual(first);

    cloud.round([a.sync, b.sync]);
    expect(await b.store.pull()).toBe('changed');
    expect(await loaded(b)).toEqual(second);
  });

  it('merges two concurrent edits entry by entry instead of letting the last blob win', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    const b = machine(clock, 'bbbb');
    const cloud = new FakeSyncCloud();
    const base = configWith([mapping(1), mapping(2), mapping(3)]);
    await a.store.save(base);
    await a.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await b.store.pull();

    // Offline from each other: A adds a mapping and deletes #2; B changes the probe timeout and renames #3.
    clock.advance(10_000);
    await a.store.save(configWith([mapping(1), mapping(3), mapping(4)]));
    await a.store.requestPush();
    clock.advance(10_000);
    await b.store.save(configWith([mapping(1), mapping(2), mapping(3, 'Renamed on B')], 3000));
    await b.store.requestPush();

    cloud.round([a.sync, b.sync]);
    await a.store.pull();
    await a.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await b.store.pull();

    const expected = configWith([mapping(1), mapping(3, 'Renamed on B'), mapping(4)], 3000);
    expect(await loaded(a)).toEqual(expected);
    expect(await loaded(b)).toEqual(expected);
  });

  it('coalesces rapid saves so the write rate quota is never hit', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    const pushes: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      await a.store.save(configWith([mapping(1, `Typing ${i}`)]));
      pushes.push(a.store.requestPush());
      clock.advance(50);
    }
    await Promise.all(pushes);
    expect((await a.store.load()).sync?.state).toBe('synced');
    const perMinute = Math.max(
      ...a.sync.writes.map((t) => a.sync.writes.filter((u) => u >= t && u - t < 60_000).length),
    );
    expect(perMinute).toBeLessThanOrEqual(SYNC_QUOTA.writesPerMinute);
    expect(MIN_PUSH_INTERVAL_MS).toBeGreaterThanOrEqual(1000);
    const remote = await decodeItems(await a.sync.get(null));
    expect(remote.ok).toBe(true);
  });

  it('a failed sync write leaves the local config intact and is retried', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    a.sync.failMessage = 'QUOTA_BYTES quota exceeded';
    a.sync.failingWrites = 2;
    const config = configWith([mapping(7)]);
    await a.store.save(config);
    await a.store.requestPush();
    let stored = await a.store.load();
    expect(stored.config).toEqual(config);
    expect(stored.sync?.state).toBe('pending');
    expect(stored.problem).toMatch(/QUOTA_BYTES quota exceeded/);
    clock.advance(60_000);
    await a.store.retryPending();
    stored = await a.store.load();
    expect(stored.sync?.state).toBe('synced');
    expect((await a.local.get(LOCAL_KEYS.syncDoc))[LOCAL_KEYS.syncDoc]).toBeDefined();
  });

  it('conflicting concurrent edits (both claim one URL): the newest wins whole, the other is kept aside', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    const b = machine(clock, 'bbbb');
    const cloud = new FakeSyncCloud();
    await a.store.save(configWith([mapping(1)]));
    await a.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await b.store.pull();
    clock.advance(1000);
    // Both add a mapping for the same external URL with different internal targets.
    const onA = configWith([mapping(1), { name: 'X', external: 'https://x.example.com', internal: 'http://10.0.0.1' }]);
    await a.store.save({
      ...onA,
      networks: [
        {
          ...onA.networks[0]!,
          mappings: [
            mapping(1),
            { name: 'X', external: 'https://x.example.com', internal: 'http://10.0.0.1' },
            { name: 'Y', external: 'http://10.0.0.2', internal: 'http://10.0.0.9' },
          ],
        },
      ],
    });
    await a.store.requestPush();
    clock.advance(1000);
    const onB = configWith([mapping(1), { name: 'Z', external: 'https://z.example.com', internal: 'http://10.0.0.2' }]);
    await b.store.save(onB);
    await b.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await a.store.pull();
    await a.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await b.store.pull();
    expect(await loaded(a)).toEqual(onB);
    expect(await loaded(b)).toEqual(onB);
    const [backup] = (await a.local.get(LOCAL_KEYS.conflictBackups))[LOCAL_KEYS.conflictBackups] as {
      config: Config;
      source: string;
    }[];
    expect(backup!.source).toBe('browser-sync');
    expect(backup!.config.networks[0]!.mappings.map((m) => m.name)).toContain('Y');
  });

  it('a save naming the config it replaces is refused when a merge from sync changed it meanwhile', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    const b = machine(clock, 'bbbb');
    const cloud = new FakeSyncCloud();
    const first = configWith([mapping(1), mapping(2)]);
    await a.store.save(first);
    await a.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await b.store.pull();
    // An editor on A starts from `first`; meanwhile B changes mapping 2, and A merges it.
    clock.advance(1000);
    const onB = configWith([mapping(1), mapping(2, 'Renamed on B')]);
    await b.store.save(onB);
    await b.store.requestPush();
    cloud.round([a.sync, b.sync]);
    expect(await a.store.pull()).toBe('changed');
    clock.advance(1000);
    const edited = configWith([mapping(1), mapping(2), mapping(3)]);

    const refused = await a.store.save(edited, first);
    expect(refused.changedElsewhere).toBe(true);
    expect(refused.config).toEqual(onB);
    expect(await loaded(a)).toEqual(onB);

    // Kept over it on purpose (the base is what is stored now): saved, and it syncs.
    const kept = await a.store.save(edited, onB);
    expect(kept.changedElsewhere).toBeUndefined();
    expect(kept.config).toEqual(edited);
    // Without a base, a save is unconditional, as before.
    expect((await a.store.save(first)).config).toEqual(first);
  });

  it('skips a null entry or a network named by a number in a synced doc instead of throwing', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    const b = machine(clock, 'bbbb');
    const cloud = new FakeSyncCloud();
    await a.store.save(configWith([mapping(1)]));
    await a.store.requestPush();
    cloud.round([a.sync, b.sync]);
    // Someone's broken or hostile Hairpin writes a doc with bad entries next to good ones.
    const decoded = await decodeItems(await b.sync.get(null));
    if (!decoded.ok) throw new Error(decoded.detail);
    const hostile = {
      ...decoded.doc,
      entries: {
        ...decoded.doc.entries,
        'n:x': null,
        'n:y': { updatedAt: clock.now() + 1, by: 'zz', order: 1, value: { kind: 'network', network: { name: 7 } } },
      },
    };
    await b.sync.set(await encodeDoc(hostile as never, decoded.meta.gen + 1, 'zz', clock.now()));
    expect(await b.store.pull()).toBe('changed');
    expect(await loaded(b)).toEqual(configWith([mapping(1)]));
    expect((await b.store.load()).sync?.state).toBe('synced');
  });

  it('keeps aside the losing side of one mapping edited on two machines at once', async () => {
    const clock = fakeClock();
    const a = machine(clock, 'aaaa');
    const b = machine(clock, 'bbbb');
    const cloud = new FakeSyncCloud();
    await a.store.save(configWith([mapping(1)]));
    await a.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await b.store.pull();
    clock.advance(1000);
    const onA = configWith([mapping(1, 'Named on A')]);
    const onB = configWith([mapping(1, 'Named on B')]);
    await a.store.save(onA);
    await b.store.save(onB);
    await a.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await b.store.requestPush();
    cloud.round([a.sync, b.sync]);
    await a.store.pull();
    // One winner on both ('bbbb' > 'aaaa' breaks the tie of equal stamps); A, whose edit lost, keeps it aside.
    expect(await loaded(a)).toEqual(onB);
    expect(await loaded(b)).toEqual(onB);
    expect((await a.local.get(LOCAL_KEYS.conflictBackups))[LOCAL_KEYS.conflictBackups]).toMatchObject([
      { config: onA, source: 'browser-sync' },
    ]);
    expect((await b.local.get(LOCAL_KEYS.conflictBackups))[LOCAL_KEYS.conflictBackups]).toBeUndefined();
  });
});
