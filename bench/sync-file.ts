// 9. The household sync file against a real apache2 (mod_dav, Basic auth, 127.0.0.1): bytes per
// sync (the file written, and a no-change sync's 304) for 10, 100 and 1,000 mappings, and a
// two-writer storm: two browsers' sync-file machines (the pure core and background module, as
// shipped, with a Node fetch adapter) each add mappings as fast as they can, with conditional
// writes (retries per write, edits lost) and with a plain unconditional PUT (edits lost).
// And the time from an edit in one real browser to the rules applied in another (sync-latency.ts).
import { ConfigStore } from '../src/background/config-store';
import { SyncFile } from '../src/background/sync-file';
import type { DavHttp } from '../src/core/dav-http';
import { validateConfig } from '../src/core/config-validate';
import type { Config, Mapping } from '../src/core/config-schema';
import type { StorageAreaLike, StoredItem } from '../src/core/storage-layout';
import { encodeSyncFile, parseJsonBody, readSyncFileJson } from '../src/core/sync-file-format';
import { docToConfig, mergeDocs, recordEdit, EMPTY_DOC } from '../src/core/sync-doc';
import { startDav } from '../test/e2e/support/apache-dav';
import { syncLatency } from './sync-latency';
import { log, type BenchOptions, type Row, type Section } from './lib';
import type { SyncFileCursor, SyncFileSettings, SyncFileStatus } from '../src/core/sync-file-settings';

const USER = 'bench';
const PASSWORD = 'bench-password-1';
const auth = `Basic ${btoa(`${USER}:${PASSWORD}`)}`;

class MemoryArea implements StorageAreaLike {
  private readonly items = new Map<string, unknown>();
  async get(keys?: string | string[] | null) {
    const wanted = keys === undefined || keys === null ? [...this.items.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const key of wanted) if (this.items.has(key)) out[key] = structuredClone(this.items.get(key));
    return out;
  }
  async set(items: Record<string, unknown>) {
    for (const [key, value] of Object.entries(items)) this.items.set(key, structuredClone(value));
  }
  async remove(keys: string | string[]) {
    for (const key of Array.isArray(keys) ? keys : [keys]) this.items.delete(key);
  }
}

function memory<T>(value: T): StoredItem<T> {
  return { load: async () => structuredClone(value), save: async (next) => void (value = structuredClone(next)) };
}

/** Node's fetch as the DAV adapter, counting bytes on the wire (bodies only). */
function countingHttp(counter: { up: number; down: number }): DavHttp {
  return async (request) => {
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
      });
      const text = await response.text();
      counter.up += Buffer.byteLength(request.body ?? '');
      counter.down += Buffer.byteLength(text);
      return {
        ok: true,
        status: response.status,
        etag: response.headers.get('etag'),
        contentType: response.headers.get('content-type'),
        text,
      };
    } catch (error) {
      return { ok: false, error: String(error) };
    }
  };
}

function mapping(i: number, who = 'a'): Mapping {
  return {
    name: `Service ${who}${i}`,
    external: `https://${who}svc${i}.example.com`,
    internal: `http://192.168.${who === 'a' ? 1 : 2}.${(i % 250) + 2}:${8000 + i}`,
  };
}

function configWith(mappings: Mapping[]): Config {
  const result = validateConfig({
    format: 'hairpin-config',
    version: 1,
    networks: [{ name: 'Home', probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'bench-token' }, mappings }],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors[0]));
  return result.config;
}

