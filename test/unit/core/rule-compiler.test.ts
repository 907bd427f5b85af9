import { describe, expect, it } from 'vitest';
import {
  compileRules,
  diffRules,
  escapeRegex,
  isEmptyDiff,
  isHairpinRuleId,
  RULE_ID_BASE,
  RULE_ID_LIMIT,
  sideRegex,
  type RedirectRule,
} from '../../../src/core/rule-compiler';
import { parseSide, type Side } from '../../../src/core/side';
import { validateConfig } from '../../../src/core/config-validate';
import type { Config } from '../../../src/core/config-schema';
import { redirect } from '../support/dnr-sim';

type MappingInput = { external: string; internal: string; enabled?: boolean };

/** Builds a config through the validator, so that every test config is one users could save. */
function configOf(networks: Record<string, MappingInput[]>): Config {
  const result = validateConfig({
    format: 'hairpin-config',
    version: 1,
    networks: Object.entries(networks).map(([name, mappings]) => ({
      name,
      probe: { url: 'http://192.168.1.10:8080/hairpin' },
      mappings: mappings.map((mapping, i) => ({ name: `M${i}`, ...mapping })),
    })),
  });
  if (!result.ok) throw new Error(`invalid test config: ${JSON.stringify(result.errors)}`);
  return result.config;
}

function side(text: string): Side {
  const result = parseSide(text);
  if (!result.ok) throw new Error(result.message);
  return result.side;
}

const JELLYFIN = { external: 'https://jellyfin.example.com', internal: 'http://192.168.1.20:8096' };

describe('escapeRegex', () => {
  it('escapes every RE2 metacharacter so that it only matches itself', () => {
    const nasty = 'a.b*c+d?e(f)g[h]i{j}k|l^m$n\\o';
    const escaped = escapeRegex(nasty);
    expect(escaped).toBe('a\\.b\\*c\\+d\\?e\\(f\\)g\\[h\\]i\\{j\\}k\\|l\\^m\\$n\\\\o');
    expect(new RegExp(`^${escaped}$`).test(nasty)).toBe(true);
    expect(new RegExp(`^${escaped}$`).test(nasty.replace('.', 'X'))).toBe(false);
  });

  it('leaves ordinary URL characters alone', () => {
    expect(escapeRegex('/a-b_c~d%20e:f')).toBe('/a-b_c~d%20e:f');
  });
});

describe('sideRegex', () => {
  it('makes the default port optional and an explicit port required', () => {
    expect(sideRegex(side('https://example.com'))).toBe('^https://example\\.com(?::443)?([/?#].*)?$');
    expect(sideRegex(side('http://example.com/app'))).toBe('^http://example\\.com(?::80)?/app([/?#].*)?$');
    expect(sideRegex(side('http://192.168.1.20:8096'))).toBe('^http://192\\.168\\.1\\.20:8096([/?#].*)?$');
    expect(sideRegex(side('http://[fd00::20]:8096'))).toBe('^http://\\[fd00::20\\]:8096([/?#].*)?$');
  });
});

