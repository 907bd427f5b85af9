// What Hairpin's pages need from the browser, as plain interfaces: components receive them
// through AppContext (src/ui/services.ts) and never touch `browser.*`; the real implementation
// is a thin adapter (src/browser/page-services.ts), and tests pass fakes.
import type { CookieInfo } from './cookie-hints';

export interface TabInfo {
  id: number;
  url: string;
  /** The page title, when the browser lets Hairpin read it (host access to the page). */
  title?: string;
}

export interface PageServices {
  /** The tab the popup is about (not the popup itself), or null when there is none. */
  currentTab: () => Promise<TabInfo | null>;
  /** Navigates that tab; a real popup closes itself afterwards. */
  openInTab: (tabId: number, url: string) => Promise<void>;
  writeClipboard: (text: string) => Promise<void>;
  /**
   * Whether the request* functions can ask at all: false on Firefox for Android, where the user
   * grants access in the browser's add-on manager instead (core/grant-access.ts says where).
   */
  canRequestPermissions: boolean;
  /** All http(s) sites. Call it first thing in a click handler: it needs the user gesture. */
  requestHostAccess: () => Promise<boolean>;
  /** Match patterns such as `http://nas.lan/*`. Same gesture rule as requestHostAccess. */
  requestOrigins: (patterns: readonly string[]) => Promise<boolean>;
  hasOrigins: (patterns: readonly string[]) => Promise<boolean>;
  /** The optional `cookies` permission (Keep login, the popup's cookie report). Same gesture rule. */
  requestCookieAccess: () => Promise<boolean>;
  /** The cookies the browser would send to `url`: names and scopes, never values. */
  cookiesFor: (url: string) => Promise<CookieInfo[]>;
  /**
   * Calls back when anything HairpinState is made of may have changed: a save, a sync, a config
   * fetch, a probe's verdicts, a permission granted or withdrawn. A page reads the state again
   * then, instead of polling. Returns the unsubscribe function.
   */
  onStateChanged: (callback: () => void) => () => void;
  openOptionsPage: () => Promise<void>;
  downloadFile: (name: string, text: string, type: string) => void;
}
