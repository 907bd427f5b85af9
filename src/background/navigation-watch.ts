// Tracks main-frame navigations and reports the ones that start, stall or fail. The timer starts
// at the request, restarts on every redirect (DNR redirects included), and stops at the first
// sign of an answer. Timers are injected so this is tested without a browser.
import { isUnreachableError } from '../core/navigation';
import type { NavigationEvents } from '../browser/web-request';

export interface NavigationWatchDeps {
  deadlineMs(): number;
  /** A GET navigation started (others, say a form's POST, must never be cut off and re-sent). */
  onStart(tabId: number, url: string): void;
  onStall(tabId: number, url: string): void;
  onFailure(tabId: number, url: string, error: string): void;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

interface Tracked {
  tabId: number;
  url: string;
  timer: unknown;
}

export class NavigationWatch implements NavigationEvents {
  private readonly tracked = new Map<string, Tracked>();
  /**
   * Per tab, its latest navigation until that gets an answer (a stall or a network failure keeps
   * it; an abort — Stop, Back, another URL typed — ends it). A tab closed mid-load leaves its entry
   * until the worker stops: not worth a tabs.onRemoved listener that would wake it on every close.
   */
  private readonly unanswered = new Map<number, { requestId: string; url: string }>();

  constructor(private readonly deps: NavigationWatchDeps) {}

  started(requestId: string, tabId: number, url: string, method = 'GET'): void {
    if (tabId < 0) return;
    this.stop(requestId);
    // Only GET navigations are watched: a form's POST that is slow or fails must never be
    // "rescued" by loading the other side, which would replay it as a GET (and drop its body).
    if (method.toUpperCase() !== 'GET') {
      // The tab moved on to the POST: whatever it loaded before is no longer its navigation.
      for (const [id, tracked] of this.tracked) if (tracked.tabId === tabId) this.stop(id);
      this.unanswered.delete(tabId);
      return;
    }
    this.track(requestId, tabId, url);
    this.unanswered.set(tabId, { requestId, url });
    this.deps.onStart(tabId, url);
  }

  redirected(requestId: string, url: string): void {
    const current = this.tracked.get(requestId);
    if (!current) return;
    this.stop(requestId);
    this.track(requestId, current.tabId, url);
    if (this.unanswered.get(current.tabId)?.requestId === requestId)
      this.unanswered.set(current.tabId, { requestId, url });
  }

  answered(requestId: string): void {
    this.forget(requestId);
    this.stop(requestId);
  }

  /**
   * What the tab is loading without an answer so far (still waiting, stalled, or failed to an
   * error page, including Chromium's own retry of it), or null once something answered.
   */
  loadingUrl(tabId: number): string | null {
    return this.unanswered.get(tabId)?.url ?? null;
  }

  failed(requestId: string, error: string): void {
    // The error page of an unreachable host still waits for a rescue; an aborted load does not.
    if (!isUnreachableError(error)) this.forget(requestId);
    const current = this.tracked.get(requestId);
    if (!current) return;
    this.stop(requestId);
    this.deps.onFailure(current.tabId, current.url, error);
  }

  /** How many navigations are being watched (for tests and leak checks). */
  get size(): number {
    return this.tracked.size;
  }

  /** By request, not through `tracked`: a stalled navigation that answers late counts too. */
  private forget(requestId: string): void {
    for (const [tabId, latest] of this.unanswered) {
      if (latest.requestId === requestId) this.unanswered.delete(tabId);
    }
  }

  private track(requestId: string, tabId: number, url: string): void {
    const timer = this.deps.setTimer(() => {
      if (this.tracked.get(requestId)?.timer !== timer) return;
      this.tracked.delete(requestId);
      this.deps.onStall(tabId, url);
    }, this.deps.deadlineMs());
    this.tracked.set(requestId, { tabId, url, timer });
  }

  private stop(requestId: string): void {
    const current = this.tracked.get(requestId);
    if (!current) return;
    this.deps.clearTimer(current.timer);
    this.tracked.delete(requestId);
  }
}
