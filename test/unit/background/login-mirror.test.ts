// LoginMirror against a Chrome-like cookie jar: what it copies, levels and gives back.
import { describe, expect, it } from 'vitest';
import { cookieReaches, type CookieLike, type CookieWrite } from '../../../src/core/login-mirror';
import { LoginMirror } from '../../../src/background/login-mirror';
import { domainCovers } from '../../../src/core/cookie-domain';
import type { Config, Mapping } from '../../../src/core/config-schema';
import { homeConfig, SAMPLE_EXTERNAL, SAMPLE_INTERNAL } from '../../support/sample-config';

const NOW = 1_700_000_000; // seconds, like cookie expirationDate
const LATER = NOW + 86_400;
const EXTERNAL = SAMPLE_EXTERNAL;
const INTERNAL = SAMPLE_INTERNAL;
/** What a consent for the default mapping is recorded under. */
const CONSENT = `${EXTERNAL} → ${INTERNAL}`;

function config(...mappings: Array<Partial<Mapping>>): Config {
  return homeConfig(mappings);
}

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
  /** Delivers the browser's onChanged events (including those for the mirror's own writes) until none are left. */
  settle(): Promise<Array<'mirrored' | 'removed' | 'skipped'>>;
}

function harness(cfg: Config, consent: string[] = []): Harness {
  const jar = new FakeJar();
  const writes: CookieWrite[] = [];
  const removals: Array<{ url: string; name: string }> = [];
  const access = { held: true, released: 0 };
  const mirror = new LoginMirror({
    hasCookieAccess: async () => access.held,
    releaseCookieAccess: async () => {
      access.released += 1;
      access.held = false;
    },
    loadConfig: async () => cfg,
    loadSecureConsent: async () => [...consent],
    saveSecureConsent: async (next) => {
      consent.splice(0, consent.length, ...next);
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
  });
  const settle = async () => {
    const results: Array<'mirrored' | 'removed' | 'skipped'> = [];
    for (let delivered = 0; jar.events.length > 0; delivered++) {
      if (delivered >= 50) throw new Error('ping-pong: more than 50 cookie events');
      const event = jar.events.shift()!;
      results.push(await mirror.onChanged(event.cookie, event.removed, event.cause));
    }
    return results;
  };
  return { jar, mirror, writes, removals, consent, access, settle };
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

  it('a Domain cookie reaching only the external host is copied host-only to the IP, and not echoed back', async () => {
    const h = harness(config({ keepLogin: true }));
    h.jar.set({ url: `${EXTERNAL}/`, domain: 'example.com', name: 'lang', value: 'en', expirationDate: LATER });
    expect(await h.settle()).toEqual(['mirrored', 'skipped']);
    expect(h.jar.all().map((c) => [c.domain, c.hostOnly, c.value])).toEqual([
      ['.example.com', false, 'en'],
      ['192.168.1.20', true, 'en'],
    ]);
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