describe('compileRules: the README example', () => {
  const config = configOf({ Home: [JELLYFIN] });

  it('at home, redirects external to internal', () => {
    expect(compileRules(config, { Home: 'home' })).toEqual([
      {
        id: RULE_ID_BASE,
        priority: 1,
        action: { type: 'redirect', redirect: { regexSubstitution: 'http://192.168.1.20:8096\\1' } },
        condition: {
          regexFilter: '^https://jellyfin\\.example\\.com(?::443)?([/?#].*)?$',
          resourceTypes: ['main_frame', 'sub_frame'],
          isUrlFilterCaseSensitive: true,
        },
      },
    ]);
  });

  it('redirects framed pages as it does pages (sub_frame: a home dashboard framing a service), and nothing else', () => {
    // Scripts, fetches, images, websockets of a page are never redirected: only documents.
    for (const location of ['home', 'away'] as const) {
      for (const rule of compileRules(config, { Home: location })) {
        expect(rule.condition.resourceTypes).toEqual(['main_frame', 'sub_frame']);
      }
    }
  });

  it('away, redirects internal to external, under the same rule id', () => {
    expect(compileRules(config, { Home: 'away' })).toEqual([
      {
        id: RULE_ID_BASE,
        priority: 1,
        action: { type: 'redirect', redirect: { regexSubstitution: 'https://jellyfin.example.com\\1' } },
        condition: {
          regexFilter: '^http://192\\.168\\.1\\.20:8096([/?#].*)?$',
          resourceTypes: ['main_frame', 'sub_frame'],
          isUrlFilterCaseSensitive: true,
        },
      },
    ]);
  });

  it.each([
    ['https://jellyfin.example.com/', 'http://192.168.1.20:8096/'],
    ['https://jellyfin.example.com/web/index.html', 'http://192.168.1.20:8096/web/index.html'],
    [
      'https://jellyfin.example.com/web/?a=1&b=%20#/details?id=7',
      'http://192.168.1.20:8096/web/?a=1&b=%20#/details?id=7',
    ],
    ['https://jellyfin.example.com/?q', 'http://192.168.1.20:8096/?q'],
    ['https://jellyfin.example.com/#frag', 'http://192.168.1.20:8096/#frag'],
    ['https://jellyfin.example.com:443/x', 'http://192.168.1.20:8096/x'],
  ])('at home %s → %s', (from, to) => {
    expect(redirect(compileRules(config, { Home: 'home' }), from)).toBe(to);
  });

  it.each([
    'http://jellyfin.example.com/',
    'https://jellyfin.example.com:8443/',
    'https://jellyfin.example.com.evil.test/',
    'https://xjellyfin.example.com/',
    'https://jellyfinXexample.com/',
    'https://JELLYFIN.example.com/',
    'https://other.example.com/?u=https://jellyfin.example.com/',
    'http://192.168.1.20:8096/',
  ])('at home leaves %s alone', (url) => {
    expect(redirect(compileRules(config, { Home: 'home' }), url)).toBeNull();
  });

  it.each([
    ['http://192.168.1.20:8096/', 'https://jellyfin.example.com/'],
    ['http://192.168.1.20:8096/web/index.html?x=1#y', 'https://jellyfin.example.com/web/index.html?x=1#y'],
  ])('away %s → %s', (from, to) => {
    expect(redirect(compileRules(config, { Home: 'away' }), from)).toBe(to);
  });

  it.each([
    'http://192.168.1.20/',
    'http://192.168.1.20:80961/',
    'http://192.168.1.200:8096/',
    'http://192x168.1.20:8096/',
    'https://192.168.1.20:8096/',
    'https://jellyfin.example.com/',
  ])('away leaves %s alone', (url) => {
    expect(redirect(compileRules(config, { Home: 'away' }), url)).toBeNull();
  });
});

