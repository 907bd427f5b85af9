// The toolbar popup: where each network stands and why, the mode switches, a re-check, what
// Hairpin knows about the current tab (including whether its login survives a switch), and the
// user's services linked to the addresses that work from here. The state is read once and again
// whenever it changes (useHairpinState); only the clock ticks, for the relative times.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HairpinClient, HairpinState, NetworkState } from '../core/messages';
import { effectiveLocation, type Mode } from '../core/verdict';
import { AppContext, useApp } from '../ui/services';
import type { PageServices } from '../core/page-services';
import { HostAccessWarning } from '../ui/host-access-warning';
import { useClock } from '../ui/clock';
import { useHairpinState } from '../ui/hairpin-state';
import { NetworkCard } from './network-card';
import { CurrentTab, useCurrentTab } from './current-tab';
import { ServiceList } from './service-list';
import { LazyEditor, LazySavedNotice } from './lazy-editor';
import type { EditorTarget, SavedNote } from './editor';
import { LazyCookieAccessNotice, LazyPendingNotice, LazySyncFileLine } from './lazy-parts';
import { HairpinMark } from '../ui/hairpin-mark';

export interface PopupProps {
  client: HairpinClient;
  services: PageServices;
  /** How often relative times ("checked 12 s ago") and the current tab are refreshed. */
  clockMs?: number;
  now?: () => number;
  /** How long Undo is offered after a save (tests shorten it). */
  undoMs?: number;
}

export function Popup({ client, services, clockMs = 1000, now = Date.now, undoMs }: PopupProps) {
  return (
    <AppContext.Provider value={{ client, services }}>
      <PopupView clockMs={clockMs} now={now} undoMs={undoMs} />
    </AppContext.Provider>
  );
}

function PopupView({ clockMs, now, undoMs }: { clockMs: number; now: () => number; undoMs?: number }) {
  const { client, services } = useApp();
  const { state, problem, refresh, change } = useHairpinState();
  const [clock, tick] = useClock(clockMs, now);
  const tab = useCurrentTab(clock);
  const [checking, setChecking] = useState(false);
  const [editing, setEditing] = useState<EditorTarget | null>(null);
  const [note, setNote] = useState<SavedNote | null>(null);
  /** The button that opened the editor: the focus goes back to it when the editor closes. */
  const opener = useRef<HTMLElement | null>(null);
  const closed = useRef(false);

  const openEditor = (target: EditorTarget) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setNote(null);
    setEditing(target);
  };
  const closeEditor = () => {
    closed.current = true;
    setEditing(null);
  };
  const saved = (saved: SavedNote) => {
    setEditing(null);
    setNote(saved);
    refresh();
  };
  useEffect(() => {
    if (editing || !closed.current) return;
    closed.current = false;
    // The tab card was drawn anew: its button that opened the editor is another element now.
    const target = opener.current?.isConnected
      ? opener.current
      : document.querySelector<HTMLElement>('.map-site, .tab-edit');
    target?.focus();
  }, [editing]);

  const setMode = (network: NetworkState, mode: Mode, pinned = false) => {
    // Show the choice at once; the background's answer replaces it a moment later.
    const preview = (previous: HairpinState): HairpinState => ({
      ...previous,
      networks: previous.networks.map((candidate) =>
        candidate.name === network.name
          ? { ...candidate, mode, pinned, location: effectiveLocation(mode, candidate.verdict ?? undefined) }
          : candidate,
      ),
    });
    void change(() => client({ type: 'setMode', network: network.name, mode, pinned }), preview).finally(tick);
  };

  const checkNow = () => {
    if (checking) return;
    setChecking(true);
    void change(() => client({ type: 'checkNow' })).finally(() => {
      tick();
      setChecking(false);
    });
  };

  const configured = state !== null && state.networks.length > 0;

  return (
    // One main landmark holds it all: the popup is a page of its own (axe: landmark-one-main, region).
    <main class="popup">
      <header class="popup-header">
        <h1 class="popup-title">
          <HairpinMark size={20} />
          Hairpin
        </h1>
        {configured && (
          <button
            type="button"
            class="button check-now"
            onClick={checkNow}
            aria-busy={checking ? 'true' : 'false'}
            aria-disabled={checking ? 'true' : undefined}
            title="Probe every network again"
          >
            {checking ? <span class="spinner" aria-hidden="true" /> : null}
            {checking ? 'Checking…' : 'Check now'}
          </button>
        )}
      </header>

      {problem && (
        <p class="notice notice-danger" role="alert">
          {problem}
        </p>
      )}
      {state && !state.hostAccess && <HostAccessWarning onGranted={refresh} />}
      <LazyCookieAccessNotice state={state} onGranted={refresh} />
      <LazyPendingNotice state={state} onDone={refresh} />
      {state?.storageProblem && <p class="notice notice-warn">{state.storageProblem}</p>}
      {state?.rulesProblem && (
        <p class="notice notice-warn" role="alert">
          {state.rulesProblem}
        </p>
      )}

      {state === null || tab === undefined ? (
        <div class="popup-loading" aria-busy="true" aria-label="Loading" />
      ) : !configured ? (
        <NotSetUp />
      ) : (
        <>
          <ul class="networks" aria-label="Networks">
            {state.networks.map((network) => (
              <NetworkCard
                key={network.name}
                network={network}
                lastSwitch={state.lastSwitch?.network === network.name ? state.lastSwitch : null}
                clock={clock}
                onMode={(mode) => setMode(network, mode)}
                onPin={(pinned) => setMode(network, network.mode, pinned)}
              />
            ))}
          </ul>
          {note && <LazySavedNotice note={note} onDone={() => setNote(null)} onChanged={refresh} undoMs={undoMs} />}
          {editing && tab ? (
            <LazyEditor
              state={state}
              tab={tab}
              target={editing}
              onClose={closeEditor}
              onSaved={saved}
              onChanged={refresh}
            />
          ) : (
            <CurrentTab
              state={state}
              tab={tab}
              clock={clock}
              onAccessGranted={refresh}
              onMapSite={() => openEditor({ kind: 'add' })}
              onEdit={(match) =>
                openEditor({ kind: 'edit', networkName: match.networkName, external: match.mapping.external })
              }
            />
          )}
          <ServiceList state={state} onSaved={refresh} />
        </>
      )}

      {configured && <LazySyncFileLine state={state} clock={clock} />}
      {configured && (
        <footer class="popup-footer">
          <button type="button" class="link-button" onClick={() => void services.openOptionsPage()}>
            Settings
          </button>
        </footer>
      )}
    </main>
  );
}

function NotSetUp() {
  const { services } = useApp();
  return (
    <section class="first-run" aria-labelledby="first-run-heading">
      <h2 id="first-run-heading">Hairpin is not set up yet</h2>
      <p class="muted">Tell Hairpin how to recognise your home network and which addresses of your services to swap.</p>
      <button type="button" class="button button-primary" onClick={() => void services.openOptionsPage()}>
        Open settings
      </button>
    </section>
  );
}
