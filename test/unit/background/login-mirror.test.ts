// LoginMirror against a Chrome-like cookie jar: what it copies, levels, records, removes and
// gives back.
import { describe, expect, it } from 'vitest';
import { cookieReaches, type CookieLike, type CookieWrite } from '../../../src/core/login-mirror';
import { LoginMirror, type LoginMirrorDeps } from '../../../src/background/login-mirror';
import { domainCovers } from '../../../src/core/cookie-domain';
import type { Config, Mapping, Network } from '../../../src/core/config-schema';
import type { TwinId } from '../../../src/core/mirror-twins';
import type { Verdict } from '../../../src/core/verdict';
import { homeConfig, SAMPLE_EXTERNAL, SAMPLE_INTERNAL } from '../../support/sample-config';

const NOW = 1_700_000_000; // seconds, like cookie expirationDate
const LATER = NOW + 86_400;
const EXTERNAL = SAMPLE_EXTERNAL;
const INTERNAL = SAMPLE_INTERNAL;
/** What a consent for the default mapping is recorded under. */
const CONSENT = `${EXTERNAL} → ${INTERNAL}`;

const PROBE = { url: 'http://192.168.1.10:8080/hairpin', expect: 'hairpin-7f3a' };

/** One Home network whose probe checks a token, holding these mappings. */
function config(...mappings: Array<Partial<Mapping>>): Config {
  return homeConfig(mappings, { probe: PROBE });
}

function configOn(network: Partial<Network>, ...mappings: Array<Partial<Mapping>>): Config {
  return homeConfig(mappings, { probe: PROBE, ...network });
}

const HOME: Verdict = { location: 'home', reason: 'answered', checkedAt: 0, latencyMs: 5 };
const AWAY: Verdict = { location: 'away', reason: 'timeout', checkedAt: 0, latencyMs: 1500 };

// ---------------------------------------------------------------------------------------------
// An in-memory cookie jar that behaves like Chrome's cookies API: a cookie is keyed by name,
// domain (host-only `host` vs Domain `.host`), path and store; set() overwrites and reports the
// old cookie removed with cause 'overwrite' before reporting the new one; an already-expired set
// removes with cause 'expired_overwrite'; Secure needs an https URL, SameSite=None needs Secure;
// get/getAll only see Secure cookies from https URLs; get returns the longest path first.

interface SetDetails {
  url: string;
  name: string;
  value: string;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: CookieLike['sameSite'];
  expirationDate?: number;
  storeId?: string;
}

interface ChangeEvent {
  cookie: CookieLike;
  removed: boolean;
  cause: string;
}

class FakeJar {
  private readonly cookies: Array<CookieLike & { created: number }> = [];
  private created = 0;
  readonly events: ChangeEvent[] = [];

  set(details: SetDetails): void {
    const url = new URL(details.url);
    const host = url.hostname;
    const secure = details.secure ?? false;
    const sameSite = details.sameSite ?? 'unspecified';
    if (secure && url.protocol !== 'https:') throw new Error(`Failed to set a Secure cookie from ${details.url}`);
    if (sameSite === 'no_restriction' && !secure) throw new Error('SameSite=None requires Secure');
    const hostOnly = details.domain === undefined;
    const bare = details.domain?.replace(/^\./, '');
    if (bare !== undefined && !domainCovers(bare, host)) throw new Error(`${bare} does not cover ${host}`);
    const next: CookieLike = {
      name: details.name,
      value: details.value,
      domain: hostOnly ? host : `.${bare}`,
      hostOnly,
      path: details.path ?? '/',
      secure,
      httpOnly: details.httpOnly ?? false,
      sameSite,
      session: details.expirationDate === undefined,
      storeId: details.storeId ?? '0',
      ...(details.expirationDate === undefined ? {} : { expirationDate: details.expirationDate }),
    };
    const index = this.cookies.findIndex(
      (old) =>
        old.name === next.name && old.domain === next.domain && old.path === next.path && old.storeId === next.storeId,
    );
    const expired = next.expirationDate !== undefined && next.expirationDate <= NOW;
    if (index !== -1) {
      const [old] = this.cookies.splice(index, 1);
      this.emit(old!, true, expired ? 'expired_overwrite' : 'overwrite');
    }
    if (expired) return;
    this.cookies.push({ ...next, created: this.created++ });
    this.emit(next, false, 'explicit');
  }