function machine(id: string, url: string, counter: { up: number; down: number }) {
  const store = new ConfigStore({
    local: new MemoryArea(),
    sync: new MemoryArea(),
    now: Date.now,
    newDeviceId: () => id,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const status = memory<SyncFileStatus | null>(null);
  const file = new SyncFile({
    http: countingHttp(counter),
    settings: memory<SyncFileSettings | null>({ url, username: USER, password: PASSWORD, passphrase: '' }),
    status,
    cursor: memory<SyncFileCursor | null>(null),
    target: async (target) => ({ ok: true, url: target }),
    localDoc: () => store.currentDoc(),
    mergeRemote: (doc) => store.mergeRemote(doc),
    writer: async () => ({ device: id, browser: `bench ${id}` }),
    now: Date.now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    random: Math.random,
  });
  return { store, file };
}

function row(measure: string, unit: Row['unit'], value: number, n = 1): Row {
  return { section: 'syncfile', measure, unit, n, median: value, p95: value };
}

export async function syncFileSection(options: BenchOptions): Promise<Section> {
  const dav = await startDav(USER, PASSWORD);
  const rows: Row[] = [];
  let latency: Awaited<ReturnType<typeof syncLatency>> | null = null;
  const sizes: string[][] = [
    ['mappings', 'file written (kB)', 'first sync up/down (kB)', 'unchanged sync down (bytes)'],
  ];
  try {
    for (const count of [10, 100, 1000]) {
      const counter = { up: 0, down: 0 };
      const a = machine('aaaa', dav.url(`size-${count}.json`), counter);
      await a.store.save(configWith(Array.from({ length: count }, (_, i) => mapping(i))));
      await a.file.sync();
      const first = { ...counter };
      await a.file.sync();
      const unchanged = counter.down - first.down;
      const written = Buffer.byteLength(dav.readFile(`size-${count}.json`) ?? '');
      rows.push(row(`sync file for ${count} mappings`, 'kB', written / 1024));
      sizes.push([
        String(count),
        (written / 1024).toFixed(1),
        `${(first.up / 1024).toFixed(1)} / ${(first.down / 1024).toFixed(1)}`,
        String(unchanged),
      ]);
      log(`syncfile: ${count} mappings → ${(written / 1024).toFixed(1)} kB`);
    }

    // Two writers, 20 edits each, as fast as they go, on one file.
    const EDITS = 20;
    const counter = { up: 0, down: 0 };
    const a = machine('aaaa', dav.url('storm.json'), counter);
    const b = machine('bbbb', dav.url('storm.json'), counter);
    let retries = 0;
    let writes = 0;
    const writer = async (m: typeof a, who: string) => {
      for (let i = 0; i < EDITS; i++) {
        const current = (await m.store.load()).config.networks[0]?.mappings ?? [];
        await m.store.save(configWith([...current, mapping(i, who)]));
        const status = await m.file.sync();
        retries += status?.retries ?? 0;
        writes += 1;
      }
    };
    await Promise.all([writer(a, 'a'), writer(b, 'b')]);
    const inFile = mappingsInFile(dav.readFile('storm.json'));
    const lost = 2 * EDITS - inFile;
    rows.push(row('two-writer storm, conditional: retries per write', 'count', retries / writes, writes));
    rows.push(row('two-writer storm, conditional: edits missing from the file', 'count', lost));

    // The same storm with plain unconditional PUTs (read, merge, write): what a lock-free client loses.
    const plainLost = await unconditionalStorm(dav.url('plain.json'), EDITS);
    rows.push(row('two-writer storm, unconditional PUT: edits lost', 'count', plainLost));
    log(
      `syncfile: storm retries/write ${(retries / writes).toFixed(2)}, lost ${lost}; unconditional lost ${plainLost}`,
    );

    latency = await syncLatency(options, dav, USER, PASSWORD);
    rows.push(...latency.rows);
  } finally {
    await dav.close();
  }
  return {
    name: 'syncfile',
    title: 'Household sync file (apache2 WebDAV)',
    rows,
    details: [
      { title: 'Bytes per sync', table: sizes },
      ...(latency
        ? [
            {
              title: 'Edit in A (Chromium) → rules in B (Firefox), on-change push then B told by its alarm or Sync now',
              table: latency.table,
            },
          ]
        : []),
    ],
    facts: latency?.facts ?? {},
  };
}

function mappingsInFile(text: string | null): number {
  if (!text) return 0;
  const body = parseJsonBody(text, 'application/json');
  if (!body.ok) return 0;
  const content = readSyncFileJson(body.json);
  return content.ok ? docToConfig(content.doc).networks.flatMap((n) => n.mappings).length : 0;
}

/** Two writers that each read, add one mapping, and PUT without conditions. */
async function unconditionalStorm(url: string, edits: number): Promise<number> {
  const writer = async (who: string) => {
    for (let i = 0; i < edits; i++) {
      const read = await fetch(url, { headers: { authorization: auth } });
      const text = read.status === 200 ? await read.text() : null;
      const body = text ? parseJsonBody(text, 'application/json') : null;
      const content = body?.ok ? readSyncFileJson(body.json) : null;
      const doc = content?.ok ? content.doc : EMPTY_DOC;
      const config = docToConfig(doc);
      const mappings = config.networks[0]?.mappings ?? [];
      const next = recordEdit(doc, configWith([...mappings, mapping(i, who)]), Date.now(), who);
      await fetch(url, {
        method: 'PUT',
        headers: { authorization: auth },
        body: encodeSyncFile(mergeDocs(doc, next), { device: who, browser: who, at: Date.now() }),
      });
    }
  };
  await Promise.all([writer('a'), writer('b')]);
  const final = await fetch(url, { headers: { authorization: auth } });
  return 2 * edits - mappingsInFile(await final.text());
}