describe('compileRules: path prefixes', () => {
  const config = configOf({
    Home: [{ external: 'https://example.com/jellyfin', internal: 'http://192.168.1.20:8096' }],
  });
  const home = compileRules(config, { Home: 'home' });
  const away = compileRules(config, { Home: 'away' });

  it.each([
    ['https://example.com/jellyfin', 'http://192.168.1.20:8096'],
    ['https://example.com/jellyfin/', 'http://192.168.1.20:8096/'],
    ['https://example.com/jellyfin/web/index.html?a=1#b', 'http://192.168.1.20:8096/web/index.html?a=1#b'],
    ['https://example.com/jellyfin?x=1', 'http://192.168.1.20:8096?x=1'],
    ['https://example.com/jellyfin#top', 'http://192.168.1.20:8096#top'],
  ])('at home %s → %s', (from, to) => {
    expect(redirect(home, from)).toBe(to);
    // What the browser navigates to once it parses the result.
    expect(new URL(redirect(home, from)!).href).toBe(new URL(to).href);
  });

  it.each([
    'https://example.com/',
    'https://example.com/jellyfinx',
    'https://example.com/jellyfin.old/',
    'https://example.com/Jellyfin/',
    'https://example.com/other/jellyfin/',
    'https://example.com:444/jellyfin/',
  ])('at home leaves %s alone', (url) => {
    expect(redirect(home, url)).toBeNull();
  });

  it.each([
    ['http://192.168.1.20:8096/', 'https://example.com/jellyfin/'],
    ['http://192.168.1.20:8096/web/index.html?a=1#b', 'https://example.com/jellyfin/web/index.html?a=1#b'],
    ['http://192.168.1.20:8096/?x', 'https://example.com/jellyfin/?x'],
  ])('away %s → %s', (from, to) => {
    expect(redirect(away, from)).toBe(to);
  });

  it('maps a prefix to a prefix in both directions', () => {
    const both = configOf({
      Home: [{ external: 'https://example.com/media', internal: 'http://10.0.0.5:8080/media-server/v2' }],
    });
    const atHome = compileRules(both, { Home: 'home' });
    const atAway = compileRules(both, { Home: 'away' });
    expect(redirect(atHome, 'https://example.com/media/a/b?c#d')).toBe('http://10.0.0.5:8080/media-server/v2/a/b?c#d');
    expect(redirect(atHome, 'https://example.com/media-server/v2/a')).toBeNull();
    expect(redirect(atAway, 'http://10.0.0.5:8080/media-server/v2/a/b?c#d')).toBe('https://example.com/media/a/b?c#d');
    expect(redirect(atAway, 'http://10.0.0.5:8080/media-server/v2x')).toBeNull();
    expect(redirect(atAway, 'http://10.0.0.5:8080/media-server/')).toBeNull();
  });

  it('escapes regex metacharacters in the prefix', () => {
    const odd = configOf({ Home: [{ external: 'https://example.com/a.b+(c)[d]$', internal: 'http://10.0.0.5' }] });
    const rules = compileRules(odd, { Home: 'home' });
    expect(redirect(rules, 'https://example.com/a.b+(c)[d]$/x')).toBe('http://10.0.0.5/x');
    expect(redirect(rules, 'https://example.com/aXb+(c)[d]$/x')).toBeNull();
    expect(redirect(rules, 'https://example.com/a.bb(c)[d]$/x')).toBeNull();
    expect(redirect(rules, 'https://example.com/a.b+c[d]$/x')).toBeNull();
  });

  it('keeps a literal "$" in the target intact', () => {
    const dollar = configOf({ Home: [{ external: 'https://example.com', internal: 'http://10.0.0.5/$1' }] });
    const rules = compileRules(dollar, { Home: 'home' });
    expect(rules[0]!.action.redirect.regexSubstitution).toBe('http://10.0.0.5/$1\\1');
    expect(redirect(rules, 'https://example.com/x')).toBe('http://10.0.0.5/$1/x');
  });
});

describe('compileRules: ports', () => {
  it('matches URLs with or without an explicit default port, only the given port otherwise', () => {
    const config = configOf({
      Home: [
        { external: 'http://app.example.com:80', internal: 'https://10.0.0.5:443' },
        { external: 'https://app.example.com:8443/x', internal: 'http://10.0.0.6:8080' },
      ],
    });
    const home = compileRules(config, { Home: 'home' });
    expect(home.map((rule) => rule.action.redirect.regexSubstitution)).toEqual([
      'https://10.0.0.5\\1',
      'http://10.0.0.6:8080\\1',
    ]);
    expect(redirect(home, 'http://app.example.com/a')).toBe('https://10.0.0.5/a');
    expect(redirect(home, 'http://app.example.com:80/a')).toBe('https://10.0.0.5/a');
    expect(redirect(home, 'http://app.example.com:8080/a')).toBeNull();
    expect(redirect(home, 'https://app.example.com:8443/x/y')).toBe('http://10.0.0.6:8080/y');
    expect(redirect(home, 'https://app.example.com/x/y')).toBeNull();

    const away = compileRules(config, { Home: 'away' });
    expect(redirect(away, 'https://10.0.0.5/a')).toBe('http://app.example.com/a');
    expect(redirect(away, 'https://10.0.0.5:443/a')).toBe('http://app.example.com/a');
    expect(redirect(away, 'http://10.0.0.6:8080/y?z')).toBe('https://app.example.com:8443/x/y?z');
    expect(redirect(away, 'http://10.0.0.6/y')).toBeNull();
  });
});

