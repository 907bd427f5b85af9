// Which address of the sync file to talk to. The WebDAV server may itself be a mapped service
// (Nextcloud at https://cloud.example.com outside, http://192.168.1.5 at home): use the side
// that works from where the browser is, as the redirect rules would. And the same rule as for
// the config URL: plain http only where nobody else can answer, and only while a probe (not a
// forced mode) says this browser is home, since the request carries the password (a loopback
// address, e.g. `rclone serve webdav` on this machine, never leaves it). Pure.
import type { Config } from './config-schema';
import { valueFor } from './by-name';
import { classifyHost } from './address';
import { configUrlProblem } from './config-url-policy';
import { isPlainHttp } from './url-text';
import { findMapping, otherSideUrl } from './url-mapping';
import type { Location } from './verdict';

export type SyncFileTarget = { ok: true; url: string } | { ok: false; error: string };

export function syncFileTarget(
  config: Config,
  url: string,
  locations: Readonly<Record<string, Location | 'unknown'>>,
  /** Whether a plain-http request to this address may go out now (the config URL's rule). */
  plainHttpAllowed: (target: string) => boolean,
): SyncFileTarget {
  const problem = configUrlProblem(url);
  if (problem) return { ok: false, error: `the sync file URL ${problem}` };
  const match = findMapping(config, url);
  let target = url;
  if (match) {
    const location = valueFor(locations, match.networkName) ?? 'unknown';
    const wanted = location === 'home' ? 'internal' : location === 'away' ? 'external' : match.side;
    if (wanted !== match.side) target = otherSideUrl(match);
  }
  const targetProblem = configUrlProblem(target);
  if (targetProblem) return { ok: false, error: `the sync file's address from here (${target}) ${targetProblem}` };
  if (isPlainHttp(target) && !plainHttpAllowed(target) && classifyHost(new URL(target).hostname).kind !== 'loopback') {
    return {
      ok: false,
      error:
        "not synced: a plain-http sync file is only used while the probe of a network with a token says Home and the file's host is on that network; use https to sync anywhere",
    };
  }
  return { ok: true, url: target };
}