  getAll(url: string, storeId = '0'): CookieLike[] {
    const parsed = new URL(url);
    return this.cookies
      .filter(
        (c) =>
          c.storeId === storeId &&
          cookieReaches(c, parsed.hostname) &&
          (!c.secure || parsed.protocol === 'https:') &&
          (parsed.pathname === c.path || parsed.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
      )
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
      .map(({ created: _created, ...rest }) => rest);
  }

  get(url: string, name: string, storeId = '0'): CookieLike | null {
    return this.getAll(url, storeId).find((c) => c.name === name) ?? null;
  }

  remove(url: string, name: string, storeId = '0'): void {
    const found = this.get(url, name, storeId);
    if (!found) return;
    const index = this.cookies.findIndex(
      (c) => c.name === found.name && c.domain === found.domain && c.path === found.path && c.storeId === found.storeId,
    );
    const [old] = this.cookies.splice(index, 1);
    this.emit(old!, true, 'explicit');
  }

  /** Every cookie, without the bookkeeping, for whole-jar assertions. */
  all(): CookieLike[] {
    return this.cookies.map(({ created: _created, ...rest }) => rest);
  }

  private emit(cookie: CookieLike, removed: boolean, cause: string): void {
    const { created: _created, ...plain } = cookie as CookieLike & { created?: number };
    this.events.push({ cookie: plain, removed, cause });
  }
}

interface Harness {
  jar: FakeJar;
  mirror: LoginMirror;
  writes: CookieWrite[];
  removals: Array<{ url: string; name: string }>;
  consent: string[];
  /** Whether the `cookies` permission is held; releaseCookieAccess clears it. */
  access: { held: boolean; released: number };
  /** The last probe verdicts by network (Home by default). */
  verdicts: Record<string, Verdict>;
  /** The stored record of twins (storage.local). */
  stored: { twins: TwinId[] };
  /** How often each dependency was called (storage reads, config loads, cookie calls). */
  calls: Map<string, number>;
  /** The config loadConfig answers; change it, then call followConfig. */
  setConfig(next: Config): void;
  /** A fresh LoginMirror on the same jar and storage: the background restarted. */
  restart(): void;
  /** Delivers the browser's onChanged events (including those for the mirror's own writes) until none are left. */
  settle(): Promise<Array<'mirrored' | 'removed' | 'skipped'>>;
}

function harness(cfg: Config, consent: string[] = []): Harness {
  const jar = new FakeJar();
  const writes: CookieWrite[] = [];
  const removals: Array<{ url: string; name: string }> = [];
  const access = { held: true, released: 0 };
  const verdicts: Record<string, Verdict> = { Home: HOME };
  const stored = { twins: [] as TwinId[] };
  const calls = new Map<string, number>();
  let current = cfg;
  const deps: LoginMirrorDeps = {
    hasCookieAccess: async () => access.held,
    releaseCookieAccess: async () => {
      access.released += 1;
      access.held = false;
    },
    loadConfig: async () => current,
    loadSecureConsent: async () => [...consent],
    saveSecureConsent: async (next) => {
      consent.splice(0, consent.length, ...next);
    },
    loadVerdicts: async () => ({ ...verdicts }),
    twins: {
      load: async () => {
        count('twins.load');
        return structuredClone(stored.twins);
      },
      save: async (next) => {
        count('twins.save');
        stored.twins = structuredClone(next);
      },
    },
    cookiesFor: async (url, storeId) => jar.getAll(url, storeId),
    cookieAt: async (url, name, storeId) => jar.get(url, name, storeId),
    writeCookie: async (write) => {
      writes.push(write);
      jar.set(write);
    },
    removeCookie: async (url, name, storeId) => {
      removals.push({ url, name });
      jar.remove(url, name, storeId);
    },
  };
  function count(name: string) {
    calls.set(name, (calls.get(name) ?? 0) + 1);
  }
  // Every dependency counted, so a test can prove that nothing at all was touched.
  const counted = Object.fromEntries(
    Object.entries(deps).map(([name, dep]) => [
      name,
      typeof dep === 'function'
        ? (...args: unknown[]) => {
            count(name);
            return (dep as (...a: unknown[]) => unknown)(...args);
          }
        : dep,
    ]),
  ) as unknown as LoginMirrorDeps;
  const h: Harness = {
    jar,
    mirror: new LoginMirror(counted),
    writes,
    removals,
    consent,
    access,
    verdicts,
    stored,
    calls,
    setConfig: (next) => {
      current = next;
    },
    restart: () => {
      h.mirror = new LoginMirror(counted);
    },
    settle: async () => {
      const results: Array<'mirrored' | 'removed' | 'skipped'> = [];
      for (let delivered = 0; jar.events.length > 0; delivered++) {
        if (delivered >= 50) throw new Error('ping-pong: more than 50 cookie events');
        const event = jar.events.shift()!;
        results.push(await h.mirror.onChanged(event.cookie, event.removed, event.cause));
      }
      return results;
    },
  };
  return h;
}

/** A host-only session cookie as the browser reports it on `origin`'s host. */
function cookieOn(origin: string, overrides: Partial<CookieLike> = {}): CookieLike {
  return {
    name: 'sid',
    value: 'abc',
    domain: new URL(origin).hostname,
    hostOnly: true,
    path: '/',
    secure: false,
    httpOnly: true,
    sameSite: 'lax',
    session: true,
    storeId: '0',
    ...overrides,
  };
}

/** What a service's Set-Cookie on the external https host amounts to. */
function loginOnExternal(jar: FakeJar, overrides: Partial<SetDetails> = {}): void {
  jar.set({
    url: `${EXTERNAL}/`,
    name: 'sid',
    value: 'abc',
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'no_restriction',
    expirationDate: LATER,
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------------

describe('LoginMirror.onChanged with a Chrome-like cookie jar', () => {
  it('does not copy a Secure login onto the http side without consent', async () => {
    const h = harness(config({ keepLogin: true }));
    loginOnExternal(h.jar);
    expect(await h.settle()).toEqual(['skipped']);
    expect(h.writes).toEqual([]);
    expect(h.jar.get(`${INTERNAL}/`, 'sid')).toBeNull();
  });

  it('with consent copies it once, without Secure, and the echo leaves the Secure original alone', async () => {
    const h = harness(config({ keepLogin: true }), [CONSENT]);
    loginOnExternal(h.jar);
    // The login, our write onto 192.168.1.20, and its echo (compared, not written back).
    expect(await h.settle()).toEqual(['mirrored', 'skipped']);
    expect(h.writes).toEqual([
      {
        url: 'http://192.168.1.20/',
        name: 'sid',
        value: 'abc',
        path: '/',
        secure: false,
        httpOnly: true,
        sameSite: 'lax',
        expirationDate: LATER,
        storeId: '0',
      },
    ]);
    expect(h.jar.get(`${INTERNAL}/`, 'sid')).toMatchObject({
      domain: '192.168.1.20',
      hostOnly: true,
      value: 'abc',
      secure: false,
    });
    expect(h.jar.get(`${EXTERNAL}/`, 'sid')).toMatchObject({ value: 'abc', secure: true, sameSite: 'no_restriction' });
    expect(h.jar.all()).toHaveLength(2);
  });

  it('mirrors between two https hosts with one write per change, however often the browser reports it', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://192.168.1.20:8920' }));
    loginOnExternal(h.jar);
    expect(await h.settle()).toEqual(['mirrored', 'skipped']);
    // A refreshed session: Chrome reports the old cookie overwritten, then the new one.
    loginOnExternal(h.jar, { value: 'def' });
    expect(await h.settle()).toEqual(['skipped', 'mirrored', 'skipped', 'skipped']);
    expect(h.writes.map((w) => [w.url, w.value, w.secure, w.sameSite])).toEqual([
      ['https://192.168.1.20/', 'abc', true, 'no_restriction'],
      ['https://192.168.1.20/', 'def', true, 'no_restriction'],
    ]);
    expect(h.jar.all().map((c) => [c.domain, c.value])).toEqual([
      ['jellyfin.example.com', 'def'],
      ['192.168.1.20', 'def'],
    ]);
  });

  it('a login on the http side is copied to the https side, and not back', async () => {
    const h = harness(config({ keepLogin: true }));
    h.jar.set({
      url: `${INTERNAL}/`,
      name: 'sid',
      value: 'lan',
      httpOnly: true,
      sameSite: 'strict',
      expirationDate: LATER,
    });
    expect(await h.settle()).toEqual(['mirrored', 'skipped']);
    expect(h.writes).toHaveLength(1);
    expect(h.jar.get(`${EXTERNAL}/`, 'sid')).toMatchObject({
      domain: 'jellyfin.example.com',
      hostOnly: true,
      value: 'lan',
      secure: false,
      sameSite: 'strict',
    });
  });

  it('the same login arriving on both sides at once settles without a loop', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://192.168.1.20:8920' }));
    loginOnExternal(h.jar, { value: 'one' });
    h.jar.set({
      url: 'https://192.168.1.20:8920/',
      name: 'sid',
      value: 'two',
      secure: true,
      httpOnly: true,
      sameSite: 'no_restriction',
      expirationDate: LATER,
    });
    // The first report wins; the second is stale by the time it is handled (our write replaced it).
    expect(await h.settle()).toEqual(['mirrored', 'skipped', 'skipped', 'skipped']);
    expect(h.writes.map((w) => [w.url, w.value])).toEqual([['https://192.168.1.20/', 'one']]);
    expect(h.jar.all().map((c) => [c.domain, c.value])).toEqual([
      ['jellyfin.example.com', 'one'],
      ['192.168.1.20', 'one'],
    ]);
  });

  it('a logout (expired overwrite) removes the twin, once', async () => {
    const h = harness(config({ keepLogin: true }), [CONSENT]);
    loginOnExternal(h.jar);
    await h.settle();
    loginOnExternal(h.jar, { value: '', expirationDate: NOW - 1 });
    expect(await h.settle()).toEqual(['removed', 'skipped']);
    expect(h.removals).toEqual([{ url: 'http://192.168.1.20:8096/', name: 'sid' }]);
    expect(h.jar.all()).toEqual([]);
  });

  it('an explicit removal on the http side logs out the https side too', async () => {
    const h = harness(config({ keepLogin: true }), [CONSENT]);
    loginOnExternal(h.jar);
    await h.settle();
    h.jar.remove(`${INTERNAL}/`, 'sid');
    expect(await h.settle()).toEqual(['removed', 'skipped']);
    expect(h.removals).toEqual([{ url: 'https://jellyfin.example.com/', name: 'sid' }]);
    expect(h.jar.all()).toEqual([]);
  });

  it.each(['overwrite', 'expired', 'evicted'])("a '%s' removal does not delete the twin", async (cause) => {
    const h = harness(config({ keepLogin: true }), [CONSENT]);
    loginOnExternal(h.jar);
    await h.settle();
    const original = h.jar.get(`${EXTERNAL}/`, 'sid')!;
    expect(await h.mirror.onChanged(original, true, cause)).toBe('skipped');
    expect(h.removals).toEqual([]);
    expect(h.jar.get(`${INTERNAL}/`, 'sid')).toMatchObject({ value: 'abc' });
  });

  it('a same-named Domain cookie on the parent does not make the mirrors ping-pong', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://jellyfin.home.example.com' }));
    h.jar.set({
      url: 'https://jellyfin.home.example.com/',
      domain: 'example.com',
      name: 'sid',
      value: 'sso',
      secure: true,
    });
    h.jar.set({ url: `${EXTERNAL}/`, name: 'sid', value: 'abc', secure: true });
    // cookies.get answers with the older .example.com cookie on both hosts; the twin is found anyway.
    expect(await h.settle()).toEqual(['skipped', 'mirrored', 'skipped']);
    expect(h.writes.map((w) => [w.url, w.value])).toEqual([['https://jellyfin.home.example.com/', 'abc']]);
    expect(h.jar.all().map((c) => [c.domain, c.value])).toEqual([
      ['.example.com', 'sso'],
      ['jellyfin.example.com', 'abc'],
      ['jellyfin.home.example.com', 'abc'],
    ]);
  });

  it('a removal never deletes a Domain cookie that reaches both hosts', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://jellyfin.home.example.com' }));
    h.jar.set({
      url: 'https://jellyfin.home.example.com/',
      domain: 'example.com',
      name: 'sid',
      value: 'sso',
      secure: true,
    });
    h.jar.set({ url: `${EXTERNAL}/`, name: 'sid', value: 'abc', secure: true });
    await h.settle();
    h.jar.set({ url: `${EXTERNAL}/`, name: 'sid', value: '', secure: true, expirationDate: NOW - 1 });
    expect(await h.settle()).toEqual(['skipped']);
    // cookies.remove takes a URL and a name, and here would hit the shared .example.com cookie
    // first; so the removal is not mirrored at all (the host-only twin stays).
    expect(h.removals).toEqual([]);
    expect(h.jar.all().map((c) => [c.domain, c.value])).toEqual([
      ['.example.com', 'sso'],
      ['jellyfin.home.example.com', 'abc'],
    ]);
  });

  it('a late report of a cookie since replaced is not copied', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://192.168.1.20:8920' }));
    loginOnExternal(h.jar, { value: 'old' });
    const stale = h.jar.events[0]!.cookie;
    loginOnExternal(h.jar, { value: 'new' });
    h.jar.events.length = 0;
    expect(await h.mirror.onChanged(stale, false, 'explicit')).toBe('skipped');
    expect(h.writes).toEqual([]);
  });

