// A corpus of hostile or broken inputs: each gets a specific error, none throws, none pollutes
// anything, and none changes the configuration that is in force.
import { describe, expect, it } from 'vitest';
import { parseConfigText, formatIssue, MAX_CONFIG_BYTES } from '../../src/core/config-validate';
import { compileRules } from '../../src/core/rule-compiler';
import { approveAll } from '../../src/core/approval';
import { Engine, type EngineDeps } from '../../src/background/engine';
import type { Config } from '../../src/core/config-schema';
import type { RedirectRule } from '../../src/core/rule-compiler';
import { applyRule } from './support/dnr-sim';
import { homeConfig } from '../support/sample-config';

const good: Config = homeConfig([{ name: 'J' }], {
  probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'tok-7f3a9c' },
});

function withMapping(mapping: Record<string, unknown>): string {
  return JSON.stringify({ ...good, networks: [{ ...good.networks[0], mappings: [{ name: 'M', ...mapping }] }] });
}

const internal = 'http://192.168.1.20:8096';
const corpus: [string, string, RegExp][] = [
  ['a huge file', JSON.stringify({ ...good, padding: 'x'.repeat(MAX_CONFIG_BYTES) }), /larger than 1024 KiB/],
  [
    'deeply nested JSON',
    '['.repeat(200_000) + ']'.repeat(200_000),
    /^not JSON|not a Hairpin config: expected a JSON object/,
  ],
  [
    'deeply nested JSON inside a field',
    `{"format":"hairpin-config","version":1,"networks":[],"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    /nested too deeply|not JSON/,
  ],
  ['not JSON at all', '<html><body>hello</body></html>', /^not JSON/],
  [
    'JSON of another program',
    JSON.stringify({ name: 'my-app', version: '1.0.0', dependencies: {} }),
    /not a Hairpin config/,
  ],
  ['a JSON list', '[1, 2, 3]', /not a Hairpin config: expected a JSON object/],
  [
    'javascript: URL',
    withMapping({ external: 'javascript:alert(1)', internal }),
    /external: scheme "javascript:" is not allowed/,
  ],
  [
    'data: URL',
    withMapping({ external: 'data:text/html,<script>alert(1)</script>', internal }),
    /external: scheme "data:" is not allowed/,
  ],
  ['file: URL', withMapping({ external: 'file:///etc/passwd', internal }), /external: scheme "file:" is not allowed/],
  ['port 0', withMapping({ external: 'https://a.example.com:0', internal }), /external: port 0 is out of range/],
  [
    'port 65536',
    withMapping({ external: 'https://a.example.com:65536', internal }),
    /external: port 65536 is out of range/,
  ],
  [
    'credentials',
    withMapping({ external: 'https://admin:hunter2@a.example.com', internal }),
    /external: credentials .* are not allowed/,
  ],
  [
    'a broken IPv6 literal',
    withMapping({ external: 'http://[fd00::1', internal }),
    /external: host .* is not a valid host name/,
  ],
  [
    'a regex in a host',
    withMapping({ external: 'https://.*', internal }),
    /external: host .* is not a valid host name/,
  ],
  [
    'a query in a side',
    withMapping({ external: 'https://a.example.com/?x=(.*)', internal }),
    /external: a query \(\?\) or fragment/,
  ],
  [
    'dot segments',
    withMapping({ external: 'https://a.example.com/x/..', internal }),
    /external: "\." and "\.\." are not allowed/,
  ],
  [
    'a mapping pointing at itself',
    withMapping({ external: internal, internal }),
    /internal: is the same as the external side/,
  ],
];

describe('hostile input corpus', () => {
  it.each(corpus)('%s: a specific error, no exception', (_label, text, message) => {
    const result = parseConfigText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map(formatIssue).join('\n')).toMatch(message);
  });

  it('prototype-pollution keys are reported as unknown fields and pollute nothing', () => {
    const text = `{"format":"hairpin-config","version":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},
      "networks":[{"name":"Home","__proto__":{"isAdmin":true},"probe":{"url":"http://192.168.1.10/h"},"mappings":[]}]}`;
    const result = parseConfigText(text);
    expect(result.ok).toBe(true);
    expect(result.warnings.map(formatIssue)).toEqual([
      '__proto__: unknown field, ignored',
      'constructor: unknown field, ignored',
      'networks[0].__proto__: unknown field, ignored',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    if (result.ok) expect(Object.getPrototypeOf(result.config)).toBe(Object.prototype);
  });

  it('accepts unicode hostnames as punycode, and IPv6 literals', () => {
    const result = parseConfigText(
      withMapping({ external: 'https://jëllyfin.example.com', internal: 'http://[fd00::20]:8096' }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [rule] = compileRules(result.config, { Home: 'home' });
    const ascii = new URL('https://jëllyfin.example.com').hostname;
    expect(ascii).toMatch(/^xn--/);
    expect(rule!.condition.regexFilter).toBe(`^https://${ascii.replaceAll('.', '\\.')}(?::443)?([/?#].*)?$`);
    expect(applyRule(rule!, `https://${ascii}/web`)).toBe('http://[fd00::20]:8096/web');
  });

  it('regex metacharacters in a prefix keep their literal meaning in the rules', () => {
    const result = parseConfigText(withMapping({ external: 'https://a.example.com/a.b+c(d)[e]{2}|f$', internal }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [rule] = compileRules(result.config, { Home: 'home' }) as [RedirectRule];
    // URLs as the browser writes them (it percent-encodes some of those characters).
    const browserUrl = (path: string) => new URL(`https://a.example.com${path}`).href;
    expect(applyRule(rule, browserUrl('/a.b+c(d)[e]{2}|f$/x'))).toBe(`${internal}/x`);
    expect(applyRule(rule, browserUrl('/aXb+c(d)[e]{2}|f$/x'))).toBeNull();
    expect(applyRule(rule, browserUrl('/a.bbc(d)[e]{2}|f$/x'))).toBeNull();
    expect(applyRule(rule, browserUrl('/a.b+c(d)[e]{2}|f/x'))).toBeNull();
  });

  it('a hostile import changes nothing in force: no save, no rule change', async () => {
    let saves = 0;
    let diffs = 0;
    const engine = new Engine({
      config: {
        load: async () => ({ config: good, store: 'sync', problem: null, sync: null }),
        save: async () => {
          saves += 1;
          throw new Error('must not be called');
        },
      },
      device: {
        modes: { load: async () => ({}), save: async () => undefined },
        pinnedModes: { load: async () => ({}), save: async () => undefined },
        verdicts: { load: async () => ({}), save: async () => undefined },
        lastSwitch: { load: async () => null, save: async () => undefined },
        configFetch: { load: async () => null },
        secureConsent: { load: async () => [] },
        setAside: { load: async () => null },
        approvals: { load: async () => approveAll(good), save: async () => undefined },
      },
      rules: {
        installed: async () => [],
        regexProblem: async () => null,
        apply: async () => {
          diffs += 1;
        },
      },
      probe: async () => ({ kind: 'timeout', latencyMs: 1 }),
      access: { hosts: async () => true, cookies: async () => false },
      now: () => 0,
      sleep: async () => undefined,
    } satisfies EngineDeps);
    for (const [, text] of corpus) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        continue; // not JSON: the page refuses it before it reaches the background
      }
      const result = await engine.saveConfig(parsed, 'here');
      expect(result.ok).toBe(false);
    }
    expect(saves).toBe(0);
    expect(diffs).toBe(0);
  });
});
