import { describe, expect, it } from 'vitest';
import {
  analyzeMapping,
  analyzeSides,
  classifyCookies,
  commonCookieDomain,
  validateCookieDomain,
  type CookieHint,
  type CookieInfo,
  type CookieVerdict,
} from '../../../src/core/cookie-hints';
import { domainCovers } from '../../../src/core/cookie-domain';
import { parseSide, type Side } from '../../../src/core/side';

function hint(external: string, internal: string, cookieDomain?: string): CookieHint {
  const result = analyzeMapping(
    cookieDomain === undefined ? { external, internal } : { external, internal, cookieDomain },
  );
  if (!result) throw new Error(`expected ${external} / ${internal} to be analysed`);
  return result;
}

function side(text: string): Side {
  const result = parseSide(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.message}`);
  return result.side;
}

const NO_CARRY = 'A login made on one side will not carry over to the other by cookies.';
const trap = (host: string) =>
  `${host} is plain http: cookies marked Secure (usual for logins over https) are never sent to it.`;
const hsts = (parent: string, host: string) =>
  `If ${parent} sends HSTS with includeSubDomains, browsers force https on ${host}, and its http address stops working.`;
const sharedUnder = (domain: string) =>
  `Both hosts are under ${domain}: a login carries over if the service sets its cookies with Domain=${domain}.`;

describe('analyzeMapping: verdict and cookie Domain over a table of host pairs', () => {
  it.each<[string, string, CookieVerdict, string | null]>([
    // One registrable domain, not a public suffix: shared at the most specific common parent.
    ['https://jellyfin.example.com', 'https://jellyfin.home.example.com', 'shared', 'example.com'],
    ['https://jellyfin.example.com', 'http://jellyfin.home.example.com:8096', 'shared', 'example.com'],
    ['https://example.com/jellyfin', 'http://nas.example.com:8096/jellyfin', 'shared', 'example.com'],
    ['https://a.home.example.com', 'https://b.home.example.com', 'shared', 'home.example.com'],
    ['https://x.a.home.example.com', 'https://y.b.home.example.com', 'shared', 'home.example.com'],
    ['https://JellyFin.Example.COM', 'https://nas.example.com', 'shared', 'example.com'],
    ['https://bücher.example.com', 'https://nas.example.com', 'shared', 'example.com'],
    ['https://jellyfin.example.co.uk', 'https://nas.example.co.uk', 'shared', 'example.co.uk'],
    ['https://a.alice.github.io', 'https://b.alice.github.io', 'shared', 'alice.github.io'],
    ['https://alice.github.io', 'https://media.alice.github.io', 'shared', 'alice.github.io'],
    ['https://a.nas.home.arpa', 'https://b.nas.home.arpa', 'shared', 'nas.home.arpa'],
    // Different sites, including across public suffixes (github.io and co.uk are on the list).
    ['https://alice.github.io', 'https://bob.github.io', 'cannot-share', null],
    ['https://a.example.co.uk', 'https://b.other.co.uk', 'cannot-share', null],
    ['https://jellyfin.example.com', 'https://jellyfin.example.org', 'cannot-share', null],
    ['https://example.com', 'https://other.com', 'cannot-share', null],
    // IPs, single-label and local-only names never share by Domain.
    ['https://jellyfin.example.com', 'http://192.168.1.20:8096', 'cannot-share', null],
    ['http://192.168.1.20', 'http://192.168.1.21', 'cannot-share', null],
    ['http://10.0.0.1', 'http://11.0.0.1', 'cannot-share', null],
    ['https://jellyfin.example.com', 'http://[::1]:8096', 'cannot-share', null],
    ['https://jellyfin.example.com', 'http://[fd00::1]:8096', 'cannot-share', null],
    ['https://jellyfin.example.com', 'http://nas:8096', 'cannot-share', null],
    ['https://jellyfin.example.com', 'http://localhost:8096', 'cannot-share', null],
    ['https://jellyfin.example.com', 'http://nas.local:8096', 'cannot-share', null],
    ['https://jellyfin.example.com', 'http://nas.lan', 'cannot-share', null],
    ['http://jellyfin.local', 'http://nas.local', 'cannot-share', null],
    ['https://a.home.lan', 'https://b.home.lan', 'cannot-share', null],
    ['https://a.home.internal', 'https://b.home.internal', 'cannot-share', null],
    // Cookies ignore ports (and schemes), so one host is one cookie jar.
    ['http://192.168.1.20:8096', 'http://192.168.1.20:8920', 'same-host', null],
    ['https://nas.example.com', 'http://nas.example.com:8096', 'same-host', null],
    ['http://[fd00::1]:8096', 'https://[fd00::1]', 'same-host', null],
    ['https://example.com/jellyfin', 'https://example.com/nas', 'same-host', null],
    ['http://nas:8096', 'http://nas:8920', 'same-host', null],
  ])('%s / %s → %s, Domain=%s', (external, internal, verdict, domain) => {
    const result = hint(external, internal);
    expect(result.verdict).toBe(verdict);
    expect(result.domain).toBe(domain);
    expect(result.domainSource).toBe(domain === null ? null : 'computed');
    expect(result.cookieDomainProblem).toBeNull();
    expect(result.messages.length).toBeGreaterThan(0);
    // The verdict does not depend on which side is called external.
    const swapped = hint(internal, external);
    expect(swapped.verdict).toBe(verdict);
    expect(swapped.domain).toBe(domain);
  });

  it('is null when a side does not parse', () => {
    expect(analyzeMapping({ external: 'jellyfin.example.com', internal: 'http://192.168.1.20:8096' })).toBeNull();
    expect(analyzeMapping({ external: 'https://jellyfin.example.com', internal: 'ftp://192.168.1.20' })).toBeNull();
  });

  it('analyzeSides gives the same answer as analyzeMapping', () => {
    expect(
      analyzeSides(side('https://jellyfin.example.com'), side('http://jellyfin.home.example.com'), 'example.com'),
    ).toEqual(hint('https://jellyfin.example.com', 'http://jellyfin.home.example.com', 'example.com'));
  });
});

describe('analyzeMapping: messages', () => {
  it('shared: names the Domain to set', () => {
    expect(hint('https://jellyfin.example.com', 'https://jellyfin.home.example.com')).toEqual({
      verdict: 'shared',
      domain: 'example.com',
      domainSource: 'computed',
      messages: [sharedUnder('example.com')],
      cookieDomainProblem: null,
      schemeTrap: false,
    });
  });

  it('shared under a deeper common parent names that parent', () => {
    expect(hint('https://a.home.example.com', 'https://b.home.example.com').messages).toEqual([
      sharedUnder('home.example.com'),
    ]);
  });

  it('shared under a private public-suffix entry (alice.github.io)', () => {
    expect(hint('https://a.alice.github.io', 'https://b.alice.github.io').messages).toEqual([
      sharedUnder('alice.github.io'),
    ]);
  });

  it('same host on different ports', () => {
    expect(hint('http://192.168.1.20:8096', 'http://192.168.1.20:8920')).toEqual({
      verdict: 'same-host',
      domain: null,
      domainSource: null,
      messages: ['Both sides are on 192.168.1.20: cookies are already shared (they ignore ports).'],
      cookieDomainProblem: null,
      schemeTrap: false,
    });
  });

  it('same host, https outside and http inside: shared, but Secure cookies stay on the https side', () => {
    const result = hint('https://nas.example.com', 'http://nas.example.com:8096');
    expect(result.messages).toEqual([
      'Both sides are on nas.example.com: cookies are already shared (they ignore ports).',
      trap('nas.example.com'),
    ]);
    expect(result.schemeTrap).toBe(true);
  });

  it.each<[string, string, string]>([
    ['http://192.168.1.20:8096', '192.168.1.20', 'an IP address, so browsers keep its cookies to that one address'],
    ['http://[::1]:8096', '[::1]', 'an IP address, so browsers keep its cookies to that one address'],
    ['http://[fd00::1]', '[fd00::1]', 'an IP address, so browsers keep its cookies to that one address'],
    ['http://nas:8096', 'nas', 'a single-label name, so browsers keep its cookies to that one host'],
    [
      'http://nas.local:8096',
      'nas.local',
      'a local-only name (.local is not a public top-level domain), so browsers keep its cookies to that one host',
    ],
    [
      'http://nas.lan',
      'nas.lan',
      'a local-only name (.lan is not a public top-level domain), so browsers keep its cookies to that one host',
    ],
  ])('cannot share with %s', (internal, host, why) => {
    const result = hint('https://jellyfin.example.com', internal);
    expect(result.messages).toEqual([`${host} is ${why}. ${NO_CARRY}`, trap(host)]);
    expect(result.schemeTrap).toBe(true);
  });

  it('gives every reason when both sides are unshareable', () => {
    expect(hint('http://nas.local', 'http://192.168.1.20:8096').messages).toEqual([
      'nas.local is a local-only name (.local is not a public top-level domain), so browsers keep its cookies to that one host; ' +
        `192.168.1.20 is an IP address, so browsers keep its cookies to that one address. ${NO_CARRY}`,
    ]);
  });

  it.each<[string, string, string]>([
    [
      'https://alice.github.io',
      'https://bob.github.io',
      'alice.github.io and bob.github.io belong to different sites (github.io is a public suffix)',
    ],
    [
      'https://a.example.co.uk',
      'https://b.other.co.uk',
      'a.example.co.uk and b.other.co.uk belong to different sites (example.co.uk and other.co.uk; co.uk is a public suffix)',
    ],
    [
      'https://jellyfin.example.com',
      'https://jellyfin.example.org',
      'jellyfin.example.com and jellyfin.example.org belong to different sites (example.com and example.org)',
    ],
    ['https://example.com', 'https://other.com', 'example.com and other.com belong to different sites'],
  ])('different sites: %s / %s', (external, internal, reason) => {
    const result = hint(external, internal);
    expect(result.verdict).toBe('cannot-share');
    expect(result.messages).toEqual([`${reason}. ${NO_CARRY}`]);
  });

  it('a host that is itself a public suffix cannot hold shared cookies', () => {
    expect(hint('https://github.io', 'https://alice.github.io').messages).toEqual([
      `github.io is a public suffix, which cannot hold shared cookies. ${NO_CARRY}`,
    ]);
  });
});

describe('analyzeMapping: scheme trap and HSTS', () => {
  it('https outside, http inside: Secure cookies never reach the inside; HSTS on the parent breaks it', () => {
    const result = hint('https://jellyfin.example.com', 'http://jellyfin.home.example.com:8096');
    expect(result.schemeTrap).toBe(true);
    expect(result.messages).toEqual([
      sharedUnder('example.com'),
      trap('jellyfin.home.example.com'),
      hsts('example.com', 'jellyfin.home.example.com'),
    ]);
  });

  it('http outside, https inside: the trap is on the outside, and no HSTS warning for an https inside', () => {
    const result = hint('http://jellyfin.example.com', 'https://jellyfin.home.example.com');
    expect(result.schemeTrap).toBe(true);
    expect(result.messages).toEqual([sharedUnder('example.com'), trap('jellyfin.example.com')]);
  });

  it('both http: no Secure trap, but the HSTS warning still applies to the inside', () => {
    const result = hint('http://jellyfin.example.com', 'http://nas.example.com');
    expect(result.schemeTrap).toBe(false);
    expect(result.messages).toEqual([sharedUnder('example.com'), hsts('example.com', 'nas.example.com')]);
  });

  it('both https: nothing to warn about', () => {
    const result = hint('https://jellyfin.example.com', 'https://nas.example.com');
    expect(result.schemeTrap).toBe(false);
    expect(result.messages).toEqual([sharedUnder('example.com')]);
  });

  it('an http inside that is the registrable domain itself gets no includeSubDomains warning', () => {
    expect(hint('https://jellyfin.example.com', 'http://example.com').messages).toEqual([
      sharedUnder('example.com'),
      trap('example.com'),
    ]);
  });

  it('cannot share, https outside and http inside: the trap is reported after the reason', () => {
    const result = hint('https://jellyfin.example.com', 'http://192.168.1.20:8096');
    expect(result.schemeTrap).toBe(true);
    expect(result.messages[1]).toBe(trap('192.168.1.20'));
  });
});

describe("analyzeMapping: the mapping's cookieDomain", () => {
  const external = 'https://jellyfin.example.com';
  const internal = 'https://jellyfin.home.example.com';

  it.each(['example.com', '.example.com', 'Example.COM', '.EXAMPLE.com'])(
    '%s is used as given (normalized)',
    (cookieDomain) => {
      expect(hint(external, internal, cookieDomain)).toEqual({
        verdict: 'shared',
        domain: 'example.com',
        domainSource: 'mapping',
        messages: [sharedUnder('example.com')],
        cookieDomainProblem: null,
        schemeTrap: false,
      });
    },
  );

  it.each<[string, string]>([
    ['com', 'com is a public suffix: browsers refuse cookies for it'],
    ['.com', 'com is a public suffix: browsers refuse cookies for it'],
    ['other.com', 'other.com does not cover jellyfin.example.com and jellyfin.home.example.com'],
    ['ample.com', 'ample.com does not cover jellyfin.example.com and jellyfin.home.example.com'],
    ['home.example.com', 'home.example.com does not cover jellyfin.example.com'],
    ['jellyfin.example.com', 'jellyfin.example.com does not cover jellyfin.home.example.com'],
    ['192.168.1.20', '192.168.1.20 is an IP address: browsers refuse Domain cookies for it'],
  ])('%s is refused, and the computed Domain is offered instead', (cookieDomain, problem) => {
    expect(hint(external, internal, cookieDomain)).toEqual({
      verdict: 'shared',
      domain: 'example.com',
      domainSource: 'computed',
      messages: [sharedUnder('example.com'), `The mapping's cookie domain will not work: ${problem}.`],
      cookieDomainProblem: problem,
      schemeTrap: false,
    });
  });

  it('a wider but valid cookieDomain wins over the computed one', () => {
    const result = hint('https://a.home.example.com', 'https://b.home.example.com', 'example.com');
    expect(result.domain).toBe('example.com');
    expect(result.domainSource).toBe('mapping');
    expect(result.messages).toEqual([sharedUnder('example.com')]);
  });

  it('github.io and co.uk are public suffixes; the site under them is fine', () => {
    expect(hint('https://a.alice.github.io', 'https://b.alice.github.io', 'github.io').cookieDomainProblem).toBe(
      'github.io is a public suffix: browsers refuse cookies for it',
    );
    expect(hint('https://a.alice.github.io', 'https://b.alice.github.io', 'alice.github.io').domainSource).toBe(
      'mapping',
    );
    expect(hint('https://jellyfin.example.co.uk', 'https://nas.example.co.uk', 'co.uk').cookieDomainProblem).toBe(
      'co.uk is a public suffix: browsers refuse cookies for it',
    );
    expect(hint('https://jellyfin.example.co.uk', 'https://nas.example.co.uk', 'example.co.uk').domain).toBe(
      'example.co.uk',
    );
  });

  it('no cookie domain can work when the hosts cannot share', () => {
    const result = hint('https://jellyfin.example.com', 'http://192.168.1.20:8096', 'example.com');
    expect(result.verdict).toBe('cannot-share');
    expect(result.domain).toBeNull();
    expect(result.cookieDomainProblem).toBe(
      'cookies cannot be shared between these hosts, so no cookie domain can work',
    );
  });

  it('a cookie domain on a same-host mapping is harmless', () => {
    expect(
      hint('https://nas.example.com', 'http://nas.example.com:8096', 'example.com').cookieDomainProblem,
    ).toBeNull();
  });
});

