// The options page: edit networks, mappings and the general settings with validation as you
// type, auto-save of every valid draft, import/export, a first-run setup, login hints per
// mapping, the config URL's last fetch and the sync status. Talks to the background only via
// the client.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HairpinClient } from '../core/messages';
import type { Config } from '../core/config-schema';
import { formatIssue, parseConfigText, validateConfig, type ConfigIssue } from '../core/config-validate';
import {
  addMapping,
  addNetwork,
  configFromDraft,
  describePath,
  draftFromConfig,
  emptyMapping,
  emptyNetwork,
  fieldForPath,
  fieldId,
  fieldMessage,
  groupIssues,
  removeMapping,
  removeNetwork,
  unusedNetworkName,
  updateMapping,
  updateNetwork,
  SETTINGS_KEY,
  type Draft,
  type DraftMapping,
  type DraftNetwork,
} from '../core/config-draft';
import { describeImportFailure, type ImportFailure } from '../core/import-report';
import type { HairpinState, SetAside } from '../core/messages';
import { describeChanges } from '../core/config-changes';
import { plural } from '../core/plural';
import { stableJson } from '../core/stable-json';
import { formatDateTime } from '../ui/relative-time';
import { AppContext, useApp } from '../ui/services';
import type { PageServices } from '../core/page-services';
import { errorMessage } from '../core/error-message';
import { HostAccessWarning } from '../ui/host-access-warning';
import { CookieAccessNotice, keepLoginPaused } from '../ui/cookie-access-notice';
import { useCookieHints } from '../ui/cookie-hints-loader';
import { ImportButton } from './import-button';
import { NetworkEditor, networkLabel } from './network-editor';
import { SettingsCard } from './settings-card';
import { SetupWizard } from './setup-wizard';
import type { EditorApi } from './editor-api';

export const EXPORT_FILE_NAME = 'hairpin-config.json';
export const SET_ASIDE_FILE_NAME = 'hairpin-set-aside.json';

export interface OptionsProps {
  client: HairpinClient;
  services: PageServices;
  /** Quiet time after the last keystroke before a valid draft is saved. */
  debounceMs?: number;
  /** How often relative times ("fetched 3 min ago") are refreshed. */
  clockMs?: number;
  now?: () => number;
}

export function Options({ client, services, debounceMs = 300, clockMs = 15_000, now = Date.now }: OptionsProps) {
  return (
    <AppContext.Provider value={{ client, services }}>
      <OptionsView debounceMs={debounceMs} clockMs={clockMs} now={now} />
    </AppContext.Provider>
  );
}

type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saved'; warnings: ConfigIssue[] }
  | { kind: 'invalid'; count: number }
  | { kind: 'failed'; message: string }
  /** The configuration changed elsewhere while the draft had unsaved edits: the user chooses first. */
  | { kind: 'paused' };

type Notice =
  | { kind: 'import-error'; fileName: string; failure: ImportFailure }
  | { kind: 'imported'; fileName: string; summary: string; warnings: string[]; previous: Config }
  | { kind: 'removed'; text: string; previous: Draft }
  | { kind: 'info'; text: string };

/** Key order aside: the background may hand back an equal config with its keys reordered. */
function sameConfig(a: Config | null, b: Config | null): boolean {
  return a !== null && b !== null && stableJson(a) === stableJson(b);
}

function countsOf(config: Config): string {
  const mappings = config.networks.reduce((sum, network) => sum + network.mappings.length, 0);
  return `${plural(config.networks.length, 'network')}, ${plural(mappings, 'mapping')}`;
}

/** Field keys (`rowKey.field`) of a freshly added row: quiet until typed in or left. */
function quietFields(row: DraftNetwork | DraftMapping, fields: readonly string[]): string[] {
  return fields.map((field) => `${row.key}.${field}`);
}
const NETWORK_FIELDS = ['name', 'probeUrl', 'expect', 'timeout'];
const MAPPING_FIELDS = ['name', 'external', 'internal', 'cookieDomain', 'enabled'];

