// Which navigation errors count, and the probe hysteresis: pure decisions from core/navigation.
import { describe, expect, it } from 'vitest';
import {
  checkAheadDelayMs,
  CHECK_AHEAD_GRACE_MS,
  describeFailure,
  FLAP_WINDOW_MS,
  isNetworkChangedError,
  isUnreachableError,
  isUserNavigation,
  mayRetryProbe,
  shouldCheckAhead,
  shouldRetryProbe,
  CHECK_AHEAD_AFTER_MS,
  RESCUE_GOAL_MS,
} from '../../../src/core/navigation';
import { PROBE_TIMEOUT } from '../../../src/core/config-schema';
import type { Location, Verdict } from '../../../src/core/verdict';

describe('navigation errors', () => {
  it.each([
    'net::ERR_CONNECTION_REFUSED',
    'net::ERR_CONNECTION_TIMED_OUT',
    'net::ERR_ADDRESS_UNREACHABLE',
    'net::ERR_NAME_NOT_RESOLVED',
    'net::ERR_NETWORK_CHANGED',
    'NS_ERROR_CONNECTION_REFUSED',
    'NS_ERROR_NET_TIMEOUT',
    'NS_ERROR_UNKNOWN_HOST',
  ])('%s means unreachable', (error) => expect(isUnreachableError(error)).toBe(true));

  it.each(['net::ERR_ABORTED', 'net::ERR_BLOCKED_BY_CLIENT', 'net::ERR_CERT_AUTHORITY_INVALID', 'NS_BINDING_ABORTED'])(
    '%s is not a reason to rescue (a user stop, our own tab update, a certificate problem)',
    (error) => expect(isUnreachableError(error)).toBe(false),
  );

  it('watches navigations of tabs the user sees, never prerenders or requests outside tabs', () => {
    expect(isUserNavigation({ tabId: 3 })).toBe(true); // Firefox: no lifecycle
    expect(isUserNavigation({ tabId: 3, documentLifecycle: 'active' })).toBe(true);
    expect(isUserNavigation({ tabId: 3, documentLifecycle: 'prerender' })).toBe(false);
    expect(isUserNavigation({ tabId: -1 })).toBe(false);
  });

  it('knows which errors mean the machine changed networks', () => {
    expect(isNetworkChangedError('net::ERR_NETWORK_CHANGED')).toBe(true);
    expect(isNetworkChangedError('net::ERR_CONNECTION_REFUSED')).toBe(false);
  });

  it('describes failures for the popup', () => {
    expect(describeFailure('deadline')).toBe('did not answer');
    expect(describeFailure('net::ERR_CONNECTION_REFUSED')).toBe('refused the connection');
    expect(describeFailure('NS_ERROR_UNKNOWN_HOST')).toBe('could not be resolved');
    expect(describeFailure('net::ERR_NETWORK_CHANGED')).toBe('was cut off by a network change');
    expect(describeFailure('net::ERR_ADDRESS_UNREACHABLE')).toBe('could not be reached');
  });
});

const verdict = (location: Location, checkedAt: number): Verdict => ({
  location,
  reason: location === 'home' ? 'answered' : 'timeout',
  latencyMs: 5,
  checkedAt,
});

describe('shouldRetryProbe (hysteresis)', () => {
  it('a probe may be retried only while a Home answer is recent', () => {
    expect(mayRetryProbe(verdict('home', 0), FLAP_WINDOW_MS)).toBe(true);
    expect(mayRetryProbe(verdict('home', 0), FLAP_WINDOW_MS + 1)).toBe(false);
    expect(mayRetryProbe(verdict('away', 0), 1)).toBe(false);
    expect(mayRetryProbe(undefined, 1)).toBe(false);
  });

  it('retries one failure right after a Home answer, nothing else', () => {
    expect(shouldRetryProbe(verdict('home', 0), verdict('away', 1000))).toBe(true);
    expect(shouldRetryProbe(verdict('home', 0), verdict('away', FLAP_WINDOW_MS + 1))).toBe(false);
    expect(shouldRetryProbe(verdict('away', 0), verdict('away', 1000))).toBe(false);
    expect(shouldRetryProbe(verdict('home', 0), verdict('home', 1000))).toBe(false);
    expect(shouldRetryProbe(undefined, verdict('away', 1000))).toBe(false);
  });
});

describe('shouldCheckAhead', () => {
  const NOW = 1_000_000_000;
  const at = (location: Location, ageMs: number): Verdict => ({
    location,
    reason: location === 'home' ? 'answered' : 'timeout',
    latencyMs: 5,
    checkedAt: NOW - ageMs,
  });

  it('checks every navigation while the verdict says Home, even one a moment old', () => {
    expect(shouldCheckAhead(at('home', 0), NOW)).toBe(true);
    expect(shouldCheckAhead(at('home', 1000), NOW)).toBe(true);
    expect(shouldCheckAhead(at('home', CHECK_AHEAD_AFTER_MS), NOW)).toBe(true);
  });

  it('checks an Away verdict only once it is stale, and always with no verdict yet', () => {
    expect(shouldCheckAhead(at('away', 0), NOW)).toBe(false);
    expect(shouldCheckAhead(at('away', CHECK_AHEAD_AFTER_MS - 1), NOW)).toBe(false);
    expect(shouldCheckAhead(at('away', CHECK_AHEAD_AFTER_MS), NOW)).toBe(true);
    expect(shouldCheckAhead(undefined, NOW)).toBe(true);
  });
});

describe('checkAheadDelayMs', () => {
  it('waits the whole grace with the default probe timeout', () => {
    expect(checkAheadDelayMs(PROBE_TIMEOUT.default)).toBe(CHECK_AHEAD_GRACE_MS);
    expect(checkAheadDelayMs(PROBE_TIMEOUT.min)).toBe(CHECK_AHEAD_GRACE_MS);
  });

  it('waits less, then not at all, as a longer probe timeout eats the rescue goal', () => {
    expect(checkAheadDelayMs(1550)).toBe(50);
    expect(checkAheadDelayMs(1600)).toBe(0);
    expect(checkAheadDelayMs(PROBE_TIMEOUT.max)).toBe(0);
  });

  it('never lets the grace and the probe timeout together pass the goal less the room a move needs', () => {
    for (let timeout = PROBE_TIMEOUT.min; timeout <= 1600; timeout += 50)
      expect(checkAheadDelayMs(timeout) + timeout).toBeLessThanOrEqual(RESCUE_GOAL_MS - 400);
  });
});
