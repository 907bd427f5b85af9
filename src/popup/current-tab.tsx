// The popup's "This tab": which mapping and side the current tab is on, copying its external
// link, opening its other address, and what a switch does to its login. The tab is the
// browser's, not Hairpin's state: it is read again as the popup's clock ticks.
import { useLayoutEffect, useState } from 'preact/hooks';
import type { HairpinState } from '../core/messages';
import type { TabInfo } from '../core/page-services';
import { externalUrl, findMapping, otherSideUrl, type MappingMatch } from '../core/url-mapping';
import { errorMessage } from '../core/error-message';
import { useApp } from '../ui/services';
import { LazyLoginReport } from './lazy-parts';
import { WHERE } from './network-card';

/** The tab the popup is about: undefined until first read, null when there is none. */
export function useCurrentTab(clock: number): TabInfo | null | undefined {
  const { services } = useApp();
  const [tab, setTab] = useState<TabInfo | null | undefined>(undefined);
  // Asked for as the popup is first drawn, beside the state (see useHairpinState), not a frame later.
  useLayoutEffect(() => {
    let live = true;
    void services
      .currentTab()
      .catch(() => null)
      .then((current) => {
        if (!live) return;
        setTab((previous) => (previous && current && sameTab(previous, current) ? previous : current));
      });
    return () => {
      live = false;
    };
  }, [services, clock]);
  return tab;
}

function sameTab(a: TabInfo, b: TabInfo): boolean {
  return a.id === b.id && a.url === b.url;
}

/** An http(s) page: one that can be a side of a mapping. */
export function isWebPage(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export function CurrentTab({
  state,
  tab,
  clock,
  onAccessGranted,
  onMapSite,
  onEdit,
}: {
  state: HairpinState;
  tab: TabInfo | null;
  clock: number;
  onAccessGranted: () => void;
  /** Opens the editor to map this tab's site (the button that asked gets the focus back). */
  onMapSite: () => void;
  /** Opens the editor on the tab's mapping. */
  onEdit: (match: MappingMatch) => void;
}) {
  const { services } = useApp();
  // Feedback belongs to the URL it was about: it disappears once the tab moves on.
  const [feedback, setFeedback] = useState<{ text: string; bad?: boolean; url: string } | null>(null);
  // A disabled mapping still claims its URLs (a new one could not): show it, to edit or turn on.
  const match: MappingMatch | null = tab ? findMapping(state.config, tab.url, { includeDisabled: true }) : null;

  if (!tab || !match) {
    const web = tab !== null && isWebPage(tab.url);
    return (
      <section class="tab-card tab-card-empty" aria-label="This tab">
        <p class="muted">
          {web ? 'This site is not one of your mapped services.' : 'This tab is not one of your mapped services.'}
        </p>
        {web && (
          <button type="button" class="button button-primary map-site" onClick={onMapSite}>
            Map this site…
          </button>
        )}
      </section>
    );
  }
  const off = match.mapping.enabled === false;
  // A mapping that arrived from elsewhere applies only once approved here (core/approval.ts).
  const waiting = !state.applied.networks.some(
    (candidate) =>
      candidate.name === match.networkName &&
      candidate.mappings.some(
        (mapping) => mapping.external === match.mapping.external && mapping.internal === match.mapping.internal,
      ),
  );

  const other = match.side === 'external' ? 'internal' : 'external';
  const network = state.networks.find((candidate) => candidate.name === match.networkName);
  // While a network is Home, the external side redirects to the internal one (and vice versa).
  const bouncesBack =
    !off &&
    !waiting &&
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
        {off && <span class="muted">; turned off, so nothing redirects</span>}
      </p>
      <div class="tab-actions">
        <button type="button" class="button" onClick={copy} title={externalUrl(match)}>
          Copy external link
        </button>
        <button type="button" class="button" onClick={open} title={otherSideUrl(match)}>
          Open {other} address
        </button>
        <button type="button" class="button tab-edit" onClick={() => onEdit(match)}>
          Edit mapping…
        </button>
      </div>
      {waiting && (
        <p class="tab-hint muted">
          This mapping arrived from elsewhere and waits for your OK in this browser: Hairpin does not redirect it here
          yet.
        </p>
      )}
      {bouncesBack && (
        <p class="tab-hint muted">
          While {match.networkName} is {WHERE[network.location]}, Hairpin sends the {other} address back here.
        </p>
      )}
      <p class={`tab-feedback ${shown?.bad ? 'field-error' : 'muted'}`} role="status" title={shown?.text}>
        {shown?.text ?? ''}
      </p>
      <LazyLoginReport
        match={match}
        url={tab.url}
        secureConsent={state.secureConsent}
        cookieAccess={state.cookieAccess}
        keepLoginApproved={state.applied.networks.some((network) =>
          network.mappings.some(
            (mapping) =>
              mapping.keepLogin === true &&
              mapping.external === match.mapping.external &&
              mapping.internal === match.mapping.internal,
          ),
        )}
        onAccessGranted={onAccessGranted}
        refresh={clock}
      />
    </section>
  );
}