describe('validateCookieDomain', () => {
  it.each<[string, string, string, string | null]>([
    ['example.com', 'jellyfin.example.com', 'nas.example.com', null],
    ['.example.com', 'jellyfin.example.com', 'example.com', null],
    ['home.example.com', 'a.home.example.com', 'b.home.example.com', null],
    ['alice.github.io', 'a.alice.github.io', 'b.alice.github.io', null],
    [
      'github.io',
      'a.alice.github.io',
      'b.alice.github.io',
      'github.io is a public suffix: browsers refuse cookies for it',
    ],
    ['co.uk', 'a.example.co.uk', 'b.example.co.uk', 'co.uk is a public suffix: browsers refuse cookies for it'],
    [
      'home.example.com',
      'jellyfin.example.com',
      'a.home.example.com',
      'home.example.com does not cover jellyfin.example.com',
    ],
    [
      'example.com',
      'jellyfin.example.org',
      'a.example.org',
      'example.com does not cover jellyfin.example.org and a.example.org',
    ],
    ['le.com', 'example.com', 'nas.example.com', 'le.com does not cover example.com and nas.example.com'],
    ['10.0.0.1', 'a.example.com', 'b.example.com', '10.0.0.1 is an IP address: browsers refuse Domain cookies for it'],
  ])('%s for %s and %s', (domain, a, b, problem) => {
    expect(validateCookieDomain(domain, a, b)).toBe(problem);
  });
});

