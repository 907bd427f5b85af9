import { describe, expect, it } from 'vitest';
import {
  formatIssue,
  formatPath,
  MAX_CONFIG_BYTES,
  parseConfigText,
  validateConfig,
  type ConfigIssue,
  type ValidationResult,
} from '../../../src/core/config-validate';
import { EMPTY_CONFIG, probeUrlProblem, type Config } from '../../../src/core/config-schema';

const EXAMPLE_TEXT = `{ "format": "hairpin-config", "version": 1, "networks": [ { "name": "Home",
  "probe": { "url": "http://192.168.1.10:8080/hairpin", "expect": "hairpin-7f3a", "timeoutMs": 1500 },
  "mappings": [ { "name": "Jellyfin", "external": "https://jellyfin.example.com", "internal": "http://192.168.1.20:8096", "cookieDomain": "example.com", "enabled": true } ] } ] }`;

type Json = Record<string, unknown>;

function mapping(external: string, internal: string, extra: Json = {}): Json {
  return { name: 'App', external, internal, ...extra };
}

function network(name: string, mappings: Json[], extra: Json = {}): Json {
  return { name, probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'token-7f3a' }, mappings, ...extra };
}

function config(networks: Json[], extra: Json = {}): Json {
  return { format: 'hairpin-config', version: 1, networks, ...extra };
}

/** A config with one network and one mapping, with `patch` applied to that mapping. */
function oneMapping(patch: Json): Json {
  return config([network('Home', [{ ...mapping('https://app.example.com', 'http://192.168.1.20:8096'), ...patch }])]);
}

function errorsOf(result: ValidationResult): ConfigIssue[] {
  if (result.ok) throw new Error(`expected errors, got a valid config (warnings: ${JSON.stringify(result.warnings)})`);
  return result.errors;
}

function okConfig(result: ValidationResult): Config {
  if (!result.ok) throw new Error(`expected a valid config, got ${result.errors.map(formatIssue).join('; ')}`);
  return result.config;
}

describe('valid configs', () => {
  it('accepts the README example, as text and as an object, without warnings', () => {
    const fromText = parseConfigText(EXAMPLE_TEXT);
    expect(fromText).toEqual({ ok: true, config: JSON.parse(EXAMPLE_TEXT), warnings: [] });
    expect(validateConfig(JSON.parse(EXAMPLE_TEXT))).toEqual(fromText);
  });

  it('accepts the empty config', () => {
    expect(validateConfig(EMPTY_CONFIG)).toEqual({ ok: true, config: EMPTY_CONFIG, warnings: [] });
  });

  it('accepts optional fields left out', () => {
    const input = config([
      {
        name: 'Home',
        probe: { url: 'http://192.168.1.10/hairpin' },
        mappings: [mapping('https://a.example.com', 'http://10.0.0.2')],
      },
    ]);
    expect(okConfig(validateConfig(input))).toEqual(input);
  });

  it('trims names', () => {
    const result = okConfig(
      validateConfig(
        config([network('  Home  ', [mapping('https://a.example.com', 'http://10.0.0.2', { name: ' App ' })])]),
      ),
    );
    expect(result.networks[0]!.name).toBe('Home');
    expect(result.networks[0]!.mappings[0]!.name).toBe('App');
  });

  it('stores every URL in the form the browser writes it', () => {
    const result = okConfig(
      validateConfig(
        config([
          {
            name: 'Home',
            probe: { url: ' HTTP://192.168.1.10:80/Hairpin?x=1 ' },
            mappings: [mapping(' HTTPS://App.Example.COM:443/Jelly/ ', 'Http://[FD00::0:1]:8096/')],
          },
        ]),
      ),
    );
    expect(result.networks[0]!.probe.url).toBe('http://192.168.1.10/Hairpin?x=1');
    expect(result.networks[0]!.mappings[0]).toMatchObject({
      external: 'https://app.example.com/Jelly',
      internal: 'http://[fd00::1]:8096',
    });
  });

  it('refuses URLs with tabs, newlines or inner spaces, which parsing would silently drop', () => {
    for (const bad of ['ht\ttp://10.0.0.2', 'http://10.0.0.2/a\nb', 'http://10.0.0.2/a b', 'https://a.\rexample.com']) {
      expect(errorsOf(validateConfig(oneMapping({ internal: bad })))[0]).toMatchObject({
        path: 'networks[0].mappings[0].internal',
        message: expect.stringMatching(/tab, newline|space/),
      });
      expect(probeUrlProblem(bad)).toMatch(/tab, newline|space/);
    }
  });

  it('accepts a probe URL with a query', () => {
    const input = config([{ name: 'Home', probe: { url: 'http://192.168.1.10/health?token=1' }, mappings: [] }]);
    expect(validateConfig(input).ok).toBe(true);
  });

  it('accepts several networks and mappings that share no URL', () => {
    const input = config([
      network('Home', [
        mapping('https://jellyfin.example.com', 'http://192.168.1.20:8096'),
        mapping('https://example.com/nextcloud', 'http://192.168.1.21'),
        mapping('https://example.com/photos', 'http://192.168.1.21:8080/photos'),
      ]),
      network('Office', [mapping('https://wiki.corp.example', 'http://10.1.0.5')]),
    ]);
    expect(validateConfig(input)).toMatchObject({ ok: true, warnings: [] });
  });

  it('accepts a side that differs from another only by scheme or port', () => {
    const input = config([
      network('Home', [
        mapping('https://example.com', 'http://192.168.1.20'),
        mapping('http://example.com', 'http://192.168.1.20:8080'),
        mapping('https://example.com:8443', 'https://192.168.1.20'),
      ]),
    ]);
    expect(validateConfig(input).ok).toBe(true);
  });

  it('allows nested prefixes on the same side of one network (the longest prefix wins)', () => {
    const input = config([
      network('Home', [
        mapping('https://example.com', 'http://192.168.1.20'),
        mapping('https://example.com/jellyfin', 'http://192.168.1.21:8096'),
        mapping('https://example.com/jellyfin/web', 'http://192.168.1.22'),
        // Internal sides nested too: same role, same network.
        mapping('https://other.example.com', 'http://192.168.1.30/app'),
        mapping('https://third.example.com', 'http://192.168.1.30/app/admin'),
      ]),
    ]);
    expect(validateConfig(input)).toMatchObject({ ok: true, warnings: [] });
  });

  it('accepts IDN hosts and IPv6 literals', () => {
    const input = config([
      network('Home', [
        mapping('https://jellyfin.bücher.example', 'http://[fd00::20]:8096'),
        mapping('https://xn--mnchen-3ya.example/app', 'http://[fd00::21]'),
      ]),
    ]);
    const result = okConfig(validateConfig(input));
    // Stored as the browser writes it (punycode), so that what is stored and what is matched agree.
    expect(result.networks[0]!.mappings[0]!.external).toBe('https://jellyfin.xn--bcher-kva.example');
  });

  it('accepts exactly 1000 enabled mappings, plus any number of disabled ones', () => {
    const mappings = manyMappings(1003);
    mappings[0]!.enabled = false;
    mappings[1]!.enabled = false;
    mappings[2]!.enabled = false;
    expect(validateConfig(config([network('Home', mappings)])).ok).toBe(true);
  });
});

