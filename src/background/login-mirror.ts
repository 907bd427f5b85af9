// Mirrors cookies between the two hosts of each keepLogin mapping, brings them level when the
// option is turned on, and gives the optional `cookies` permission back when the last keepLogin
// goes. Cookie I/O is injected so the logic is tested without a browser.
import type { Config } from '../core/config-schema';
import {
  alreadyMirrored,
  cookieReaches,
  findTwin,
  isRealRemoval,
  mirrorPairs,
  consentsInUse,
  needsCookieAccess,
  twinWrite,
  type CookieLike,
  type CookieWrite,
  type MirrorPair,
} from '../core/login-mirror';
import { originOf, type Side } from '../core/side';

export interface LoginMirrorDeps {
  loadConfig(): Promise<Config>;
  /** Mapping keys (external URLs) whose Secure cookies the user twice agreed to copy onto http. */
  loadSecureConsent(): Promise<string[]>;
  saveSecureConsent(consent: string[]): Promise<void>;
  cookiesFor(url: string, storeId?: string): Promise<CookieLike[]>;
  cookieAt(url: string, name: string, storeId: string): Promise<CookieLike | null>;
  writeCookie(write: CookieWrite): Promise<void>;
  removeCookie(url: string, name: string, storeId: string): Promise<void>;
  hasCookieAccess(): Promise<boolean>;
  releaseCookieAccess(): Promise<unknown>;
}

export class LoginMirror {
  constructor(private readonly deps: LoginMirrorDeps) {}

  async onChanged(cookie: CookieLike, removed: boolean, cause: string): Promise<'mirrored' | 'removed' | 'skipped'> {
    const pairs = mirrorPairs(await this.deps.loadConfig());
    const twin = findTwin(cookie, pairs);
    if (!twin) return 'skipped';
    const url = `${originOf(twin.to)}${cookie.path}`;
    if (removed) {
      if (!isRealRemoval(cause)) return 'skipped';
      const existing = await this.deps.cookieAt(url, cookie.name, cookie.storeId);
      if (!existing || !cookieReachesOnly(existing, twin.to, twin.from)) return 'skipped';
      await this.deps.removeCookie(url, cookie.name, cookie.storeId);
      return 'removed';
    }
    // The browser reports changes late: a report of a cookie since replaced (often by our own
    // write) would copy the old value back, and two such reports ping-pong for ever.
    if (!(await this.isCurrent(cookie, twin.from))) return 'skipped';
    return this.copy(cookie, twin.pair, twin.to);
  }

  /**
   * After the config changed: with keepLogin mappings, bring their hosts level; when the last of
   * them went away, give the `cookies` permission back (ticking Keep login asks for it again).
   * Only on that transition: a save that never involved keepLogin (perhaps one racing the click
   * that just granted access) must not take it away, nor a grant made for the popup's report.
   */
  async followConfig(previous: Config | null): Promise<'levelled' | 'released' | 'idle'> {
    const config = await this.deps.loadConfig();
    const consent = await this.deps.loadSecureConsent();
    const kept = consentsInUse(consent, config);
    if (kept.length !== consent.length) await this.deps.saveSecureConsent(kept);
    const pairs = mirrorPairs(config);
    if (pairs.length > 0) {
      await this.levelPairs(pairs);
      return 'levelled';
    }
    if (!previous || !needsCookieAccess(previous) || !(await this.deps.hasCookieAccess())) return 'idle';
    await this.deps.releaseCookieAccess();
    return 'released';
  }

  /**
   * Copies every cookie one host has and its twin lacks, both ways (keepLogin just turned on, or
   * cookie access just granted). Without the permission there is nothing it can do.
   */
  async level(): Promise<number> {
    return this.levelPairs(mirrorPairs(await this.deps.loadConfig()));
  }

  private async levelPairs(pairs: readonly MirrorPair[]): Promise<number> {
    if (pairs.length === 0 || !(await this.deps.hasCookieAccess())) return 0;
    let copied = 0;
    for (const pair of pairs) {
      for (const [from, to] of [
        [pair.external, pair.internal],
        [pair.internal, pair.external],
      ] as const) {
        for (const cookie of await this.deps.cookiesFor(`${originOf(from)}/`)) {
          if (cookieReaches(cookie, to.host)) continue;
          const present = await this.deps.cookieAt(`${originOf(to)}${cookie.path}`, cookie.name, cookie.storeId);
          if (present) continue;
          if ((await this.copy(cookie, pair, to)) === 'mirrored') copied += 1;
        }
      }
    }
    return copied;
  }

  private async copy(cookie: CookieLike, pair: MirrorPair, to: Side): Promise<'mirrored' | 'skipped'> {
    const consent = await this.deps.loadSecureConsent();
    const decision = twinWrite(cookie, to, consent.includes(pair.key));
    if ('skip' in decision) return 'skipped';
    // Every same-named cookie `to` holds, not cookieAt's one answer: that may be a Domain cookie
    // with another value while the host-only twin already matches, and mirrors would ping-pong.
    const present = await this.deps.cookiesFor(anyCookieUrl(to, cookie.path), cookie.storeId);
    if (present.some((c) => c.name === cookie.name && alreadyMirrored(c, decision.write))) return 'skipped';
    await this.deps.writeCookie(decision.write);
    return 'mirrored';
  }

  /** Whether `cookie` still holds on `side` as reported. */
  private async isCurrent(cookie: CookieLike, side: Side): Promise<boolean> {
    const present = await this.deps.cookiesFor(anyCookieUrl(side, cookie.path), cookie.storeId);
    return present.some(
      (c) => c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path && c.value === cookie.value,
    );
  }
}

/** A URL that sees every cookie of `side` under `path`, Secure ones included (cookies ignore ports). */
function anyCookieUrl(side: Side, path: string): string {
  return `https://${side.host}${path.startsWith('/') ? path : '/'}`;
}

/** Only remove a twin that lives on the twin host alone (never a shared Domain cookie). */
function cookieReachesOnly(cookie: CookieLike, host: Side, other: Side): boolean {
  return cookieReaches(cookie, host.host) && !cookieReaches(cookie, other.host);
}