function OptionsView({ debounceMs, clockMs, now }: { debounceMs: number; clockMs: number; now: () => number }) {
  const { client, services } = useApp();
  const { hints, settled: hintsSettled } = useCookieHints();
  const [state, setState] = useState<HairpinState | null>(null);
  const [clock, setClock] = useState(now);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [quiet, setQuiet] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [wizard, setWizard] = useState(false);
  /**
   * A config the background took on elsewhere (sync, config URL, another tab) while this page had
   * unsaved edits. Auto-save waits until the user loads it or keeps their edits over it.
   */
  const [elsewhere, setElsewhere] = useState<Config | null>(null);

  /** The config the background holds, as far as this page knows: what the draft is based on. */
  const saved = useRef<Config | null>(null);
  /** True once the user changed the draft: loading a config never saves it back. */
  const edited = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<Config | null>(null);
  const saveSeq = useRef(0);
  /** `elsewhere`, for the callbacks. */
  const elsewhereRef = useRef<Config | null>(null);
  /** The config of the save in flight, if any. */
  const sending = useRef<Config | null>(null);
  /** Saves run one after the other: each names the config it replaces, the one before it. */
  const saving = useRef<Promise<void>>(Promise.resolve());
  /** Set by "Keep my edits": the next valid draft is saved without waiting for the debounce. */
  const saveAtOnce = useRef(false);
  /** The form control focused last: "Keep my edits" takes the user back there. */
  const lastField = useRef<HTMLElement | null>(null);

  const validation = useMemo(() => (draft ? validateConfig(configFromDraft(draft)) : null), [draft]);
  const issues = useMemo(() => groupIssues(validation && !validation.ok ? validation.errors : []), [validation]);
  const latestValidation = useRef(validation);
  latestValidation.current = validation;

  const setChangedElsewhere = useCallback((config: Config | null) => {
    elsewhereRef.current = config;
    setElsewhere(config);
  }, []);

  const load = useCallback(
    (config: Config) => {
      saved.current = config;
      edited.current = false;
      setChangedElsewhere(null);
      setDraft(draftFromConfig(config));
      setQuiet(new Set());
      // Undoing a removal now would bring back rows of the configuration just replaced.
      setNotice((previous) => (previous?.kind === 'removed' ? null : previous));
    },
    [setChangedElsewhere],
  );

  useEffect(() => {
    client({ type: 'getState' }).then(
      (fresh) => {
        setState(fresh);
        load(fresh.config);
      },
      (error: unknown) => setLoadProblem(errorMessage(error)),
    );
  }, [client, load]);

  const cancelPending = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
  }, []);

  /** Stops auto-saving until the user chose between `config` (changed elsewhere) and their edits. */
  const pause = useCallback(
    (config: Config) => {
      cancelPending();
      setChangedElsewhere(config);
    },
    [cancelPending, setChangedElsewhere],
  );

  const persist = useCallback(
    (config: Config) => {
      const seq = ++saveSeq.current;
      pending.current = null;
      const run = saving.current.then(async () => {
        if (elsewhereRef.current) return; // paused meanwhile: the user decides
        sending.current = config;
        try {
          // `base`: the background saves nothing if its config is no longer the one this draft
          // started from, rather than undo a change this page has not seen yet.
          const result = await client({ type: 'saveConfig', config, base: saved.current ?? undefined });
          if (result.ok) saved.current = config;
          else if (result.changedElsewhere) {
            pause(result.changedElsewhere);
            return;
          }
          if (seq !== saveSeq.current) return;
          setStatus(
            result.ok
              ? { kind: 'saved', warnings: result.warnings }
              : { kind: 'failed', message: result.errors.map(formatIssue).join('; ') },
          );
        } catch (error) {
          if (seq === saveSeq.current) setStatus({ kind: 'failed', message: errorMessage(error) });
        } finally {
          sending.current = null;
        }
      });
      saving.current = run.catch(() => undefined);
      return run;
    },
    [client, pause],
  );

  /** Saves a valid draft still waiting for its debounce now (before an import, or on leaving). */
  const flush = useCallback(async () => {
    const config = pending.current;
    if (!config) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    await persist(config);
  }, [persist]);

  // Auto-save: every valid draft that differs from the saved config, ~300 ms after the last edit;
  // none while the configuration changed elsewhere waits for the user's choice.
  useEffect(() => {
    if (!validation || !edited.current) return;
    cancelPending();
    if (elsewhere) {
      saveSeq.current += 1; // a save still in flight must not report "Saved" over this
      setStatus({ kind: 'paused' });
      return;
    }
    const atOnce = saveAtOnce.current;
    saveAtOnce.current = false;
    if (!validation.ok) {
      saveSeq.current += 1; // a save still in flight must not report "Saved" over this
      setStatus({ kind: 'invalid', count: validation.errors.length });
      return;
    }
    if (sameConfig(validation.config, saved.current)) {
      setStatus((previous) =>
        previous.kind === 'saved' ? previous : { kind: 'saved', warnings: validation.warnings },
      );
      return;
    }
    setStatus({ kind: 'pending' });
    pending.current = validation.config;
    if (atOnce) void flush();
    else timer.current = setTimeout(() => void flush(), debounceMs);
  }, [validation, elsewhere, debounceMs, flush, cancelPending]);

  // Leaving the page (tab closed, switched away) must not drop the last keystrokes.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [flush]);

  /**
   * Takes a fresh state from the background. A config changed elsewhere (another window, a sync,
   * the config URL) replaces the form's when this page has no unsaved edits; with unsaved edits,
   * auto-save pauses and the user chooses.
   */
  const adopt = useCallback(
    (fresh: HairpinState) => {
      setState(fresh);
      const incoming = fresh.config;
      if (sameConfig(incoming, saved.current)) {
        // Nothing changed, or it changed back: nothing to choose any more.
        if (elsewhereRef.current) setChangedElsewhere(null);
        return;
      }
      if (sameConfig(incoming, sending.current)) return; // this page's own save, landing
      const current = latestValidation.current;
      if (current?.ok && sameConfig(current.config, incoming)) {
        // The background already holds what the form shows (the same edit, made elsewhere too).
        saved.current = incoming;
        if (elsewhereRef.current) setChangedElsewhere(null);
        if (pending.current) {
          cancelPending();
          setStatus({ kind: 'saved', warnings: current.warnings });
        }
        return;
      }
      const clean = !pending.current && (!edited.current || (current?.ok && sameConfig(current.config, saved.current)));
      if (clean) load(incoming);
      else pause(incoming);
    },
    [load, pause, cancelPending, setChangedElsewhere],
  );

  // Pick up changes made elsewhere: when the background writes (a sync, a config fetch, another
  // window's save) and when the page comes back into view. Writes come in bursts: one read each.
  useEffect(() => {
    let queued: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      queued = null;
      setClock(now());
      // After the saves in flight: their own writes are not changes made elsewhere.
      saving.current.then(() => client({ type: 'getState' })).then(adopt, () => undefined);
    };
    const soon = () => {
      queued ??= setTimeout(refresh, 50);
    };
    const onShow = () => {
      if (document.visibilityState === 'visible') soon();
    };
    document.addEventListener('visibilitychange', onShow);
    const unsubscribe = services.onStorageChanged(soon);
    return () => {
      document.removeEventListener('visibilitychange', onShow);
      unsubscribe();
      if (queued) clearTimeout(queued);
    };
  }, [client, services, adopt, now]);

  // Relative times ("fetched 3 min ago") move on by themselves.
  useEffect(() => {
    const timer = setInterval(() => setClock(now()), clockMs);
    return () => clearInterval(timer);
  }, [clockMs, now]);

  const edit = (next: (draft: Draft) => Draft, field?: string) => {
    edited.current = true;
    // Undoing a removal restores a snapshot: once the user types on, it would discard their edits.
    if (field) setNotice((previous) => (previous?.kind === 'removed' ? null : previous));
    setDraft((previous) => (previous ? next(previous) : previous));
    if (field) setQuiet((previous) => (previous.has(field) ? withoutKey(previous, field) : previous));
  };

  const api: EditorApi | null = draft && {
    draft,
    errorsFor: (path, rowKey, field) =>
      quiet.has(`${rowKey}.${field}`)
        ? []
        : (issues.byField.get(path) ?? []).map((message) => fieldMessage(message, draft)),
    touch: (rowKey, field) => setQuiet((previous) => withoutKey(previous, `${rowKey}.${field}`)),
    changeNetwork: (networkKey, patch, field) =>
      edit((current) => updateNetwork(current, networkKey, patch), `${networkKey}.${field}`),
    changeMapping: (networkKey, mappingKey, patch, field) =>
      edit((current) => updateMapping(current, networkKey, mappingKey, patch), `${mappingKey}.${field}`),
    addMapping: (networkKey) => {
      const mapping = emptyMapping();
      setQuiet((previous) => new Set([...previous, ...quietFields(mapping, MAPPING_FIELDS)]));
      edit((current) => addMapping(current, networkKey, mapping));
      requestAnimationFrame(() => document.getElementById(`${mapping.key}-name`)?.focus());
    },
    removeMapping: (networkKey, mappingKey) => {
      const network = draft.networks.find((candidate) => candidate.key === networkKey);
      const index = network?.mappings.findIndex((candidate) => candidate.key === mappingKey) ?? -1;
      const mapping = network?.mappings[index];
      setNotice({
        kind: 'removed',
        text: `Removed mapping ${mapping?.name.trim() ? `“${mapping.name.trim()}”` : index + 1}.`,
        previous: draft,
      });
      edit((current) => removeMapping(current, networkKey, mappingKey));
    },
    removeNetwork: (networkKey) => {
      const index = draft.networks.findIndex((candidate) => candidate.key === networkKey);
      const network = draft.networks[index];
      setNotice({
        kind: 'removed',
        text: `Removed network “${network ? networkLabel(network, index) : ''}” and its mappings.`,
        previous: draft,
      });
      edit((current) => removeNetwork(current, networkKey));
    },
    hints,
    secureConsent: state?.secureConsent ?? [],
    setSecureConsent: async (mapping, allowed) => {
      setState(await client({ type: 'setSecureConsent', mapping, allowed }));
    },
  };

  const changeSettings = (patch: Partial<Pick<Draft, 'configUrl' | 'rescueAfter'>>, field: string) =>
    edit((current) => ({ ...current, ...patch }), `${SETTINGS_KEY}.${field}`);

  /** Saves the draft if it waits for its debounce, then asks the background to fetch the config URL. */
  const fetchConfigNow = async () => {
    await flush();
    // The background fetches the URL it holds.
    const wanted = draft?.configUrl.trim();
    if (wanted && saved.current?.configUrl !== wanted) {
      throw new Error('This config URL is not saved yet: fix the problems on this page first.');
    }
    const fresh = await client({ type: 'fetchConfig' });
    setClock(now());
    adopt(fresh);
  };

  const addNetworkRow = () => {
    if (!draft) return;
    const network = emptyNetwork(unusedNetworkName(draft));
    setQuiet((previous) => new Set([...previous, ...quietFields(network, NETWORK_FIELDS)]));
    edit((current) => addNetwork(current, network));
    requestAnimationFrame(() => document.getElementById(`${network.key}-probeUrl`)?.focus());
  };

  const importFile = async (file: File) => {
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      setNotice({
        kind: 'import-error',
        fileName: file.name,
        failure: { summary: errorMessage(error), details: [], more: 0 },
      });
      return;
    }
    const parsed = parseConfigText(text);
    if (!parsed.ok) {
      setNotice({ kind: 'import-error', fileName: file.name, failure: describeImportFailure(parsed.errors) });
      return;
    }
    await flush(); // the config Undo restores includes the last keystrokes
    cancelPending();
    const previous = saved.current;
    try {
      const result = await client({ type: 'saveConfig', config: parsed.config });
      if (!result.ok) {
        setNotice({ kind: 'import-error', fileName: file.name, failure: describeImportFailure(result.errors) });
        return;
      }
    } catch (error) {
      setNotice({
        kind: 'import-error',
        fileName: file.name,
        failure: { summary: errorMessage(error), details: [], more: 0 },
      });
      return;
    }
    saveSeq.current += 1;
    load(parsed.config);
    setWizard(false);
    setStatus({ kind: 'saved', warnings: parsed.warnings });
    setNotice({
      kind: 'imported',
      fileName: file.name,
      summary: countsOf(parsed.config),
      warnings: parsed.warnings.map(formatIssue),
      previous: previous ?? parsed.config,
    });
  };

  const undoImport = async (previous: Config) => {
    try {
      const result = await client({ type: 'saveConfig', config: previous });
      if (!result.ok) throw new Error(result.errors.map(formatIssue).join('; '));
      saveSeq.current += 1;
      load(previous);
      setStatus({ kind: 'saved', warnings: [] });
      setNotice({ kind: 'info', text: 'Restored the configuration from before the import.' });
    } catch (error) {
      setNotice({ kind: 'info', text: `Could not undo the import: ${errorMessage(error)}` });
    }
  };

  /** "Load the new configuration": the edits on this page are discarded. */
  const loadChangedElsewhere = () => {
    const config = elsewhereRef.current;
    if (!config) return;
    cancelPending();
    saveSeq.current += 1;
    load(config);
    setStatus({ kind: 'idle' });
    setNotice({
      kind: 'info',
      text: 'Loaded the configuration changed elsewhere; your edits on this page were discarded.',
    });
  };

  /** "Keep my edits": they are saved over the configuration changed elsewhere (once valid). */
  const keepEdits = () => {
    const config = elsewhereRef.current;
    if (!config) return;
    // The draft now replaces that config: the next save names it as the one it replaces.
    saved.current = config;
    saveAtOnce.current = true;
    setChangedElsewhere(null); // auto-save resumes, at once for this save
    const back = lastField.current;
    if (back?.isConnected) requestAnimationFrame(() => back.focus());
  };

  /** Asks for the set-aside configuration's text, then hands it to the browser as a download. */
  const downloadSetAside = async (setAside: SetAside) => {
    try {
      const text = await client({ type: 'exportSetAside', kind: setAside.kind });
      if (text === null) {
        setNotice({ kind: 'info', text: 'That configuration is no longer set aside.' });
        void client({ type: 'getState' }).then(adopt, () => undefined);
        return;
      }
      services.downloadFile(SET_ASIDE_FILE_NAME, text, 'application/json');
    } catch (error) {
      setNotice({ kind: 'info', text: `Could not download the set-aside configuration: ${errorMessage(error)}` });
    }
  };

  const dismissSetAside = async (setAside: SetAside) => {
    try {
      adopt(await client({ type: 'dismissSetAside', kind: setAside.kind, at: setAside.at }));
    } catch (error) {
      setNotice({ kind: 'info', text: `Could not dismiss the set-aside configuration: ${errorMessage(error)}` });
    }
  };

  const exportConfig = () => {
    const config = validation?.ok ? validation.config : saved.current;
    if (!config) return;
    services.downloadFile(EXPORT_FILE_NAME, `${JSON.stringify(config, null, 2)}\n`, 'application/json');
    if (validation && !validation.ok) {
      setNotice({ kind: 'info', text: 'The draft has problems, so the last saved configuration was exported.' });
    }
  };

  const finishWizard = async (config: Config) => {
    const result = await client({ type: 'saveConfig', config });
    if (!result.ok) throw new Error(result.errors.map(formatIssue).join('; '));
    saveSeq.current += 1;
    load(config);
    setWizard(false);
    setStatus({ kind: 'saved', warnings: result.warnings });
    setNotice({ kind: 'info', text: 'Hairpin is set up. Its toolbar button shows whether you are home.' });
  };

  if (loadProblem) {
    return (
      <main class="options">
        <p class="notice notice-danger" role="alert">
          Could not load Hairpin’s settings: {loadProblem}
        </p>
      </main>
    );
  }

  const firstRun = draft !== null && draft.networks.length === 0;
  const errors = validation && !validation.ok ? validation.errors : [];
  /** The form field an issue concerns, or null for whole-config issues. */
  const rowOf = (issue: ConfigIssue) => {
    const ref = fieldForPath(issue.path);
    const id = ref && draft ? fieldId(ref, draft) : null;
    return id ? { id } : null;
  };
  // Problems that belong to no field are listed above the form.
  const summary = errors.filter((issue) => rowOf(issue) === null);

  /** "Show problems": every message next to its field, and the first one focused. */
  const showProblems = () => {
    setQuiet(new Set());
    const first = errors.map(rowOf).find((row) => row !== null);
    requestAnimationFrame(() => {
      const target = first ? document.getElementById(first.id) : document.getElementById('problems-title');
      target?.scrollIntoView({ block: 'center' });
      target?.focus();
    });
  };

  return (
    <div class="options">
      <header class="options-header">
        <div class="options-header-inner">
          <h1 class="options-title">
            <img src="/icons/hairpin-32.png" width={24} height={24} alt="" />
            Hairpin settings
          </h1>
          <SaveStatusView
            // Said as soon as the choice is offered (the effect that pauses runs after this render).
            status={elsewhere ? { kind: 'paused' } : status}
            onShowProblems={showProblems}
            onReview={() => document.getElementById(ELSEWHERE_ID)?.focus()}
          >
            <SyncStatusView sync={state?.sync ?? null} />
          </SaveStatusView>
          <div class="options-actions">
            {!firstRun && <ImportButton label="Import…" onFile={(file) => void importFile(file)} />}
            {!firstRun && (
              <button type="button" class="button" onClick={exportConfig}>
                Export
              </button>
            )}
          </div>
        </div>
      </header>

      <main
        class="options-main"
        onFocusIn={(event) => {
          if (event.target instanceof HTMLElement) lastField.current = event.target;
        }}
      >
        {state && !state.hostAccess && (
          <HostAccessWarning onGranted={() => void client({ type: 'getState' }).then(setState, () => undefined)} />
        )}
        {state && keepLoginPaused(state) && (
          <CookieAccessNotice
            state={state}
            onGranted={() => void client({ type: 'getState' }).then(setState, () => undefined)}
          />
        )}
        {state?.storageProblem && !(state.sync?.state === 'pending' && state.sync.detail === state.storageProblem) && (
          // A pending sync is transient: the header says so, with the detail on hover.
          <p class={`notice ${state.sync?.state === 'error' ? 'notice-danger' : 'notice-warn'}`}>
            {state.storageProblem}
          </p>
        )}
        {state?.setAside && (
          <SetAsideNotice
            setAside={state.setAside}
            onDownload={(setAside) => void downloadSetAside(setAside)}
            onDismiss={(setAside) => void dismissSetAside(setAside)}
          />
        )}
        {summary.length > 0 && draft && (
          <section class="notice notice-danger problems" aria-labelledby="problems-title">
            <h2 id="problems-title" class="problems-title" tabIndex={-1}>
              Not saved yet: fix these
            </h2>
            <ul>
              {summary.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <ProblemLink issue={issue} draft={draft} />
                </li>
              ))}
            </ul>
          </section>
        )}

        {draft === null || !hintsSettled ? (
          <div class="options-loading" aria-busy="true" aria-label="Loading" />
        ) : wizard ? (
          <SetupWizard onFinish={finishWizard} onCancel={() => setWizard(false)} />
        ) : firstRun ? (
          <Welcome onFile={(file) => void importFile(file)} onStart={() => setWizard(true)} />
        ) : (
          <>
            {draft.networks.map((network, index) => (
              <NetworkEditor key={network.key} api={api!} network={network} index={index} />
            ))}
            <div class="add-network">
              <button type="button" class="button" onClick={addNetworkRow}>
                Add network
              </button>
            </div>
            <SettingsCard
              draft={draft}
              errorsFor={api!.errorsFor}
              touch={api!.touch}
              onChange={changeSettings}
              configFetch={state?.configFetch ?? null}
              clock={clock}
              onFetchNow={fetchConfigNow}
            />
          </>
        )}
      </main>

      {/* Fixed at the bottom: visible wherever the user is, and it moves nothing on the page. */}
      <div class="toast-region">
        {elsewhere && saved.current && (
          <ChangedElsewhereNotice
            before={saved.current}
            after={elsewhere}
            draftValid={validation?.ok ?? false}
            onLoad={loadChangedElsewhere}
            onKeep={keepEdits}
          />
        )}
        {notice && (
          <NoticeView
            notice={notice}
            onDismiss={() => setNotice(null)}
            onUndoImport={(previous) => void undoImport(previous)}
            onUndoRemove={(previous) => {
              setNotice(null);
              edit(() => previous);
            }}
          />
        )}
      </div>
    </div>
  );
}