describe('not a config at all', () => {
  it('reports text that is not JSON', () => {
    const result = parseConfigText('{ "format": ');
    expect(result.ok).toBe(false);
    const errors = errorsOf(result);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('');
    expect(errors[0]!.message).toMatch(/^not JSON: /);
    expect(errorsOf(parseConfigText('')).map((e) => e.message)[0]).toMatch(/^not JSON: /);
  });

  it.each([[null], [[]], [42], ['hairpin-config'], [true], [undefined]])('reports %j as not an object', (input) => {
    expect(validateConfig(input)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'not a Hairpin config: expected a JSON object' }],
      warnings: [],
    });
  });

  it('reports JSON text that is not an object', () => {
    expect(errorsOf(parseConfigText('[1, 2]'))).toEqual([
      { path: '', message: 'not a Hairpin config: expected a JSON object' },
    ]);
    expect(errorsOf(parseConfigText('"x"'))).toEqual([
      { path: '', message: 'not a Hairpin config: expected a JSON object' },
    ]);
  });

  it('reports a file that is too large without parsing it', () => {
    const text = `{"x":"${'a'.repeat(MAX_CONFIG_BYTES)}"}`;
    expect(errorsOf(parseConfigText(text))).toEqual([{ path: '', message: 'the file is larger than 1024 KiB' }]);
  });

  it('counts bytes, not characters, against the size limit', () => {
    const text = `{"x":"${'é'.repeat(MAX_CONFIG_BYTES / 2)}"}`;
    expect(text.length).toBeLessThan(MAX_CONFIG_BYTES);
    expect(errorsOf(parseConfigText(text))[0]!.message).toBe('the file is larger than 1024 KiB');
  });

  it('never throws, even when reading the input throws', () => {
    const hostile = { format: 'hairpin-config', version: 1 };
    Object.defineProperty(hostile, 'networks', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(validateConfig(hostile)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'could not be read: boom' }],
      warnings: [],
    });
  });
});

