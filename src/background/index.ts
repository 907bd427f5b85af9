// Background entry: wires browser events to the engine. Listeners are registered at the top
// level so that any of them can wake a stopped service worker (or Firefox event page).
import { Engine } from './engine';
import { ConfigStore } from './config-store';
import { ConfigFetcher, mayFetchFrom } from './config-fetcher';
import { LoginMirror } from './login-mirror';
import {
  cookieAt,
  cookiesFor,
  removeCookie,
  unwatchCookieChanges,
  watchCookieChanges,
  writeCookie,
} from '../browser/cookies';
import { fetchText } from '../browser/fetch-text';
import { badgeFor } from '../core/badge';
import { fetchProbe } from '../browser/probe-fetch';
import * as storage from '../browser/storage';
import { applyRuleDiff, getInstalledRules, regexProblem, removeLegacyDynamicRules } from '../browser/dnr';
import { hasCookieAccess, hasHostAccess, onPermissionsChanged, releaseCookieAccess } from '../browser/permissions';
import { showBadge } from '../browser/badge';
import { ensureProbeAlarm, onProbeAlarm } from '../browser/alarms';
import { onRequest } from '../browser/messaging';
import { onInstalled, onStartup } from '../browser/runtime-events';
import { onCommand } from '../browser/commands';
import { cycleFirstNetwork } from '../core/mode-command';
import type { Config } from '../core/config-schema';
import { validateConfig } from '../core/config-validate';
import { effectiveMode, type Mode } from '../core/verdict';
import { byName } from '../core/by-name';
import { RESCUE_AFTER, isNetworkChangedError, isUnreachableError } from '../core/navigation';
import { NavigationWatch } from './navigation-watch';
import { Rescuer } from './rescuer';
import { narrowsToMappedSites, observeNavigations } from '../browser/web-request';
import { mappedSitePatterns } from '../core/host-patterns';
import { navigateTab, tabDestination } from '../browser/tabs';
import { onConnectivityHint } from '../browser/connectivity';
import {
  dismissConflictBackup,
  dismissSetAside,
  exportConflictBackup,
  exportSetAside,
  listConflictBackups,
  loadSetAside,
  restoreConflictBackup,
} from './set-aside';
import { formatIssue } from '../core/config-validate';
import { handleRequest, requestHandlers } from './request-handlers';
import { SyncFile } from './sync-file';
import { SyncFileService } from './sync-file-service';
import { checkSyncFile } from './sync-file-check';
import { davRequest } from '../browser/dav-request';
import { browserName } from '../browser/browser-name';
import { syncFileTarget, type SyncFileTarget } from '../core/sync-file-target';
import type { HairpinState } from '../core/messages';
import { approvedPart } from '../core/approval';

// The navigation deadline follows the config; kept here because webRequest events are synchronous.
let rescueAfterMs: number = RESCUE_AFTER.default;

const configStore = new ConfigStore({
  local: storage.localArea,
  sync: storage.syncArea,
  now: () => Date.now(),
  newDeviceId: () => crypto.randomUUID(),
  sleep,
});

/**
 * The part of the stored config this browser approved (core/approval.ts): what the rescuer, the
 * navigation watch, the login mirror and the config URL fetcher act on, as the engine does.
 */
async function appliedConfig(): Promise<Config> {
  const [{ config }, record] = await Promise.all([configStore.load(), storage.approvals.load()]);
  return approvedPart(config, record);
}

const engine = new Engine({
  config: { load: () => configStore.load(), save: (config, expected) => configStore.save(config, expected) },
  device: {
    modes: storage.modes,
    pinnedModes: storage.pinnedModes,
    verdicts: storage.verdicts,
    lastSwitch: storage.lastSwitch,
    configFetch: storage.configFetch,
    secureConsent: storage.secureConsent,
    setAside: { load: () => loadSetAside(storage.localArea) },
    conflictBackups: { load: () => listConflictBackups(storage.localArea) },
    syncFile: { load: () => syncFileService.view() },
    approvals: storage.approvals,
  },
  rules: { installed: getInstalledRules, apply: applyRuleDiff, regexProblem },
  access: { hosts: hasHostAccess, cookies: hasCookieAccess },
  probe: fetchProbe,
  now: () => Date.now(),
  sleep,
  onState: (state) => {
    rescueAfterMs = state.config.rescueAfterMs ?? RESCUE_AFTER.default;
    // Not awaited: a slow config server must not hold up the rules.
    report(fetcher.afterProbe(state));
    // Arriving home (a probe, not a forced mode, says so) is a moment to sync.
    report(syncFileService.afterProbe(state.networks.some((network) => network.verdict?.location === 'home')));
    return showBadge(badgeFor(state));
  },
});

