// Pairs the URLs a dashboard gives for one service into a mapping's external and internal
// sides, or says why it cannot. Pure. Which URL is which comes from dashboard-address.ts; the
// sides are origins, and where several services of one file share a host (a reverse proxy on
// sub-paths, `https://example.com/sonarr`), each keeps its first path segment as a prefix so
// they do not claim each other's pages.
import { classifyDashboardUrl, shownUrl, type Audience } from './dashboard-address';

/** One URL of a service, in the order the format gives them (the link first). */
export interface ServiceUrl {
  /** The field it came from, as the format names it: `url`, `statusCheckUrl`, `widget.url`… */
  field: string;
  text: string;
  audience: Audience;
}

/** A service as a dashboard file lists it. */
export interface DashboardService {
  name: string;
  /** The section or group path, `Media › Downloads`. */
  group: string;
  urls: ServiceUrl[];
}

export type Pairing =
  | { ok: true; external: URL; internal: URL; fields: { external: string; internal: string } }
  | { ok: false; reason: string };

/**
 * `hint`: the field of this format where a service's other address would go (Dashy's
 * `statusCheckUrl`, Homepage's `siteMonitor`), named in the "one URL only" reason.
 */
export function pairService(service: DashboardService, hint: string): Pairing {
  if (service.urls.length === 0) return { ok: false, reason: 'has no URL' };
  const external: { url: URL; field: string }[] = [];
  const internal: { url: URL; field: string }[] = [];
  const unusable: string[] = [];
  for (const { field, text, audience } of service.urls) {
    const found = classifyDashboardUrl(text, audience);
    if (found.kind === 'unusable') unusable.push(`${field} ${shownUrl(text)} ${found.why}`);
    else (found.kind === 'external' ? external : internal).push({ url: found.url, field });
  }
  const [ext] = external;
  const [int] = internal;
  if (ext && int) {
    return { ok: true, external: ext.url, internal: int.url, fields: { external: ext.field, internal: int.field } };
  }
  const distinct = (list: { url: URL }[]) => new Set(list.map(({ url }) => url.origin)).size;
  const listed = (list: { url: URL; field: string }[]) =>
    list.map(({ url, field }) => `${field} ${shownUrl(url.href)}`).join(', ');
  const others = unusable.length > 0 ? `; ${unusable.join('; ')}` : '';
  if (ext) {
    if (distinct(external) > 1) {
      return {
        ok: false,
        reason: `all its URLs are public addresses (${listed(external)}): none is a home address${others}`,
      };
    }
    return {
      ok: false,
      reason: `gives one usable URL only, the external ${shownUrl(ext.url.href)}${others || `: add its home address as ${hint}`}`,
    };
  }
  if (int) {
    if (distinct(internal) > 1) {
      return {
        ok: false,
        reason: `all its URLs are home addresses (${listed(internal)}): none is reachable from outside${others}`,
      };
    }
    return {
      ok: false,
      reason: `gives one usable URL only, the internal ${shownUrl(int.url.href)}${others || ': the dashboard does not say its external address'}`,
    };
  }
  return { ok: false, reason: unusable.join('; ') };
}

export interface PairedSides {
  external: string;
  internal: string;
}

/**
 * The two sides of each pair as mapping URLs: the origin, plus the first path segment where
 * pairs that share this side's origin lead to different places on the other side (a proxy
 * serving several services under one host). The same service listed twice shares both sides
 * and so keeps plain origins, and shows up as a duplicate.
 */
export function sidesOf(pairs: readonly { external: URL; internal: URL }[]): PairedSides[] {
  const firstSegment = (url: URL) => url.pathname.split('/').find((segment) => segment !== '') ?? null;
  const place = (url: URL) => {
    const first = firstSegment(url);
    return first ? `${url.origin}/${first}` : url.origin;
  };
  /** For each origin of one side, the places on the other side its pairs lead to. */
  const fanOut = (side: 'external' | 'internal', other: 'external' | 'internal') => {
    const seen = new Map<string, Set<string>>();
    for (const pair of pairs) {
      const origin = pair[side].origin;
      seen.set(origin, (seen.get(origin) ?? new Set()).add(place(pair[other])));
    }
    return seen;
  };
  const externals = fanOut('external', 'internal');
  const internals = fanOut('internal', 'external');
  const side = (url: URL, shared: Map<string, Set<string>>) =>
    (shared.get(url.origin)?.size ?? 0) > 1 ? place(url) : url.origin;
  return pairs.map((pair) => ({ external: side(pair.external, externals), internal: side(pair.internal, internals) }));
}