describe('format and version', () => {
  it('rejects a wrong format', () => {
    expect(errorsOf(validateConfig({ ...config([]), format: 'other-tool' }))).toEqual([
      { path: 'format', message: 'not a Hairpin config: "format" must be "hairpin-config"' },
    ]);
  });

  it('rejects an unsupported version', () => {
    expect(errorsOf(validateConfig({ ...config([]), version: 2 }))).toEqual([
      { path: 'version', message: 'version 2 is not supported; this Hairpin reads version 1' },
    ]);
    expect(errorsOf(validateConfig({ ...config([]), version: '1' }))).toEqual([
      { path: 'version', message: 'version "1" is not supported; this Hairpin reads version 1' },
    ]);
  });

  it('reports missing top-level fields', () => {
    // Without the format marker it is somebody else's JSON: one clear error, not a list.
    expect(errorsOf(validateConfig({}))).toEqual([
      { path: 'format', message: 'not a Hairpin config: "format" must be "hairpin-config"' },
    ]);
    expect(errorsOf(validateConfig({ format: 'hairpin-config' }))).toEqual([
      { path: 'version', message: 'is missing' },
      { path: 'networks', message: 'is missing' },
    ]);
  });

  it('rejects networks that are not a list', () => {
    expect(errorsOf(validateConfig(config({} as unknown as Json[])))).toEqual([
      { path: 'networks', message: 'must be a list of networks' },
    ]);
  });

  it('rejects more than 20 networks', () => {
    const networks = Array.from({ length: 21 }, (_, i) => network(`Net ${i}`, []));
    expect(errorsOf(validateConfig(config(networks)))).toEqual([
      { path: 'networks', message: 'has more than 20 networks' },
    ]);
    expect(validateConfig(config(networks.slice(0, 20))).ok).toBe(true);
  });
});

