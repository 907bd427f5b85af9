// Cookie mirroring's pure decisions: which mappings mirror, which cookie has a twin, what to write.
import { describe, expect, it } from 'vitest';
import {
  alreadyMirrored,
  consentKey,
  cookieReaches,
  findTwin,
  isRealRemoval,
  keepLoginScope,
  mayCopyFrom,
  mirroredHosts,
  mirrorPairs,
  twinPath,
  twinWrite,
  type CookieLike,
  type CookieWrite,
  type MirrorPair,
} from '../../../src/core/login-mirror';
import { parseSide, type Side } from '../../../src/core/side';
import type { Config, Mapping } from '../../../src/core/config-schema';
import { homeConfig, SAMPLE_EXTERNAL, SAMPLE_INTERNAL } from '../../support/sample-config';

const NOW = 1_700_000_000; // seconds, like cookie expirationDate
const LATER = NOW + 86_400;
const EXTERNAL = SAMPLE_EXTERNAL;
const INTERNAL = SAMPLE_INTERNAL;
/** What a consent for the default mapping is recorded under. */
const CONSENT = `${EXTERNAL} → ${INTERNAL}`;

function side(text: string): Side {
  const result = parseSide(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.message}`);
  return result.side;
}

function config(...mappings: Array<Partial<Mapping>>): Config {
  return homeConfig(mappings);
}

function cookie(overrides: Partial<CookieLike> = {}): CookieLike {
  return {
    name: 'sid',
    value: 'abc',
    domain: 'jellyfin.example.com',
    hostOnly: true,
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    session: false,
    expirationDate: LATER,
    storeId: '0',
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------

describe('mirrorPairs', () => {
  it('takes only enabled keepLogin mappings whose two hosts differ', () => {
    const pairs = mirrorPairs(
      config(
        { keepLogin: true },
        { keepLogin: false, external: 'https://a.example.com' },
        { external: 'https://b.example.com' },
        { keepLogin: true, enabled: false, external: 'https://c.example.com' },
        { keepLogin: true, external: 'https://nas.example.com', internal: 'http://nas.example.com:8096' },
        { keepLogin: true, external: 'https://photos.example.com/', internal: 'http://[fd00::1]:2342' },
      ),
    );
    expect(pairs).toEqual<MirrorPair[]>([
      { key: CONSENT, external: side(EXTERNAL), internal: side(INTERNAL), network: 'Home', tokenChecked: false },
      {
        key: 'https://photos.example.com → http://[fd00::1]:2342',
        external: side('https://photos.example.com'),
        internal: side('http://[fd00::1]:2342'),
        network: 'Home',
        tokenChecked: false,
      },
    ]);
    expect(
      mirrorPairs(
        homeConfig([{ keepLogin: true }], { probe: { url: 'http://192.168.1.10/h', expect: 'tok-12345' } }),
      )[0],
    ).toMatchObject({ network: 'Home', tokenChecked: true });
  });

  it('is empty for a config without networks', () => {
    expect(mirrorPairs({ format: 'hairpin-config', version: 1, networks: [] })).toEqual([]);
  });
});

describe('cookieReaches and findTwin', () => {
  const pairs = mirrorPairs(
    config(
      { keepLogin: true },
      { keepLogin: true, external: 'https://app.example.com', internal: 'https://app.home.example.com' },
      { keepLogin: true, external: 'https://photos.example.org', internal: 'http://[fd00::1]:2342' },
    ),
  );
  const [jellyfin, app, photos] = pairs as [MirrorPair, MirrorPair, MirrorPair];

  it.each<[string, Pick<CookieLike, 'domain' | 'hostOnly'>, string, boolean]>([
    ['host-only on its host', { domain: 'jellyfin.example.com', hostOnly: true }, 'jellyfin.example.com', true],
    ['host-only on a subdomain', { domain: 'example.com', hostOnly: true }, 'nas.example.com', false],
    ['Domain on a subdomain', { domain: '.example.com', hostOnly: false }, 'nas.example.com', true],
    ['Domain on a look-alike', { domain: '.example.com', hostOnly: false }, 'badexample.com', false],
    ['host-only on an IP', { domain: '192.168.1.20', hostOnly: true }, '192.168.1.20', true],
    ['host-only on IPv6', { domain: '[fd00::1]', hostOnly: true }, '[fd00::1]', true],
  ])('cookieReaches: %s', (_label, c, host, reaches) => {
    expect(cookieReaches(c, host)).toBe(reaches);
  });

  it('a host-only cookie on either side has the other side as its twin', () => {
    expect(findTwin({ domain: 'jellyfin.example.com', hostOnly: true }, pairs)).toEqual({
      pair: jellyfin,
      from: jellyfin.external,
      to: jellyfin.internal,
    });
    expect(findTwin({ domain: '192.168.1.20', hostOnly: true }, pairs)).toEqual({
      pair: jellyfin,
      from: jellyfin.internal,
      to: jellyfin.external,
    });
    expect(findTwin({ domain: '[fd00::1]', hostOnly: true }, pairs)).toEqual({
      pair: photos,
      from: photos.internal,
      to: photos.external,
    });
    expect(findTwin({ domain: 'app.home.example.com', hostOnly: true }, pairs)).toEqual({
      pair: app,
      from: app.internal,
      to: app.external,
    });
  });

  it('a Domain cookie has no twin: neither one reaching one side only (another app’s) nor both', () => {
    // .example.com reaches jellyfin.example.com but not 192.168.1.20: it may be photos.example.com's …
    expect(findTwin({ domain: '.example.com', hostOnly: false }, [jellyfin])).toBeNull();
    // … Domain=jellyfin.example.com may come from any subdomain of it …
    expect(findTwin({ domain: '.jellyfin.example.com', hostOnly: false }, [jellyfin])).toBeNull();
    // … and .example.com reaches both app.example.com and app.home.example.com already.
    expect(findTwin({ domain: '.example.com', hostOnly: false }, [app])).toBeNull();
  });

  it('a partitioned cookie has no twin', () => {
    expect(findTwin({ domain: 'jellyfin.example.com', hostOnly: true, partitioned: true }, pairs)).toBeNull();
  });

  it('mirroredHosts: both hosts of every pair, for the in-memory check', () => {
    expect([...mirroredHosts(pairs)]).toEqual([
      'jellyfin.example.com',
      '192.168.1.20',
      'app.example.com',
      'app.home.example.com',
      'photos.example.org',
      '[fd00::1]',
    ]);
  });

  it('a cookie of a host on no keepLogin mapping has no twin', () => {
    expect(findTwin({ domain: 'other.example.net', hostOnly: true }, pairs)).toBeNull();
    expect(findTwin({ domain: 'example.com', hostOnly: true }, pairs)).toBeNull();
    expect(findTwin({ domain: 'jellyfin.example.com', hostOnly: true }, [])).toBeNull();
  });
});

describe('mayCopyFrom', () => {
  const [tokenless] = mirrorPairs(config({ keepLogin: true }));
  const [checked] = mirrorPairs(
    homeConfig([{ keepLogin: true }], { probe: { url: 'http://192.168.1.10/h', expect: 'tok-12345' } }),
  );
  const home = (network: string) => network === 'Home';
  const away = () => false;

  it('copies from the external host always, at home or away', () => {
    for (const pair of [tokenless!, checked!]) {
      expect(mayCopyFrom({ pair, from: pair.external, to: pair.internal }, away)).toBe(true);
    }
  });

  it('copies from the internal host only while the token-checked probe of its network says Home', () => {
    const fromInternal = { pair: checked!, from: checked!.internal, to: checked!.external };
    expect(mayCopyFrom(fromInternal, home)).toBe(true);
    expect(mayCopyFrom(fromInternal, away)).toBe(false);
    expect(mayCopyFrom(fromInternal, (network) => network === 'Office')).toBe(false);
    expect(mayCopyFrom({ pair: tokenless!, from: tokenless!.internal, to: tokenless!.external }, home)).toBe(false);
  });
});

describe('twinWrite', () => {
  it('copies a Secure cookie between https hosts unchanged, as a host-only cookie', () => {
    expect(twinWrite(cookie({ sameSite: 'no_restriction' }), side('https://jellyfin.home.example.com'), false)).toEqual(
      {
        write: {
          url: 'https://jellyfin.home.example.com/',
          name: 'sid',
          value: 'abc',
          path: '/',
          secure: true,
          httpOnly: true,
          sameSite: 'no_restriction',
          expirationDate: LATER,
          storeId: '0',
        },
      },
    );
  });

  it('never copies a Secure cookie onto http without consent', () => {
    expect(twinWrite(cookie(), side(INTERNAL), false)).toEqual({ skip: 'secure-to-http' });
  });

  it('with consent copies it onto http without Secure, and SameSite=None becomes lax', () => {
    expect(twinWrite(cookie({ sameSite: 'no_restriction', path: '/web' }), side(INTERNAL), true)).toEqual({
      write: {
        url: 'http://192.168.1.20/web',
        name: 'sid',
        value: 'abc',
        path: '/web',
        secure: false,
        httpOnly: true,
        sameSite: 'lax',
        expirationDate: LATER,
        storeId: '0',
      },
    });
  });

  it.each<CookieLike['sameSite']>(['strict', 'lax', 'unspecified'])('keeps SameSite=%s across schemes', (sameSite) => {
    const decision = twinWrite(cookie({ sameSite }), side(INTERNAL), true);
    expect('write' in decision && decision.write.sameSite).toBe(sameSite);
  });

  it('a non-Secure cookie goes onto http without consent, and onto https still non-Secure', () => {
    const plain = cookie({ secure: false, domain: '192.168.1.20' });
    expect(twinWrite(plain, side(INTERNAL), false)).toMatchObject({
      write: { url: 'http://192.168.1.20/', secure: false },
    });
    expect(twinWrite(plain, side(EXTERNAL), false)).toMatchObject({
      write: { url: 'https://jellyfin.example.com/', secure: false },
    });
  });

  it('a session cookie stays a session cookie; an IPv6 twin gets a bracketed URL', () => {
    const decision = twinWrite(cookie({ session: true, secure: false }), side('http://[fd00::1]:2342'), false);
    expect(decision).toEqual({
      write: {
        url: 'http://[fd00::1]/',
        name: 'sid',
        value: 'abc',
        path: '/',
        secure: false,
        httpOnly: true,
        sameSite: 'lax',
        storeId: '0',
      },
    });
  });
});

describe('alreadyMirrored', () => {
  const write: CookieWrite = {
    url: 'http://192.168.1.20/',
    name: 'sid',
    value: 'abc',
    path: '/',
    secure: false,
    httpOnly: true,
    sameSite: 'lax',
    expirationDate: LATER,
    storeId: '0',
  };
  const twin = cookie({ domain: '192.168.1.20', secure: false });

  it.each<[string, CookieLike | null, CookieWrite, boolean]>([
    ['no twin yet', null, write, false],
    ['the same cookie', twin, write, true],
    ['expiry within a second', twin, { ...write, expirationDate: LATER + 1.5 }, true],
    ['expiry further off', twin, { ...write, expirationDate: LATER + 5 }, false],
    ['another value', twin, { ...write, value: 'xyz' }, false],
    ['another path', twin, { ...write, path: '/web' }, false],
    ['httpOnly differs', twin, { ...write, httpOnly: false }, false],
    ['session twin, persistent write', cookie({ domain: '192.168.1.20', secure: false, session: true }), write, false],
    ['persistent twin, session write', twin, { ...write, expirationDate: undefined }, false],
    [
      'both session',
      cookie({ domain: '192.168.1.20', secure: false, session: true }),
      { ...write, expirationDate: undefined },
      true,
    ],
    ['SameSite is not compared', twin, { ...write, sameSite: 'strict' }, true],
    ['a non-Secure twin for a Secure write', twin, { ...write, secure: true }, false],
    // The echo of a copy made onto http: the Secure original must not lose Secure.
    ['a Secure twin for a non-Secure write', cookie(), { ...write, url: 'https://jellyfin.example.com/' }, true],
  ])('%s', (_label, existing, candidate, expected) => {
    expect(alreadyMirrored(existing, candidate)).toBe(expected);
  });
});

describe('isRealRemoval', () => {
  it.each<[string, boolean]>([
    ['explicit', true],
    ['expired_overwrite', true],
    ['overwrite', false],
    ['expired', false],
    ['evicted', false],
  ])('%s → %s', (cause, real) => {
    expect(isRealRemoval(cause)).toBe(real);
  });
});

describe('consentKey', () => {
  it('names both sides canonically, so consent never follows a changed internal host', () => {
    expect(consentKey(' https://Jellyfin.example.com/ ', 'http://192.168.1.20:8096')).toBe(CONSENT);
    expect(consentKey(EXTERNAL, 'http://192.168.1.21:8096')).not.toBe(CONSENT);
    expect(consentKey(EXTERNAL, 'not a url')).toBeNull();
  });
});

describe('keepLoginScope', () => {
  it('says which hosts receive the copies (every port: cookies ignore ports) and when', () => {
    expect(keepLoginScope(EXTERNAL, INTERNAL)).toBe(
      'Copies only the cookies each host sets for itself (not Domain= cookies shared with other sites). ' +
        'Cookies ignore ports: copies go to every port of 192.168.1.20 and of jellyfin.example.com. ' +
        'Cookies set on 192.168.1.20 are copied to jellyfin.example.com only while the probe, with its token, says you are home.',
    );
  });

  it('names a side’s path prefix: only cookies under it are copied', () => {
    expect(keepLoginScope('https://example.com/jellyfin', INTERNAL)).toContain(
      '(not Domain= cookies shared with other sites; on example.com only those under /jellyfin)',
    );
  });

  it('says nothing for one host or an invalid side', () => {
    expect(keepLoginScope('https://nas.example.com', 'http://nas.example.com:8096')).toBeNull();
    expect(keepLoginScope(EXTERNAL, 'not a url')).toBeNull();
  });
});

describe('twinPath', () => {
  const prefixed = side('https://example.com/jellyfin');
  const bare = side(INTERNAL);
  const other = side('https://nas.example.net/media/jf');

  it.each<[string, string, Side, Side, string | null]>([
    ['the app’s root on a prefixed side', '/jellyfin', prefixed, bare, '/'],
    ['under the prefix', '/jellyfin/web', prefixed, bare, '/web'],
    ['the prefix with a slash', '/jellyfin/', prefixed, bare, '/'],
    ['the host’s root: another app’s', '/', prefixed, bare, null],
    ['another prefix on the host: another app’s', '/photos', prefixed, bare, null],
    ['a look-alike prefix', '/jellyfinx', prefixed, bare, null],
    ['onto a prefixed side', '/', bare, prefixed, '/jellyfin'],
    ['a path onto a prefixed side', '/web', bare, prefixed, '/jellyfin/web'],
    ['prefix to prefix', '/jellyfin/web', prefixed, other, '/media/jf/web'],
    ['no prefixes', '/web', bare, side(EXTERNAL), '/web'],
  ])('%s: %s', (_label, path, from, to, expected) => {
    expect(twinPath(path, from, to)).toBe(expected);
  });
});