function withoutKey(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const next = new Set(set);
  next.delete(key);
  return next;
}

function SaveStatusView(props: {
  status: SaveStatus;
  onShowProblems: () => void;
  onReview: () => void;
  children?: ComponentChildren;
}) {
  const { status, onShowProblems } = props;
  let text = 'Changes are saved as you type';
  let tone = 'muted';
  switch (status.kind) {
    case 'pending':
      text = 'Saving…';
      break;
    case 'saved':
      text = 'Saved';
      tone = 'status-good';
      break;
    case 'invalid':
      text = `Not saved: fix ${plural(status.count, 'problem')}`;
      tone = 'status-bad';
      break;
    case 'failed':
      text = `Not saved: ${status.message}`;
      tone = 'status-bad';
      break;
    case 'paused':
      text = 'Not saved: changed elsewhere';
      tone = 'status-warn';
      break;
  }
  return (
    <div class="save-status">
      <p class={`save-status-text ${tone}`} role="status" title={text}>
        {text}
      </p>
      {status.kind === 'invalid' && (
        <button type="button" class="link-button" onClick={onShowProblems}>
          Show problems
        </button>
      )}
      {status.kind === 'paused' && (
        <button type="button" class="link-button" onClick={props.onReview}>
          Review
        </button>
      )}
      {props.children}
    </div>
  );
}

