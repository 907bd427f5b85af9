// A remote sync doc is read entry by entry: what is not an entry Hairpin writes is skipped with a
// notice, the rest is used, and nothing throws.
import { describe, expect, it } from 'vitest';
import { readSyncDoc } from '../../../src/core/sync-doc-read';
import { EMPTY_DOC, SYNC_DOC_SCHEMA, docToConfig, recordEdit } from '../../../src/core/sync-doc';
import { validateConfig } from '../../../src/core/config-validate';
import type { Config } from '../../../src/core/config-schema';

const config: Config = {
  format: 'hairpin-config',
  version: 1,
  networks: [
    {
      name: 'Home',
      probe: { url: 'http://192.168.1.10/hairpin', expect: 'token-7f3a' },
      mappings: [{ name: 'A', external: 'https://a.example.com', internal: 'http://192.168.1.20' }],
    },
  ],
};
const good = recordEdit(EMPTY_DOC, config, 1_000, 'dev');

function withEntries(extra: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify({ ...good, entries: { ...good.entries, ...extra } }));
}

describe('readSyncDoc', () => {
  it('reads a doc Hairpin wrote as it is', () => {
    expect(readSyncDoc(JSON.parse(JSON.stringify(good)))).toEqual({ ok: true, doc: good, notices: [] });
  });

  it.each([
    ['a null entry', { 'n:x': null }, 'not an entry'],
    [
      'a network whose name is not text',
      { 'n:x': { updatedAt: 5, by: 'e', order: 1, value: { kind: 'network', network: { name: 7, probe: {} } } } },
      'its value is malformed',
    ],
    [
      'a stamp that is not a number',
      { 'n:x': { updatedAt: 'soon', by: 'e', order: 1, deleted: true } },
      'its time is not a number',
    ],
    [
      'a mapping filed under another key',
      {
        'm:home\u0000https://b.example.com': {
          ...good.entries['m:home\u0000https://a.example.com'],
          updatedAt: 9,
        },
      },
      'filed under another entry',
    ],
    [
      'settings that carry a whole config',
      { settings: { updatedAt: 9, by: 'e', order: 0, value: { kind: 'settings', settings: { networks: [] } } } },
      'its value is malformed',
    ],
    ['a malformed history', { 'n:x': { updatedAt: 5, by: 'e', order: 1, deleted: true, seen: { a: 'x' } } }, 'history'],
  ])('skips %s with a notice and keeps the rest', (_what, extra, reason) => {
    const read = readSyncDoc(withEntries(extra));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.notices).toHaveLength(1);
    expect(read.notices[0]).toContain(reason);
    expect(validateConfig(docToConfig(read.doc))).toMatchObject({ ok: true, config });
  });

  it('never copies a __proto__ key', () => {
    const read = readSyncDoc(JSON.parse(`{"schema":3,"entries":{"__proto__":{"updatedAt":1,"by":"x","order":0}}}`));
    expect(read.ok && Object.getPrototypeOf(read.doc.entries)).toBe(Object.prototype);
    expect(read.ok && read.notices[0]).toContain('"__proto__"');
  });

  it('upgrades a schema 2 doc, keeping its wall-clock stamps (valid stamps of the hybrid clock)', () => {
    const read = readSyncDoc({ ...JSON.parse(JSON.stringify(good)), schema: 2 });
    expect(read).toMatchObject({ ok: true, doc: { schema: SYNC_DOC_SCHEMA, entries: good.entries } });
  });

  it.each([
    [null, 'not a Hairpin sync document'],
    ['text', 'not a Hairpin sync document'],
    [{ schema: 99, entries: {} }, 'newer Hairpin'],
    [{ schema: 3, entries: [] }, 'no entries'],
  ])('refuses %j whole', (raw, error) => {
    const read = readSyncDoc(raw);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toContain(error);
  });
});
