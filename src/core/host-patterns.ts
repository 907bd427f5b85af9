// Host match patterns (for permissions and event filters) for the sites a configuration
// touches. Pure.
// Match patterns carry no port (Firefox rejects one), so `http://nas.lan:8096` needs
// `http://nas.lan/*`; https and http are separate permissions.

import type { Config } from './config-schema';

/** Every http and https site: what Hairpin's manifest asks for. */
export const ALL_SITES: readonly string[] = ['http://*/*', 'https://*/*'];

/** The permission pattern that covers `url`, or null when it is not an http(s) URL. */
export function hostPattern(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') return null;
  return `${parsed.protocol}//${parsed.hostname}/*`;
}

/** Unique patterns for several URLs, in first-seen order; invalid URLs are skipped. */
export function hostPatterns(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const url of urls) {
    const pattern = hostPattern(url);
    if (pattern) out.add(pattern);
  }
  return [...out];
}

/** The sites of both sides of every enabled mapping: the only navigations Hairpin needs to see. */
export function mappedSitePatterns(config: Config): string[] {
  return hostPatterns(
    config.networks.flatMap((network) =>
      network.mappings
        .filter((mapping) => mapping.enabled !== false)
        .flatMap((mapping) => [mapping.external, mapping.internal]),
    ),
  );
}