describe('field errors with their exact path', () => {
  const base = 'networks[0].mappings[0]';

  it.each([
    ['javascript:alert(1)', 'scheme "javascript:" is not allowed; use http or https'],
    ['data:text/html,<h1>hi</h1>', 'scheme "data:" is not allowed; use http or https'],
    ['file:///etc/passwd', 'scheme "file:" is not allowed; use http or https'],
    ['ftp://files.example.com', 'scheme "ftp:" is not allowed; use http or https'],
    ['https://user:pass@app.example.com', 'credentials (user:password@) are not allowed in URLs'],
    ['https://app.example.com:0', 'port 0 is out of range (1–65535)'],
    ['https://app.example.com:65536', 'port 65536 is out of range (1–65535)'],
    ['https://app.example.com:70000', 'port 70000 is out of range (1–65535)'],
    ['https://app.example.com:abc', 'port "abc" is not a number'],
    [
      'https://app.example.com/?a=1',
      'a query (?) or fragment (#) is not allowed; give an origin with an optional path prefix',
    ],
    [
      'https://app.example.com/app#x',
      'a query (?) or fragment (#) is not allowed; give an origin with an optional path prefix',
    ],
    ['https://app.example.com/a/../b', '"." and ".." are not allowed in a path prefix'],
    ['app.example.com', '"app.example.com" has no scheme; start it with https:// or http://'],
    ['', 'is empty; give a URL such as https://jellyfin.example.com'],
  ])('external %j', (external, message) => {
    expect(errorsOf(validateConfig(oneMapping({ external })))).toEqual([{ path: `${base}.external`, message }]);
  });

  it('reports the internal side by its path', () => {
    expect(errorsOf(validateConfig(oneMapping({ internal: 'http://192.168.1.20:70000' })))).toEqual([
      { path: 'networks[0].mappings[0].internal', message: 'port 70000 is out of range (1–65535)' },
    ]);
  });

  it('reports the path in deeper positions', () => {
    const input = config([
      network('Home', [mapping('https://a.example.com', 'http://10.0.0.1')]),
      network('Office', [
        mapping('https://b.example.com', 'http://10.0.1.1'),
        mapping('https://c.example.com', 'http://10.0.1.2'),
        mapping('https://d.example.com', 'http://10.0.1.3:70000'),
      ]),
    ]);
    const errors = errorsOf(validateConfig(input));
    expect(errors).toEqual([
      { path: 'networks[1].mappings[2].internal', message: 'port 70000 is out of range (1–65535)' },
    ]);
    expect(formatIssue(errors[0]!)).toBe('networks[1].mappings[2].internal: port 70000 is out of range (1–65535)');
  });

  it('reports every bad field, not only the first', () => {
    const errors = errorsOf(
      validateConfig(oneMapping({ external: 'ftp://x.example', internal: 'http://10.0.0.1:0', enabled: 'yes' })),
    );
    expect(errors).toEqual([
      { path: `${base}.external`, message: 'scheme "ftp:" is not allowed; use http or https' },
      { path: `${base}.internal`, message: 'port 0 is out of range (1–65535)' },
      { path: `${base}.enabled`, message: 'must be true or false' },
    ]);
  });

  it('rejects a side URL longer than 512 characters', () => {
    const external = `https://example.com/${'a'.repeat(500)}`;
    expect(errorsOf(validateConfig(oneMapping({ external })))).toEqual([
      { path: `${base}.external`, message: 'is longer than 512 characters' },
    ]);
  });

  it('gives one message per field: the first problem found', () => {
    const external = `ftp://example.com/${'a'.repeat(500)}`;
    expect(errorsOf(validateConfig(oneMapping({ external, cookieDomain: '  ' })))).toEqual([
      { path: `${base}.external`, message: 'is longer than 512 characters' },
      { path: `${base}.cookieDomain`, message: 'is empty; remove it or give a domain such as example.com' },
    ]);
  });

  it.each([
    ['external', 42, 'must be a URL such as https://jellyfin.example.com'],
    ['internal', null, 'must be a URL such as https://jellyfin.example.com'],
    ['name', 7, 'the mapping name must be text'],
    ['name', '   ', 'the mapping name is empty'],
    ['name', 'x'.repeat(65), 'the mapping name is longer than 64 characters'],
    ['enabled', 'true', 'must be true or false'],
    ['keepLogin', 1, 'must be true or false'],
    ['cookieDomain', 'example com', 'must be a domain name such as example.com'],
    ['cookieDomain', '', 'is empty; remove it or give a domain such as example.com'],
    ['cookieDomain', 5, 'must be a domain name such as example.com'],
  ])('mapping field %s = %j', (field, value, message) => {
    expect(errorsOf(validateConfig(oneMapping({ [field]: value })))).toEqual([{ path: `${base}.${field}`, message }]);
  });

  it.each(['name', 'external', 'internal'])('reports a missing mapping %s', (field) => {
    const patched = mapping('https://app.example.com', 'http://192.168.1.20:8096');
    delete patched[field];
    expect(errorsOf(validateConfig(config([network('Home', [patched])])))).toEqual([
      { path: `${base}.${field}`, message: 'is missing' },
    ]);
  });

  it.each([['https://a.example.com'], [null], [[]], [['https://a.example.com', 'http://10.0.0.1']]])(
    'reports a mapping that is not an object: %j',
    (value) => {
      expect(errorsOf(validateConfig(config([network('Home', [value as unknown as Json])])))).toEqual([
        {
          path: 'networks[0].mappings[0]',
          message: 'must be an object with a "name", an "external" and an "internal" URL',
        },
      ]);
    },
  );

  it.each([['Home'], [[]], [7]])('reports a network that is not an object: %j', (value) => {
    expect(errorsOf(validateConfig(config([value as unknown as Json])))).toEqual([
      { path: 'networks[0]', message: 'must be an object with a "name", a "probe" and "mappings"' },
    ]);
  });

  it('reports a probe given as a list', () => {
    expect(errorsOf(validateConfig(config([network('Home', [], { probe: ['http://10.0.0.1'] })])))).toEqual([
      { path: 'networks[0].probe', message: 'must be an object with a "url"' },
    ]);
  });

  it('reports network fields', () => {
    expect(errorsOf(validateConfig(config([{ name: 'Home', mappings: [] }])))).toEqual([
      { path: 'networks[0].probe', message: 'is missing' },
    ]);
    expect(errorsOf(validateConfig(config([{ probe: { url: 'http://10.0.0.1' }, mappings: [] }])))).toEqual([
      { path: 'networks[0].name', message: 'is missing' },
    ]);
    expect(errorsOf(validateConfig(config([{ name: 'Home', probe: { url: 'http://10.0.0.1' } }])))).toEqual([
      { path: 'networks[0].mappings', message: 'is missing' },
    ]);
    expect(errorsOf(validateConfig(config([network('Home', {} as unknown as Json[])])))).toEqual([
      { path: 'networks[0].mappings', message: 'must be a list of mappings' },
    ]);
    expect(errorsOf(validateConfig(config([network('', [])])))).toEqual([
      { path: 'networks[0].name', message: 'the network name is empty' },
    ]);
    expect(errorsOf(validateConfig(config([network(false as unknown as string, [])])))).toEqual([
      { path: 'networks[0].name', message: 'the network name must be text' },
    ]);
    expect(errorsOf(validateConfig(config([network('Home', [], { probe: 'http://10.0.0.1' })])))).toEqual([
      { path: 'networks[0].probe', message: 'must be an object with a "url"' },
    ]);
  });

  it.each([
    [{}, 'url', 'is missing'],
    [{ url: 42 }, 'url', 'must be a URL such as http://192.168.1.10:8080/hairpin'],
    [{ url: 'ftp://10.0.0.1/x' }, 'url', 'scheme "ftp:" is not allowed; use http or https'],
    [{ url: 'http://10.0.0.1:70000/x' }, 'url', 'port 70000 is out of range (1–65535)'],
    [{ url: 'http://me:pw@10.0.0.1/x' }, 'url', 'credentials (user:password@) are not allowed in URLs'],
    [{ url: 'http://10.0.0.1/x#frag' }, 'url', 'a fragment (#) is not allowed in a probe URL'],
    [{ url: 'http://10.0.0.1', expect: '' }, 'expect', 'is empty; remove it or give the token your endpoint returns'],
    [{ url: 'http://10.0.0.1', expect: 7 }, 'expect', 'must be text'],
    [{ url: 'http://10.0.0.1', expect: 'x'.repeat(257) }, 'expect', 'is longer than 256 characters'],
    [{ url: 'http://10.0.0.1', timeoutMs: 99 }, 'timeoutMs', 'must be at least 100 ms'],
    [{ url: 'http://10.0.0.1', timeoutMs: 10_001 }, 'timeoutMs', 'must be at most 10000 ms'],
    [{ url: 'http://10.0.0.1', timeoutMs: 1500.5 }, 'timeoutMs', 'must be a whole number of milliseconds'],
    [{ url: 'http://10.0.0.1', timeoutMs: '1500' }, 'timeoutMs', 'must be a number of milliseconds'],
  ])('probe %j', (probe, field, message) => {
    expect(errorsOf(validateConfig(config([network('Home', [], { probe })])))).toEqual([
      { path: `networks[0].probe.${field}`, message },
    ]);
  });

  it('accepts probe timeouts at the limits', () => {
    for (const timeoutMs of [100, 10_000]) {
      expect(validateConfig(config([network('Home', [], { probe: { url: 'http://10.0.0.1', timeoutMs } })])).ok).toBe(
        true,
      );
    }
  });
});

