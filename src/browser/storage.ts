// Storage adapter: the user's config in storage.sync (storage.local when it does not fit),
// device-local state (modes, verdicts) in storage.local.
import { browser } from './api';
import { EMPTY_CONFIG, type Config } from '../core/config-schema';
import { validateConfig } from '../core/config-validate';
import type { Mode, Verdict } from '../core/verdict';
import type { SwitchRecord } from '../core/messages';

export const KEYS = {
  config: 'config',
  configStore: 'configStore',
  modes: 'modes',
  verdicts: 'verdicts',
  lastSwitch: 'lastSwitch',
} as const;

const TOO_BIG_TO_SYNC = 'This configuration does not fit in browser sync; it is kept on this device only.';

export interface StoredConfig {
  config: Config;
  store: 'sync' | 'local';
  problem: string | null;
}

export async function loadConfig(): Promise<StoredConfig> {
  const local = await browser.storage.local.get([KEYS.configStore, KEYS.config]);
  const store = local[KEYS.configStore] === 'local' ? 'local' : 'sync';
  const raw = store === 'local' ? local[KEYS.config] : (await browser.storage.sync.get(KEYS.config))[KEYS.config];
  const problem = store === 'local' ? TOO_BIG_TO_SYNC : null;
  if (raw === undefined) return { config: EMPTY_CONFIG, store, problem };
  const result = validateConfig(raw);
  if (result.ok) return { config: result.config, store, problem };
  return { config: EMPTY_CONFIG, store, problem: `the stored configuration is unreadable: ${result.errors[0]?.message}` };
}

/** Saves to sync; when sync refuses (quota), keeps the config on this device and says why. */
export async function saveConfig(config: Config): Promise<StoredConfig> {
  try {
    await browser.storage.sync.set({ [KEYS.config]: config });
    await browser.storage.local.set({ [KEYS.configStore]: 'sync' });
    await browser.storage.local.remove(KEYS.config);
    return { config, store: 'sync', problem: null };
  } catch (error) {
    await browser.storage.local.set({ [KEYS.config]: config, [KEYS.configStore]: 'local' });
    console.warn('Hairpin: storage.sync refused the config, keeping it locally', error);
    return { config, store: 'local', problem: TOO_BIG_TO_SYNC };
  }
}

export async function loadModes(): Promise<Record<string, Mode>> {
  const { [KEYS.modes]: modes } = await browser.storage.local.get(KEYS.modes);
  return isRecord(modes) ? (modes as Record<string, Mode>) : {};
}

export async function saveModes(modes: Record<string, Mode>): Promise<void> {
  await browser.storage.local.set({ [KEYS.modes]: modes });
}

export async function loadVerdicts(): Promise<Record<string, Verdict>> {
  const { [KEYS.verdicts]: verdicts } = await browser.storage.local.get(KEYS.verdicts);
  return isRecord(verdicts) ? (verdicts as Record<string, Verdict>) : {};
}

export async function saveVerdicts(verdicts: Record<string, Verdict>): Promise<void> {
  await browser.storage.local.set({ [KEYS.verdicts]: verdicts });
}

export async function loadLastSwitch(): Promise<SwitchRecord | null> {
  const { [KEYS.lastSwitch]: record } = await browser.storage.local.get(KEYS.lastSwitch);
  return isRecord(record) ? (record as unknown as SwitchRecord) : null;
}

export async function saveLastSwitch(record: SwitchRecord): Promise<void> {
  await browser.storage.local.set({ [KEYS.lastSwitch]: record });
}

/** Calls back when the config changes in sync (another machine, or another page of ours). */
export function onConfigChanged(callback: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if ((area === 'sync' || area === 'local') && KEYS.config in changes) callback();
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