  it('leaves alone cookies whose Domain already covers both hosts', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://jellyfin.home.example.com' }));
    h.jar.set({ url: `${EXTERNAL}/`, domain: 'example.com', name: 'sso', value: 'x', secure: true });
    expect(await h.settle()).toEqual(['skipped']);
    h.jar.remove(`${EXTERNAL}/`, 'sso');
    expect(await h.settle()).toEqual(['skipped']);
    expect(h.writes).toEqual([]);
    expect(h.removals).toEqual([]);
  });

  it('copies only host-only cookies of the mapped host: not a parent-Domain cookie of another app', async () => {
    const h = harness(config({ keepLogin: true }));
    // photos.example.com's session, Domain=example.com: it reaches jellyfin.example.com, but it is not its login.
    h.jar.set({
      url: 'https://photos.example.com/',
      domain: 'example.com',
      name: 'photos_sid',
      value: 'p',
      expirationDate: LATER,
    });
    expect(await h.settle()).toEqual(['skipped']);
    await h.mirror.level();
    h.jar.remove(`${EXTERNAL}/`, 'photos_sid');
    expect(await h.settle()).toEqual(['skipped']);
    expect(h.writes).toEqual([]);
    expect(h.removals).toEqual([]);
    expect(h.stored.twins).toEqual([]);
  });

  it('does not copy a partitioned cookie (one kept for a frame under another site)', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://192.168.1.20:8920' }));
    const partitioned: CookieLike = { ...cookieOn(EXTERNAL), partitioned: true };
    expect(await h.mirror.onChanged(partitioned, false, 'explicit')).toBe('skipped');
    expect(h.writes).toEqual([]);
  });

  it.each<[string, Array<Partial<Mapping>>]>([
    ['no keepLogin', [{}]],
    ['keepLogin false', [{ keepLogin: false }]],
    ['a disabled mapping', [{ keepLogin: true, enabled: false }]],
    ['another host', [{ keepLogin: true, external: 'https://photos.example.com' }]],
  ])('leaves alone cookies of %s', async (_label, mappings) => {
    const h = harness(config(...mappings), [EXTERNAL, 'https://photos.example.com']);
    loginOnExternal(h.jar);
    expect(await h.settle()).toEqual(['skipped']);
    h.jar.remove(`${EXTERNAL}/`, 'sid');
    expect(await h.settle()).toEqual(['skipped']);
    expect(h.writes).toEqual([]);
    expect(h.removals).toEqual([]);
  });

  it('keeps cookie paths and stores apart', async () => {
    const h = harness(config({ keepLogin: true, internal: 'http://nas.home.example.net:8096' }));
    h.jar.set({ url: 'http://nas.home.example.net/web', name: 'sid', value: 'p', path: '/web', storeId: '1' });
    expect(await h.settle()).toEqual(['mirrored', 'skipped']);
    expect(h.writes).toEqual([
      {
        url: 'https://jellyfin.example.com/web',
        name: 'sid',
        value: 'p',
        path: '/web',
        secure: false,
        httpOnly: false,
        sameSite: 'unspecified',
        storeId: '1',
      },
    ]);
    expect(h.jar.get(`${EXTERNAL}/web/x`, 'sid', '1')).toMatchObject({ path: '/web', session: true });
    expect(h.jar.get(`${EXTERNAL}/web/x`, 'sid', '0')).toBeNull();
  });
});

