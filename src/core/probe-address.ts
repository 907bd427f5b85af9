// Is a probe URL something only the home network can answer? Pure; the host classifier is
// shared with the config-URL policy (address.ts).
// A probe that answers everywhere (a public address or name) makes Hairpin think it is home
// everywhere; the options page warns about it but does not refuse it (split-horizon DNS exists).
import { classifyHost } from './address';

type ProbeAddressKind = 'loopback' | 'private' | 'local-name' | 'shared' | 'public-address' | 'public-name' | 'invalid';

export interface ProbeAddressCheck {
  kind: ProbeAddressKind;
  host: string;
  /** Why this address is a poor probe, or null when it is a private one. */
  warning: string | null;
}

export function checkProbeAddress(url: string): ProbeAddressCheck {
  let host: string;
  try {
    host = new URL(url.trim()).hostname;
  } catch {
    return { kind: 'invalid', host: '', warning: null };
  }
  if (host === '') return { kind: 'invalid', host, warning: null };

  const { kind } = classifyHost(host);
  switch (kind) {
    case 'loopback':
    case 'private':
    case 'local-name':
      return { kind, host, warning: null };
    case 'single-label':
      // Resolved by the local network's DNS or search domain: as local as a .lan name.
      return { kind: 'local-name', host, warning: null };
    case 'shared':
      return {
        kind,
        host,
        warning:
          `${host} is in the carrier-grade NAT range (100.64.0.0/10), which VPNs such as Tailscale also use: ` +
          'with the VPN on, the probe answers away from home too, and Hairpin would think you are home.',
      };
    case 'public-address':
      return {
        kind,
        host,
        warning:
          `${host} is a public address: it answers from anywhere, so Hairpin would think you are home everywhere. ` +
          'Use an address of your home network, such as 192.168.1.10.',
      };
    case 'public-name':
      return {
        kind,
        host,
        warning:
          `${host} is not a private address or a home-network name (.local, .lan, .home.arpa). ` +
          'If it also answers from outside your home, Hairpin would think you are home everywhere; ' +
          'prefer an address such as 192.168.1.10 or a name such as nas.lan.',
      };
  }
}

/** Shown when a network has no token: why one is needed. */
export const TOKEN_ADVICE =
  'Without a token, any device that answers at this address counts as your home: a hotel router, ' +
  'a café’s captive portal or a stranger’s NAS on the same private IP. Make your endpoint return a ' +
  'secret word and enter it here.';
