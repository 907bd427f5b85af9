// Self-healing navigation: which failures mean "this side is unreachable", and when a failed
// probe deserves a second chance. Pure; the webRequest adapter and the rescuer use it.
import type { Verdict } from './verdict';

export const RESCUE_AFTER = { default: 1500, min: 300, max: 10_000 } as const;

/** Errors that say the host could not be reached, in Chromium's and Firefox's spelling. */
const UNREACHABLE_ERRORS = new Set([
  'net::ERR_CONNECTION_REFUSED',
  'net::ERR_CONNECTION_TIMED_OUT',
  'net::ERR_CONNECTION_RESET',
  'net::ERR_CONNECTION_CLOSED',
  'net::ERR_CONNECTION_FAILED',
  'net::ERR_EMPTY_RESPONSE',
  'net::ERR_TIMED_OUT',
  'net::ERR_ADDRESS_UNREACHABLE',
  'net::ERR_ADDRESS_INVALID',
  'net::ERR_NAME_NOT_RESOLVED',
  'net::ERR_NAME_RESOLUTION_FAILED',
  'net::ERR_INTERNET_DISCONNECTED',
  'net::ERR_NETWORK_CHANGED',
  'net::ERR_NETWORK_ACCESS_DENIED',
  'NS_ERROR_CONNECTION_REFUSED',
  'NS_ERROR_NET_TIMEOUT',
  'NS_ERROR_NET_RESET',
  'NS_ERROR_NET_INTERRUPT',
  'NS_ERROR_UNKNOWN_HOST',
  'NS_ERROR_OFFLINE',
  'NS_ERROR_PROXY_CONNECTION_REFUSED',
]);

const NETWORK_CHANGED_ERRORS = new Set(['net::ERR_NETWORK_CHANGED', 'NS_ERROR_OFFLINE']);

export function isUnreachableError(error: string): boolean {
  return UNREACHABLE_ERRORS.has(error);
}

/** The machine changed networks: every network deserves a fresh probe. */
export function isNetworkChangedError(error: string): boolean {
  return NETWORK_CHANGED_ERRORS.has(error);
}

/**
 * Whether a main-frame request is one the user is waiting for. A prerender (Chromium's omnibox
 * prediction while typing, speculation rules) belongs to no visible page yet: moving "its" tab
 * would navigate away from the page the user is looking at. Firefox sends no lifecycle.
 */
export function isUserNavigation(details: { tabId: number; documentLifecycle?: string }): boolean {
  return details.tabId >= 0 && details.documentLifecycle !== 'prerender';
}

/** A short reason for the popup: "refused the connection", "did not answer". */
export function describeFailure(error: string): string {
  if (error === 'deadline') return 'did not answer';
  if (/REFUSED/.test(error)) return 'refused the connection';
  if (/NAME|UNKNOWN_HOST/.test(error)) return 'could not be resolved';
  if (/NETWORK_CHANGED|OFFLINE|DISCONNECTED/.test(error)) return 'was cut off by a network change';
  return 'could not be reached';
}

/**
 * A navigation to a mapped host re-checks its network when the verdict is older than this: long
 * enough that browsing costs at most one probe per half minute, short enough to catch a move
 * (the periodic probe runs once a minute, and a laptop lid closing sends no network event).
 */
export const CHECK_AHEAD_AFTER_MS = 30_000;

/**
 * Whether a navigation to a mapped host (of a network in Auto) that has not answered within
 * checkAheadDelayMs probes that network (the check ahead). Always while the verdict says Home:
 * the tab is headed for a home address, and should home be gone (you just left, right after a
 * check), only a probe started with the navigation decides in time. The rescue deadline then runs
 * beside that probe instead of before it, so a hanging home address whose health endpoint hangs
 * too is moved after the grace and the probe's timeout (~1.6 s with the defaults; the hysteresis
 * retry gives up with the first probe), not after the deadline plus that (~3.3 s). At home the
 * probe answers in a LAN round trip, and one already running is shared.
 * Otherwise (Away, or no verdict yet) only when the verdict is CHECK_AHEAD_AFTER_MS old or has
 * none: an Away probe costs a whole timeout, and a tab headed for the external side that hangs is
 * rescued after the deadline by a probe that, once you are home, answers in a round trip.
 */
export function shouldCheckAhead(verdict: Verdict | undefined, now: number): boolean {
  if (!verdict) return true;
  return verdict.location === 'home' || now - verdict.checkedAt >= CHECK_AHEAD_AFTER_MS;
}

/** What a rescue aims for: the tab on the working side within this of the navigation. */
export const RESCUE_GOAL_MS = 2000;
/**
 * What the browser takes from a probe's verdict to the moved tab's first paint (measured with the
 * product defaults: 170–240 ms median, under 400 ms at p95, in Chromium and Firefox).
 */
const MOVE_ROOM_MS = 400;
/** The most a check ahead waits for the page to answer first. */
export const CHECK_AHEAD_GRACE_MS = 100;

/**
 * How long a check ahead waits, from the navigation's start, for the page to answer before it
 * probes. Most pages at home answer well within that, and then cost no probe at all; one that
 * hangs is probed this much later, which the rescue goal leaves room for only while the probe's
 * timeout is short enough (the default 1.5 s: 100 ms; 1.6 s or more: none, probe at once).
 */
export function checkAheadDelayMs(probeTimeoutMs: number): number {
  return Math.max(0, Math.min(CHECK_AHEAD_GRACE_MS, RESCUE_GOAL_MS - MOVE_ROOM_MS - probeTimeoutMs));
}

/** How recent a Home verdict must be for a failed probe to be retried before flipping. */
export const FLAP_WINDOW_MS = 5 * 60_000;
/** Pause before that single retry: long enough for a blip, short enough for a rescue. */
export const RETRY_DELAY_MS = 150;

/** Whether a probe made at `now` gets the hysteresis retry if it fails: Home answered recently. */
export function mayRetryProbe(previous: Verdict | undefined, now: number): boolean {
  return previous?.location === 'home' && now - previous.checkedAt <= FLAP_WINDOW_MS;
}

/**
 * Hysteresis: a network that answered a moment ago and fails once is probed once more before
 * its verdict flips to away. Every other result stands.
 */
export function shouldRetryProbe(previous: Verdict | undefined, fresh: Verdict): boolean {
  return fresh.location === 'away' && mayRetryProbe(previous, fresh.checkedAt);
}