describe('compileRules: IPv6 and IDN hosts', () => {
  const config = configOf({
    Home: [{ external: 'https://jellyfin.bücher.example', internal: 'http://[FD00::20]:8096' }],
  });

  it('redirects to and from an IPv6 literal', () => {
    const home = compileRules(config, { Home: 'home' });
    expect(redirect(home, 'https://jellyfin.xn--bcher-kva.example/web?x#y')).toBe('http://[fd00::20]:8096/web?x#y');
    const away = compileRules(config, { Home: 'away' });
    expect(away[0]!.condition.regexFilter).toBe('^http://\\[fd00::20\\]:8096([/?#].*)?$');
    expect(redirect(away, 'http://[fd00::20]:8096/web?x#y')).toBe('https://jellyfin.xn--bcher-kva.example/web?x#y');
    expect(redirect(away, 'http://[fd00::2]:8096/')).toBeNull();
    expect(redirect(away, 'http://[fd00::20]/')).toBeNull();
  });

  it('matches the punycode host the browser requests', () => {
    const home = compileRules(config, { Home: 'home' });
    expect(home[0]!.condition.regexFilter).toBe('^https://jellyfin\\.xn--bcher-kva\\.example(?::443)?([/?#].*)?$');
    expect(redirect(home, new URL('https://jellyfin.bücher.example/a').href)).toBe('http://[fd00::20]:8096/a');
  });
});

describe('compileRules: nested prefixes', () => {
  const config = configOf({
    Home: [
      { external: 'https://example.com', internal: 'http://10.0.0.1' },
      { external: 'https://example.com/jellyfin/web', internal: 'http://10.0.0.3:8096/web' },
      { external: 'https://example.com/jellyfin', internal: 'http://10.0.0.2:8096' },
    ],
  });

  it('gives longer prefixes a higher priority', () => {
    const rules = compileRules(config, { Home: 'home' });
    expect(rules.map((rule) => [rule.id, rule.priority])).toEqual([
      [RULE_ID_BASE, 1],
      [RULE_ID_BASE + 1, 1 + '/jellyfin/web'.length],
      [RULE_ID_BASE + 2, 1 + '/jellyfin'.length],
    ]);
  });

  it.each([
    ['https://example.com/', 'http://10.0.0.1/'],
    ['https://example.com/other?x', 'http://10.0.0.1/other?x'],
    ['https://example.com/jellyfinx', 'http://10.0.0.1/jellyfinx'],
    ['https://example.com/jellyfin', 'http://10.0.0.2:8096'],
    ['https://example.com/jellyfin/', 'http://10.0.0.2:8096/'],
    ['https://example.com/jellyfin/webx', 'http://10.0.0.2:8096/webx'],
    ['https://example.com/jellyfin/web', 'http://10.0.0.3:8096/web'],
    ['https://example.com/jellyfin/web/index.html#x', 'http://10.0.0.3:8096/web/index.html#x'],
  ])('at home the longest prefix wins: %s → %s', (from, to) => {
    expect(redirect(compileRules(config, { Home: 'home' }), from)).toBe(to);
  });

  it('away, each internal side goes back to its own external side', () => {
    const away = compileRules(config, { Home: 'away' });
    expect(redirect(away, 'http://10.0.0.1/a')).toBe('https://example.com/a');
    expect(redirect(away, 'http://10.0.0.2:8096/a')).toBe('https://example.com/jellyfin/a');
    expect(redirect(away, 'http://10.0.0.3:8096/web/a')).toBe('https://example.com/jellyfin/web/a');
    expect(redirect(away, 'http://10.0.0.3:8096/a')).toBeNull();
  });

  it('also resolves nested internal prefixes away', () => {
    const nested = configOf({
      Home: [
        { external: 'https://a.example.com', internal: 'http://10.0.0.1/apps' },
        { external: 'https://b.example.com', internal: 'http://10.0.0.1/apps/b' },
      ],
    });
    const away = compileRules(nested, { Home: 'away' });
    expect(redirect(away, 'http://10.0.0.1/apps/b/c')).toBe('https://b.example.com/c');
    expect(redirect(away, 'http://10.0.0.1/apps/c')).toBe('https://a.example.com/c');
  });
});

