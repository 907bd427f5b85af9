// Mirrors host-only cookies between the two hosts of each keepLogin mapping, brings them level
// when the option is turned on, records the twins it writes, removes them when their mapping
// stops keeping its login, and then gives the optional `cookies` permission back. Cookie I/O is
// injected so the logic is tested without a browser.
import type { Config } from '../core/config-schema';
import {
  alreadyMirrored,
  consentsInUse,
  copiesOnlyAtHome,
  findTwin,
  isMirrorable,
  isRealRemoval,
  mayCopyFrom,
  mirrorPairs,
  mirroredHosts,
  needsCookieAccess,
  twinPath,
  twinWrite,
  type CookieLike,
  type CookieWrite,
  type MirrorPair,
  type Twin,
} from '../core/login-mirror';
import { holdsCookie, orphanedTwins, withoutCookie, withTwin, type TwinId } from '../core/mirror-twins';
import { serialQueue } from '../core/serial-queue';
import type { StoredItem } from '../core/storage-layout';
import type { Verdict } from '../core/verdict';
import { valueFor } from '../core/by-name';
import { originOf, type Side } from '../core/side';

export interface LoginMirrorDeps {
  loadConfig(): Promise<Config>;
  /** Mapping keys (external URLs) whose Secure cookies the user twice agreed to copy onto http. */
  loadSecureConsent(): Promise<string[]>;
  saveSecureConsent(consent: string[]): Promise<void>;
  /** The last probe verdict of each network (storage.session). */
  loadVerdicts(): Promise<Readonly<Record<string, Verdict>>>;
  /** The twins Hairpin wrote, by identity (storage.local; core/mirror-twins.ts). */
  twins: StoredItem<TwinId[]>;
  cookiesFor(url: string, storeId?: string): Promise<CookieLike[]>;
  cookieAt(url: string, name: string, storeId: string): Promise<CookieLike | null>;
  writeCookie(write: CookieWrite): Promise<void>;
  removeCookie(url: string, name: string, storeId: string): Promise<void>;
  hasCookieAccess(): Promise<boolean>;
  releaseCookieAccess(): Promise<unknown>;
}

export type MirrorOutcome = 'mirrored' | 'removed' | 'skipped';
type CookieIdentity = Omit<TwinId, 'pair'>;

/** Changes of its own Hairpin remembers at most (their reports come within moments). */
const MAX_OWN_CHANGES = 200;

export class LoginMirror {
  private pairs: readonly MirrorPair[] = [];
  private hosts: ReadonlySet<string> = new Set();
  private known = false;
  private loading: Promise<void> | null = null;
  private readonly queue = serialQueue();
  /** Reports still to come of Hairpin's own writes and removals (by change): its echo, not the site's. */
  private readonly ownChanges = new Map<string, number>();

  constructor(private readonly deps: LoginMirrorDeps) {}

  /** Whether some mapping keeps its login: the cookie listener is needed only then. */
  async keepsAnyLogin(): Promise<boolean> {
    await this.ready();
    return this.pairs.length > 0;
  }

  /**
   * A cookie changed somewhere. The browser reports every cookie write of every site: once the
   * mapped hosts are known, any other host is dismissed by one lookup in memory, with nothing
   * read from storage and no config validated.
   */
  onChanged(cookie: CookieLike, removed: boolean, cause: string): Promise<MirrorOutcome> {
    if (this.known && !this.concerns(cookie)) return Promise.resolve('skipped');
    return this.queue(async () => {
      await this.ready();
      const twin = this.concerns(cookie) ? findTwin(cookie, this.pairs) : null;
      return twin ? this.mirrorChange(cookie, removed, cause, twin) : 'skipped';
    });
  }

  /**
   * After the config changed: take away the twins of mappings that no longer keep their login
   * (deleted, Keep login off, turned off), then, with keepLogin mappings, bring their hosts
   * level; when the last of them went away, give the `cookies` permission back — after the twins
   * are gone, since without it they could not be removed. Only on that transition: a save that
   * never involved keepLogin (perhaps one racing the click that just granted access) must not
   * take it away, nor a grant made for the popup's report.
   */
  followConfig(previous: Config | null): Promise<'levelled' | 'released' | 'idle'> {
    return this.queue(async () => {
      const config = await this.deps.loadConfig();
      this.setPairs(mirrorPairs(config));
      const consent = await this.deps.loadSecureConsent();
      const kept = consentsInUse(consent, config);
      if (kept.length !== consent.length) await this.deps.saveSecureConsent(kept);
      const removed = await this.removeOrphans();
      if (this.pairs.length > 0) {
        await this.levelPairs(this.pairs);
        return 'levelled';
      }
      const hadKeepLogin = removed > 0 || (previous !== null && needsCookieAccess(previous));
      if (!hadKeepLogin || !(await this.deps.hasCookieAccess())) return 'idle';
      await this.deps.releaseCookieAccess();
      return 'released';
    });
  }

