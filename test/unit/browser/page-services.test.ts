// The pages' state-change subscription against in-memory browser events: which storage areas
// and permission events call back, and that unsubscribing removes every listener.
import { describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const listeners: Record<string, Set<(...args: unknown[]) => void>> = {};
  const event = (name: string) => ({
    addListener: (listener: (...args: unknown[]) => void) => (listeners[name] ??= new Set()).add(listener),
    removeListener: (listener: (...args: unknown[]) => void) => listeners[name]?.delete(listener),
  });
  return { listeners, event };
});

vi.mock('../../../src/browser/api', () => ({
  browser: {
    runtime: { getURL: (path: string) => `chrome-extension://hairpin${path}` },
    storage: { onChanged: fake.event('storage') },
    permissions: { onAdded: fake.event('added'), onRemoved: fake.event('removed') },
  },
}));

const { createPageServices } = await import('../../../src/browser/page-services');

function fire(name: string, ...args: unknown[]) {
  for (const listener of fake.listeners[name] ?? []) (listener as Listener)(...args);
}

describe('page services: onStateChanged', () => {
  it('calls back for storage.local and storage.session (the verdicts, not the badge noted), and for permissions', () => {
    const callback = vi.fn();
    const unsubscribe = createPageServices().onStateChanged(callback);
    fire('storage', { config: {} }, 'local');
    fire('storage', { verdicts: {} }, 'session');
    fire('added', { permissions: ['cookies'] });
    fire('removed', { origins: ['http://*/*'] });
    expect(callback).toHaveBeenCalledTimes(4);
    // Raw sync writes are merged into storage.local first: that write is the one to follow.
    fire('storage', { 'hp:meta': {} }, 'sync');
    // The badge the background noted having set is no part of the state.
    fire('storage', { shownBadge: { newValue: '["H"]' } }, 'session');
    expect(callback).toHaveBeenCalledTimes(4);
    fire('storage', { shownBadge: { newValue: '["A"]' }, verdicts: {} }, 'session');
    expect(callback).toHaveBeenCalledTimes(5);

    unsubscribe();
    expect(Object.values(fake.listeners).every((set) => set.size === 0)).toBe(true);
  });
});