function ProblemLink({ issue, draft }: { issue: ConfigIssue; draft: Draft }) {
  const ref = fieldForPath(issue.path);
  const id = ref ? fieldId(ref, draft) : null;
  const text = `${describePath(issue.path, draft)}: ${fieldMessage(issue.message, draft)}`;
  if (!id) return <>{text}</>;
  return (
    <button type="button" class="link-button" onClick={() => document.getElementById(id)?.focus()}>
      {text}
    </button>
  );
}

const SYNC_TEXT: Record<NonNullable<HairpinState['sync']>['state'], string> = {
  synced: 'Synced',
  'local-only': 'Kept on this device only',
  pending: 'Sync pending',
  error: 'Sync failed',
};

/** Where the configuration is kept, in a word; the reason, if any, in the notice below and on hover. */
function SyncStatusView({ sync }: { sync: HairpinState['sync'] }) {
  const title = sync
    ? (sync.detail ??
      (sync.state === 'synced' ? 'Your browser’s sync carries this configuration to your other computers.' : undefined))
    : undefined;
  return (
    <p class={`sync-status sync-${sync?.state ?? 'unknown'}`} role="status" title={title}>
      {sync ? SYNC_TEXT[sync.state] : ''}
    </p>
  );
}

const ELSEWHERE_ID = 'changed-elsewhere';
/** How many changes the notice names before "and N more". */
const CHANGES_SHOWN = 4;

