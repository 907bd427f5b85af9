import { describe, expect, it } from 'vitest';
import { loadYaml, MAX_YAML_BYTES } from '../../../src/core/yaml-load';

function refused(text: string): string {
  const result = loadYaml(text);
  if (result.ok) throw new Error('expected a refusal');
  return result.message;
}

/** Each level holds nine aliases of the one before: 9^levels strings once expanded. */
function billionLaughs(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level <= levels; level++) {
    lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('loadYaml', () => {
  it('reads YAML with anchors and merge keys as Dashy’s and Homepage’s js-yaml 4 does', () => {
    const result = loadYaml(
      'base: &base {href: "https://a.example"}\nuse:\n  <<: *base\n  siteMonitor: http://10.0.0.2\n',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        base: { href: 'https://a.example' },
        use: { href: 'https://a.example', siteMonitor: 'http://10.0.0.2' },
      },
    });
  });

  it('refuses a billion-laughs file before anything walks it', () => {
    // 9^9 ≈ 387 million values from 81 aliases: within js-yaml's alias limit, caught by the walk budget.
    expect(refused(billionLaughs(8))).toMatch(/expands to more than 100,000 values \(YAML aliases/);
    // A few aliases that expand a little are fine.
    expect(loadYaml(billionLaughs(2)).ok).toBe(true);
  });

  it('refuses more aliases than js-yaml is allowed to resolve', () => {
    const many = ['x: &x 1', ...Array.from({ length: 1001 }, (_, i) => `k${i}: *x`)].join('\n');
    expect(refused(many)).toMatch(/^it is not valid YAML \(aliases exceeded maxAliases/);
  });

  it('refuses nesting deeper than the limit', () => {
    expect(refused(`${'['.repeat(200)}1${']'.repeat(200)}`)).toMatch(
      /^it is not valid YAML \(nesting exceeded maxDepth/,
    );
  });

  it('refuses a file over the size cap, by bytes', () => {
    const text = `a: "${'é'.repeat(MAX_YAML_BYTES / 2)}"`;
    expect(refused(text)).toBe('the file is larger than 1024 KiB');
  });

  it('says where a syntax error is', () => {
    expect(refused('sections: [\n  {name: a')).toMatch(/^it is not valid YAML \(.+, line \d+, column \d+\)$/);
    expect(refused('a: 1\na: 2')).toMatch(/duplicated mapping key, line 2, column 1/);
  });

  it('refuses empty files, several documents and unknown tags', () => {
    expect(refused('  \n')).toBe('the file is empty');
    expect(refused('a: 1\n---\nb: 2\n')).toMatch(/single document/);
    expect(refused("!!js/function 'return 1'")).toMatch(/unknown scalar tag/);
  });

  it('reads an unquoted Homepage variable instead of failing on its braces', () => {
    const result = loadYaml('- G:\n    - S:\n        href: {{HOMEPAGE_VAR_URL}}\n');
    expect(result.ok).toBe(true);
    const text = JSON.stringify(result.ok && result.value);
    expect(text).toContain('HOMEPAGE_VAR_URL');
    expect(text).not.toContain('{{');
  });
});
