import { describe, expect, it } from 'vitest';
import {
  EMPTY_DOC,
  TOMBSTONE_TTL_MS,
  docToConfig,
  lostToConcurrentEdits,
  mergeDocs,
  pruneTombstones,
  recordEdit,
} from '../../../src/core/sync-doc';
import { stableJson } from '../../../src/core/stable-json';
import { decodeItems, encodeDoc, META_KEY, chunkKey } from '../../../src/core/sync-codec';
import type { Config } from '../../../src/core/config-schema';

const base: Config = {
  format: 'hairpin-config',
  version: 1,
  networks: [
    {
      name: 'Home',
      probe: { url: 'http://192.168.1.10/hairpin', expect: 'token-7f3a' },
      mappings: [
        { name: 'A', external: 'https://a.example.com', internal: 'http://192.168.1.20' },
        { name: 'B', external: 'https://b.example.com', internal: 'http://192.168.1.21' },
      ],
    },
  ],
  rescueAfterMs: 2000,
};

describe('sync doc', () => {
  it('round-trips a config, keeping order and top-level settings', () => {
    expect(docToConfig(recordEdit(EMPTY_DOC, base, 1, 'd'))).toEqual(base);
  });

  it('keeps the time of unchanged entries and stamps changed ones', () => {
    const first = recordEdit(EMPTY_DOC, base, 100, 'd');
    const edited: Config = {
      ...base,
      networks: [
        {
          ...base.networks[0]!,
          mappings: [base.networks[0]!.mappings[0]!, { ...base.networks[0]!.mappings[1]!, name: 'B2' }],
        },
      ],
    };
    const second = recordEdit(first, edited, 200, 'd');
    const times = Object.values(second.entries)
      .map((entry) => entry.updatedAt)
      .sort();
    expect(times.filter((t) => t === 200)).toHaveLength(1);
  });

  it('turns deletions into tombstones that win over older copies and expire after the TTL', () => {
    const first = recordEdit(EMPTY_DOC, base, 100, 'a');
    const withoutB: Config = {
      ...base,
      networks: [{ ...base.networks[0]!, mappings: [base.networks[0]!.mappings[0]!] }],
    };
    const deleted = recordEdit(first, withoutB, 200, 'a');
    expect(Object.values(deleted.entries).filter((entry) => entry.deleted)).toHaveLength(1);
    expect(docToConfig(mergeDocs(first, deleted))).toEqual(withoutB);
    expect(docToConfig(mergeDocs(deleted, first))).toEqual(withoutB);
    expect(Object.values(pruneTombstones(deleted, 200 + TOMBSTONE_TTL_MS).entries).some((e) => e.deleted)).toBe(false);
  });

  it('merges symmetrically: both orders give the same result', () => {
    const one = recordEdit(EMPTY_DOC, base, 100, 'a');
    const two = recordEdit(one, { ...base, rescueAfterMs: 3000 }, 150, 'b');
    const three = recordEdit(
      one,
      { ...base, networks: [{ ...base.networks[0]!, name: 'Home', probe: { url: 'http://192.168.1.11/hairpin' } }] },
      150,
      'a',
    );
    expect(stableJson(mergeDocs(two, three))).toBe(stableJson(mergeDocs(three, two)));
  });

  it('encodes into chunks with a checksum and detects a missing or altered chunk', async () => {
    const doc = recordEdit(EMPTY_DOC, base, 1, 'dev');
    const items = await encodeDoc(doc, 3, 'dev', 5);
    const decoded = await decodeItems(items);
    expect(decoded.ok && decoded.doc).toEqual(doc);
    const { [chunkKey(3, 'dev', 0)]: _gone, ...missing } = items;
    expect(await decodeItems(missing)).toMatchObject({ ok: false, reason: 'torn' });
    expect(await decodeItems({ ...items, [chunkKey(3, 'dev', 0)]: 'AAAA' })).toMatchObject({
      ok: false,
      reason: 'torn',
    });
    expect(await decodeItems({})).toMatchObject({ ok: false, reason: 'empty' });
    expect(await decodeItems({ [META_KEY]: { ...(items[META_KEY] as object), schema: 99 } })).toMatchObject({
      ok: false,
      reason: 'newer-schema',
    });
  });
});