const mirror = new LoginMirror({
  // The applied part (a keepLogin mirrors only once approved in this browser), read once per
  // worker life and again after each change of the config or the approvals.
  loadConfig: () => loadNavigationConfig(),
  loadSecureConsent: storage.secureConsent.load,
  saveSecureConsent: storage.secureConsent.save,
  loadVerdicts: storage.verdicts.load,
  twins: storage.mirrorTwins,
  cookiesFor,
  cookieAt,
  writeCookie,
  removeCookie,
  hasCookieAccess,
  releaseCookieAccess,
});

const fetcher = new ConfigFetcher({
  loadConfig: async () => (await configStore.load()).config,
  loadApplied: appliedConfig,
  // A fetched file approves nothing: what it adds waits for a click here.
  saveConfig: (config) => engine.saveConfig(config, 'elsewhere'),
  fetchText,
  loadStatus: storage.configFetch.load,
  saveStatus: storage.configFetch.save,
  now: () => Date.now(),
  passphrase: async () => (await storage.syncFileSettings.load())?.passphrase ?? '',
});

/** Where the sync file is from here: the side of a mapped server that works where we are. */
function targetFrom(state: HairpinState, url: string): SyncFileTarget {
  const locations = byName(
    state.networks.map((network) => [network.name, network.location] as [string, typeof network.location]),
  );
  return syncFileTarget(state.applied, url, locations, (target) => mayFetchFrom(target, state));
}

