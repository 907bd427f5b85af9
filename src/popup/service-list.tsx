// "Your services": every mapped service as a link to the address that works from here. Opening
// a service from here needs no redirect at all (the link already points at the right side), and
// a right-click copies the address that works on this network.
import type { HairpinState } from '../core/messages';
import { serviceLinks } from '../core/service-links';
import { byName } from '../core/by-name';

export function ServiceList({ state }: { state: HairpinState }) {
  const locations = byName(
    state.networks.map((network) => [network.name, network.location] as [string, typeof network.location]),
  );
  const links = serviceLinks(state.config, locations);
  if (links.length === 0) return null;
  const severalNetworks = state.config.networks.length > 1;
  return (
    <section class="services" aria-labelledby="services-heading">
      <h2 id="services-heading" class="tab-heading">
        Your services
      </h2>
      <ul class="service-list">
        {links.map((link, index) => (
          <li key={`${link.networkName}\n${index}`} class="service">
            <a class="service-link" href={link.url} target="_blank" rel="noreferrer" title={link.url}>
              {link.name}
            </a>
            <span class="service-side muted">
              {link.side === 'internal' ? 'home address' : 'external address'}
              {severalNetworks ? ` · ${link.networkName}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
