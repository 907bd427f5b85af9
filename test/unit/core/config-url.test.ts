import { describe, expect, it } from 'vitest';
import { configUrlProblem } from '../../../src/core/config-url-policy';
import {
  CONFIG_FETCH_INTERVAL_MS,
  applyFetchedConfig,
  shouldFetchConfig,
  type ConfigFetchStatus,
} from '../../../src/core/config-url';
import { ConfigFetcher, mayFetchFrom } from '../../../src/background/config-fetcher';
import { validateConfig } from '../../../src/core/config-validate';
import type { Config } from '../../../src/core/config-schema';
import type { HairpinState } from '../../../src/core/messages';

const current: Config = {
  format: 'hairpin-config',
  version: 1,
  configUrl: 'https://home.example.com/hairpin.json',
  networks: [{ name: 'Home', probe: { url: 'http://192.168.1.10/hairpin', expect: 'hairpin-7f3a9c' }, mappings: [] }],
};

describe('configUrlProblem', () => {
  it.each([
    'https://home.example.com/hairpin.json',
    'https://203.0.113.9/hairpin.json',
    'http://192.168.1.10:8080/hairpin.json',
    'http://10.1.2.3/x',
    'http://127.0.0.1:9000/h.json',
    'http://[fd00::1]/h.json',
    'http://nas.local/h.json',
    'http://nas.lan/h.json',
    'http://nas.home.arpa/h.json',
    'http://nas.internal/h.json',
  ])('accepts %s', (url) => expect(configUrlProblem(url)).toBeNull());

  it.each([
    ['http://home.example.com/h.json', /plain http is only allowed/],
    ['http://203.0.113.9/h.json', /plain http is only allowed/],
    ['ftp://nas.lan/h.json', /scheme "ftp:" is not allowed/],
    ['javascript:alert(1)', /scheme "javascript:" is not allowed/],
    ['https://user:pw@home.example.com/h.json', /credentials/],
    ['not-a-url', /not a valid URL/],
  ])('refuses %s', (url, message) => expect(configUrlProblem(url)).toMatch(message));

  it('refuses control characters and spaces inside, which URL parsing would silently drop', () => {
    expect(configUrlProblem('ht\ttp://192.168.1.10/c.json')).toMatch(/tab, newline/);
    expect(configUrlProblem('http://192.168.1.10/c\n.json')).toMatch(/tab, newline/);
    expect(configUrlProblem('http://192.168.1.10/c .json')).toMatch(/space/);
  });

  it('is stored as the browser writes it: scheme and host in lower case, surrounding spaces gone', () => {
    for (const [input, stored] of [
      ['HTTP://192.168.1.10/c.json', 'http://192.168.1.10/c.json'],
      [' http://NAS.lan/c.json ', 'http://nas.lan/c.json'],
      ['HTTPS://Home.Example.com', 'https://home.example.com/'],
    ]) {
      const result = validateConfig({ ...current, configUrl: input });
      expect(result.ok && result.config.configUrl).toBe(stored);
    }
    expect(validateConfig({ ...current, configUrl: 'ht\ttp://192.168.1.10/c.json' }).ok).toBe(false);
  });

  it('is part of config validation', () => {
    const result = validateConfig({ ...current, configUrl: 'http://example.com/h.json' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatchObject({ path: 'configUrl' });
  });
});

describe('applyFetchedConfig', () => {
  it('keeps configUrl when the file omits it, and says whether anything changed', () => {
    const { configUrl: _omitted, ...file } = current;
    expect(applyFetchedConfig(current, JSON.stringify(file))).toEqual({ ok: true, config: current, changed: false });
    const changed = applyFetchedConfig(current, JSON.stringify({ ...file, rescueAfterMs: 2000 }));
    expect(changed).toMatchObject({
      ok: true,
      changed: true,
      config: { configUrl: current.configUrl, rescueAfterMs: 2000 },
    });
  });

  it('refuses a file that is not JSON or not a valid config, naming the problem', () => {
    expect(applyFetchedConfig(current, '<html>')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not JSON/),
    });
    expect(applyFetchedConfig(current, '{"format":"other"}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/format/),
    });
  });
});

