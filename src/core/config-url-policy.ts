// Where a config URL may point. Kept apart from config-url.ts so the schema can use it
// without importing the validator that uses the schema.
import { classifyHost } from './address';
import { urlTextProblem } from './url-text';
import ipaddr from 'ipaddr.js';
import type { Network } from './config-schema';
import type { Verdict } from './verdict';

/**
 * https anywhere; plain http only where nobody else can tamper with it on the way: a private
 * or loopback IP literal, or a name that only exists on the LAN.
 */
export function configUrlProblem(text: string): string | null {
  const textProblem = urlTextProblem(text);
  if (textProblem) return textProblem;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'is not a valid URL';
  }
  if (url.username || url.password) return 'credentials (user:password@) are not allowed in URLs';
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return `scheme "${url.protocol}" is not allowed; use https (or http on your LAN)`;
  const { kind, ip } = classifyHost(url.hostname);
  // A name that merely looks local (localhost, nas) may be resolved by anyone; an IP may not.
  if (kind === 'local-name' || (ip && (kind === 'private' || kind === 'shared' || kind === 'loopback'))) return null;
  return 'plain http is only allowed to a private or loopback IP address or a .local, .lan, .home.arpa or .internal name; use https';
}

/** What the LAN rule reads of each network: its config entry and the verdict of its probe. */
export interface VouchingNetwork {
  network: Network;
  verdict: Verdict | null;
}

/**
 * The network that vouches for fetching a plain-http config URL now, or null. Plain http can be
 * answered by whoever holds that address on the network the browser is on, so it is fetched only
 * while the probe of a network that checks a token (`probe.expect`) says Home (a forced mode does
 * not count), and the URL's host belongs to that network: the probe's own host, the host of one of
 * its mappings' internal sides, or an IP address in the same /24 (IPv6: /64) as the probe's.
 */
export function plainHttpVoucher(configUrl: string, networks: readonly VouchingNetwork[]): string | null {
  let host: string;
  try {
    host = new URL(configUrl.trim()).hostname;
  } catch {
    return null;
  }
  for (const { network, verdict } of networks) {
    if (!network.probe.expect || verdict?.location !== 'home') continue;
    if (hostOnNetwork(host, network)) return network.name;
  }
  return null;
}

function hostOnNetwork(host: string, network: Network): boolean {
  const probeHost = hostOf(network.probe.url);
  if (probeHost === null) return false;
  if (host === probeHost) return true;
  const internal = network.mappings.filter((mapping) => mapping.enabled !== false).map((m) => hostOf(m.internal));
  if (internal.includes(host)) return true;
  return sameSubnet(host, probeHost);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url.trim()).hostname;
  } catch {
    return null;
  }
}

/** Both IP literals, of one family, in one /24 (IPv4) or /64 (IPv6). */
function sameSubnet(a: string, b: string): boolean {
  const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare(a)) || !ipaddr.isValid(bare(b))) return false;
  const x = ipaddr.process(bare(a));
  const y = ipaddr.process(bare(b));
  if (x.kind() !== y.kind()) return false;
  const bits = x.kind() === 'ipv4' ? 24 : 64;
  return x.match(y, bits);
}
