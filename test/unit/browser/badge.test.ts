// The badge adapter against an in-memory action API and storage.session: a worker that wakes up
// to the badge it left sets nothing; a changed badge, a new session, or a failed update sets all;
// a failure is logged, never thrown.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Badge } from '../../../src/core/badge';

const fake = vi.hoisted(() => ({
  calls: [] as string[],
  session: {} as Record<string, unknown>,
  failIcon: false,
}));

vi.mock('../../../src/browser/api', () => {
  const record = (name: string) => (details: unknown) => {
    fake.calls.push(`${name} ${JSON.stringify(details)}`);
    return name === 'setIcon' && fake.failIcon ? Promise.reject(new Error('no such icon')) : Promise.resolve();
  };
  const area = (store: () => Record<string, unknown>) => ({
    get: (key: string) => Promise.resolve(key in store() ? { [key]: store()[key] } : {}),
    set: (items: Record<string, unknown>) => Promise.resolve(void Object.assign(store(), items)),
    remove: () => Promise.resolve(),
  });
  const browser = {
    action: {
      setBadgeText: record('setBadgeText'),
      setBadgeBackgroundColor: record('setBadgeBackgroundColor'),
      setTitle: record('setTitle'),
      setIcon: record('setIcon'),
    },
    storage: { local: area(() => ({})), sync: area(() => ({})), session: area(() => fake.session) },
  };
  return { browser, optionalApi: (name: keyof typeof browser) => browser[name] };
});

const HOME: Badge = { text: 'H', color: '#1a7f37', title: 'Hairpin: home', icon: 'home' };
const AWAY: Badge = { text: 'A', color: '#555555', title: 'Hairpin: away', icon: 'away' };

/** A worker life: the module loaded afresh, as after a service-worker restart. */
async function freshWorker() {
  vi.resetModules();
  return (await import('../../../src/browser/badge')).showBadge;
}

beforeEach(() => {
  fake.calls.length = 0;
  fake.session = {};
  fake.failIcon = false;
});

describe('showBadge', () => {
  it('sets text, colour, title and icon the first time in a session', async () => {
    const showBadge = await freshWorker();
    await showBadge(HOME);
    expect(fake.calls.map((call) => call.split(' ')[0])).toEqual([
      'setBadgeText',
      'setBadgeBackgroundColor',
      'setTitle',
      'setIcon',
    ]);
  });

  it('sets nothing when a restarted worker shows the badge its predecessor left', async () => {
    await (
      await freshWorker()
    )(HOME);
    fake.calls.length = 0;
    const restarted = await freshWorker();
    await restarted(HOME);
    await restarted(HOME);
    expect(fake.calls).toEqual([]);
  });

  it('sets all four again when the badge changes, and after the session ends', async () => {
    const showBadge = await freshWorker();
    await showBadge(HOME);
    fake.calls.length = 0;
    await showBadge(AWAY);
    expect(fake.calls).toHaveLength(4);
    fake.calls.length = 0;
    fake.session = {}; // browser restarted or extension reloaded: the toolbar is back to defaults
    await (
      await freshWorker()
    )(AWAY);
    expect(fake.calls).toHaveLength(4);
  });

  it('tries again next time when an update failed', async () => {
    const showBadge = await freshWorker();
    fake.failIcon = true;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await showBadge(HOME); // never rejects: the badge is decoration
    expect(warn).toHaveBeenCalledWith('Hairpin: action.setIcon failed:', expect.any(Error));
    warn.mockRestore();
    fake.failIcon = false;
    fake.calls.length = 0;
    await showBadge(HOME);
    expect(fake.calls).toHaveLength(4);
    fake.calls.length = 0;
    await (
      await freshWorker()
    )(HOME);
    expect(fake.calls).toEqual([]);
  });
});