/**
 * The configuration changed elsewhere while the form had unsaved edits. An alert, in the toast
 * region (it moves nothing on the page), until the user chose; typing on stays possible.
 */
function ChangedElsewhereNotice(props: {
  before: Config;
  after: Config;
  draftValid: boolean;
  onLoad: () => void;
  onKeep: () => void;
}) {
  const changes = useMemo(() => describeChanges(props.before, props.after), [props.before, props.after]);
  const shown = changes.slice(0, CHANGES_SHOWN);
  const more = changes.length - shown.length;
  return (
    <div
      id={ELSEWHERE_ID}
      class="notice notice-warn changed-elsewhere"
      role="alert"
      tabIndex={-1}
      aria-labelledby={`${ELSEWHERE_ID}-title`}
    >
      <p id={`${ELSEWHERE_ID}-title`}>
        <strong>The configuration was changed elsewhere (sync, config URL or another tab).</strong>
      </p>
      {shown.length > 0 && (
        <ul class="notice-detail">
          {shown.map((line) => (
            <li key={line}>{line}</li>
          ))}
          {more > 0 && <li>…and {plural(more, 'more change')}</li>}
        </ul>
      )}
      <p>
        Your edits on this page are not saved until you choose: load the new configuration and lose them, or keep them
        and save them over it{props.draftValid ? '' : ' once their problems are fixed'}.
      </p>
      <div class="notice-actions">
        <button type="button" class="button button-small" onClick={props.onLoad}>
          Load the new configuration
        </button>
        <button type="button" class="button button-small" onClick={props.onKeep}>
          Keep my edits
        </button>
      </div>
    </div>
  );
}

