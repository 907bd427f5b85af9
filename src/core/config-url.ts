// The optional config URL: a whole config served by the home server, so every browser of the
// household follows one file. Pure: where it may point, and what a fetched file changes.
import { parseConfigText, formatIssue } from './config-validate';
import { stableJson } from './stable-json';
import type { Config } from './config-schema';

/** Re-fetch at most this often while at home (plus on arrival, on startup and on demand). */
export const CONFIG_FETCH_INTERVAL_MS = 15 * 60_000;
export const CONFIG_FETCH_TIMEOUT_MS = 5_000;

export type FetchedConfig = { ok: true; config: Config; changed: boolean } | { ok: false; error: string };

/** Validates a fetched file; it replaces the current config, keeping `configUrl` if it omits it. */
export function applyFetchedConfig(current: Config, text: string): FetchedConfig {
  const parsed = parseConfigText(text);
  if (!parsed.ok)
    return { ok: false, error: `the file is not a valid Hairpin config: ${formatIssue(parsed.errors[0]!)}` };
  const next: Config =
    parsed.config.configUrl || !current.configUrl ? parsed.config : { ...parsed.config, configUrl: current.configUrl };
  return { ok: true, config: next, changed: stableJson(next) !== stableJson(current) };
}

export interface ConfigFetchStatus {
  url: string;
  at: number;
  ok: boolean;
  changed: boolean;
  error: string | null;
  /** Whether any network was home at that attempt: arriving home triggers a fetch. */
  wasHome: boolean;
}

/** Fetch when arriving home, or when at home and the last attempt is old. */
export function shouldFetchConfig(
  url: string | undefined,
  atHome: boolean,
  last: ConfigFetchStatus | null,
  now: number,
): boolean {
  if (!url || !atHome) return false;
  if (!last || last.url !== url || !last.wasHome) return true;
  return now - last.at >= CONFIG_FETCH_INTERVAL_MS;
}
