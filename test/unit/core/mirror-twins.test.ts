// The record of keepLogin's twins: identity only, one entry per cookie, bounded, read defensively.
import { describe, expect, it } from 'vitest';
import {
  holdsCookie,
  MAX_TWINS,
  orphanedTwins,
  readTwins,
  withoutCookie,
  withTwin,
  type TwinId,
} from '../../../src/core/mirror-twins';

const twin = (overrides: Partial<TwinId> = {}): TwinId => ({
  pair: 'https://jellyfin.example.com → http://192.168.1.20:8096',
  name: 'sid',
  host: '192.168.1.20',
  path: '/',
  storeId: '0',
  ...overrides,
});

describe('mirror twins', () => {
  it('keeps one entry per cookie, the newest last, and only identity fields', () => {
    const withValue = { ...twin(), value: 's3cr3t' } as TwinId;
    const list = withTwin(withTwin([twin({ name: 'a' })], twin()), withValue);
    expect(list).toEqual([twin({ name: 'a' }), twin()]);
    expect(JSON.stringify(list)).not.toContain('s3cr3t');
  });

  it(`is bounded: past ${MAX_TWINS} entries the oldest are forgotten`, () => {
    let list: TwinId[] = [];
    for (let i = 0; i < MAX_TWINS + 5; i++) list = withTwin(list, twin({ name: `c${i}` }));
    expect(list).toHaveLength(MAX_TWINS);
    expect(list[0]!.name).toBe('c5');
    expect(list.at(-1)!.name).toBe(`c${MAX_TWINS + 4}`);
  });

  it('forgets a cookie whatever mapping recorded it; holdsCookie looks by identity', () => {
    const list = [twin(), twin({ pair: 'other', host: 'jellyfin.example.com' })];
    expect(holdsCookie(list, { name: 'sid', host: '192.168.1.20', path: '/', storeId: '0' })).toBe(true);
    expect(holdsCookie(list, { name: 'sid', host: '192.168.1.20', path: '/web', storeId: '0' })).toBe(false);
    expect(withoutCookie(list, { name: 'sid', host: '192.168.1.20', path: '/', storeId: '0' })).toEqual([list[1]]);
  });

  it('finds the twins of mappings that no longer keep their login', () => {
    const list = [twin(), twin({ pair: 'gone' })];
    expect(orphanedTwins(list, new Set([twin().pair]))).toEqual([twin({ pair: 'gone' })]);
  });

  it('reads back only well-formed entries', () => {
    expect(readTwins(undefined)).toEqual([]);
    expect(readTwins({ pair: 'x' })).toEqual([]);
    expect(readTwins([twin(), null, { ...twin(), path: 3 }, 'sid'])).toEqual([twin()]);
  });
});