const SET_ASIDE_WHY: Record<SetAside['kind'], string> = {
  'sync-conflict':
    'two computers changed it at the same time and their changes could not be combined, so the newer one was kept',
  unreadable: 'this version of Hairpin could not read the configuration saved by the previous one',
};

const SET_ASIDE_USE: Record<SetAside['kind'], string> = {
  'sync-conflict': 'Download it to compare it with the current one, or to import it again.',
  unreadable: 'Download it to keep a copy, or to repair it by hand and import it.',
};

/** A configuration kept aside rather than dropped: said once, quietly, until downloaded or dismissed. */
function SetAsideNotice(props: {
  setAside: SetAside;
  onDownload: (setAside: SetAside) => void;
  onDismiss: (setAside: SetAside) => void;
}) {
  const { setAside } = props;
  // The migration keeps no date: it happened when Hairpin was updated.
  let when: ComponentChildren = setAside.kind === 'unreadable' ? ' when Hairpin was updated' : '';
  if (setAside.at !== null) {
    when = (
      <>
        {' on '}
        <time dateTime={new Date(setAside.at).toISOString()}>{formatDateTime(setAside.at)}</time>
      </>
    );
  }
  return (
    <div class="notice set-aside" role="status" aria-labelledby="set-aside-title">
      <p id="set-aside-title">
        A configuration was set aside{when}: {SET_ASIDE_WHY[setAside.kind]}.
      </p>
      <p class="notice-detail">{SET_ASIDE_USE[setAside.kind]} Dismiss deletes it.</p>
      <div class="notice-actions">
        <button type="button" class="button button-small" onClick={() => props.onDownload(setAside)}>
          Download it
        </button>
        <button
          type="button"
          class="button button-small"
          aria-label="Dismiss the set-aside configuration"
          onClick={() => props.onDismiss(setAside)}
        >
          Dismiss
        </button>
      </div>
    </div>
  );
}

