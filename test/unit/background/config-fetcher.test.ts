// The config URL with sealed files: opened with the household passphrase; a wrong one applies
// nothing; away from home a plain-http URL counts only when its file is sealed.
import { describe, expect, it } from 'vitest';
import { ConfigFetcher } from '../../../src/background/config-fetcher';
import { seal } from '../../../src/core/sealed-file';
import { EMPTY_CONFIG, type Config } from '../../../src/core/config-schema';
import type { ConfigFetchStatus } from '../../../src/core/config-url';
import type { HairpinState } from '../../../src/core/messages';
import { answered, stateFor } from '../../support/hairpin-state';

const URL_ = 'http://192.168.1.5/hairpin.json';
const remote: Config = {
  format: 'hairpin-config',
  version: 1,
  networks: [{ name: 'Home', probe: { url: 'http://192.168.1.10/hairpin', expect: 'household-token' }, mappings: [] }],
  rescueAfterMs: 2000,
};

/** Home: a token-checked probe on the config URL's /24 answered; away: it did not. */
function where(atHome: boolean, config: Config): HairpinState {
  return stateFor(config, [{ verdict: atHome ? answered(12, 1) : null }]);
}

function fetcher(text: string, passphrase: string) {
  let config: Config = { ...EMPTY_CONFIG, networks: remote.networks, configUrl: URL_ };
  let status: ConfigFetchStatus | null = null;
  const instance = new ConfigFetcher({
    loadConfig: async () => config,
    loadApplied: async () => config,
    saveConfig: async (next) => void (config = next),
    fetchText: async () => ({ ok: true, text }),
    loadStatus: async () => status,
    saveStatus: async (next) => void (status = next),
    now: () => 1,
    passphrase: async () => passphrase,
  });
  return { instance, config: () => config, at: (atHome: boolean) => where(atHome, config) };
}

describe('ConfigFetcher and sealed files', () => {
  it('opens a sealed file with the passphrase, at home and away', async () => {
    const sealed = await seal(JSON.stringify(remote), 'household secret');
    for (const atHome of [true, false]) {
      const { instance, config, at } = fetcher(sealed, 'household secret');
      expect(await instance.fetchNow(at(atHome))).toMatchObject({ ok: true });
      expect(config().rescueAfterMs).toBe(2000);
    }
  }, 30_000);

  it('a wrong passphrase, or an unsealed file away from home, applies nothing', async () => {
    const wrong = fetcher(await seal(JSON.stringify(remote), 'household secret'), 'not the secret');
    expect(await wrong.instance.fetchNow(wrong.at(true))).toMatchObject({
      ok: false,
      error: expect.stringContaining('does not open'),
    });
    expect(wrong.config().rescueAfterMs).toBeUndefined();
    const plain = fetcher(JSON.stringify(remote), 'household secret');
    const plainBefore = plain.config();
    expect(await plain.instance.fetchNow(plain.at(false))).toMatchObject({
      ok: false,
      error: expect.stringContaining('sealed'),
    });
    expect(plain.config()).toBe(plainBefore);
    expect(plain.config().rescueAfterMs).toBeUndefined();
    expect(await plain.instance.fetchNow(plain.at(true))).toMatchObject({ ok: true });
  }, 30_000);
});
