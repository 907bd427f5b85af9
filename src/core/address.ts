// Where a host lives: loopback, a private or shared range, a home-network name, or the public
// internet. The one classifier behind the probe warning (probe-address.ts) and the plain-http
// rule for config URLs (config-url-policy.ts). Pure; ipaddr.js knows the reserved ranges, so
// none are hand-written here.
import ipaddr from 'ipaddr.js';

/**
 * Names that only exist inside a home network: mDNS (.local, RFC 6762), the de-facto router
 * default .lan, the home-network zone .home.arpa (RFC 8375) and ICANN's private-use .internal.
 */
const LOCAL_SUFFIXES = ['.local', '.lan', '.home.arpa', '.internal'] as const;

export type HostKind =
  /** 127.0.0.0/8, ::1, `localhost` and `*.localhost`. */
  | 'loopback'
  /** RFC 1918, link-local, IPv6 unique-local. */
  | 'private'
  /** Carrier-grade NAT, 100.64.0.0/10: also the range of VPNs such as Tailscale. */
  | 'shared'
  /** A name under one of LOCAL_SUFFIXES. */
  | 'local-name'
  /** A name without a dot ("nas"): resolved by the local network's DNS or search domain. */
  | 'single-label'
  | 'public-address'
  | 'public-name';

/** Host kinds only a home network (or this machine) reaches: the internal side of a mapping. */
const HOME_ONLY_KINDS: ReadonlySet<HostKind> = new Set(['loopback', 'private', 'shared', 'local-name', 'single-label']);

/** Whether a host of this kind is reached only from home, so it belongs on the internal side. */
export function isHomeOnly(kind: HostKind): boolean {
  return HOME_ONLY_KINDS.has(kind);
}

export interface HostClass {
  kind: HostKind;
  /** True for IP literals: a name may resolve anywhere, whatever it looks like. */
  ip: boolean;
}

/** `host` as in a URL (`[::1]`, `NAS.lan.`) or bare (`::1`). */
export function classifyHost(host: string): HostClass {
  const bare = host
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (ipaddr.isValid(bare)) {
    // IPv4-mapped IPv6 (::ffff:192.168.1.1) is judged as the IPv4 address.
    switch (ipaddr.process(bare).range()) {
      case 'loopback':
        return { kind: 'loopback', ip: true };
      case 'private':
      case 'uniqueLocal':
      case 'linkLocal':
        return { kind: 'private', ip: true };
      case 'carrierGradeNat':
        return { kind: 'shared', ip: true };
      default:
        return { kind: 'public-address', ip: true };
    }
  }
  if (bare === 'localhost' || bare.endsWith('.localhost')) return { kind: 'loopback', ip: false };
  if (!bare.includes('.')) return { kind: 'single-label', ip: false };
  if (LOCAL_SUFFIXES.some((suffix) => bare.endsWith(suffix) || bare === suffix.slice(1))) {
    return { kind: 'local-name', ip: false };
  }
  return { kind: 'public-name', ip: false };
}