describe('sync doc: positions merge apart from values', () => {
  it('a deletion that moves a later mapping up does not undo a concurrent edit of it', () => {
    const three: Config = {
      ...base,
      networks: [
        {
          ...base.networks[0]!,
          mappings: [
            { name: 'A', external: 'https://a.example.com', internal: 'http://192.168.1.20' },
            { name: 'B', external: 'https://b.example.com', internal: 'http://192.168.1.21' },
            { name: 'C', external: 'https://c.example.com', internal: 'http://192.168.1.22' },
          ],
        },
      ],
    };
    const start = recordEdit(EMPTY_DOC, three, 1000, 'a');
    const mappings = three.networks[0]!.mappings;
    // Machine B edits C's internal address at t=2000.
    const onB = recordEdit(
      start,
      {
        ...three,
        networks: [
          {
            ...three.networks[0]!,
            mappings: [mappings[0]!, mappings[1]!, { ...mappings[2]!, internal: 'http://192.168.1.99' }],
          },
        ],
      },
      2000,
      'b',
    );
    // Machine A deletes A at t=3000, which moves B and C up.
    const onA = recordEdit(
      start,
      { ...three, networks: [{ ...three.networks[0]!, mappings: [mappings[1]!, mappings[2]!] }] },
      3000,
      'a',
    );
    const expected = [
      { name: 'B', external: 'https://b.example.com', internal: 'http://192.168.1.21' },
      { name: 'C', external: 'https://c.example.com', internal: 'http://192.168.1.99' },
    ];
    expect(docToConfig(mergeDocs(onA, onB)).networks[0]!.mappings).toEqual(expected);
    expect(docToConfig(mergeDocs(onB, onA)).networks[0]!.mappings).toEqual(expected);
  });
});

describe('sync doc: the hybrid clock', () => {
  const withA = (internal: string): Config => ({
    ...base,
    networks: [
      {
        ...base.networks[0]!,
        mappings: [{ ...base.networks[0]!.mappings[0]!, internal }, base.networks[0]!.mappings[1]!],
      },
    ],
  });
  const internalOfA = (doc: ReturnType<typeof recordEdit>) => docToConfig(doc).networks[0]!.mappings[0]!.internal;

  it('an entry stamped a year ahead does not revert edits made after seeing it', () => {
    const year = 365 * 24 * 3600_000;
    const now = 1_700_000_000_000;
    const start = recordEdit(EMPTY_DOC, base, now, 'b');
    // Machine A's clock runs a year ahead; its edit reaches B.
    const fromA = recordEdit(start, withA('http://192.168.1.77'), now + year, 'a');
    const onB = mergeDocs(start, fromA);
    // B edits the same mapping a minute later by its own (right) clock: that edit wins everywhere.
    const edited = recordEdit(onB, withA('http://192.168.1.88'), now + 60_000, 'b');
    expect(internalOfA(mergeDocs(fromA, edited))).toBe('http://192.168.1.88');
    expect(internalOfA(mergeDocs(edited, fromA))).toBe('http://192.168.1.88');
    expect(lostToConcurrentEdits(fromA, edited)).toEqual([]);
  });

  it('two machines editing one mapping unseen: one deterministic winner, the loser told', () => {
    const start = recordEdit(EMPTY_DOC, base, 100, 'a');
    const onA = recordEdit(start, withA('http://192.168.1.30'), 200, 'a');
    const onB = recordEdit(start, withA('http://192.168.1.40'), 200, 'b');
    expect(internalOfA(mergeDocs(onA, onB))).toBe(internalOfA(mergeDocs(onB, onA)));
    const [winner, loser] = internalOfA(mergeDocs(onA, onB)) === 'http://192.168.1.40' ? [onB, onA] : [onA, onB];
    expect(lostToConcurrentEdits(loser, winner)).toMatchObject([{ key: 'm:home\u0000https://a.example.com' }]);
    expect(lostToConcurrentEdits(winner, loser)).toEqual([]);
  });
});