describe('probeUrlProblem', () => {
  it('allows a query but not a fragment', () => {
    expect(probeUrlProblem('http://10.0.0.1/health?x=1')).toBeNull();
    expect(probeUrlProblem('  http://10.0.0.1/health  ')).toBeNull();
    expect(probeUrlProblem('http://10.0.0.1/health?x=1#y')).toBe('a fragment (#) is not allowed in a probe URL');
    expect(probeUrlProblem('javascript:alert(1)')).toBe('scheme "javascript:" is not allowed; use http or https');
  });
});

describe('cross-field rules', () => {
  it('rejects duplicate network names, ignoring case and surrounding spaces', () => {
    const input = config([
      network('Home', [mapping('https://a.example.com', 'http://10.0.0.1')]),
      network('Office', [mapping('https://b.example.com', 'http://10.0.1.1')]),
      network(' home ', [mapping('https://c.example.com', 'http://10.0.2.1')]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      { path: 'networks[2].name', message: '"home" is already the name of networks[0]' },
    ]);
  });

  it('rejects a mapping whose two sides are the same', () => {
    expect(
      errorsOf(
        validateConfig(oneMapping({ external: 'https://app.example.com', internal: 'https://APP.example.com:443/' })),
      ),
    ).toEqual([{ path: 'networks[0].mappings[0].internal', message: 'is the same as the external side' }]);
  });

  it('rejects a mapping whose two sides overlap', () => {
    expect(
      errorsOf(
        validateConfig(oneMapping({ external: 'https://example.com', internal: 'https://example.com/internal' })),
      ),
    ).toEqual([
      {
        path: 'networks[0].mappings[0].internal',
        message: 'overlaps the external side of the same mapping, which would redirect in a loop',
      },
    ]);
    expect(
      errorsOf(
        validateConfig(oneMapping({ external: 'https://example.com/app/x', internal: 'https://example.com/app' })),
      ),
    ).toEqual([
      {
        path: 'networks[0].mappings[0].internal',
        message: 'overlaps the external side of the same mapping, which would redirect in a loop',
      },
    ]);
  });

  it('accepts sides of one mapping that only share a textual prefix', () => {
    expect(
      validateConfig(oneMapping({ external: 'https://example.com/app', internal: 'https://example.com/appx' })).ok,
    ).toBe(true);
  });

  it('rejects two mappings claiming one side', () => {
    const input = config([
      network('Home', [
        mapping('https://jellyfin.example.com', 'http://192.168.1.20:8096'),
        mapping('https://Jellyfin.example.com:443/', 'http://192.168.1.21:8096'),
      ]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[0].mappings[1].external',
        message: 'https://jellyfin.example.com is already claimed by networks[0].mappings[0].external',
      },
    ]);
  });

  it('rejects two mappings claiming one internal side', () => {
    const input = config([
      network('Home', [
        mapping('https://a.example.com', 'http://192.168.1.20:8096'),
        mapping('https://b.example.com', 'http://192.168.1.20:8096/'),
      ]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[0].mappings[1].internal',
        message: 'http://192.168.1.20:8096 is already claimed by networks[0].mappings[0].internal',
      },
    ]);
  });

  it('treats a punycode host and its Unicode spelling as one side', () => {
    const input = config([
      network('Home', [
        mapping('https://bücher.example', 'http://10.0.0.1'),
        mapping('https://xn--bcher-kva.example', 'http://10.0.0.2'),
      ]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[0].mappings[1].external',
        message: 'https://xn--bcher-kva.example is already claimed by networks[0].mappings[0].external',
      },
    ]);
  });

  it('treats two spellings of one IPv6 address as one side', () => {
    const input = config([
      network('Home', [
        mapping('https://a.example.com', 'http://[fd00::20]:8096'),
        mapping('https://b.example.com', 'http://[FD00:0:0:0:0:0:0:20]:8096'),
      ]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[0].mappings[1].internal',
        message: 'http://[fd00::20]:8096 is already claimed by networks[0].mappings[0].internal',
      },
    ]);
  });

  it('rejects a chain: one mapping internal side is another mapping external side', () => {
    const input = config([
      network('Home', [
        mapping('https://a.example.com', 'https://b.example.com'),
        mapping('https://b.example.com', 'http://192.168.1.20'),
      ]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[0].mappings[1].external',
        message:
          'https://b.example.com overlaps networks[0].mappings[0].internal, the internal side of another mapping, which would chain redirects',
      },
    ]);
  });

  it('rejects a chain across roles where one side is nested in the other', () => {
    const input = config([
      network('Home', [
        mapping('https://example.com', 'http://192.168.1.20'),
        mapping('http://192.168.1.20/app', 'http://192.168.1.30'),
      ]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[0].mappings[1].external',
        message:
          'http://192.168.1.20/app overlaps networks[0].mappings[0].internal, the internal side of another mapping, which would chain redirects',
      },
    ]);
  });

  it('rejects the same URL used in opposite roles across networks', () => {
    const input = config([
      network('Home', [mapping('https://a.example.com', 'http://192.168.1.20')]),
      network('Office', [mapping('http://192.168.1.20', 'http://10.0.0.5')]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[1].mappings[0].external',
        message:
          'http://192.168.1.20 overlaps networks[0].mappings[0].internal, the internal side of another mapping, which would chain redirects',
      },
    ]);
  });

  it('rejects nested same-role prefixes across networks', () => {
    const input = config([
      network('Home', [mapping('https://example.com', 'http://192.168.1.20')]),
      network('Office', [mapping('https://example.com/wiki', 'http://10.0.0.5')]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[1].mappings[0].external',
        message:
          'https://example.com/wiki overlaps networks[0].mappings[0].external in another network; mappings of different networks must not share URLs',
      },
    ]);
  });

  it('rejects the same side claimed in two networks', () => {
    const input = config([
      network('Home', [mapping('https://example.com', 'http://192.168.1.20')]),
      network('Office', [mapping('https://example.com', 'http://10.0.0.5')]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[1].mappings[0].external',
        message: 'https://example.com is already claimed by networks[0].mappings[0].external',
      },
    ]);
  });

  it('checks disabled mappings too, since enabling one must not create a loop', () => {
    const input = config([
      network('Home', [
        mapping('https://a.example.com', 'https://b.example.com', { enabled: false }),
        mapping('https://b.example.com', 'http://192.168.1.20'),
      ]),
    ]);
    expect(errorsOf(validateConfig(input)).map((e) => e.path)).toEqual(['networks[0].mappings[1].external']);
  });

  it('reports each side at most once, naming the first conflict', () => {
    const input = config([
      network('Home', [
        mapping('https://a.example.com', 'http://10.0.0.1'),
        mapping('https://b.example.com', 'http://10.0.0.2'),
        mapping('https://a.example.com', 'http://10.0.0.3'),
        mapping('https://a.example.com', 'http://10.0.0.4'),
      ]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      {
        path: 'networks[0].mappings[2].external',
        message: 'https://a.example.com is already claimed by networks[0].mappings[0].external',
      },
      {
        path: 'networks[0].mappings[3].external',
        message: 'https://a.example.com is already claimed by networks[0].mappings[0].external',
      },
    ]);
  });

  it('rejects more than 1000 enabled mappings', () => {
    const errors = errorsOf(validateConfig(config([network('Home', manyMappings(1001))])));
    expect(errors).toEqual([
      { path: 'networks', message: '1001 enabled mappings; browsers allow at most 1000 redirect rules of this kind' },
    ]);
  });

  it('counts enabled mappings across networks', () => {
    const all = manyMappings(1001);
    const errors = errorsOf(
      validateConfig(config([network('Home', all.slice(0, 600)), network('Office', all.slice(600))])),
    );
    expect(errors).toEqual([
      { path: 'networks', message: '1001 enabled mappings; browsers allow at most 1000 redirect rules of this kind' },
    ]);
  });

  it('does not run cross-field rules on a config with field errors', () => {
    const input = config([
      network('Home', [
        mapping('https://a.example.com', 'https://a.example.com'),
        mapping('ftp://x', 'http://10.0.0.1'),
      ]),
    ]);
    expect(errorsOf(validateConfig(input))).toEqual([
      { path: 'networks[0].mappings[1].external', message: 'scheme "ftp:" is not allowed; use http or https' },
    ]);
  });
});

describe('unknown fields', () => {
  it('warns about each unknown field with its path, and drops it', () => {
    const input = config(
      [
        network('Home', [mapping('https://a.example.com', 'http://10.0.0.1', { colour: 'red' })], {
          probe: { url: 'http://10.0.0.1', interval: 5 },
          icon: 'house',
        }),
      ],
      { comment: 'mine' },
    );
    const result = validateConfig(input);
    expect(result.warnings).toEqual([
      { path: 'comment', message: 'unknown field, ignored' },
      { path: 'networks[0].icon', message: 'unknown field, ignored' },
      { path: 'networks[0].probe.interval', message: 'unknown field, ignored' },
      { path: 'networks[0].mappings[0].colour', message: 'unknown field, ignored' },
    ]);
    const output = okConfig(result);
    expect(output).not.toHaveProperty('comment');
    expect(output.networks[0]).not.toHaveProperty('icon');
    expect(output.networks[0]!.probe).not.toHaveProperty('interval');
    expect(output.networks[0]!.mappings[0]).not.toHaveProperty('colour');
  });

  it('warns about names that exist on Object.prototype', () => {
    const result = validateConfig(
      config([network('Home', [mapping('https://a.example.com', 'http://10.0.0.1', { constructor: 1 })])], {
        toString: 'x',
      }),
    );
    expect(result.warnings).toEqual([
      { path: 'toString', message: 'unknown field, ignored' },
      { path: 'networks[0].mappings[0].constructor', message: 'unknown field, ignored' },
    ]);
    expect(result.ok).toBe(true);
  });

  it('warns about __proto__ keys parsed from JSON, without letting them act as a prototype', () => {
    const text = JSON.stringify(config([network('Home', [mapping('https://a.example.com', 'http://10.0.0.1')])]))
      .replace('{"format"', '{"__proto__":{"polluted":true},"format"')
      .replace('"name":"Home"', '"__proto__":{"mappings":[]},"name":"Home"')
      .replace('"name":"App"', '"__proto__":{"enabled":false},"name":"App"');
    expect(text).toContain('"__proto__":{"enabled":false}');
    const result = parseConfigText(text);
    expect(result.warnings).toEqual([
      { path: '__proto__', message: 'unknown field, ignored' },
      { path: 'networks[0].__proto__', message: 'unknown field, ignored' },
      { path: 'networks[0].mappings[0].__proto__', message: 'unknown field, ignored' },
    ]);
    const output = okConfig(result);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.hasOwn(output, '__proto__')).toBe(false);
    expect(output.networks[0]!.mappings).toHaveLength(1);
    expect(output.networks[0]!.mappings[0]!.enabled).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still reports warnings alongside errors', () => {
    const result = validateConfig({ ...oneMapping({ internal: 'http://10.0.0.1:0' }), extra: 1 });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'networks[0].mappings[0].internal', message: 'port 0 is out of range (1–65535)' }],
      warnings: [{ path: 'extra', message: 'unknown field, ignored' }],
    });
  });
});