describe('a side with a path prefix: the service lives under it on that host', () => {
  const prefixed = { keepLogin: true, external: 'https://example.com/jellyfin' };

  it('copies only cookies scoped to the prefix, at the matching path on the other host, and back', async () => {
    const h = harness(config(prefixed));
    // The host's other apps: example.com/photos, and a host-wide cookie.
    h.jar.set({ url: 'https://example.com/photos', name: 'photos_sid', value: 'p', path: '/photos' });
    h.jar.set({ url: 'https://example.com/', name: 'theme', value: 'dark', path: '/' });
    h.jar.set({ url: 'https://example.com/jellyfin', name: 'sid', value: 'jf', path: '/jellyfin' });
    expect(await h.settle()).toEqual(['skipped', 'skipped', 'mirrored', 'skipped']);
    expect(
      h.jar
        .all()
        .filter((c) => c.domain === '192.168.1.20')
        .map((c) => [c.name, c.path]),
    ).toEqual([['sid', '/']]);
    expect(h.stored.twins).toEqual([expect.objectContaining({ host: '192.168.1.20', path: '/' })]);
    // A cookie of the internal app at / lands under /jellyfin on example.com.
    h.jar.set({ url: `${INTERNAL}/`, name: 'lang', value: 'en', path: '/' });
    expect(await h.settle()).toEqual(['mirrored', 'skipped']);
    expect(h.jar.get('https://example.com/jellyfin/web', 'lang')).toMatchObject({ path: '/jellyfin', value: 'en' });
    expect(h.jar.get('https://example.com/photos', 'lang')).toBeNull();
  });

  it('levelling follows the same paths, and a logout under the prefix removes the twin', async () => {
    const h = harness(config(prefixed));
    h.jar.set({ url: 'https://example.com/', name: 'theme', value: 'dark', path: '/' });
    h.jar.set({
      url: 'https://example.com/jellyfin',
      name: 'sid',
      value: 'jf',
      path: '/jellyfin',
      expirationDate: LATER,
    });
    h.jar.events.length = 0;
    expect(await h.mirror.level()).toBe(1);
    expect(h.writes.map((w) => [w.url, w.name, w.path])).toEqual([['http://192.168.1.20/', 'sid', '/']]);
    await h.settle();
    h.jar.set({
      url: 'https://example.com/jellyfin',
      name: 'sid',
      value: '',
      path: '/jellyfin',
      expirationDate: NOW - 1,
    });
    expect(await h.settle()).toEqual(['removed', 'skipped']);
    expect(h.jar.get(`${INTERNAL}/`, 'sid')).toBeNull();
  });
});

