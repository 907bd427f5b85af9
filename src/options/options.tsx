// The options page: edit networks, mappings and the general settings with validation as you
// type, auto-save of every valid draft, import/export, a first-run setup, login hints per
// mapping, the config URL's last fetch and the sync status. This file is the layout; the draft
// and its saving live in auto-save.ts, its editing in draft-editor.ts, the actions on the whole
// configuration in config-actions.ts. Talks to the background only via the client.
import { useCallback, useRef, useState } from 'preact/hooks';
import type { HairpinClient } from '../core/messages';
import type { PageServices } from '../core/page-services';
import { AppContext, useApp } from '../ui/services';
import { HostAccessWarning } from '../ui/host-access-warning';
import { CookieAccessNotice, keepLoginPaused } from '../ui/cookie-access-notice';
import { PendingNotice } from '../ui/pending-notice';
import { useCookieHints } from '../ui/cookie-hints-loader';
import { useClock } from '../ui/clock';
import { useHairpinState } from '../ui/hairpin-state';
import { useAutoSave } from './auto-save';
import { useDraftEditor } from './draft-editor';
import { mergeBase, useConfigActions, type OpenDashboard } from './config-actions';
import { DropOverlay, DropZone, useFileDrop } from './file-drop';
import { ChangedElsewhereNotice, ELSEWHERE_ID } from './changed-elsewhere';
import { ImportButton } from './import-button';
import { NetworkEditor } from './network-editor';
import { NoticeView, type Notice } from './notices';
import { focusFirstProblem, ProblemsSummary } from './problems';
import { SaveStatusView } from './save-status';
import { SetAsideNotice } from './set-aside-notice';
import { ConflictBackups } from './conflict-backups';
import { SettingsCard } from './settings-card';
import { SetupWizard } from './setup-wizard';
import { SyncStatusView } from './sync-status';
import { SyncFileCard } from './sync-file-card';
import { Welcome } from './welcome';
import { HairpinMark } from '../ui/hairpin-mark';

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

