// Property tests (fast-check) of the per-entry merge that browser sync and the sync file share:
// merging is commutative, associative and idempotent; replicas that have exchanged everything
// agree; and no edit is lost: whenever a merge replaces an entry's value by one whose writer had
// not seen it (tracked here with explicit causal histories, independent of the implementation),
// the losing side is told, so that it can keep its value aside.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EMPTY_DOC,
  docToConfig,
  highestStamp,
  lostToConcurrentEdits,
  mergeDocs,
  recordEdit,
  type Entry,
  type SyncDoc,
} from '../../../src/core/sync-doc';
import { stableJson } from '../../../src/core/stable-json';
import type { Config, Mapping } from '../../../src/core/config-schema';

const RUNS = 200;
const MAPPINGS = 3;
const REPLICAS = 3;

type Op =
  | { kind: 'edit'; replica: number; mapping: number; value: number | null; clockSkew: number }
  | { kind: 'sync'; from: number; to: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('edit' as const),
    replica: fc.nat(REPLICAS - 1),
    mapping: fc.nat(MAPPINGS - 1),
    // null: delete the mapping; a number: its internal port
    value: fc.option(fc.integer({ min: 1000, max: 1010 }), { nil: null }),
    // a machine whose clock runs fast, slow or a year ahead
    clockSkew: fc.constantFrom(0, 0, -5_000, 7_000, 365 * 24 * 3600_000),
  }),
  fc.record({ kind: fc.constant('sync' as const), from: fc.nat(REPLICAS - 1), to: fc.nat(REPLICAS - 1) }),
);

function mappingOf(i: number, port: number): Mapping {
  return { name: `S${i}`, external: `https://s${i}.example.com`, internal: `http://192.168.1.${20 + i}:${port}` };
}

/** The config a replica shows, with mapping i set to `value` (or removed). */
function edited(doc: SyncDoc, mapping: number, value: number | null): Config {
  const current = docToConfig(doc);
  const network = current.networks[0] ?? { name: 'Home', probe: { url: 'http://192.168.1.10/hairpin' }, mappings: [] };
  const external = `https://s${mapping}.example.com`;
  const others = network.mappings.filter((m) => m.external !== external);
  const mappings = value === null ? others : [...others, mappingOf(mapping, value)];
  return { ...current, networks: [{ ...network, mappings }] };
}

const eventId = (entry: Entry) => `${entry.by}@${entry.updatedAt}`;

interface Replica {
  doc: SyncDoc;
  /** Every edit (by id) this replica has seen, through its own edits or merges. */
  seen: Set<string>;
}

/** Runs the ops; checks "no edit lost" at every merge; returns the replicas. */
function run(ops: Op[], onMerge?: (before: SyncDoc, incoming: SyncDoc) => void) {
  let wall = 1_700_000_000_000;
  const replicas: Replica[] = Array.from({ length: REPLICAS }, () => ({ doc: EMPTY_DOC, seen: new Set() }));
  /** For each edit: the edits its writer had seen when making it. */
  const history = new Map<string, Set<string>>();
  for (const step of ops) {
    wall += 10;
    if (step.kind === 'edit') {
      const r = replicas[step.replica]!;
      const next = recordEdit(
        r.doc,
        edited(r.doc, step.mapping, step.value),
        wall + step.clockSkew,
        `d${step.replica}`,
      );
      // The hybrid clock: a new stamp beats every stamp the replica has seen, whatever its clock says.
      for (const [key, entry] of Object.entries(next.entries)) {
        const old = r.doc.entries[key];
        if (old?.updatedAt !== entry.updatedAt) expect(entry.updatedAt).toBeGreaterThan(highestStamp(r.doc));
        if (old && entry.orderAt !== undefined && old.orderAt !== entry.orderAt)
          expect(entry.orderAt).toBeGreaterThan(highestStamp(r.doc));
      }
      for (const entry of Object.values(next.entries)) {
        const id = eventId(entry);
        if (!history.has(id)) history.set(id, new Set(r.seen));
        r.seen.add(id);
      }
      r.doc = next;
    } else {
      const to = replicas[step.to]!;
      const from = replicas[step.from]!;
      onMerge?.(to.doc, from.doc);
      const merged = mergeDocs(to.doc, from.doc);
      const told = new Set(lostToConcurrentEdits(to.doc, from.doc).map((c) => c.key));
      for (const [key, old] of Object.entries(to.doc.entries)) {
        const now = merged.entries[key]!;
        if (eventId(now) === eventId(old)) continue;
        const sameOutcome =
          Boolean(now.deleted) === Boolean(old.deleted) && stableJson(now.value) === stableJson(old.value);
        const causal = history.get(eventId(now))?.has(eventId(old)) ?? false;
        if (!causal && !sameOutcome && !(now.deleted && old.deleted)) expect(told.has(key), key).toBe(true);
      }
      for (const id of from.seen) to.seen.add(id);
      to.doc = merged;
    }
  }
  return replicas;
}

describe('sync doc merge (properties)', () => {
  it('is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const [a, b, c] = run(ops).map((r) => r.doc) as [SyncDoc, SyncDoc, SyncDoc];
        expect(stableJson(mergeDocs(a, b))).toBe(stableJson(mergeDocs(b, a)));
        expect(stableJson(mergeDocs(a, mergeDocs(b, c)))).toBe(stableJson(mergeDocs(mergeDocs(a, b), c)));
        expect(stableJson(mergeDocs(a, a))).toBe(stableJson(a));
        expect(stableJson(mergeDocs(mergeDocs(a, b), b))).toBe(stableJson(mergeDocs(a, b)));
      }),
      { numRuns: RUNS },
    );
  });

  it('loses no edit: a value replaced by one whose writer never saw it is reported to its side', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        run(ops);
      }),
      { numRuns: RUNS },
    );
  });

  it('converges: replicas that exchanged everything show the same configuration', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const everyone: Op[] = [];
        for (let from = 0; from < REPLICAS; from++)
          for (let to = 0; to < REPLICAS; to++) everyone.push({ kind: 'sync', from, to });
        const replicas = run([...ops, ...everyone, ...everyone]);
        const shown = replicas.map((r) => stableJson(docToConfig(r.doc)));
        expect(new Set(shown).size).toBe(1);
      }),
      { numRuns: RUNS },
    );
  });
});