  /**
   * Copies every cookie one host has and its twin lacks, both ways (keepLogin just turned on, or
   * cookie access just granted). Without the permission there is nothing it can do.
   */
  level(): Promise<number> {
    return this.queue(async () => {
      await this.ready();
      return this.levelPairs(this.pairs);
    });
  }

  private ready(): Promise<void> {
    this.loading ??= this.deps.loadConfig().then(
      // A followConfig that settled first read a newer config: keep its pairs.
      (config) => {
        if (!this.known) this.setPairs(mirrorPairs(config));
      },
      (error: unknown) => {
        this.loading = null; // read again next time
        throw error;
      },
    );
    return this.loading;
  }

  private setPairs(pairs: readonly MirrorPair[]): void {
    this.pairs = pairs;
    this.hosts = mirroredHosts(pairs);
    this.known = true;
    this.loading ??= Promise.resolve();
  }

  private concerns(cookie: CookieLike): boolean {
    return isMirrorable(cookie) && this.hosts.has(cookie.domain);
  }

  private async mirrorChange(cookie: CookieLike, removed: boolean, cause: string, twin: Twin): Promise<MirrorOutcome> {
    const id = identityOf(cookie, cookie.domain);
    const own = this.takeOwnChange(id, removed);
    // A twin the site has written since (or that is gone) is no longer Hairpin's to remove.
    if (removed ? cause !== 'overwrite' : !own) await this.forget(id);
    if (own) return 'skipped';
    const path = twinPath(cookie.path, twin.from, twin.to);
    if (path === null || !(await this.mayCopy(twin))) return 'skipped';
    const url = `${originOf(twin.to)}${path}`;
    if (removed) {
      if (!isRealRemoval(cause)) return 'skipped';
      const existing = await this.deps.cookieAt(url, cookie.name, cookie.storeId);
      if (!existing || !isTwinOn(existing, twin.to)) return 'skipped';
      await this.remove(url, identityOf(existing, twin.to.host));
      return 'removed';
    }
    // The browser reports changes late: a report of a cookie since replaced (often by our own
    // write) would copy the old value back, and two such reports ping-pong for ever.
    if (!(await this.isCurrent(cookie, twin.from))) return 'skipped';
    return this.copy(cookie, twin.pair, twin.to, path);
  }

  /** See mayCopyFrom; the verdicts are read only for a change on an internal host. */
  private async mayCopy(twin: Twin): Promise<boolean> {
    if (!copiesOnlyAtHome(twin)) return true;
    const verdicts = await this.deps.loadVerdicts();
    return mayCopyFrom(twin, (network) => valueFor(verdicts, network)?.location === 'home');
  }

  private async levelPairs(pairs: readonly MirrorPair[]): Promise<number> {
    if (pairs.length === 0 || !(await this.deps.hasCookieAccess())) return 0;
    let copied = 0;
    for (const pair of pairs) {
      for (const [from, to] of [
        [pair.external, pair.internal],
        [pair.internal, pair.external],
      ] as const) {
        if (!(await this.mayCopy({ pair, from, to }))) continue;
        for (const cookie of await this.deps.cookiesFor(`${originOf(from)}${from.prefix}/`)) {
          const path = twinPath(cookie.path, from, to);
          if (!isTwinOn(cookie, from) || path === null) continue;
          const present = await this.deps.cookieAt(`${originOf(to)}${path}`, cookie.name, cookie.storeId);
          if (present) continue;
          if ((await this.copy(cookie, pair, to, path)) === 'mirrored') copied += 1;
        }
      }
    }
    return copied;
  }

