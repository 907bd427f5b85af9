// In-memory storage areas for adapter tests. The sync fake enforces Chrome's storage.sync
// quotas the way Chrome reports them (errors thrown from set), which Firefox only enforces later.
import { SYNC_QUOTA, itemBytes } from '../../../src/core/sync-codec';
import type { StorageAreaLike } from '../../../src/core/storage-layout';

export interface FakeClock {
  now(): number;
  advance(ms: number): void;
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

export class FakeArea implements StorageAreaLike {
  readonly items = new Map<string, unknown>();
  writes: number[] = [];
  /** Every write, in order, for FakeSyncCloud. */
  readonly log: LogEntry[] = [];
  /** While positive, set() fails with `failMessage` (a full disk, a revoked quota) and counts down. */
  failingWrites = 0;
  failMessage = 'write failed';

  constructor(
    private readonly clock: FakeClock,
    private readonly quota: typeof SYNC_QUOTA | null,
  ) {}

  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys === undefined || keys === null ? [...this.items.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const key of wanted) if (this.items.has(key)) out[key] = structuredClone(this.items.get(key));
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    this.countWrite();
    if (this.failingWrites > 0) {
      this.failingWrites -= 1;
      throw new Error(this.failMessage);
    }
    if (this.quota) {
      for (const [key, value] of Object.entries(items)) {
        if (itemBytes(key, value) > this.quota.bytesPerItem) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
      }
      const next = new Map(this.items);
      for (const [key, value] of Object.entries(items)) next.set(key, value);
      if (next.size > this.quota.maxItems) throw new Error('MAX_ITEMS quota exceeded');
      let total = 0;
      for (const [key, value] of next) total += itemBytes(key, value);
      if (total > this.quota.bytes) throw new Error('QUOTA_BYTES quota exceeded');
    }
    for (const [key, value] of Object.entries(items)) {
      this.items.set(key, structuredClone(value));
      this.log.push({ seq: ++sequence, key, value: structuredClone(value) });
    }
  }

  async remove(keys: string | string[]): Promise<void> {
    this.countWrite();
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      this.items.delete(key);
      this.log.push({ seq: ++sequence, key, removed: true });
    }
  }

  bytesInUse(): number {
    let total = 0;
    for (const [key, value] of this.items) total += itemBytes(key, value);
    return total;
  }

  private countWrite(): void {
    const now = this.clock.now();
    this.writes = this.writes.filter((at) => now - at < 3_600_000);
    if (this.quota) {
      if (this.writes.filter((at) => now - at < 60_000).length >= this.quota.writesPerMinute) {
        throw new Error('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded');
      }
      if (this.writes.length >= this.quota.writesPerHour)
        throw new Error('MAX_WRITE_OPERATIONS_PER_HOUR quota exceeded');
    }
    this.writes.push(now);
  }
}

let sequence = 0;

export interface LogEntry {
  seq: number;
  key: string;
  value?: unknown;
  removed?: true;
}

/**
 * The sync service between machines: every write and removal a machine made since the last
 * round reaches the cloud in the order it happened (the last write of a key wins, as in Chrome),
 * and every machine then sees the cloud's items. `partial` delivers only some keys to a machine.
 */
export class FakeSyncCloud {
  readonly items = new Map<string, unknown>();
  private readonly cursors = new Map<FakeArea, number>();

  round(machines: FakeArea[], partial?: { to: FakeArea; only: (key: string) => boolean }): void {
    const entries: LogEntry[] = [];
    for (const machine of machines) {
      const from = this.cursors.get(machine) ?? 0;
      entries.push(...machine.log.slice(from));
      this.cursors.set(machine, machine.log.length);
    }
    entries.sort((a, b) => a.seq - b.seq);
    for (const entry of entries) {
      if (entry.removed) this.items.delete(entry.key);
      else this.items.set(entry.key, structuredClone(entry.value));
    }
    for (const machine of machines) {
      const only = partial?.to === machine ? partial.only : () => true;
      for (const key of [...machine.items.keys()]) if (only(key) && !this.items.has(key)) machine.items.delete(key);
      for (const [key, value] of this.items) if (only(key)) machine.items.set(key, structuredClone(value));
    }
  }
}