describe('commonCookieDomain', () => {
  it.each<[string, string, string | null]>([
    ['jellyfin.example.com', 'jellyfin.home.example.com', 'example.com'],
    ['a.home.example.com', 'b.home.example.com', 'home.example.com'],
    ['example.com', 'nas.example.com', 'example.com'],
    ['example.com', 'example.com', 'example.com'],
    ['a.alice.github.io', 'b.alice.github.io', 'alice.github.io'],
    ['alice.github.io', 'bob.github.io', null],
    ['a.example.co.uk', 'b.example.co.uk', 'example.co.uk'],
    ['a.example.co.uk', 'b.other.co.uk', null],
    ['example.com', 'example.org', null],
    ['192.168.1.20', '192.168.1.21', null],
    ['10.0.0.1', '11.0.0.1', null],
    ['[fd00::1]', '[fd00::2]', null],
    ['a.home.lan', 'b.home.lan', null],
    ['nas.local', 'media.nas.local', null],
    ['nas', 'nas', null],
  ])('%s and %s → %s', (a, b, expected) => {
    expect(commonCookieDomain(a, b)).toBe(expected);
    expect(commonCookieDomain(b, a)).toBe(expected);
  });
});

describe('domainCovers', () => {
  it.each<[string, string, boolean]>([
    ['example.com', 'example.com', true],
    ['.example.com', 'nas.example.com', true],
    ['Example.com', 'a.b.example.com', true],
    ['example.com', 'badexample.com', false],
    ['nas.example.com', 'example.com', false],
    ['.example.com', 'example.org', false],
  ])('%s covers %s: %s', (domain, host, covers) => {
    expect(domainCovers(domain, host)).toBe(covers);
  });
});

