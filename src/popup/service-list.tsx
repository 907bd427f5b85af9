// "Your services": every mapped service as a link to the address that works from here. Opening
// a service from here needs no redirect at all (the link already points at the right side), and
// a right-click copies the address that works on this network. Each has a switch that turns its
// mapping on or off (saved, so applied, at once); past FILTER_FROM services a filter box.
import { useState } from 'preact/hooks';
import type { HairpinState } from '../core/messages';
import { serviceEntries, type ServiceEntry } from '../core/service-links';
import { replaceMapping, setEnabled } from '../core/mapping-edits';
import { errorMessage } from '../core/error-message';
import { useApp } from '../ui/services';
import { byName } from '../core/by-name';

/** More services than this get a filter box. */
export const FILTER_FROM = 8;

export function ServiceList({ state, onSaved }: { state: HairpinState; onSaved: () => void }) {
  const { client } = useApp();
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const locations = byName(
    state.networks.map((network) => [network.name, network.location] as [string, typeof network.location]),
  );
  const entries = serviceEntries(state.config, locations, state.applied);
  if (entries.length === 0) return null;
  const severalNetworks = state.config.networks.length > 1;
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? entries.filter((entry) => `${entry.name}\n${entry.url}\n${entry.networkName}`.toLowerCase().includes(needle))
    : entries;

  const toggle = (entry: ServiceEntry, enabled: boolean) => {
    const key = keyOf(entry);
    const mapping = state.config.networks[entry.network]?.mappings[entry.mapping];
    if (!mapping || busy) return;
    setBusy(key);
    setProblem(null);
    const config = replaceMapping(state.config, entry, setEnabled(mapping, enabled));
    // The background validates with the options page's validator; base: refuse over a change made elsewhere.
    client({ type: 'saveConfig', config, base: state.config })
      .then((reply) => {
        if (!reply.ok) {
          const why = reply.errors.map((issue) => issue.message).join('; ');
          setProblem(`${entry.name} could not be turned ${enabled ? 'on' : 'off'}: ${why}`);
        }
      })
      .catch((error: unknown) => setProblem(`${entry.name} could not be changed: ${errorMessage(error)}`))
      .finally(() => {
        setBusy(null);
        onSaved();
      });
  };

  return (
    <section class="services" aria-labelledby="services-heading">
      <h2 id="services-heading" class="tab-heading">
        Your services
      </h2>
      {entries.length > FILTER_FROM && (
        <input
          type="search"
          class="input services-filter"
          aria-label="Filter services"
          placeholder="Filter services"
          value={filter}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
      )}
      {problem && (
        <p class="field-message field-error" role="alert">
          {problem}
        </p>
      )}
      <ul class="service-list">
        {shown.map((entry) => (
          <li key={keyOf(entry)} class={`service${entry.enabled ? '' : ' service-off'}`}>
            {/* The label is the touch target (44 px on a touch screen), the box inside keeps its size. */}
            <label class="service-switch-target">
              <input
                type="checkbox"
                class="service-switch"
                role="switch"
                checked={entry.enabled}
                aria-label={`Redirect ${entry.name}`}
                aria-busy={busy === keyOf(entry) ? 'true' : undefined}
                onChange={(event) => toggle(entry, event.currentTarget.checked)}
              />
            </label>
            <a class="service-link" href={entry.url} target="_blank" rel="noreferrer" title={entry.url}>
              {entry.name}
            </a>
            <span class="service-side muted">
              {!entry.enabled ? 'off' : entry.side === 'internal' ? 'home address' : 'external address'}
              {severalNetworks ? ` · ${entry.networkName}` : ''}
            </span>
          </li>
        ))}
        {shown.length === 0 && <li class="service muted">No service matches “{filter.trim()}”.</li>}
      </ul>
    </section>
  );
}

function keyOf(entry: ServiceEntry): string {
  return `${entry.network}:${entry.mapping}`;
}
