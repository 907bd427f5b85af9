// Follows the household's config URL: fetched on arriving home, every so often while home, on
// startup and on demand. A file that cannot be fetched or is not valid never replaces a good
// config; the outcome of every attempt is stored for the UI.
import { CONFIG_FETCH_TIMEOUT_MS, applyFetchedConfig, shouldFetchConfig, type ConfigFetchStatus } from '../core/config-url';
import { configUrlProblem } from '../core/config-url-policy';
import { MAX_CONFIG_BYTES } from '../core/config-validate';
import type { Config } from '../core/config-schema';
import type { HairpinState } from '../core/messages';
import type { FetchTextResult } from '../browser/fetch-text';

export interface ConfigFetcherDeps {
  loadConfig(): Promise<Config>;
  saveConfig(config: Config): Promise<unknown>;
  fetchText(url: string, options: { timeoutMs: number; maxBytes: number }): Promise<FetchTextResult>;
  loadStatus(): Promise<ConfigFetchStatus | null>;
  saveStatus(status: ConfigFetchStatus): Promise<void>;
  now(): number;
}

export class ConfigFetcher {
  private running: Promise<ConfigFetchStatus | null> | null = null;

  constructor(private readonly deps: ConfigFetcherDeps) {}

  /** After a probe: fetch if we just arrived home, or have been home a while. */
  async afterProbe(state: HairpinState): Promise<ConfigFetchStatus | null> {
    const atHome = state.networks.some((network) => network.location === 'home');
    const last = await this.deps.loadStatus();
    if (!shouldFetchConfig(state.config.configUrl, atHome, last, this.deps.now())) {
      if (last && last.wasHome !== atHome) await this.deps.saveStatus({ ...last, wasHome: atHome });
      return null;
    }
    return this.fetchNow(atHome);
  }

  /** Fetches now (on demand, at startup). Overlapping calls share one request. */
  fetchNow(atHome = true): Promise<ConfigFetchStatus | null> {
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
    const problem = configUrlProblem(url);
    let status: ConfigFetchStatus;
    if (problem) {
      status = { ...base, ok: false, changed: false, error: `the config URL ${problem}` };
    } else {
      const fetched = await this.deps.fetchText(url, { timeoutMs: CONFIG_FETCH_TIMEOUT_MS, maxBytes: MAX_CONFIG_BYTES });
      const applied = fetched.ok ? applyFetchedConfig(current, fetched.text) : fetched;
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