describe('shouldFetchConfig', () => {
  const last: ConfigFetchStatus = {
    url: current.configUrl!,
    at: 1000,
    ok: true,
    changed: false,
    error: null,
    wasHome: true,
  };
  it('fetches on arriving home, then only every interval', () => {
    expect(shouldFetchConfig(current.configUrl, true, null, 0)).toBe(true);
    expect(shouldFetchConfig(current.configUrl, true, { ...last, wasHome: false }, 2000)).toBe(true);
    expect(shouldFetchConfig(current.configUrl, true, last, 2000)).toBe(false);
    expect(shouldFetchConfig(current.configUrl, true, last, 1000 + CONFIG_FETCH_INTERVAL_MS)).toBe(true);
    expect(shouldFetchConfig(current.configUrl, false, null, 0)).toBe(false);
    expect(shouldFetchConfig(undefined, true, null, 0)).toBe(false);
    expect(shouldFetchConfig('https://other.example.com/h.json', true, last, 2000)).toBe(true);
  });
});

describe('ConfigFetcher', () => {
  function setup(
    answer: Awaited<ReturnType<ConstructorParameters<typeof ConfigFetcher>[0]['fetchText']>>,
    initial: Config = current,
    /** What this browser approved of it: all of it unless a test says otherwise. */
    approved: (config: Config) => Config = (config) => config,
  ) {
    let config = initial;
    let fetches = 0;
    const urls: string[] = [];
    let status: ConfigFetchStatus | null = null;
    const saved: Config[] = [];
    const fetcher = new ConfigFetcher({
      loadConfig: async () => config,
      loadApplied: async () => approved(config),
      saveConfig: async (next) => {
        saved.push(next);
        config = next;
      },
      fetchText: async (url) => ((fetches += 1), urls.push(url), answer),
      loadStatus: async () => status,
      saveStatus: async (next) => {
        status = next;
      },
      now: () => 5000,
    });
    return { fetcher, saved, urls, status: () => status, fetches: () => fetches };
  }
  const stateWith = (config: Config, location: 'home' | 'away', mode: 'auto' | 'home' = 'auto') =>
    ({
      config,
      applied: config,
      networks: [{ name: 'Home', mode, location: mode === 'home' ? 'home' : location, verdict: { location } }],
    }) as unknown as HairpinState;
  const homeState = stateWith(current, 'home');

  it('applies a valid file and records the attempt', async () => {
    const { fetcher, saved, status } = setup({ ok: true, text: JSON.stringify({ ...current, rescueAfterMs: 900 }) });
    await fetcher.afterProbe(homeState);
    expect(saved).toHaveLength(1);
    expect(status()).toMatchObject({ ok: true, changed: true, wasHome: true, at: 5000 });
  });

  it('never replaces the config with an unreachable or invalid file', async () => {
    for (const answer of [
      { ok: false as const, error: 'the server answered HTTP 500' },
      { ok: true as const, text: '[]' },
    ]) {
      const { fetcher, saved, status } = setup(answer);
      await fetcher.fetchNow(homeState);
      expect(saved).toHaveLength(0);
      expect(status()).toMatchObject({ ok: false, changed: false });
      expect(status()?.error).toBeTruthy();
    }
  });

  it('fetches a plain-http config URL only when a probe (not a forced mode) says home', async () => {
    const lan: Config = { ...current, configUrl: 'http://192.168.1.10/hairpin.json' };
    const answer = { ok: true as const, text: JSON.stringify({ ...lan, rescueAfterMs: 700 }) };
    for (const state of [stateWith(lan, 'away'), stateWith(lan, 'away', 'home')]) {
      const { fetcher, saved, fetches } = setup(answer, lan);
      await fetcher.afterProbe(state);
      const status = await fetcher.fetchNow(state);
      expect(fetches()).toBe(0);
      expect(saved).toHaveLength(0);
      expect(status?.error).toMatch(/only fetched while the probe of a network with a token says Home/);
    }
    const { fetcher, saved } = setup(answer, lan);
    await fetcher.afterProbe(stateWith(lan, 'home'));
    expect(saved).toHaveLength(1);
  });

  it('decides "plain http" by the parsed protocol, however the scheme is spelt', async () => {
    // Stored before validation normalised URLs, or written by hand: still plain http.
    for (const configUrl of [
      'HTTP://192.168.1.10/c.json',
      ' http://192.168.1.10/c.json',
      'Http://192.168.1.10/c.json',
    ]) {
      const odd = { ...current, configUrl };
      const { fetcher, fetches } = setup({ ok: true, text: JSON.stringify(odd) }, odd);
      await fetcher.afterProbe(stateWith(odd, 'away'));
      const status = await fetcher.fetchNow(stateWith(odd, 'away'));
      expect(fetches()).toBe(0);
      expect(status?.error).toMatch(/only fetched while/);
    }
  });

  it("fetches plain http only while a token-checked network holding the URL's host says Home", async () => {
    const home = (probe: Config['networks'][number]['probe'], configUrl: string, internal = 'http://192.168.1.20') => {
      const config: Config = {
        ...current,
        configUrl,
        networks: [{ name: 'Home', probe, mappings: [{ name: 'S', external: 'https://s.example.com', internal }] }],
      };
      return config;
    };
    const token = 'hairpin-7f3a9c';
    const cases: [Config, boolean][] = [
      [home({ url: 'http://192.168.1.10/h', expect: token }, 'http://192.168.1.10:8080/c.json'), true], // the probe's host
      [home({ url: 'http://192.168.1.10/h', expect: token }, 'http://192.168.1.77/c.json'), true], // the probe's /24
      [home({ url: 'http://192.168.1.10/h', expect: token }, 'http://nas.lan/c.json', 'http://nas.lan:8096'), true], // an internal side
      [home({ url: 'http://192.168.1.10/h' }, 'http://192.168.1.10/c.json'), false], // no token: any device answers
      [home({ url: 'http://192.168.1.10/h', expect: token }, 'http://192.168.2.10/c.json'), false], // another LAN
      [home({ url: 'http://192.168.1.10/h', expect: token }, 'http://10.0.0.5/c.json'), false],
      [home({ url: 'http://192.168.1.10/h', expect: token }, 'http://other.lan/c.json'), false],
      [home({ url: 'http://[fd00::1]/h', expect: token }, 'http://[fd00::2]/c.json'), true],
      [home({ url: 'http://[fd00::1]/h', expect: token }, 'http://[fd00:0:0:1::2]/c.json'), false],
    ];
    for (const [config, fetched] of cases) {
      const { fetcher, fetches } = setup({ ok: true, text: JSON.stringify(config) }, config);
      await fetcher.fetchNow(stateWith(config, 'home'));
      expect({ url: config.configUrl, fetched: fetches() === 1 }).toEqual({ url: config.configUrl, fetched });
    }
  });

  it('fetches only the config URL this browser approved, and only an approved network vouches for plain http', async () => {
    const approvedUrl = 'https://home.example.com/approved.json';
    const synced: Config = { ...current, configUrl: 'https://evil.example/c.json' };
    // Sync changed the URL: the approved one is still the one fetched.
    const { fetcher, urls, saved } = setup({ ok: true, text: JSON.stringify(current) }, synced, (config) => ({
      ...config,
      configUrl: approvedUrl,
    }));
    await fetcher.fetchNow(stateWith(synced, 'home'));
    expect(urls).toEqual([approvedUrl]);
    expect(saved).toHaveLength(1);
    // None approved: nothing is fetched at all.
    const none = setup({ ok: true, text: JSON.stringify(current) }, synced, ({ configUrl: _gone, ...rest }) => rest);
    expect(await none.fetcher.fetchNow(stateWith(synced, 'home'))).toBeNull();
    expect(none.fetches()).toBe(0);
    // A plain-http URL on the LAN of a network that waits for approval is not vouched for.
    const lan: Config = {
      ...current,
      configUrl: 'http://192.168.5.10/c.json',
      networks: [{ name: 'Home', probe: { url: 'http://192.168.5.1/h', expect: 'hairpin-7f3a9c' }, mappings: [] }],
    };
    const pending = { ...stateWith(lan, 'home'), applied: { ...lan, networks: [] } } as HairpinState;
    expect(mayFetchFrom(lan.configUrl!, pending)).toBe(false);
    expect(mayFetchFrom(lan.configUrl!, stateWith(lan, 'home'))).toBe(true);
  });
});
