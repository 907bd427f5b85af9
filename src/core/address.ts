// Is a host on the local network? Used to warn about probe URLs and to restrict plain-http
// config URLs. Pure; ipaddr.js knows the reserved ranges, so none are hand-written here.
import ipaddr from 'ipaddr.js';

/** Names that only resolve inside a home or office network. */
const LOCAL_SUFFIXES = ['.local', '.lan', '.home.arpa', '.internal'] as const;

export type HostKind = 'loopback' | 'private-ip' | 'local-name' | 'public';

export function classifyHost(host: string): HostKind {
  const bare = host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return 'loopback';
  if (ipaddr.isValid(bare)) {
    let address = ipaddr.parse(bare);
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      address = (address as ipaddr.IPv6).toIPv4Address();
    }
    const range = address.range();
    if (range === 'loopback') return 'loopback';
    if (['private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat'].includes(range)) return 'private-ip';
    return 'public';
  }
  if (LOCAL_SUFFIXES.some((suffix) => bare.endsWith(suffix))) return 'local-name';
  return 'public';
}

export function isLocalHost(host: string): boolean {
  return classifyHost(host) !== 'public';
}

/** True for IP literals only (a name could resolve anywhere). */
export function isLocalIpLiteral(host: string): boolean {
  const kind = classifyHost(host);
  return kind === 'private-ip' || (kind === 'loopback' && ipaddr.isValid(host.replace(/^\[(.*)\]$/, '$1')));
}