function NoticeView(props: {
  notice: Notice;
  onDismiss: () => void;
  onUndoImport: (previous: Config) => void;
  onUndoRemove: (previous: Draft) => void;
}) {
  const { notice, onDismiss } = props;
  const dismiss = (
    <button type="button" class="button button-small notice-dismiss" onClick={onDismiss} aria-label="Dismiss">
      Dismiss
    </button>
  );
  switch (notice.kind) {
    case 'import-error':
      return (
        <div class="notice notice-danger" role="alert">
          <p>
            <strong>“{notice.fileName}” was not imported:</strong> {notice.failure.summary}
          </p>
          {notice.failure.details.length > 0 && (
            <ul>
              {notice.failure.details.map((line) => (
                <li key={line}>
                  <code>{line}</code>
                </li>
              ))}
              {notice.failure.more > 0 && <li>…and {plural(notice.failure.more, 'more problem')}</li>}
            </ul>
          )}
          <p class="notice-detail">Your configuration was not changed.</p>
          {dismiss}
        </div>
      );
    case 'imported':
      return (
        <div class="notice notice-success" role="status">
          <p>
            Imported “{notice.fileName}”: {notice.summary}.
          </p>
          {notice.warnings.length > 0 && (
            <ul class="notice-detail">
              {notice.warnings.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <div class="notice-actions">
            <button type="button" class="button button-small" onClick={() => props.onUndoImport(notice.previous)}>
              Undo
            </button>
            {dismiss}
          </div>
        </div>
      );
    case 'removed':
      return (
        <div class="notice" role="status">
          <p>{notice.text}</p>
          <div class="notice-actions">
            <button type="button" class="button button-small" onClick={() => props.onUndoRemove(notice.previous)}>
              Undo
            </button>
            {dismiss}
          </div>
        </div>
      );
    case 'info':
      return (
        <div class="notice" role="status">
          <p>{notice.text}</p>
          {dismiss}
        </div>
      );
  }
}

function Welcome({ onFile, onStart }: { onFile: (file: File) => void; onStart: () => void }) {
  return (
    <section class="card welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title" class="card-title">
        Hairpin is not set up yet
      </h2>
      <p class="muted">
        Hairpin opens your self-hosted services at their internal address at home and at the external one away. It needs
        to know how to recognise your home network, and which addresses to swap.
      </p>
      <div class="welcome-choices">
        <div class="choice">
          <h3>Start with one network</h3>
          <p class="muted">Three steps: your health endpoint, its token, and your first service.</p>
          <button type="button" class="button button-primary" onClick={onStart}>
            Set up a network
          </button>
        </div>
        <div class="choice">
          <h3>Have a configuration file?</h3>
          <p class="muted">Import a file exported from Hairpin on another computer.</p>
          <ImportButton label="Import a file…" onFile={onFile} />
        </div>
      </div>
    </section>
  );
}