  private async copy(cookie: CookieLike, pair: MirrorPair, to: Side, path: string): Promise<'mirrored' | 'skipped'> {
    const consent = await this.deps.loadSecureConsent();
    const decision = twinWrite(cookie, to, consent.includes(pair.key), path);
    if ('skip' in decision) return 'skipped';
    // Every same-named cookie `to` holds, not cookieAt's one answer: that may be a Domain cookie
    // with another value while the host-only twin already matches, and mirrors would ping-pong.
    const present = await this.deps.cookiesFor(anyCookieUrl(to, path), cookie.storeId);
    if (present.some((c) => c.name === cookie.name && alreadyMirrored(c, decision.write))) return 'skipped';
    const id = identityOf({ ...cookie, path }, to.host);
    this.expectOwnChange(id, false);
    try {
      await this.deps.writeCookie(decision.write);
    } catch (error) {
      this.takeOwnChange(id, false);
      throw error;
    }
    await this.deps.twins.save(withTwin(await this.deps.twins.load(), { pair: pair.key, ...id }));
    return 'mirrored';
  }

  private async remove(url: string, id: CookieIdentity): Promise<void> {
    this.expectOwnChange(id, true);
    try {
      await this.deps.removeCookie(url, id.name, id.storeId);
    } catch (error) {
      this.takeOwnChange(id, true);
      throw error;
    }
    await this.forget(id);
  }

  /**
   * Removes the twins of mappings that no longer keep their login, each only if it is still the
   * host-only cookie Hairpin wrote. Without cookie access the record waits for the next chance.
   */
  private async removeOrphans(): Promise<number> {
    const twins = await this.deps.twins.load();
    const live = new Set(this.pairs.map((pair) => pair.key));
    const orphans = orphanedTwins(twins, live);
    if (orphans.length === 0 || !(await this.deps.hasCookieAccess())) return 0;
    let removed = 0;
    for (const orphan of orphans) {
      const url = anyCookieUrl(orphan, orphan.path);
      try {
        const existing = await this.deps.cookieAt(url, orphan.name, orphan.storeId);
        // cookies.remove takes a URL and a name: only when the first cookie it would hit is ours.
        if (existing && existing.hostOnly && existing.domain === orphan.host && existing.path === orphan.path) {
          this.expectOwnChange(identityOf(existing, orphan.host), true);
          await this.deps.removeCookie(url, orphan.name, orphan.storeId);
          removed += 1;
        }
      } catch (error) {
        console.error('Hairpin: could not remove a keepLogin twin:', error);
      }
    }
    // Nothing else ran meanwhile (one queue): what is left is the live mappings' twins.
    await this.deps.twins.save(twins.filter((entry) => live.has(entry.pair)));
    return removed;
  }

  private async forget(id: CookieIdentity): Promise<void> {
    const twins = await this.deps.twins.load();
    if (holdsCookie(twins, id)) await this.deps.twins.save(withoutCookie(twins, id));
  }

  private expectOwnChange(id: CookieIdentity, removed: boolean): void {
    if (this.ownChanges.size >= MAX_OWN_CHANGES) this.ownChanges.clear();
    const key = changeKey(id, removed);
    this.ownChanges.set(key, (this.ownChanges.get(key) ?? 0) + 1);
  }

  /** Whether this report is one Hairpin expected from its own change (and is so no more). */
  private takeOwnChange(id: CookieIdentity, removed: boolean): boolean {
    const key = changeKey(id, removed);
    const count = this.ownChanges.get(key) ?? 0;
    if (count === 0) return false;
    if (count === 1) this.ownChanges.delete(key);
    else this.ownChanges.set(key, count - 1);
    return true;
  }

  /** Whether `cookie` still holds on `side` as reported. */
  private async isCurrent(cookie: CookieLike, side: Side): Promise<boolean> {
    const present = await this.deps.cookiesFor(anyCookieUrl(side, cookie.path), cookie.storeId);
    return present.some(
      (c) => c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path && c.value === cookie.value,
    );
  }
}

function identityOf(cookie: Pick<CookieLike, 'name' | 'path' | 'storeId'>, host: string): CookieIdentity {
  return { name: cookie.name, host, path: cookie.path, storeId: cookie.storeId };
}

function changeKey(id: CookieIdentity, removed: boolean): string {
  return JSON.stringify([removed, id.storeId, id.host, id.path, id.name]);
}

/** A URL that sees every cookie of `side` under `path`, Secure ones included (cookies ignore ports). */
function anyCookieUrl(side: Pick<Side, 'host'>, path: string): string {
  return `https://${side.host}${path.startsWith('/') ? path : '/'}`;
}

/** A host-only cookie of `side`'s host: the only kind the mirror copies, and removes. */
function isTwinOn(cookie: CookieLike, side: Side): boolean {
  return isMirrorable(cookie) && cookie.domain === side.host;
}
