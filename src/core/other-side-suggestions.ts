// Guesses for the other address of a new mapping: the same first label under the domains the
// user's other mappings use on that side (`jellyfin.example.com` with `sonarr.home.example.com`
// already mapped suggests `http://jellyfin.home.example.com`). Pure.
import type { Config } from './config-schema';
import { classifyHost } from './address';
import { parseSide, sideToString, type Side } from './side';
import type { SideName } from './url-mapping';

/**
 * Up to `max` URLs for the `wanted` side of a service called `label`, most used domain first.
 * Sides that some mapping already claims are left out.
 */
export function suggestOtherSide(config: Config, wanted: SideName, label: string | null, max = 3): string[] {
  if (!label) return [];
  const counts = new Map<string, { count: number; order: number }>();
  const claimed = new Set<string>();
  let order = 0;
  for (const network of config.networks) {
    for (const mapping of network.mappings) {
      for (const role of ['external', 'internal'] as const) {
        const parsed = parseSide(mapping[role]);
        if (parsed.ok) claimed.add(sideToString(parsed.side));
      }
      const parsed = parseSide(mapping[wanted]);
      if (!parsed.ok) continue;
      const suffix = domainOf(parsed.side);
      if (!suffix) continue;
      const key = `${parsed.side.scheme}://\n${suffix}`;
      const seen = counts.get(key);
      counts.set(key, { count: (seen?.count ?? 0) + 1, order: seen?.order ?? order++ });
    }
  }
  return [...counts.entries()]
    .sort(([, a], [, b]) => b.count - a.count || a.order - b.order)
    .map(([key]) => {
      const [scheme, suffix] = key.split('\n') as [string, string];
      return `${scheme}${label}.${suffix}`;
    })
    .filter((url) => !claimed.has(url))
    .slice(0, max);
}

/** What a side's host sits under, `home.example.com` of `sonarr.home.example.com`; null for IPs. */
function domainOf(side: Side): string | null {
  if (classifyHost(side.host).ip) return null;
  const dot = side.host.indexOf('.');
  if (dot <= 0) return null;
  const suffix = side.host.slice(dot + 1);
  return suffix.includes('.') || classifyHost(side.host).kind === 'local-name' ? suffix : null;
}
