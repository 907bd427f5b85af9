// Follows the household's config URL: fetched on arriving home, every so often while home, on
// startup and on demand. A file that cannot be fetched or is not valid never replaces a good
// config; the outcome of every attempt is stored for the UI.
import {
  CONFIG_FETCH_TIMEOUT_MS,
  applyFetchedConfig,
  shouldFetchConfig,
  type ConfigFetchStatus,
} from '../core/config-url';
import { configUrlProblem } from '../core/config-url-policy';
import { MAX_CONFIG_BYTES } from '../core/config-validate';
import type { Config } from '../core/config-schema';
import type { HairpinState } from '../core/messages';
import type { FetchTextResult } from '../browser/fetch-text';
import { isSealed, unseal } from '../core/sealed-file';

export interface ConfigFetcherDeps {
  loadConfig(): Promise<Config>;
  saveConfig(config: Config): Promise<unknown>;
  fetchText(url: string, options: { timeoutMs: number; maxBytes: number }): Promise<FetchTextResult>;
  loadStatus(): Promise<ConfigFetchStatus | null>;
  saveStatus(status: ConfigFetchStatus): Promise<void>;
  now(): number;
  /** The household passphrase ('' when none): sealed config files open with it. */
  passphrase?(): Promise<string>;
}

const NOT_HOME = 'not fetched: a plain-http config URL is only fetched while a probe says you are at home';
const NOT_SEALED =
  'not applied: away from home a plain-http config URL is used only when the file is sealed with the household passphrase';

/** Some network's probe (not a forced mode) says home. */
export function probedHome(state: HairpinState): boolean {
  return state.networks.some((network) => network.verdict?.location === 'home');
}

export class ConfigFetcher {
  private running: Promise<ConfigFetchStatus | null> | null = null;

  constructor(private readonly deps: ConfigFetcherDeps) {}

  /** After a probe: fetch if we just arrived home, or have been home a while. */
  async afterProbe(state: HairpinState): Promise<ConfigFetchStatus | null> {
    const atHome = probedHome(state);
    const last = await this.deps.loadStatus();
    if (!shouldFetchConfig(state.config.configUrl, atHome, last, this.deps.now())) {
      if (last && last.wasHome !== atHome) await this.deps.saveStatus({ ...last, wasHome: atHome });
      return null;
    }
    return this.fetchNow(atHome);
  }

  /**
   * Fetches now (on demand, at startup). `atHome`: a probe (not a forced mode) says some network
   * is home. Overlapping calls share one request.
   */
  fetchNow(atHome: boolean): Promise<ConfigFetchStatus | null> {
    this.running ??= this.fetchOnce(atHome).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async fetchOnce(atHome: boolean): Promise<ConfigFetchStatus | null> {
    const current = await this.deps.loadConfig();
    const url = current.configUrl;
    if (!url) return null;
    const base = { url, at: this.deps.now(), wasHome: atHome };
    // Plain http is only trusted on the LAN the probe vouched for: elsewhere anyone's device at
    // that private address (or any DNS answering that .lan name) could serve a config.
    // A sealed file cannot be forged by whoever answers at that address, so a household with a
    // passphrase fetches a plain-http config URL away from home too, and takes only a sealed file.
    const passphrase = (await this.deps.passphrase?.()) ?? '';
    const away = url.startsWith('http:') && !atHome;
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
