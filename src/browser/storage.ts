// Storage adapter: device-local state (modes, last switch) in storage.local, verdicts in
// storage.session (a verdict says where the browser was; after a restart it is somewhere new,
// so it starts with none and no rules until the first probe), the two
// areas the config store works on, change notifications, and the stored-shape migrations.
import { browser } from './api';
import { LOCAL_KEYS, type StorageAreaLike } from '../background/config-store';
import { isHairpinSyncKey } from '../core/sync-codec';
import { planMigration } from '../core/storage-migrations';
import type { Mode, Verdict } from '../core/verdict';
import type { SetAside, SwitchRecord } from '../core/messages';
import * as setAside from '../background/set-aside';
import type { ConfigFetchStatus } from '../core/config-url';

export const KEYS = {
  modes: 'modes',
  verdicts: 'verdicts',
  lastSwitch: 'lastSwitch',
  configFetch: 'configFetch',
  secureConsent: 'secureMirrorConsent',
} as const;

/** The two areas, as the plain get/set/remove the config store needs. */
export const localArea: StorageAreaLike = browser.storage.local;
export const syncArea: StorageAreaLike = browser.storage.sync;

/** Runs the stored-shape migrations (install/update only). */
export async function migrateStorage(): Promise<string[]> {
  const snapshot = { local: await browser.storage.local.get(null), sync: await browser.storage.sync.get(null) };
  const plan = planMigration(snapshot);
  if (Object.keys(plan.localSet).length > 0) await browser.storage.local.set(plan.localSet);
  if (plan.localRemove.length > 0) await browser.storage.local.remove(plan.localRemove);
  if (plan.syncRemove.length > 0) await browser.storage.sync.remove(plan.syncRemove);
  return plan.notes;
}

export async function loadModes(): Promise<Record<string, Mode>> {
  const { [KEYS.modes]: modes } = await browser.storage.local.get(KEYS.modes);
  return isRecord(modes) ? (modes as Record<string, Mode>) : {};
}

export async function saveModes(modes: Record<string, Mode>): Promise<void> {
  await browser.storage.local.set({ [KEYS.modes]: modes });
}

export async function loadVerdicts(): Promise<Record<string, Verdict>> {
  const { [KEYS.verdicts]: verdicts } = await browser.storage.session.get(KEYS.verdicts);
  return isRecord(verdicts) ? (verdicts as Record<string, Verdict>) : {};
}

export async function saveVerdicts(verdicts: Record<string, Verdict>): Promise<void> {
  await browser.storage.session.set({ [KEYS.verdicts]: verdicts });
}

export async function loadLastSwitch(): Promise<SwitchRecord | null> {
  const { [KEYS.lastSwitch]: record } = await browser.storage.local.get(KEYS.lastSwitch);
  return isRecord(record) ? (record as unknown as SwitchRecord) : null;
}

export async function saveLastSwitch(record: SwitchRecord): Promise<void> {
  await browser.storage.local.set({ [KEYS.lastSwitch]: record });
}

export async function loadConfigFetch(): Promise<ConfigFetchStatus | null> {
  const { [KEYS.configFetch]: status } = await browser.storage.local.get(KEYS.configFetch);
  return isRecord(status) ? (status as unknown as ConfigFetchStatus) : null;
}

export async function saveConfigFetch(status: ConfigFetchStatus): Promise<void> {
  await browser.storage.local.set({ [KEYS.configFetch]: status });
}

/** Mapping keys whose Secure cookies the user agreed (twice) to copy onto the http side. */
export async function loadSecureConsent(): Promise<string[]> {
  const { [KEYS.secureConsent]: keys } = await browser.storage.local.get(KEYS.secureConsent);
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
}

export async function saveSecureConsent(keys: string[]): Promise<void> {
  await browser.storage.local.set({ [KEYS.secureConsent]: keys });
}

/** A sync conflict's losing config, or a v1 config an update could not read (see set-aside.ts). */
export function loadSetAside(): Promise<SetAside | null> {
  return setAside.loadSetAside(localArea);
}

export function exportSetAside(kind: SetAside['kind']): Promise<string | null> {
  return setAside.exportSetAside(localArea, kind);
}

export function dismissSetAside(kind: SetAside['kind'], at: number | null): Promise<boolean> {
  return setAside.dismissSetAside(localArea, kind, at);
}

/**
 * This device's working config changed (an edit here, a merge from sync, a fetched file);
 * `previous` is the stored value before (raw, unvalidated).
 */
export function onLocalConfigChanged(callback: (previous: unknown) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && LOCAL_KEYS.config in changes) callback(changes[LOCAL_KEYS.config]!.oldValue);
  });
}

/**
 * Another machine (or this one) wrote to the synced config. Chunks count too: after a torn read
 * (the meta arrived first), the chunks arriving later are what completes the write.
 */
export function onSyncedConfigChanged(callback: () => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && Object.keys(changes).some(isHairpinSyncKey)) callback();
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