describe('LoginMirror.level', () => {
  it('copies what each side lacks, both ways, and is idempotent', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://192.168.1.20:8920' }));
    loginOnExternal(h.jar);
    h.jar.set({ url: 'https://192.168.1.20:8920/', name: 'prefs', value: 'dark', secure: true, sameSite: 'lax' });
    h.jar.events.length = 0; // keepLogin was off while these were set
    expect(await h.mirror.level()).toBe(2);
    expect(h.writes.map((w) => [w.url, w.name])).toEqual([
      ['https://192.168.1.20/', 'sid'],
      ['https://jellyfin.example.com/', 'prefs'],
    ]);
    // The browser reports level's writes; they are not echoed.
    expect(await h.settle()).toEqual(['skipped', 'skipped']);
    expect(await h.mirror.level()).toBe(0);
    expect(h.writes).toHaveLength(2);
    expect(h.jar.all().map((c) => [c.domain, c.name])).toEqual([
      ['jellyfin.example.com', 'sid'],
      ['192.168.1.20', 'prefs'],
      ['192.168.1.20', 'sid'],
      ['jellyfin.example.com', 'prefs'],
    ]);
  });

  it('does not overwrite a cookie the other side already has, nor copy shared Domain cookies', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://jellyfin.home.example.com' }));
    h.jar.set({ url: `${EXTERNAL}/`, name: 'lang', value: 'en' });
    h.jar.set({ url: 'https://jellyfin.home.example.com/', name: 'lang', value: 'de' });
    h.jar.set({ url: `${EXTERNAL}/`, domain: 'example.com', name: 'sso', value: 'x' });
    expect(await h.mirror.level()).toBe(0);
    expect(h.writes).toEqual([]);
  });

  it('skips Secure cookies for an http side without consent, and copies them with it', async () => {
    const without = harness(config({ keepLogin: true }));
    loginOnExternal(without.jar);
    expect(await without.mirror.level()).toBe(0);
    expect(without.writes).toEqual([]);

    const withConsent = harness(config({ keepLogin: true }), [CONSENT]);
    loginOnExternal(withConsent.jar);
    expect(await withConsent.mirror.level()).toBe(1);
    expect(withConsent.writes).toMatchObject([{ url: 'http://192.168.1.20/', secure: false, sameSite: 'lax' }]);
    expect(await withConsent.mirror.level()).toBe(0);
  });

  it('does nothing without keepLogin mappings', async () => {
    const h = harness(config({}));
    loginOnExternal(h.jar);
    expect(await h.mirror.level()).toBe(0);
  });

  it('does nothing without the cookies permission (keepLogin arrived by sync, access not granted here)', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://192.168.1.20:8920' }));
    loginOnExternal(h.jar);
    h.access.held = false;
    expect(await h.mirror.level()).toBe(0);
    expect(h.writes).toEqual([]);
  });
});

