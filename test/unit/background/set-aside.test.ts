// Set-aside configurations against in-memory storage: the conflict backups (a bounded list, the
// old single slot migrated into it, restore and discard each) and the unreadable v1 config.
import { describe, expect, it } from 'vitest';
import {
  dismissConflictBackup,
  dismissSetAside,
  exportConflictBackup,
  exportSetAside,
  listConflictBackups,
  loadSetAside,
  restoreConflictBackup,
} from '../../../src/background/set-aside';
import { LOCAL_KEYS } from '../../../src/core/storage-layout';
import { planMigration, STORAGE_VERSION } from '../../../src/core/storage-migrations';
import { addConflictBackup, MAX_CONFLICT_BACKUPS, type ConflictBackup } from '../../../src/core/conflict-backups';
import type { Config } from '../../../src/core/config-schema';
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
const current = { format: 'hairpin-config', version: 1, networks: [] } as unknown as Config;
const unreadable = { format: 'hairpin-config', version: 1, networks: 'nope' };

function area(items: Record<string, unknown> = {}): FakeArea {
  const local = new FakeArea(fakeClock(), null);
  for (const [key, value] of Object.entries(items)) local.items.set(key, structuredClone(value));
  return local;
}

function list(...entries: { at: number; config?: unknown }[]): ConflictBackup[] {
  let backups: ConflictBackup[] = [];
  for (const entry of entries) {
    backups = addConflictBackup(backups, { at: entry.at, source: 'browser-sync', config: entry.config ?? lost });
  }
  return backups;
}

