import { describe, expect, it } from 'vitest';
import { STORAGE_VERSION, planMigration } from '../../../src/core/storage-migrations';
import { approvedPart, pendingApproval, readApprovals } from '../../../src/core/approval';
import { validateConfig } from '../../../src/core/config-validate';

const config = {
  format: 'hairpin-config',
  version: 1,
  networks: [
    {
      name: 'Home',
      probe: { url: 'http://192.168.1.10/hairpin' },
      mappings: [{ name: 'A', external: 'https://a.example.com', internal: 'http://192.168.1.20' }],
    },
  ],
};

describe('planMigration', () => {
  it('moves a v1 synced config into the v2 layout and drops the v1 keys', () => {
    const plan = planMigration({ local: { modes: { Home: 'home' } }, sync: { config } });
    expect(plan.localSet).toEqual({ config, storageVersion: STORAGE_VERSION, approvals: expect.any(Object) });
    expect(plan.syncRemove).toEqual(['config']);
    expect(plan.localRemove).toEqual(['configStore', 'modes']);
  });

  it('drops the forced modes v2 kept for ever: they now end with the session unless pinned', () => {
    const plan = planMigration({ local: { storageVersion: 2, config, modes: { Home: 'home' } }, sync: {} });
    expect(plan.localRemove).toEqual(['modes']);
    expect(plan.localSet).toEqual({ storageVersion: STORAGE_VERSION, approvals: expect.any(Object) });
  });

  it('moves a v1 config that was kept locally (too big for sync)', () => {
    const plan = planMigration({ local: { configStore: 'local', config }, sync: {} });
    expect(plan.localSet.config).toEqual(config);
    expect(plan.syncRemove).toEqual([]);
    expect(plan.localRemove).toEqual(['configStore']);
  });

  it('keeps an unreadable v1 config aside instead of dropping it', () => {
    const broken = { format: 'hairpin-config', version: 1, networks: 'nope' };
    const plan = planMigration({ local: {}, sync: { config: broken } });
    expect(plan.localSet.unreadableConfig).toEqual(broken);
    expect(plan.localSet.config).toBeUndefined();
    expect(plan.notes.join()).toMatch(/unreadable/);
  });

  it('v3 → v4: everything in effect at the update is approved, so a working setup keeps working', () => {
    const withUrl = { ...config, configUrl: 'https://home.example.com/hairpin.json' };
    for (const local of [{ storageVersion: 3, config: withUrl }, { config: withUrl }]) {
      const plan = planMigration({ local, sync: {} });
      const record = readApprovals(plan.localSet.approvals);
      const stored = validateConfig(withUrl);
      if (!stored.ok) throw new Error('invalid test config');
      expect(pendingApproval(stored.config, record)).toEqual([]);
      expect(approvedPart(stored.config, record)).toEqual(stored.config);
      expect(plan.notes.join()).toMatch(/approved/);
    }
    // Nothing configured yet: nothing to approve (the first config made here will be).
    expect(planMigration({ local: { storageVersion: 3 }, sync: {} }).localSet).toEqual({
      storageVersion: STORAGE_VERSION,
    });
  });

  it('does nothing on a current layout, and only stamps the version on a fresh install', () => {
    expect(planMigration({ local: { storageVersion: STORAGE_VERSION, config }, sync: {} })).toEqual({
      localSet: {},
      localRemove: [],
      syncRemove: [],
      notes: [],
    });
    expect(planMigration({ local: {}, sync: {} }).localSet).toEqual({ storageVersion: STORAGE_VERSION });
  });
});