describe('LoginMirror.followConfig', () => {
  it('levels the hosts while a mapping keeps its login, and keeps the permission', async () => {
    const h = harness(config({ keepLogin: true, internal: 'https://192.168.1.20:8920' }));
    loginOnExternal(h.jar);
    expect(await h.mirror.followConfig(null)).toBe('levelled');
    expect(h.writes.map((w) => w.url)).toEqual(['https://192.168.1.20/']);
    expect(h.access).toEqual({ held: true, released: 0 });
  });

  it('gives the cookies permission back when the last mapping stops keeping its login', async () => {
    const h = harness(config({}));
    const before = config({ keepLogin: true });
    expect(await h.mirror.followConfig(before)).toBe('released');
    expect(h.access).toEqual({ held: false, released: 1 });
    expect(await h.mirror.followConfig(before)).toBe('idle'); // nothing left to give back
    expect(h.access.released).toBe(1);
  });

  it('keeps a grant that no keepLogin change is about (a racing save, the popup report)', async () => {
    const h = harness(config({}));
    expect(await h.mirror.followConfig(config({ name: 'renamed' }))).toBe('idle');
    expect(await h.mirror.followConfig(null)).toBe('idle'); // first config, or an unreadable one before
    expect(h.access).toEqual({ held: true, released: 0 });
  });

  it('forgets the Secure consent of a mapping that is deleted or stops keeping its login', async () => {
    const https = { keepLogin: true, internal: INTERNAL };
    const h = harness(config(https), [CONSENT, 'https://gone.example.com → http://192.168.1.99']);
    await h.mirror.followConfig(null);
    expect(h.consent).toEqual([CONSENT]); // the deleted mapping's consent is gone
    const off = harness(config({ internal: INTERNAL }), [CONSENT]);
    await off.mirror.followConfig(config(https));
    expect(off.consent).toEqual([]); // re-adding the mapping, or turning keepLogin on again, asks again
  });

  it('a disabled keepLogin mapping needs no cookies either', async () => {
    const h = harness(config({ keepLogin: true, enabled: false }));
    expect(await h.mirror.followConfig(config({ keepLogin: true }))).toBe('released');
  });
});