describe('compileRules: what is active', () => {
  const config = configOf({
    Home: [
      { external: 'https://a.example.com', internal: 'http://10.0.0.1', enabled: false },
      { external: 'https://b.example.com', internal: 'http://10.0.0.2' },
      { external: 'https://c.example.com', internal: 'http://10.0.0.3', enabled: true },
    ],
    Office: [
      { external: 'https://wiki.corp.example', internal: 'http://10.1.0.1' },
      { external: 'https://git.corp.example', internal: 'http://10.1.0.2', enabled: false },
    ],
  });

  it('skips disabled mappings but keeps rule ids tied to mapping positions', () => {
    const rules = compileRules(config, { Home: 'home', Office: 'away' });
    expect(rules.map((rule) => rule.id)).toEqual([RULE_ID_BASE + 1, RULE_ID_BASE + 2, RULE_ID_BASE + 3]);
    expect(redirect(rules, 'https://a.example.com/')).toBeNull();
    expect(redirect(rules, 'https://b.example.com/')).toBe('http://10.0.0.2/');
    expect(redirect(rules, 'http://10.1.0.1/x')).toBe('https://wiki.corp.example/x');
    expect(redirect(rules, 'http://10.1.0.2/x')).toBeNull();
  });

  it('writes no rules for a network whose location is unknown or not given', () => {
    expect(compileRules(config, { Home: 'unknown', Office: 'unknown' })).toEqual([]);
    expect(compileRules(config, {})).toEqual([]);
    const onlyOffice = compileRules(config, { Office: 'home' });
    expect(onlyOffice.map((rule) => rule.id)).toEqual([RULE_ID_BASE + 3]);
    expect(onlyOffice[0]!.action.redirect.regexSubstitution).toBe('http://10.1.0.1\\1');
  });

  it('ignores locations of networks that do not exist', () => {
    expect(compileRules(config, { Elsewhere: 'home' })).toEqual([]);
  });

  it('never has both directions of one mapping active', () => {
    for (const home of ['home', 'away', 'unknown'] as const) {
      for (const office of ['home', 'away', 'unknown'] as const) {
        const rules = compileRules(config, { Home: home, Office: office });
        const ids = rules.map((rule) => rule.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const rule of rules) {
          const target = rule.action.redirect.regexSubstitution.replace('\\1', '/');
          // A redirect's target is never caught again: no chain, no loop.
          expect(redirect(rules, target)).toBeNull();
        }
      }
    }
  });

  it('returns no rules for an empty config', () => {
    expect(compileRules(configOf({}), { Home: 'home' })).toEqual([]);
  });

  it('throws on a config that was not validated', () => {
    const bad = configOf({ Home: [JELLYFIN] });
    bad.networks[0]!.mappings[0]!.internal = 'ftp://x';
    expect(() => compileRules(bad, { Home: 'home' })).toThrow('compileRules needs a validated config');
  });
});

describe('compileRules: no redirect chains in valid configs', () => {
  const config = configOf({
    Home: [
      { external: 'https://example.com', internal: 'http://10.0.0.1' },
      { external: 'https://example.com/jellyfin', internal: 'http://10.0.0.2:8096' },
      { external: 'https://photos.example.com', internal: 'http://10.0.0.1:8080/photos' },
    ],
    Office: [{ external: 'https://wiki.example.org/docs', internal: 'http://10.1.0.1/docs' }],
  });
  const urls = [
    'https://example.com/',
    'https://example.com/jellyfin/web?x#y',
    'https://photos.example.com/a',
    'http://10.0.0.1/a',
    'http://10.0.0.2:8096/a',
    'http://10.0.0.1:8080/photos/a',
    'https://wiki.example.org/docs/a',
    'http://10.1.0.1/docs/a',
  ];

  it('redirects each URL at most once, in every combination of locations', () => {
    for (const home of ['home', 'away'] as const) {
      for (const office of ['home', 'away'] as const) {
        const rules = compileRules(config, { Home: home, Office: office });
        for (const url of urls) {
          const once = redirect(rules, url);
          if (once !== null) expect(redirect(rules, new URL(once).href), `${url} → ${once}`).toBeNull();
        }
      }
    }
  });
});

describe('isHairpinRuleId', () => {
  it('covers [RULE_ID_BASE, RULE_ID_LIMIT)', () => {
    expect(isHairpinRuleId(RULE_ID_BASE - 1)).toBe(false);
    expect(isHairpinRuleId(RULE_ID_BASE)).toBe(true);
    expect(isHairpinRuleId(RULE_ID_LIMIT - 1)).toBe(true);
    expect(isHairpinRuleId(RULE_ID_LIMIT)).toBe(false);
    expect(isHairpinRuleId(1)).toBe(false);
  });
});

