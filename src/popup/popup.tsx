// The toolbar popup: where each network stands and why, the mode switches, a re-check, what
// Hairpin knows about the current tab (including whether its login survives a switch), and the
// user's services linked to the addresses that work from here.
// Polls the background once a second while open.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { HairpinClient } from '../core/messages';
import type { HairpinState, NetworkState, SwitchRecord } from '../core/messages';
import { describeVerdict, effectiveLocation, type Location, type Mode } from '../core/verdict';
import { externalUrl, findMapping, otherSideUrl, type MappingMatch } from '../core/url-mapping';
import { AppContext, useApp } from '../ui/services';
import type { PageServices, TabInfo } from '../core/page-services';
import { errorMessage } from '../core/error-message';
import { ModeButtons } from '../ui/mode-buttons';
import { HostAccessWarning } from '../ui/host-access-warning';
import { CookieAccessNotice, keepLoginPaused } from '../ui/cookie-access-notice';
import { formatRelative } from '../ui/relative-time';
import { LoginReport } from './login-report';
import { ServiceList } from './service-list';

export interface PopupProps {
  client: HairpinClient;
  services: PageServices;
  /** How often the view re-reads the state and refreshes relative times. */
  pollMs?: number;
  now?: () => number;
}

export function Popup({ client, services, pollMs = 1000, now = Date.now }: PopupProps) {
  return (
    <AppContext.Provider value={{ client, services }}>
      <PopupView pollMs={pollMs} now={now} />
    </AppContext.Provider>
  );
}

const WHERE: Record<Location | 'unknown', string> = { home: 'Home', away: 'Away', unknown: 'Not checked yet' };

function PopupView({ pollMs, now }: { pollMs: number; now: () => number }) {
  const { client, services } = useApp();
  const [state, setState] = useState<HairpinState | null>(null);
  const [tab, setTab] = useState<TabInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [clock, setClock] = useState(now);
  // A poll that started before a change was sent may carry the old state: drop it.
  const epoch = useRef(0);
  const changing = useRef(0);
  const polling = useRef(false);

  const refresh = useCallback(async () => {
    if (polling.current) return;
    polling.current = true;
    const started = epoch.current;
    try {
      const [fresh, currentTab] = await Promise.all([
        client({ type: 'getState' }),
        services.currentTab().catch(() => null),
      ]);
      if (epoch.current === started && changing.current === 0) setState(fresh);
      setTab((previous) =>
        previous?.id === currentTab?.id && previous?.url === currentTab?.url ? previous : currentTab,
      );
      setProblem(null);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      polling.current = false;
    }
  }, [client, services]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      setClock(now());
      void refresh();
    }, pollMs);
    return () => clearInterval(timer);
  }, [refresh, pollMs, now]);

  const change = async (send: () => Promise<HairpinState>) => {
    epoch.current += 1;
    changing.current += 1;
    try {
      setState(await send());
      setProblem(null);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      changing.current -= 1;
      setClock(now());
    }
  };

  const setMode = (network: NetworkState, mode: Mode) => {
    // Show the choice at once; the background's answer replaces it a moment later.
    setState(
      (previous) =>
        previous && {
          ...previous,
          networks: previous.networks.map((candidate) =>
            candidate.name === network.name
              ? { ...candidate, mode, location: effectiveLocation(mode, candidate.verdict ?? undefined) }
              : candidate,
          ),
        },
    );
    void change(() => client({ type: 'setMode', network: network.name, mode }));
  };

  const checkNow = () => {
    if (checking) return;
    setChecking(true);
    void change(() => client({ type: 'checkNow' })).finally(() => setChecking(false));
  };

  const configured = state !== null && state.networks.length > 0;

  return (
    <div class="popup">
      <header class="popup-header">
        <h1 class="popup-title">
          <img src="/icons/hairpin-32.png" width={20} height={20} alt="" />
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
      {state && !state.hostAccess && <HostAccessWarning onGranted={() => void refresh()} />}
      {state && keepLoginPaused(state) && <CookieAccessNotice state={state} onGranted={() => void refresh()} />}
      {state?.storageProblem && <p class="notice notice-warn">{state.storageProblem}</p>}

      {state === null ? (
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
              />
            ))}
          </ul>
          <CurrentTab state={state} tab={tab} clock={clock} onAccessGranted={() => void refresh()} />
          <ServiceList state={state} />
        </>
      )}

      {configured && (
        <footer class="popup-footer">
          <button type="button" class="link-button" onClick={() => void services.openOptionsPage()}>
            Settings
          </button>
        </footer>
      )}
    </div>
  );
}