describe('which direction copies where: the internal host is trusted only while the probe says Home', () => {
  /** A login made on the internal host, as its server sets it. */
  const loginOnInternal = (jar: FakeJar) =>
    jar.set({ url: `${INTERNAL}/`, name: 'sid', value: 'lan', httpOnly: true, expirationDate: LATER });

  it.each<[string, Config, Record<string, Verdict>]>([
    ['the probe says away (a café: 192.168.1.20 is a stranger)', config({ keepLogin: true }), { Home: AWAY }],
    ['no probe has answered yet', config({ keepLogin: true }), {}],
    [
      'the probe says home but checks no token (any 2xx counts)',
      configOn({ probe: { url: PROBE.url } }, { keepLogin: true }),
      { Home: HOME },
    ],
    [
      'another network is home, not the mapping’s',
      configOn({ name: 'Office' }, { keepLogin: true }),
      { Home: HOME, Office: AWAY },
    ],
  ])('a cookie set or removed on the internal host is not copied when %s', async (_label, cfg, verdicts) => {
    const h = harness(cfg);
    Object.keys(h.verdicts).forEach((name) => delete h.verdicts[name]);
    Object.assign(h.verdicts, verdicts);
    h.jar.set({ url: `${EXTERNAL}/`, name: 'sid', value: 'mine', expirationDate: LATER });
    await h.settle(); // copied onto the internal host, as external changes always are
    loginOnInternal(h.jar); // the device at 192.168.1.20 plants its own session …
    expect(await h.settle()).toEqual(['skipped', 'skipped']);
    expect(h.jar.get(`${EXTERNAL}/`, 'sid')).toMatchObject({ value: 'mine' });
    h.jar.remove(`${INTERNAL}/`, 'sid'); // … or logs you out
    expect(await h.settle()).toEqual(['skipped']);
    expect(h.jar.get(`${EXTERNAL}/`, 'sid')).toMatchObject({ value: 'mine' });
    h.jar.events.length = 0;
    loginOnInternal(h.jar);
    h.jar.events.length = 0;
    h.jar.remove(`${EXTERNAL}/`, 'sid');
    h.jar.events.length = 0;
    expect(await h.mirror.level()).toBe(0); // levelling follows the same rule
    expect(h.jar.get(`${EXTERNAL}/`, 'sid')).toBeNull();
  });

  it('a login made on the internal host is copied while the probe, checking its token, says Home', async () => {
    // Whatever the mode: the mirror reads the probe's verdicts, and no mode is among its inputs.
    const h = harness(config({ keepLogin: true }));
    loginOnInternal(h.jar);
    expect(await h.settle()).toEqual(['mirrored', 'skipped']);
    expect(h.jar.get(`${EXTERNAL}/`, 'sid')).toMatchObject({ value: 'lan', hostOnly: true });
  });

  it('a login on the external host is copied onto the internal one away from home too', async () => {
    const h = harness(config({ keepLogin: true }));
    h.verdicts.Home = AWAY;
    h.jar.set({ url: `${EXTERNAL}/`, name: 'sid', value: 'away', httpOnly: true, expirationDate: LATER });
    expect(await h.settle()).toEqual(['mirrored', 'skipped']);
    expect(h.jar.get(`${INTERNAL}/`, 'sid')).toMatchObject({ value: 'away' });
  });
});

