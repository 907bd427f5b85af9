// What the popup proposes when the user maps the site of the current tab: which side of a
// mapping this address is (a private or loopback IP or a home-network name is the internal
// side, anything else the external one), an optional path prefix from the first path segment,
// and a name, from the page title when there is one, else from the host. Pure.
import { classifyHost } from './address';
import { LIMITS } from './config-schema';
import { originOf, parseSide, type Side } from './side';
import type { SideName } from './url-mapping';

export interface SiteProposal {
  /** This address as a mapping side without a prefix: `scheme://host[:port]`. */
  origin: string;
  /** The parsed origin (prefix '' always). */
  site: Side;
  side: SideName;
  /** Why that side: shown next to the choice. */
  because: string;
  /** `/jellyfin` for `https://host/jellyfin/web/…`; null when the path offers none. */
  prefix: string | null;
  name: string;
  /** The service's first label, for guessing the other address (`jellyfin`); null when none fits. */
  label: string | null;
}

/** Host kinds only a home network reaches. */
const INTERNAL_KINDS = new Set(['loopback', 'private', 'shared', 'local-name', 'single-label']);

const BECAUSE: Record<string, string> = {
  loopback: 'a loopback address only this machine reaches',
  private: 'a private IP address only your network reaches',
  shared: 'a carrier-grade NAT or VPN address (100.64.0.0/10)',
  'local-name': 'a home-network name (.local, .lan, .home.arpa, .internal)',
  'single-label': 'a single-label name your network resolves',
  'public-address': 'a public IP address',
  'public-name': 'a public domain name',
};

/** The proposal for a tab's URL, or null for a page that cannot be a mapping side (not http/https). */
export function proposeSite(url: string, title?: string | null): SiteProposal | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const side = parseSide(`${parsed.protocol}//${parsed.host}`);
  if (!side.ok) return null;
  const site = side.side;
  const kind = classifyHost(site.host);
  const prefix = firstSegment(parsed.pathname);
  const label = serviceLabel(site, kind.ip, prefix);
  return {
    origin: originOf(site),
    site,
    side: INTERNAL_KINDS.has(kind.kind) ? 'internal' : 'external',
    because: BECAUSE[kind.kind] ?? kind.kind,
    prefix,
    name: nameFromTitle(title) ?? nameFromHost(site, kind.ip, prefix),
    label,
  };
}

/** `/jellyfin` from `/jellyfin/web/index.html`; not a file name (`/index.html`) nor an empty path. */
export function firstSegment(pathname: string): string | null {
  const segment = pathname.split('/')[1] ?? '';
  if (segment === '' || segment.includes('.') || segment.length > 64) return null;
  if (!/^[A-Za-z0-9_~%-]+$/.test(segment)) return null;
  return `/${segment}`;
}

const SEPARATORS = /\s+[-–—|·:]\s+/;

/**
 * A page title as a service name: the last part of "Dashboard - Grafana" (apps put their own
 * name last), the whole of "Jellyfin"; null when there is no usable title.
 */
export function nameFromTitle(title: string | null | undefined): string | null {
  const clean = (title ?? '').replace(/\s+/g, ' ').trim();
  if (clean === '') return null;
  const parts = clean.split(SEPARATORS).filter((part) => part !== '');
  const name = (parts[parts.length - 1] ?? clean).trim();
  if (name === '' || name.length > LIMITS.name || /^https?:\/\//i.test(name)) return null;
  return name;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function nameFromHost(site: Side, ip: boolean, prefix: string | null): string {
  const label = serviceLabel(site, ip, prefix);
  if (label) return capitalise(label);
  return site.port === null ? site.host : `${site.host}:${site.port}`;
}

/** The host's first meaningful label: `jellyfin` of `jellyfin.example.com`, `nas` of `www.nas.lan`. */
function hostLabel(host: string): string | null {
  const labels = host.split('.');
  const first = labels[0] === 'www' && labels.length > 2 ? labels[1] : labels[0];
  return first && /^[a-z0-9-]+$/.test(first) ? first : null;
}

/**
 * What the service is called: the subdomain of `jellyfin.example.com`; the path of
 * `example.com/photos` or `192.168.1.20/sonarr`, whose host names no one service.
 */
function serviceLabel(site: Side, ip: boolean, prefix: string | null): string | null {
  const labels = site.host.split('.').filter((label) => label !== 'www');
  // `sonarr.lan` names its service; `example.com` (a registrable domain alone) does not.
  if (!ip && (labels.length >= 3 || classifyHost(site.host).kind === 'local-name')) return hostLabel(site.host);
  if (prefix) {
    const segment = decodeSafely(prefix.slice(1)).toLowerCase();
    if (/^[a-z0-9-]+$/.test(segment)) return segment;
  }
  return ip ? null : hostLabel(site.host);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