describe('conflict backups', () => {
  it('none by default; each listed newest first with when, from where and what it holds', async () => {
    expect(await listConflictBackups(area())).toEqual([]);
    const local = area({ [LOCAL_KEYS.conflictBackups]: list({ at: AT }, { at: AT + 60_000 }) });
    const views = await listConflictBackups(local);
    expect(views.map((view) => view.at)).toEqual([AT + 60_000, AT]);
    expect(views[0]).toMatchObject({ source: 'browser-sync', mappings: 1, networks: ['Home'] });
    expect(new Set(views.map((view) => view.id)).size).toBe(2);
  });

  it('the next conflict does not overwrite the last one: the list keeps the last ten', () => {
    const many = list(...Array.from({ length: MAX_CONFLICT_BACKUPS + 3 }, (_, i) => ({ at: AT + i })));
    expect(many).toHaveLength(MAX_CONFLICT_BACKUPS);
    expect(many[0]!.at).toBe(AT + MAX_CONFLICT_BACKUPS + 2);
    expect(many.at(-1)!.at).toBe(AT + 3);
  });

  it('one is downloaded as its config alone (importable again), or discarded without touching the others', async () => {
    const local = area({ [LOCAL_KEYS.conflictBackups]: list({ at: AT }, { at: AT + 1 }) });
    const [newer, older] = await listConflictBackups(local);
    expect(await exportConflictBackup(local, older!.id)).toBe(`${JSON.stringify(lost, null, 2)}\n`);
    expect(await dismissConflictBackup(local, newer!.id)).toBe(true);
    expect((await listConflictBackups(local)).map((view) => view.id)).toEqual([older!.id]);
    expect(await dismissConflictBackup(local, newer!.id)).toBe(false);
    expect(await exportConflictBackup(local, newer!.id)).toBeNull();
  });

  it('restore saves it through the given save, and keeps the configuration it replaced as the newest backup', async () => {
    const local = area({ [LOCAL_KEYS.conflictBackups]: list({ at: AT }) });
    const [backup] = await listConflictBackups(local);
    const saved: unknown[] = [];
    const outcome = await restoreConflictBackup(local, backup!.id, {
      current: async () => current,
      save: async (config) => (saved.push(config), { ok: true }),
      now: () => AT + 5,
    });
    expect(outcome).toEqual({ ok: true });
    expect(saved).toEqual([lost]);
    const after = await listConflictBackups(local);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ at: AT + 5, source: 'restore', mappings: 0 });
    expect(await exportConflictBackup(local, after[0]!.id)).toBe(`${JSON.stringify(current, null, 2)}\n`);
  });

  it('a restore the validator refuses changes nothing and says why; a backup no longer kept is named', async () => {
    const local = area({ [LOCAL_KEYS.conflictBackups]: list({ at: AT }) });
    const [backup] = await listConflictBackups(local);
    const before = structuredClone(local.items.get(LOCAL_KEYS.conflictBackups));
    const refused = await restoreConflictBackup(local, backup!.id, {
      current: async () => current,
      save: async () => ({ ok: false, error: 'Network “Home” › Mapping “Y” › Internal URL: already claimed' }),
      now: () => AT + 5,
    });
    expect(refused).toEqual({
      ok: false,
      error: 'The backup was not restored: Network “Home” › Mapping “Y” › Internal URL: already claimed',
    });
    expect(local.items.get(LOCAL_KEYS.conflictBackups)).toEqual(before);
    expect(
      await restoreConflictBackup(local, 'gone', {
        current: async () => current,
        save: async () => ({ ok: true }),
        now: () => 0,
      }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('no longer kept') });
  });

  it('a malformed stored list is read entry by entry, never thrown on', async () => {
    const local = area({
      [LOCAL_KEYS.conflictBackups]: [null, 'x', { id: 'a', at: 'yesterday', source: 'evil', config: lost }, { id: '' }],
    });
    expect(await listConflictBackups(local)).toEqual([
      { id: 'a', at: null, source: 'unknown', mappings: 1, networks: ['Home'] },
    ]);
    expect(await listConflictBackups(area({ [LOCAL_KEYS.conflictBackups]: { not: 'a list' } }))).toEqual([]);
  });

  it('the migration folds the old single slot into the list, as its oldest entry, once', async () => {
    const snapshot = {
      local: {
        [LOCAL_KEYS.storageVersion]: STORAGE_VERSION,
        [LOCAL_KEYS.conflictBackup]: { at: AT, config: lost },
        [LOCAL_KEYS.conflictBackups]: list({ at: AT + 1000 }),
      },
      sync: {},
    };
    const plan = planMigration(snapshot);
    expect(plan.localRemove).toContain(LOCAL_KEYS.conflictBackup);
    const local = area(plan.localSet);
    const views = await listConflictBackups(local);
    expect(views.map((view) => [view.at, view.source])).toEqual([
      [AT + 1000, 'browser-sync'],
      [AT, 'unknown'],
    ]);
    expect(await exportConflictBackup(local, views[1]!.id)).toBe(`${JSON.stringify(lost, null, 2)}\n`);
    // Without the old key there is nothing to fold.
    expect(planMigration({ local: { [LOCAL_KEYS.storageVersion]: STORAGE_VERSION }, sync: {} }).localSet).toEqual({});
    // Whatever the old slot held is kept, undated.
    const odd = planMigration({ local: { [LOCAL_KEYS.conflictBackup]: 'garbage' }, sync: {} });
    expect((odd.localSet[LOCAL_KEYS.conflictBackups] as ConflictBackup[])[0]).toMatchObject({
      at: null,
      config: 'garbage',
    });
  });
});

describe('the unreadable v1 config', () => {
  it('none by default, nor with unrelated keys', async () => {
    expect(await loadSetAside(area())).toBeNull();
    expect(await loadSetAside(area({ config: lost, modes: {} }))).toBeNull();
    expect(await exportSetAside(area(), 'unreadable')).toBeNull();
  });

  it('kept by the migration: undated, exported exactly as stored, dismissed on request', async () => {
    const plan = planMigration({ local: {}, sync: { config: unreadable } });
    const local = area(plan.localSet);
    expect(await loadSetAside(local)).toEqual({ kind: 'unreadable', at: null });
    expect(JSON.parse((await exportSetAside(local, 'unreadable'))!)).toEqual(unreadable);
    expect(await dismissSetAside(local, 'unreadable')).toBe(true);
    expect(await loadSetAside(local)).toBeNull();
    expect(await dismissSetAside(local, 'unreadable')).toBe(false);
  });
});