describe('the twins Hairpin wrote: recorded, and removed when their mapping stops keeping its login', () => {
  const kept = { keepLogin: true, internal: 'https://192.168.1.20:8920' };
  const twinOnInternal: TwinId = {
    pair: `${EXTERNAL} → https://192.168.1.20:8920`,
    name: 'sid',
    host: '192.168.1.20',
    path: '/',
    storeId: '0',
  };

  it('records each twin by identity only (never its value), in storage that outlives the background', async () => {
    const h = harness(config(kept));
    loginOnExternal(h.jar);
    await h.settle();
    expect(h.stored.twins).toEqual([twinOnInternal]);
    expect(JSON.stringify(h.stored.twins)).not.toContain('abc');
  });

  it.each<[string, Config]>([
    ['Keep login is turned off', config({ internal: kept.internal })],
    ['the mapping is deleted', config()],
    ['the mapping is turned off', config({ ...kept, enabled: false })],
  ])(
    'removes the twin, then gives the permission back (after a restart of the background too), when %s',
    async (_label, next) => {
      const h = harness(config(kept));
      loginOnExternal(h.jar);
      await h.settle();
      h.restart(); // the worker stopped in between: what it wrote is known from storage
      h.setConfig(next);
      const order: string[] = [];
      const removeCookie = h.jar.remove.bind(h.jar);
      h.jar.remove = (...args) => {
        order.push(h.access.held ? 'removed while access held' : 'removed after release');
        removeCookie(...args);
      };
      expect(await h.mirror.followConfig(config(kept))).toBe('released');
      expect(order).toEqual(['removed while access held']);
      expect(h.jar.all().map((c) => [c.domain, c.value])).toEqual([['jellyfin.example.com', 'abc']]);
      expect(h.stored.twins).toEqual([]);
      expect(h.access).toEqual({ held: false, released: 1 });
    },
  );

  it('removes only the twins of the mapping that went, and releases nothing while another keeps its login', async () => {
    const photos = {
      keepLogin: true,
      name: 'Photos',
      external: 'https://photos.example.com',
      internal: 'https://192.168.1.30',
    };
    const h = harness(config(kept, photos));
    loginOnExternal(h.jar);
    h.jar.set({ url: 'https://photos.example.com/', name: 'p', value: '1', secure: true });
    await h.settle();
    h.setConfig(config(photos));
    expect(await h.mirror.followConfig(config(kept, photos))).toBe('levelled');
    expect(h.jar.get('https://192.168.1.20/', 'sid')).toBeNull();
    expect(h.jar.get('https://192.168.1.30/', 'p')).toMatchObject({ value: '1' });
    expect(h.access.held).toBe(true);
  });

  it('a twin the site has written since is the site’s: it stays, and its copy back is Hairpin’s', async () => {
    const h = harness(config(kept));
    loginOnExternal(h.jar);
    await h.settle();
    // At home, the internal server refreshes its session on 192.168.1.20 (same value, new expiry).
    h.jar.set({
      url: 'https://192.168.1.20:8920/',
      name: 'sid',
      value: 'abc',
      secure: true,
      httpOnly: true,
      sameSite: 'no_restriction',
      expirationDate: LATER + 60,
    });
    await h.settle();
    expect(h.stored.twins).toEqual([{ ...twinOnInternal, host: 'jellyfin.example.com' }]);
    h.setConfig(config({ internal: kept.internal }));
    await h.mirror.followConfig(config(kept));
    // The site's cookie on 192.168.1.20 stays; the external host's cookie, now Hairpin's copy, goes.
    expect(h.jar.all().map((c) => [c.domain, c.value])).toEqual([['192.168.1.20', 'abc']]);
  });

  it('a twin the site wrote with exactly the same content is the site’s too', async () => {
    const h = harness(config(kept));
    loginOnExternal(h.jar);
    await h.settle();
    const twin = h.jar.get('https://192.168.1.20/', 'sid')!;
    expect(await h.mirror.onChanged(twin, false, 'explicit')).toBe('skipped'); // a report Hairpin did not cause
    expect(h.stored.twins).toEqual([]);
    h.setConfig(config({ internal: kept.internal }));
    await h.mirror.followConfig(config(kept));
    expect(h.jar.all()).toHaveLength(2);
  });

  it('a twin that is gone (a logout mirrored, expired) is forgotten', async () => {
    const h = harness(config(kept));
    loginOnExternal(h.jar);
    await h.settle();
    loginOnExternal(h.jar, { value: '', expirationDate: NOW - 1 });
    expect(await h.settle()).toEqual(['removed', 'skipped']);
    expect(h.stored.twins).toEqual([]);
  });

  it('without cookie access (withdrawn by hand) the record waits, and the permission is not asked about', async () => {
    const h = harness(config(kept));
    loginOnExternal(h.jar);
    await h.settle();
    h.access.held = false;
    h.setConfig(config());
    expect(await h.mirror.followConfig(config(kept))).toBe('idle');
    expect(h.stored.twins).toEqual([twinOnInternal]);
  });

  it('leaves a twin alone when a same-named cookie would be hit first by the removal', async () => {
    const home = { keepLogin: true, internal: 'https://jellyfin.home.example.com' };
    const h = harness(config(home));
    // An older Domain cookie of the same name: cookies.remove(url, name) would delete it, not the twin.
    h.jar.set({
      url: 'https://jellyfin.home.example.com/',
      domain: 'home.example.com',
      name: 'sid',
      value: 'sso',
      secure: true,
    });
    loginOnExternal(h.jar);
    await h.settle();
    expect(h.stored.twins).toHaveLength(1);
    h.setConfig(config());
    await h.mirror.followConfig(config(home));
    expect(h.removals).toEqual([]);
    expect(h.jar.all().map((c) => [c.domain, c.value])).toEqual([
      ['.home.example.com', 'sso'],
      ['jellyfin.example.com', 'abc'],
      ['jellyfin.home.example.com', 'abc'],
    ]);
    expect(h.stored.twins).toEqual([]);
  });
});

describe('cookies of other sites (the listener sees every cookie write of every site)', () => {
  it('are dismissed against the hosts in memory: no storage read, no config load, no cookie call', async () => {
    const h = harness(config({ keepLogin: true }));
    expect(await h.mirror.keepsAnyLogin()).toBe(true); // the mapped hosts, read once per background start
    h.calls.clear();
    const elsewhere = [
      cookieOn('https://news.example.org'),
      cookieOn('https://example.com'), // the parent of a mapped host, host-only
      { ...cookieOn('https://jellyfin.example.com'), domain: '.example.com', hostOnly: false }, // a parent-Domain cookie
      cookieOn('http://192.168.1.21'),
    ];
    for (const cookie of elsewhere) {
      expect(await h.mirror.onChanged(cookie, false, 'explicit')).toBe('skipped');
      expect(await h.mirror.onChanged(cookie, true, 'explicit')).toBe('skipped');
    }
    expect([...h.calls]).toEqual([]);
  });

  it('before the hosts are read, the first event reads them once, and later ones nothing', async () => {
    const h = harness(config({ keepLogin: true }));
    await Promise.all([1, 2, 3].map(() => h.mirror.onChanged(cookieOn('https://news.example.org'), false, 'explicit')));
    expect([...h.calls]).toEqual([['loadConfig', 1]]);
  });

  it('says whether any mapping keeps its login (the listener is registered only then)', async () => {
    expect(await harness(config({ keepLogin: true })).mirror.keepsAnyLogin()).toBe(true);
    expect(await harness(config({ keepLogin: true, enabled: false }), []).mirror.keepsAnyLogin()).toBe(false);
    const h = harness(config({}));
    expect(await h.mirror.keepsAnyLogin()).toBe(false);
    h.setConfig(config({ keepLogin: true }));
    await h.mirror.followConfig(config({}));
    expect(await h.mirror.keepsAnyLogin()).toBe(true);
  });
});
