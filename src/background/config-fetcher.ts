// Follows the household's config URL: fetched on arriving home, every so often while home, on
// startup and on demand. A file that cannot be fetched or is not valid never replaces a good
// config; the outcome of every attempt is stored for the UI.
import {
  CONFIG_FETCH_TIMEOUT_MS,
  applyFetchedConfig,
  shouldFetchConfig,
  type ConfigFetchStatus,
} from '../core/config-url';
import { configUrlProblem, plainHttpVoucher } from '../core/config-url-policy';
import { isPlainHttp } from '../core/url-text';
import { MAX_CONFIG_BYTES } from '../core/config-validate';
import type { Config } from '../core/config-schema';
import type { HairpinState } from '../core/messages';
import type { FetchTextResult } from '../browser/fetch-text';
import { isSealed, unseal } from '../core/sealed-file';

export interface ConfigFetcherDeps {
  /** The stored config (a fetched file replaces it). */
  loadConfig(): Promise<Config>;
  /** The part of it this browser approved: only its config URL is fetched (core/approval.ts). */
  loadApplied(): Promise<Config>;
  saveConfig(config: Config): Promise<unknown>;
  fetchText(url: string, options: { timeoutMs: number; maxBytes: number }): Promise<FetchTextResult>;
  loadStatus(): Promise<ConfigFetchStatus | null>;
  saveStatus(status: ConfigFetchStatus): Promise<void>;
  now(): number;
  /** The household passphrase ('' when none): sealed config files open with it. */
  passphrase?(): Promise<string>;
}

const NOT_HOME =
  'not fetched: a plain-http config URL is only fetched while the probe of a network with a token says Home ' +
  "and the URL's host is on that network (the probe's host, an internal address of its mappings, or an IP " +
  "in the probe's /24); use https to fetch it anywhere";
const NOT_SEALED =
  'not applied: away from home a plain-http config URL is used only when the file is sealed with the household passphrase';

/**
 * Whether a fetch of `url` may go out now: https whenever some network's probe (not a forced mode)
 * says home; plain http only while a token-checked network holding its host does (see
 * plainHttpVoucher).
 */
export function mayFetchFrom(url: string, state: Pick<HairpinState, 'applied' | 'networks'>): boolean {
  if (!isPlainHttp(url)) return state.networks.some((network) => network.verdict?.location === 'home');
  // Only approved networks vouch: a probe or a mapping that arrived from elsewhere and waits does not.
  const networks = state.applied.networks.map((network) => ({
    network,
    verdict: state.networks.find((candidate) => candidate.name === network.name)?.verdict ?? null,
  }));
  return plainHttpVoucher(url, networks) !== null;
}

export class ConfigFetcher {
  private running: Promise<ConfigFetchStatus | null> | null = null;

  constructor(private readonly deps: ConfigFetcherDeps) {}

  /** After a probe: fetch if we just arrived home, or have been home a while. */
  async afterProbe(state: HairpinState): Promise<ConfigFetchStatus | null> {
    const url = state.applied.configUrl;
    const atHome = url !== undefined && mayFetchFrom(url, state);
    const last = await this.deps.loadStatus();
    if (!shouldFetchConfig(url, atHome, last, this.deps.now())) {
      if (last && last.wasHome !== atHome) await this.deps.saveStatus({ ...last, wasHome: atHome });
      return null;
    }
    return this.fetchNow(state);
  }

  /**
   * Fetches now (on demand, at startup), if `state` allows it (see mayFetchFrom). Overlapping
   * calls share one request.
   */
  fetchNow(state: HairpinState): Promise<ConfigFetchStatus | null> {
    this.running ??= this.fetchOnce(state).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async fetchOnce(state: HairpinState): Promise<ConfigFetchStatus | null> {
    const [current, applied] = await Promise.all([this.deps.loadConfig(), this.deps.loadApplied()]);
    // The approved config URL: one that arrived from elsewhere is not fetched until approved here.
    const url = applied.configUrl;
    if (!url) return null;
    const atHome = mayFetchFrom(url, { ...state, applied });
    const base = { url, at: this.deps.now(), wasHome: atHome };
    // Plain http is only trusted on the LAN the probe vouched for: elsewhere anyone's device at
    // that private address (or any DNS answering that .lan name) could serve a config.
    // A sealed file cannot be forged by whoever answers at that address, so a household with a
    // passphrase fetches a plain-http config URL away from home too, and takes only a sealed file.
    const passphrase = (await this.deps.passphrase?.()) ?? '';
    const away = isPlainHttp(url) && !atHome;
    const problem = configUrlProblem(url) ?? (away && passphrase === '' ? NOT_HOME : null);
    let status: ConfigFetchStatus;
    if (problem) {
      status = {
        ...base,
        ok: false,
        changed: false,
        error: problem === NOT_HOME ? problem : `the config URL ${problem}`,
      };
    } else {
      const fetched = await this.deps.fetchText(url, {
        timeoutMs: CONFIG_FETCH_TIMEOUT_MS,
        maxBytes: MAX_CONFIG_BYTES,
      });
      const opened = fetched.ok ? await openSealed(fetched.text, passphrase, away) : fetched;
      const applied = opened.ok ? applyFetchedConfig(current, opened.text) : opened;
      if (!applied.ok) {
        status = { ...base, ok: false, changed: false, error: applied.error };
      } else {
        if (applied.changed) await this.deps.saveConfig(applied.config);
        status = { ...base, ok: true, changed: applied.changed, error: null };
      }
    }
    await this.deps.saveStatus(status);
    return status;
  }
}

/** The config text inside a sealed file (or the text itself); away from home only a sealed file counts. */
async function openSealed(
  text: string,
  passphrase: string,
  away: boolean,
): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return away ? { ok: false, error: NOT_SEALED } : { ok: true, text };
  }
  if (!isSealed(json)) return away ? { ok: false, error: NOT_SEALED } : { ok: true, text };
  const opened = await unseal(json, passphrase);
  return opened.ok ? { ok: true, text: opened.text } : opened;
}