function OptionsView({ debounceMs, clockMs, now }: { debounceMs: number; clockMs: number; now: () => number }) {
  const { client } = useApp();
  const { hints, settled: hintsSettled } = useCookieHints();
  const [clock, tick] = useClock(clockMs, now);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [wizard, setWizard] = useState(false);
  /** A dashboard file in its preview, in place of the editor. */
  const [dashboard, setDashboard] = useState<OpenDashboard | null>(null);
  /** The form control focused last: "Keep my edits" takes the user back there. */
  const lastField = useRef<HTMLElement | null>(null);
  // Undoing a removal restores a snapshot: once the draft is replaced or typed on, it would
  // discard what came since.
  const dropUndoRemove = () => setNotice((previous) => (previous?.kind === 'removed' ? null : previous));

  const autoSave = useAutoSave({
    debounceMs,
    // Called from effects and handlers, by when `editor` below exists: a loaded draft's rows
    // are all new, none of them freshly added.
    onLoad: () => {
      editor.revealAll();
      dropUndoRemove();
    },
  });
  const hairpin = useHairpinState({
    // After the saves in flight: their own writes are not changes made elsewhere.
    settle: autoSave.settled,
    onState: (fresh) => {
      tick();
      autoSave.adopt(fresh.config);
    },
  });
  const { state } = hairpin;
  const editor = useDraftEditor({
    autoSave,
    hints,
    secureConsent: state?.secureConsent ?? [],
    setSecureConsent: async (mapping, allowed) => {
      hairpin.show(await client({ type: 'setSecureConsent', mapping, allowed }));
    },
    onRemoved: (text, previous) => setNotice({ kind: 'removed', text, previous }),
    onTyped: dropUndoRemove,
  });
  const actions = useConfigActions({
    autoSave,
    hairpin,
    say: setNotice,
    closeWizard: () => setWizard(false),
    showDashboard: setDashboard,
  });
  // One listener for the page's lifetime: it calls the latest actions.
  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  const onFile = useCallback((file: File) => void actionsRef.current.importFile(file), []);
  const dragging = useFileDrop(onFile, autoSave.draft !== null && !wizard && dashboard === null);
  const { draft, validation, elsewhere } = autoSave;
  const { api } = editor;
  const errors = validation && !validation.ok ? validation.errors : [];

  if (state === null && hairpin.problem) {
    return (
      <main class="options">
        <p class="notice notice-danger" role="alert">
          Could not load Hairpin’s settings: {hairpin.problem}
        </p>
      </main>
    );
  }

  const firstRun = draft !== null && draft.networks.length === 0;
  const saved = autoSave.savedConfig();

  /** "Show problems": every message next to its field, and the first one focused. */
  const showProblems = () => {
    editor.revealAll();
    focusFirstProblem(errors, draft);
  };

  /** "Keep my edits": back to the field the user was typing in. */
  const keepEdits = () => {
    if (!autoSave.keepEdits()) return;
    const back = lastField.current;
    if (back?.isConnected) requestAnimationFrame(() => back.focus());
  };

  const loadElsewhere = () => {
    if (!autoSave.loadElsewhere()) return;
    setNotice({
      kind: 'info',
      text: 'Loaded the configuration changed elsewhere; your edits on this page were discarded.',
    });
  };

  return (
    <div class="options">
      <header class="options-header">
        <div class="options-header-inner">
          <h1 class="options-title">
            <HairpinMark size={24} />
            Hairpin settings
          </h1>
          <SaveStatusView
            // Said as soon as the choice is offered (the effect that pauses runs after this render).
            status={elsewhere ? { kind: 'paused' } : autoSave.status}
            onShowProblems={showProblems}
            onReview={() => document.getElementById(ELSEWHERE_ID)?.focus()}
          >
            <SyncStatusView sync={state?.sync ?? null} />
          </SaveStatusView>
          <div class="options-actions">
            {!firstRun && <ImportButton label="Import…" onFile={(file) => void actions.importFile(file)} />}
            {!firstRun && (
              <button type="button" class="button" onClick={actions.exportConfig}>
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
        {state && !state.hostAccess && <HostAccessWarning onGranted={hairpin.refresh} />}
        {state && keepLoginPaused(state) && <CookieAccessNotice state={state} onGranted={hairpin.refresh} />}
        {state && <PendingNotice state={state} onDone={hairpin.refresh} review />}
        {state?.storageProblem && !(state.sync?.state === 'pending' && state.sync.detail === state.storageProblem) && (
          // A pending sync is transient: the header says so, with the detail on hover.
          <p class={`notice ${state.sync?.state === 'error' ? 'notice-danger' : 'notice-warn'}`}>
            {state.storageProblem}
          </p>
        )}
        {state?.setAside && (
          <SetAsideNotice
            setAside={state.setAside}
            onDownload={(setAside) => void actions.downloadSetAside(setAside)}
            onDismiss={(setAside) => void actions.dismissSetAside(setAside)}
          />
        )}
        {state && <ConflictBackups backups={state.conflictBackups} onState={hairpin.show} />}
        {draft && <ProblemsSummary errors={errors} draft={draft} />}

        {draft === null || !api || !hintsSettled ? (
          <div class="options-loading" aria-busy="true" aria-label="Loading" />
        ) : dashboard ? (
          <dashboard.module.DashboardImport
            fileName={dashboard.fileName}
            format={dashboard.format}
            rows={dashboard.rows}
            notes={dashboard.notes}
            base={mergeBase(autoSave)}
            onImport={(config, added, network) => actions.importServices(dashboard.fileName, config, added, network)}
            onCancel={() => setDashboard(null)}
          />
        ) : wizard ? (
          <SetupWizard onFinish={actions.finishWizard} onCancel={() => setWizard(false)} />
        ) : firstRun ? (
          <>
            <Welcome onFile={(file) => void actions.importFile(file)} onStart={() => setWizard(true)} />
            <SyncFileCard syncFile={state?.syncFile ?? null} clock={clock} onState={hairpin.show} joining />
          </>
        ) : (
          <>
            {draft.networks.map((network, index) => (
              <NetworkEditor key={network.key} api={api} network={network} index={index} />
            ))}
            <div class="add-network">
              <button type="button" class="button" onClick={editor.addNetworkRow}>
                Add network
              </button>
            </div>
            <SettingsCard
              draft={draft}
              errorsFor={api.errorsFor}
              touch={api.touch}
              onChange={editor.changeSettings}
              configFetch={state?.configFetch ?? null}
              clock={clock}
              onFetchNow={actions.fetchConfigNow}
            />
            <DropZone onFile={onFile} dragging={dragging} />
            <SyncFileCard syncFile={state?.syncFile ?? null} clock={clock} onState={hairpin.show} />
          </>
        )}
      </main>

      {dragging && <DropOverlay />}
      {/* Fixed at the bottom: visible wherever the user is, and it moves nothing on the page. */}
      <div class="toast-region">
        {elsewhere && saved && (
          <ChangedElsewhereNotice
            before={saved}
            after={elsewhere}
            draftValid={validation?.ok ?? false}
            onLoad={loadElsewhere}
            onKeep={keepEdits}
          />
        )}
        {notice && (
          <NoticeView
            notice={notice}
            onDismiss={() => setNotice(null)}
            onUndoImport={(previous) => void actions.undoImport(previous)}
            onUndoRemove={(previous) => {
              setNotice(null);
              autoSave.edit(() => previous);
            }}
          />
        )}
      </div>
    </div>
  );
}