function NetworkCard(props: {
  network: NetworkState;
  lastSwitch: SwitchRecord | null;
  clock: number;
  onMode: (mode: Mode) => void;
}) {
  const { network, lastSwitch, clock, onMode } = props;
  const headingId = `network-${slug(network.name)}`;
  const how = howReached(network);
  const checked = network.verdict ? formatRelative(network.verdict.checkedAt, clock) : null;
  return (
    <li class="network" aria-labelledby={headingId}>
      <div class="network-head">
        <h2 id={headingId} class="network-name">
          {network.name}
        </h2>
        <span class={`verdict verdict-${network.location}`}>{WHERE[network.location]}</span>
      </div>
      <p class="network-how">
        <span>{how}</span>
        {checked && (
          <>
            <span aria-hidden="true"> · </span>
            <span>
              checked{' '}
              <time
                dateTime={new Date(network.verdict!.checkedAt).toISOString()}
                title={new Date(network.verdict!.checkedAt).toLocaleString()}
              >
                {checked}
              </time>
            </span>
          </>
        )}
      </p>
      {lastSwitch && (
        <p class="network-switch">
          Switched to {WHERE[lastSwitch.to]} {formatRelative(lastSwitch.at, clock)}: {lastSwitch.because}
        </p>
      )}
      <ModeButtons mode={network.mode} label={`Mode for ${network.name}`} onChange={onMode} />
    </li>
  );
}

/** "probe answered in 12 ms", "forced by you (the probe says Away)", "waiting for the first probe". */
export function howReached(network: NetworkState): string {
  if (network.mode !== 'auto') {
    if (!network.verdict) return 'forced by you';
    return `forced by you (the probe says ${WHERE[network.verdict.location]})`;
  }
  return network.verdict ? describeVerdict(network.verdict) : 'waiting for the first probe';
}

function CurrentTab({
  state,
  tab,
  clock,
  onAccessGranted,
}: {
  state: HairpinState;
  tab: TabInfo | null;
  clock: number;
  onAccessGranted: () => void;
}) {
  const { services } = useApp();
  // Feedback belongs to the URL it was about: it disappears once the tab moves on.
  const [feedback, setFeedback] = useState<{ text: string; bad?: boolean; url: string } | null>(null);
  const match: MappingMatch | null = tab ? findMapping(state.config, tab.url) : null;

  if (!tab || !match) {
    return (
      <section class="tab-card tab-card-empty" aria-label="This tab">
        <p class="muted">This tab is not one of your mapped services.</p>
      </section>
    );
  }

  const other = match.side === 'external' ? 'internal' : 'external';
  const network = state.networks.find((candidate) => candidate.name === match.networkName);
  // While a network is Home, the external side redirects to the internal one (and vice versa).
  const bouncesBack =
    network !== undefined &&
    ((network.location === 'home' && other === 'external') || (network.location === 'away' && other === 'internal'));

  const copy = () => {
    const link = externalUrl(match);
    services.writeClipboard(link).then(
      () => setFeedback({ text: `Copied ${link}`, url: tab.url }),
      (error: unknown) => setFeedback({ text: `Could not copy: ${errorMessage(error)}`, bad: true, url: tab.url }),
    );
  };
  const open = () => {
    services.openInTab(tab.id, otherSideUrl(match)).catch((error: unknown) => {
      setFeedback({ text: `Could not open it: ${errorMessage(error)}`, bad: true, url: tab.url });
    });
  };

  const shown = feedback?.url === tab.url ? feedback : null;
  return (
    <section class="tab-card" aria-labelledby="tab-heading">
      <h2 id="tab-heading" class="tab-heading">
        This tab
      </h2>
      <p class="tab-mapping">
        <strong>{match.mapping.name}</strong>
        <span class="muted"> ({match.networkName})</span>, on the <strong>{match.side}</strong> side
      </p>
      <div class="tab-actions">
        <button type="button" class="button" onClick={copy} title={externalUrl(match)}>
          Copy external link
        </button>
        <button type="button" class="button" onClick={open} title={otherSideUrl(match)}>
          Open {other} address
        </button>
      </div>
      {bouncesBack && (
        <p class="tab-hint muted">
          While {match.networkName} is {WHERE[network.location]}, Hairpin sends the {other} address back here.
        </p>
      )}
      <p class={`tab-feedback ${shown?.bad ? 'field-error' : 'muted'}`} role="status" title={shown?.text}>
        {shown?.text ?? ''}
      </p>
      <LoginReport
        match={match}
        url={tab.url}
        secureConsent={state.secureConsent}
        cookieAccess={state.cookieAccess}
        onAccessGranted={onAccessGranted}
        refresh={clock}
      />
    </section>
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

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
