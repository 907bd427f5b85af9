// Is a probe URL something only the home network can answer? Pure (ipaddr.js, no browser API).
// A probe that answers everywhere (a public address or name) makes Hairpin think it is home
// everywhere; the options page warns about it but does not refuse it (split-horizon DNS exists).
import ipaddr from 'ipaddr.js';

export type ProbeAddressKind =
  | 'loopback'
  | 'private'
  | 'local-name'
  | 'shared'
  | 'public-address'
  | 'public-name'
  | 'invalid';

export interface ProbeAddressCheck {
  kind: ProbeAddressKind;
  host: string;
  /** Why this address is a poor probe, or null when it is a private one. */
  warning: string | null;
}

/**
 * Names that only exist inside a home network: mDNS (.local, RFC 6762), the de-facto router
 * default .lan, the home-network zone .home.arpa (RFC 8375) and ICANN's private-use .internal.
 */
const LOCAL_SUFFIXES = ['.local', '.lan', '.home.arpa', '.internal'];

export function checkProbeAddress(url: string): ProbeAddressCheck {
  let host: string;
  try {
    host = new URL(url.trim()).hostname;
  } catch {
    return { kind: 'invalid', host: '', warning: null };
  }
  if (host === '') return { kind: 'invalid', host, warning: null };
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;

  if (ipaddr.isValid(bare)) {
    const address = ipaddr.process(bare); // IPv4-mapped IPv6 is judged as the IPv4 address
    const range = address.range();
    switch (range) {
      case 'loopback':
        return { kind: 'loopback', host, warning: null };
      case 'private':
      case 'uniqueLocal':
      case 'linkLocal':
        return { kind: 'private', host, warning: null };
      case 'carrierGradeNat':
        return {
          kind: 'shared',
          host,
          warning:
            `${host} is in the carrier-grade NAT range (100.64.0.0/10), which VPNs such as Tailscale also use: ` +
            'with the VPN on, the probe answers away from home too, and Hairpin would think you are home.',
        };
      default:
        return {
          kind: 'public-address',
          host,
          warning:
            `${host} is a public address: it answers from anywhere, so Hairpin would think you are home everywhere. ` +
            'Use an address of your home network, such as 192.168.1.10.',
        };
    }
  }

  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return { kind: 'loopback', host, warning: null };
  if (LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1))) {
    return { kind: 'local-name', host, warning: null };
  }
  if (!name.includes('.')) {
    // A single label ("nas") is resolved by the local network's DNS or search domain.
    return { kind: 'local-name', host, warning: null };
  }
  return {
    kind: 'public-name',
    host,
    warning:
      `${host} is not a private address or a home-network name (.local, .lan, .home.arpa). ` +
      'If it also answers from outside your home, Hairpin would think you are home everywhere; ' +
      'prefer an address such as 192.168.1.10 or a name such as nas.lan.',
  };
}

/** Shown when a network has no token: why one is needed. */
export const TOKEN_ADVICE =
  'Without a token, any device that answers at this address counts as your home: a hotel router, ' +
  'a café’s captive portal or a stranger’s NAS on the same private IP. Make your endpoint return a ' +
  'secret word and enter it here.';
