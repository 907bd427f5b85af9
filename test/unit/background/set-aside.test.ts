// Set-aside configurations (sync conflict backup, unreadable v1 config) against in-memory storage.
import { describe, expect, it } from 'vitest';
import { dismissSetAside, exportSetAside, loadSetAside } from '../../../src/background/set-aside';
import { LOCAL_KEYS } from '../../../src/core/storage-layout';
import { planMigration } from '../../../src/core/storage-migrations';
import { FakeArea, fakeClock } from '../support/fake-storage';

const AT = 1_700_000_000_000;
const lost = {
  format: 'hairpin-config',
  version: 1,
  networks: [
    {
      name: 'Home',
      probe: { url: 'http://192.168.1.10/hairpin' },
      mappings: [{ name: 'Y', external: 'http://10.0.0.2', internal: 'http://10.0.0.9' }],
    },
  ],
};
const unreadable = { format: 'hairpin-config', version: 1, networks: 'nope' };

function area(items: Record<string, unknown> = {}): FakeArea {
  const local = new FakeArea(fakeClock(), null);
  for (const [key, value] of Object.entries(items)) local.items.set(key, structuredClone(value));
  return local;
}

describe('set-aside configurations', () => {
  it('none by default, nor with unrelated keys', async () => {
    expect(await loadSetAside(area())).toBeNull();
    expect(await loadSetAside(area({ config: lost, modes: {} }))).toBeNull();
    expect(await exportSetAside(area(), 'sync-conflict')).toBeNull();
    expect(await exportSetAside(area(), 'unreadable')).toBeNull();
  });

  it('a sync conflict’s losing config: when, and its config alone as the download (importable again)', async () => {
    const local = area({ [LOCAL_KEYS.conflictBackup]: { at: AT, config: lost } });
    expect(await loadSetAside(local)).toEqual({ kind: 'sync-conflict', at: AT });
    const text = await exportSetAside(local, 'sync-conflict');
    expect(JSON.parse(text!)).toEqual(lost);
    expect(text).toBe(`${JSON.stringify(lost, null, 2)}\n`);
    expect(await exportSetAside(local, 'unreadable')).toBeNull();
  });

  it('a backup without a usable time still shows, undated', async () => {
    expect(await loadSetAside(area({ [LOCAL_KEYS.conflictBackup]: { at: 'yesterday', config: lost } }))).toEqual({
      kind: 'sync-conflict',
      at: null,
    });
    expect(await loadSetAside(area({ [LOCAL_KEYS.conflictBackup]: 'garbage' }))).toEqual({
      kind: 'sync-conflict',
      at: null,
    });
    expect(JSON.parse((await exportSetAside(area({ [LOCAL_KEYS.conflictBackup]: 'garbage' }), 'sync-conflict'))!)).toBe(
      'garbage',
    );
  });

  it('an unreadable v1 config, kept by the migration: undated, exported exactly as stored', async () => {
    const plan = planMigration({ local: {}, sync: { config: unreadable } });
    const local = area(plan.localSet);
    expect(await loadSetAside(local)).toEqual({ kind: 'unreadable', at: null });
    expect(JSON.parse((await exportSetAside(local, 'unreadable'))!)).toEqual(unreadable);
  });

  it('with both, the sync conflict comes first; dismissing it reveals the other', async () => {
    const local = area({
      [LOCAL_KEYS.conflictBackup]: { at: AT, config: lost },
      [LOCAL_KEYS.unreadableConfig]: unreadable,
    });
    expect(await loadSetAside(local)).toEqual({ kind: 'sync-conflict', at: AT });
    expect(await dismissSetAside(local, 'sync-conflict', AT)).toBe(true);
    expect(await loadSetAside(local)).toEqual({ kind: 'unreadable', at: null });
    expect(await dismissSetAside(local, 'unreadable', null)).toBe(true);
    expect(await loadSetAside(local)).toBeNull();
    expect(local.items.size).toBe(0);
  });

  it('dismissing keeps a conflict set aside at another time than the one the user saw', async () => {
    const local = area({ [LOCAL_KEYS.conflictBackup]: { at: AT + 60_000, config: lost } });
    expect(await dismissSetAside(local, 'sync-conflict', AT)).toBe(false);
    expect(await loadSetAside(local)).toEqual({ kind: 'sync-conflict', at: AT + 60_000 });
    expect(await dismissSetAside(area(), 'unreadable', null)).toBe(false);
  });
});
