// One "browser" of the sync-file tests: its own config store (so only the file connects
// browsers), sync-file settings, status and cursor in memory, against a FakeDav.
import { ConfigStore } from '../../../src/background/config-store';
import { SyncFile } from '../../../src/background/sync-file';
import { SYNC_QUOTA } from '../../../src/core/sync-codec';
import { validateConfig } from '../../../src/core/config-validate';
import type { Config, Mapping } from '../../../src/core/config-schema';
import type { SyncFileCursor, SyncFileSettings, SyncFileStatus } from '../../../src/core/sync-file-settings';
import type { StoredItem } from '../../../src/core/storage-layout';
import { FakeArea, type FakeClock } from './fake-storage';
import type { FakeDav } from './fake-dav';

export const URL_ = 'https://dav.example.com/remote.php/dav/files/alice/hairpin.json';

export function memory<T>(initial: T): StoredItem<T> & { value: T } {
  const item = {
    value: initial,
    load: async () => structuredClone(item.value),
    save: async (value: T) => void (item.value = structuredClone(value)),
  };
  return item;
}

export function mapping(i: number, label = `Service ${i}`): Mapping {
  return { name: label, external: `https://svc${i}.example.com`, internal: `http://192.168.1.${i + 2}:${8000 + i}` };
}

export function configWith(mappings: Mapping[]): Config {
  const result = validateConfig({
    format: 'hairpin-config',
    version: 1,
    networks: [
      { name: 'Home', probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'sync-test-token' }, mappings },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

export interface Browser {
  store: ConfigStore;
  local: FakeArea;
  file: SyncFile;
  settings: ReturnType<typeof memory<SyncFileSettings | null>>;
  status: ReturnType<typeof memory<SyncFileStatus | null>>;
  cursor: ReturnType<typeof memory<SyncFileCursor | null>>;
}

export function browser(
  clock: FakeClock,
  dav: FakeDav,
  id: string,
  overrides: Partial<SyncFileSettings> = {},
): Browser {
  const local = new FakeArea(clock, null);
  const store = new ConfigStore({
    local,
    sync: new FakeArea(clock, SYNC_QUOTA),
    now: clock.now,
    newDeviceId: () => id,
    sleep: async (ms) => clock.advance(ms),
  });
  const settings = memory<SyncFileSettings | null>({
    url: URL_,
    username: 'alice',
    password: 's3cret',
    passphrase: '',
    ...overrides,
  });
  const status = memory<SyncFileStatus | null>(null);
  const cursor = memory<SyncFileCursor | null>(null);
  const file = new SyncFile({
    http: dav.http,
    settings,
    status,
    cursor,
    target: async (url) => ({ ok: true, url }),
    localDoc: () => store.currentDoc(),
    mergeRemote: (doc) => store.mergeRemote(doc),
    writer: async () => ({ device: id, browser: `Browser ${id}` }),
    now: clock.now,
    sleep: async (ms) => clock.advance(ms),
    random: () => 0.5,
  });
  return { store, local, file, settings, status, cursor };
}

export const loaded = async (b: Browser) => (await b.store.load()).config;