describe('classifyCookies', () => {
  const cookie = (name: string, domain: string, hostOnly: boolean, secure = false): CookieInfo => ({
    name,
    domain,
    hostOnly,
    secure,
  });
  const tab = [
    cookie('sid', 'jellyfin.example.com', true, true),
    cookie('sso', '.example.com', false, true),
    cookie('lang', '.example.com', false),
    cookie('theme', '.jellyfin.example.com', false),
    cookie('bare', 'example.com', false),
  ];

  it('to another https host under the same site: Domain cookies follow, host-only ones are lost', () => {
    expect(classifyCookies(tab, 'jellyfin.home.example.com', 'https')).toEqual({
      lost: ['sid', 'theme'],
      shared: ['sso', 'lang', 'bare'],
      secureBlocked: [],
    });
  });

  it('to an http host under the same site: Secure Domain cookies are blocked', () => {
    expect(classifyCookies(tab, 'jellyfin.home.example.com', 'http')).toEqual({
      lost: ['sid', 'theme'],
      shared: ['lang', 'bare'],
      secureBlocked: ['sso'],
    });
  });

  it('to an IP address: everything is lost', () => {
    expect(classifyCookies(tab, '192.168.1.20', 'http')).toEqual({
      lost: ['sid', 'sso', 'lang', 'theme', 'bare'],
      shared: [],
      secureBlocked: [],
    });
  });

  it('to the same host on another port: host-only cookies follow, Secure ones not over http', () => {
    expect(classifyCookies(tab, 'jellyfin.example.com', 'https')).toEqual({
      lost: [],
      shared: ['sid', 'sso', 'lang', 'theme', 'bare'],
      secureBlocked: [],
    });
    expect(classifyCookies(tab, 'jellyfin.example.com', 'http')).toEqual({
      lost: [],
      shared: ['lang', 'theme', 'bare'],
      secureBlocked: ['sid', 'sso'],
    });
  });

  it('a host-only cookie on the parent does not reach a subdomain', () => {
    expect(classifyCookies([cookie('sid', 'example.com', true)], 'nas.example.com', 'https')).toEqual({
      lost: ['sid'],
      shared: [],
      secureBlocked: [],
    });
  });

  it('an IPv6 host-only cookie reaches the same address on another port', () => {
    expect(classifyCookies([cookie('sid', '[fd00::1]', true)], '[fd00::1]', 'http').shared).toEqual(['sid']);
  });

  it('no cookies, nothing to report', () => {
    expect(classifyCookies([], 'nas.example.com', 'https')).toEqual({ lost: [], shared: [], secureBlocked: [] });
  });
});