describe('diffRules', () => {
  const config = configOf({
    Home: [
      JELLYFIN,
      { external: 'https://nextcloud.example.com', internal: 'http://192.168.1.21' },
      { external: 'https://photos.example.com', internal: 'http://192.168.1.22' },
    ],
  });
  const home = compileRules(config, { Home: 'home' });
  const away = compileRules(config, { Home: 'away' });

  it('is empty when the installed rules are the desired ones', () => {
    const diff = diffRules(home, home);
    expect(diff).toEqual({ removeRuleIds: [], addRules: [] });
    expect(isEmptyDiff(diff)).toBe(true);
    expect(isEmptyDiff(diffRules([], []))).toBe(true);
  });

  it('ignores defaults the browser adds to installed rules', () => {
    const installed = home.map((rule) => ({
      ...rule,
      action: { ...rule.action, redirect: { ...rule.action.redirect, extra: undefined } },
      condition: { ...rule.condition, domainType: undefined, requestMethods: undefined },
    }));
    expect(isEmptyDiff(diffRules(installed, home))).toBe(true);
  });

  it('adds everything to an empty installation', () => {
    expect(diffRules([], home)).toEqual({ removeRuleIds: [], addRules: home });
  });

  it('removes everything when nothing is desired', () => {
    expect(diffRules(home, [])).toEqual({ removeRuleIds: home.map((rule) => rule.id), addRules: [] });
  });

  it('replaces every rule on a switch, in place', () => {
    expect(diffRules(home, away)).toEqual({ removeRuleIds: home.map((rule) => rule.id), addRules: away });
  });

  it('touches only the rules that changed', () => {
    const desired = [home[0]!, away[1]!, home[2]!];
    expect(diffRules(home, desired)).toEqual({ removeRuleIds: [home[1]!.id], addRules: [away[1]] });
  });

  it('adds only new rules and removes only stale ones', () => {
    expect(diffRules(home.slice(0, 2), home)).toEqual({ removeRuleIds: [], addRules: [home[2]] });
    expect(diffRules(home, home.slice(1))).toEqual({ removeRuleIds: [home[0]!.id], addRules: [] });
  });

  it.each([
    ['priority', (rule: RedirectRule) => ({ ...rule, priority: rule.priority + 1 })],
    ['regexFilter', (rule: RedirectRule) => ({ ...rule, condition: { ...rule.condition, regexFilter: '^x$' } })],
    [
      'regexSubstitution',
      (rule: RedirectRule) => ({
        ...rule,
        action: { type: 'redirect', redirect: { regexSubstitution: 'http://x\\1' } },
      }),
    ],
    [
      'resourceTypes',
      (rule: RedirectRule) => ({ ...rule, condition: { ...rule.condition, resourceTypes: ['main_frame'] } }),
    ],
    [
      'case sensitivity',
      (rule: RedirectRule) => ({ ...rule, condition: { ...rule.condition, isUrlFilterCaseSensitive: false } }),
    ],
    ['action type', (rule: RedirectRule) => ({ ...rule, action: { type: 'block' } })],
    ['a missing condition', (rule: RedirectRule) => ({ id: rule.id, priority: rule.priority, action: rule.action })],
    ['a bare id', (rule: RedirectRule) => ({ id: rule.id })],
  ])('replaces an installed rule whose %s differs', (_, change) => {
    const installed = [change(home[0]!), home[1]!, home[2]!];
    expect(diffRules(installed, home)).toEqual({ removeRuleIds: [home[0]!.id], addRules: [home[0]] });
  });

  it('ignores installed rules outside Hairpin range', () => {
    const foreign = [{ id: 1 }, { id: RULE_ID_BASE - 1 }, { id: RULE_ID_LIMIT }, { id: RULE_ID_LIMIT + 5 }];
    expect(diffRules([...foreign, ...home], home)).toEqual({ removeRuleIds: [], addRules: [] });
    expect(diffRules(foreign, [])).toEqual({ removeRuleIds: [], addRules: [] });
    expect(diffRules([...foreign, home[0]!], away)).toEqual({ removeRuleIds: [home[0]!.id], addRules: away });
  });
});
