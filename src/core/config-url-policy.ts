// Where a config URL may point. Kept apart from config-url.ts so the schema can use it
// without importing the validator that uses the schema.
import { classifyHost } from './address';

/**
 * https anywhere; plain http only where nobody else can tamper with it on the way: a private
 * or loopback IP literal, or a name that only exists on the LAN.
 */
export function configUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
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