describe('formatPath and formatIssue', () => {
  it('write paths as in JavaScript', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['networks'])).toBe('networks');
    expect(formatPath(['networks', 0, 'mappings', 2, 'internal'])).toBe('networks[0].mappings[2].internal');
  });

  it('prefix the message with the path, if any', () => {
    expect(formatIssue({ path: '', message: 'not JSON: x' })).toBe('not JSON: x');
    expect(formatIssue({ path: 'networks[0].name', message: 'is missing' })).toBe('networks[0].name: is missing');
  });
});

function manyMappings(count: number): Json[] {
  return Array.from({ length: count }, (_, i) =>
    mapping(`https://s${i}.example.com`, `http://10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, { name: `App ${i}` }),
  );
}

describe('mappings the browser would loop on, and keepLogin limits', () => {
  const one = (mapping: Record<string, unknown>) => ({
    format: 'hairpin-config',
    version: 1,
    networks: [{ name: 'Home', probe: { url: 'http://192.168.1.10/h' }, mappings: [{ name: 'M', ...mapping }] }],
  });

  it('refuses two sides that differ only by scheme (HSTS would loop them)', () => {
    const result = validateConfig(one({ external: 'https://jf.example.com', internal: 'http://jf.example.com' }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      {
        path: 'networks[0].mappings[0].internal',
        message:
          'overlaps the external side once the browser upgrades http to https (HSTS, automatic upgrades): the redirect would loop',
      },
    ]);
    // Another port is another origin for HSTS too: the upgraded URL matches no rule.
    expect(validateConfig(one({ external: 'https://jf.example.com', internal: 'http://jf.example.com:8096' })).ok).toBe(
      true,
    );
  });

  it("refuses every pair where one side's https form contains the other (upgrade loops)", () => {
    for (const [external, internal] of [
      ['https://h.example.com', 'http://h.example.com/x'],
      ['https://h.example.com/x', 'http://h.example.com'],
      ['https://h.example.com', 'http://h.example.com:443'],
      ['http://h.example.com:443/a', 'https://h.example.com/a/b'],
      ['http://h.example.com', 'http://h.example.com:443'],
    ]) {
      const result = validateConfig(one({ external, internal }));
      expect({ external, internal, errors: !result.ok && result.errors.map((e) => e.message) }).toEqual({
        external,
        internal,
        errors: [expect.stringMatching(/upgrades http to https|overlaps the external side/)],
      });
    }
    // Sides that stay apart after the upgrade are fine.
    for (const [external, internal] of [
      ['https://h.example.com/a', 'http://h.example.com/b'],
      ['https://h.example.com', 'http://h.example.com:8443'],
    ]) {
      expect(validateConfig(one({ external, internal })).ok).toBe(true);
    }
  });

  it('refuses a chain between mappings that appears once http is upgraded to https', () => {
    const first = { name: 'M', external: 'https://a.example.com', internal: 'http://h.example.com/x' };
    const second = { name: 'N', external: 'https://h.example.com', internal: 'http://192.168.1.9' };
    const network = { name: 'Home', probe: { url: 'http://192.168.1.10/h' } };
    const of = (mappings: object[]) => ({ format: 'hairpin-config', version: 1, networks: [{ ...network, mappings }] });
    expect(validateConfig(of([first])).ok).toBe(true);
    const chained = validateConfig(of([first, second]));
    expect(!chained.ok && chained.errors[0]!.message).toMatch(/once the browser upgrades http to https/);
  });

  it('refuses keepLogin on a mapping with a path prefix', () => {
    const result = validateConfig(
      one({ external: 'https://example.com/jellyfin', internal: 'http://192.168.1.20:8096', keepLogin: true }),
    );
    expect(!result.ok && result.errors).toEqual([
      {
        path: 'networks[0].mappings[0].keepLogin',
        message: 'is not supported for a mapping with a path prefix: cookies would be copied onto the wrong paths',
      },
    ]);
    expect(
      validateConfig(one({ external: 'https://example.com/jellyfin', internal: 'http://192.168.1.20:8096' })).ok,
    ).toBe(true);
  });
});

describe('probe tokens', () => {
  const withProbe = (probe: Json) => config([{ name: 'Home', probe, mappings: [] }]);

  it('refuses a token shorter than 8 characters', () => {
    expect(errorsOf(validateConfig(withProbe({ url: 'http://192.168.1.10/h', expect: 'ok' })))[0]).toEqual({
      path: 'networks[0].probe.expect',
      message: expect.stringMatching(/^is shorter than 8 characters/),
    });
    expect(validateConfig(withProbe({ url: 'http://192.168.1.10/h', expect: 'abcd1234' })).ok).toBe(true);
  });

  it('refuses a token the probe URL contains, in any case or encoding (an echoing page would count as home)', () => {
    for (const url of [
      'http://192.168.1.10/hairpin-7f3a9c',
      'http://192.168.1.10/h?t=HAIRPIN-7F3A9C',
      'http://192.168.1.10/h?t=hairpin%2D7f3a9c',
    ]) {
      expect(errorsOf(validateConfig(withProbe({ url, expect: 'hairpin-7f3a9c' })))[0]).toEqual({
        path: 'networks[0].probe.expect',
        message: expect.stringMatching(/^appears in the probe URL/),
      });
    }
  });
});