const syncFile: SyncFile = new SyncFile({
  http: davRequest,
  settings: storage.syncFileSettings,
  status: storage.syncFileStatus,
  cursor: storage.syncFileCursor,
  target: async (url): Promise<SyncFileTarget> => targetFrom(await engine.getState(), url),
  localDoc: () => configStore.currentDoc(),
  mergeRemote: (doc) => configStore.mergeRemote(doc),
  writer: async () => ({ device: await configStore.deviceIdentity(), browser: browserName() }),
  now: () => Date.now(),
  sleep,
  random: Math.random,
});
const syncFileService: SyncFileService = new SyncFileService({
  file: syncFile,
  settings: storage.syncFileSettings,
  status: storage.syncFileStatus,
  cursor: storage.syncFileCursor,
  now: () => Date.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

async function testSyncFile(input: { url: string; username: string; password?: string | undefined }) {
  const stored = await storage.syncFileSettings.load();
  const password = input.password ?? stored?.password ?? '';
  const target = targetFrom(await engine.getState(), input.url.trim());
  return checkSyncFile(davRequest, target, { username: input.username.trim(), password }, crypto.randomUUID());
}

// The pages' requests are answered first: if registering any later listener throws (an API this
// browser lacks or breaks), the popup and options page still reach the background.
const handlers = requestHandlers({
  engine,
  fetcher,
  setSecureConsent,
  exportSetAside: (kind) => exportSetAside(storage.localArea, kind),
  dismissSetAside: (kind) => dismissSetAside(storage.localArea, kind),
  conflictBackups: {
    export: (id) => exportConflictBackup(storage.localArea, id),
    dismiss: (id) => dismissConflictBackup(storage.localArea, id),
    restore: (id) =>
      restoreConflictBackup(storage.localArea, id, {
        current: async () => (await configStore.load()).config,
        save: async (config) => {
          // As from elsewhere: a backup may hold items this browser never approved; they wait for a click here.
          const saved = await engine.saveConfig(config, 'elsewhere');
          return saved.ok ? { ok: true } : { ok: false, error: formatIssue(saved.errors[0]!) };
        },
        now: () => Date.now(),
      }),
  },
  syncFile: syncFileService,
  testSyncFile,
});
onRequest((message) => handleRequest(handlers, message));

// The check ahead looks at every navigation: it reads the config once per worker life, not per
// navigation (every change to the working copy passes through onLocalConfigChanged below).
let navigationConfig: Promise<Config> | null = null;
const loadNavigationConfig = () =>
  (navigationConfig ??= appliedConfig().catch((error: unknown) => {
    navigationConfig = null; // read again next time
    throw error;
  }));
const rescuer = new Rescuer({
  loadConfig: loadNavigationConfig,
  loadModes: loadEffectiveModes,
  loadVerdicts: storage.verdicts.load,
  now: () => Date.now(),
  probeNetwork: (name, trigger) => engine.probeNetwork(name, trigger),
  navigateTab,
  sleep,
  // Where navigations to unmapped sites go unseen, ask the tab before moving it.
  ...(narrowsToMappedSites() ? { tabDestination } : {}),
});
const watch = new NavigationWatch({
  deadlineMs: () => rescueAfterMs,
  onStart: (tabId, url) => report(rescuer.checkAhead(tabId, url, () => watch.loadingUrl(tabId))),
  onStall: (tabId, url) => report(rescuer.rescue(tabId, url, 'deadline', () => watch.loadingUrl(tabId))),
  onFailure: (tabId, url, error) => {
    if (isUnreachableError(error)) report(rescuer.rescue(tabId, url, error, () => watch.loadingUrl(tabId)));
  },
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

async function setSecureConsent(mapping: string, allowed: boolean) {
  const keys = new Set(await storage.secureConsent.load());
  if (allowed) keys.add(mapping);
  else keys.delete(mapping);
  await storage.secureConsent.save([...keys]);
  if (allowed) await mirror.level();
  return engine.getState();
}

function storedConfigOrNull(raw: unknown): Config | null {
  const result = raw === undefined ? null : validateConfig(raw);
  return result?.ok ? result.config : null;
}

/** The mode in force per network (this session's, else a pinned one), for the rescuer. */
async function loadEffectiveModes() {
  const [session, pinned] = await Promise.all([storage.modes.load(), storage.pinnedModes.load()]);
  const names = new Set([...Object.keys(session), ...Object.keys(pinned)]);
  return byName([...names].map((name) => [name, effectiveMode(session, pinned, name)] as [string, Mode]));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function report(task: Promise<unknown>): void {
  task.catch((error: unknown) => console.error('Hairpin:', error));
}

onInstalled(() =>
  report(
    removeLegacyDynamicRules()
      .then(() => storage.migrateStorage())
      .then((notes) => notes.forEach((note) => console.info('Hairpin storage migration:', note)))
      .then(() => configStore.pull())
      .then(() => engine.probeAll()),
  ),
);
onStartup(() =>
  report(
    configStore
      .pull()
      .then(() => engine.probeAll())
      .then((state) => Promise.all([fetcher.fetchNow(state), syncFileService.syncNow()])),
  ),
);
onProbeAlarm(() => report(Promise.all([engine.probeAll(), configStore.retryPending(), syncFileService.onAlarm()])));
storage.onLocalConfigChanged((previous) => {
  navigationConfig = null;
  watchMappedSites();
  syncFileService.onLocalChange();
  report(
    Promise.all([engine.probeAll(), mirror.followConfig(storedConfigOrNull(previous)).then(followCookieListener)]),
  );
});
// `cookies` is optional: listen from the top level once granted (a change that started the worker
// is delivered only to a listener added there), then only while some mapping keeps its login:
// every cookie write of every site reaches this listener, and in Chromium a listener that is
// there when the worker stops starts it again for the next one.
const mirrorCookieChanges = () =>
  watchCookieChanges((cookie, removed, cause) => report(mirror.onChanged(cookie, removed, cause)));
mirrorCookieChanges();
async function followCookieListener(): Promise<boolean> {
  const keeps = await mirror.keepsAnyLogin();
  if (keeps) return mirrorCookieChanges();
  unwatchCookieChanges();
  return false;
}
report(followCookieListener());
storage.onSyncedConfigChanged(() => report(configStore.pull()));
// Something approved (or declined) here: what applies changed, the config did not.
storage.onApprovalsChanged(() => {
  navigationConfig = null;
  watchMappedSites();
  report(Promise.all([engine.probeAll(), mirror.followConfig(null).then(followCookieListener)]));
});
const navigations = observeNavigations(watch, (error) => {
  if (isNetworkChangedError(error)) report(engine.probeAll({ fresh: true }));
});
/** Navigations elsewhere are none of Hairpin's business, and must not wake a stopped worker. */
function watchMappedSites() {
  report(navigations.watchOnly(loadNavigationConfig().then(mappedSitePatterns)));
}
watchMappedSites();
// Back online, awake again, Firefox's captive-portal check passed: each may be a new network.
onConnectivityHint(() => report(engine.probeAll({ fresh: true })));
// The badge shows withheld access: update it as soon as that changes. Cookie access just granted
// (keepLogin turned on, or allowed from the popup) starts the mirror.
onPermissionsChanged(() => {
  report(engine.reconcile());
  report(followCookieListener().then((watching) => (watching ? mirror.level() : 0)));
});
// The keyboard shortcut (manifest `commands`; none on Android): Auto → Home → Away for the first network.
onCommand('cycle-mode', () =>
  report(
    engine.getState().then((state) => {
      const target = cycleFirstNetwork(state.networks);
      return target ? engine.setMode(target.network, target.mode) : state;
    }),
  ),
);

// Every wake-up converges: if the worker died between a verdict and its rules, this fixes it.
report(ensureProbeAlarm());
report(engine.reconcile());
