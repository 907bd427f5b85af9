import { describe, expect, it } from 'vitest';
import {
  describeVerdict,
  effectiveLocation,
  MODES,
  nextMode,
  verdictFromOutcome,
  type ProbeOutcome,
  type Verdict,
} from '../../../src/core/verdict';

const AT = 1_700_000_000_000;

function response(
  status: number,
  tokenFound: boolean | null,
  extra: Partial<Extract<ProbeOutcome, { kind: 'response' }>> = {},
): ProbeOutcome {
  return { kind: 'response', status, latencyMs: 12.4, tokenFound, redirected: false, ...extra };
}

describe('verdictFromOutcome', () => {
  it('is home for a 2xx answer carrying the token', () => {
    expect(verdictFromOutcome(response(200, true), AT)).toEqual({
      location: 'home',
      reason: 'answered',
      latencyMs: 12,
      checkedAt: AT,
      status: 200,
    });
  });

  it('is home for a 2xx answer when no token is expected', () => {
    expect(verdictFromOutcome(response(204, null), AT)).toMatchObject({
      location: 'home',
      reason: 'answered',
      status: 204,
    });
    expect(verdictFromOutcome(response(299, null), AT)).toMatchObject({
      location: 'home',
      reason: 'answered',
      status: 299,
    });
  });

  it('is away when the token is missing (a captive portal answering 200)', () => {
    expect(verdictFromOutcome(response(200, false), AT)).toEqual({
      location: 'away',
      reason: 'wrong-answer',
      latencyMs: 12,
      checkedAt: AT,
      status: 200,
    });
  });

  it.each([199, 300, 304, 404, 500, 503])('is away for HTTP %i, even with the token', (status) => {
    expect(verdictFromOutcome(response(status, true), AT)).toEqual({
      location: 'away',
      reason: 'http-status',
      latencyMs: 12,
      checkedAt: AT,
      status,
    });
  });

  it('is away for a redirect, whatever the status', () => {
    expect(verdictFromOutcome(response(302, null, { redirected: true }), AT)).toEqual({
      location: 'away',
      reason: 'redirect',
      latencyMs: 12,
      checkedAt: AT,
      status: 302,
    });
    expect(verdictFromOutcome(response(0, null, { redirected: true }), AT)).toMatchObject({
      location: 'away',
      reason: 'redirect',
      status: 0,
    });
    expect(verdictFromOutcome(response(200, true, { redirected: true }), AT)).toMatchObject({
      location: 'away',
      reason: 'redirect',
    });
  });

  it('is away on a timeout', () => {
    expect(verdictFromOutcome({ kind: 'timeout', latencyMs: 1500.6 }, AT)).toEqual({
      location: 'away',
      reason: 'timeout',
      latencyMs: 1501,
      checkedAt: AT,
    });
  });

  it('is away on a network error, keeping the message', () => {
    expect(verdictFromOutcome({ kind: 'network-error', latencyMs: 3, message: 'Failed to fetch' }, AT)).toEqual({
      location: 'away',
      reason: 'network-error',
      latencyMs: 3,
      checkedAt: AT,
      detail: 'Failed to fetch',
    });
  });

  it('rounds the latency', () => {
    expect(verdictFromOutcome(response(200, true, { latencyMs: 0.4 }), AT).latencyMs).toBe(0);
    expect(verdictFromOutcome(response(200, true, { latencyMs: 7.5 }), AT).latencyMs).toBe(8);
  });
});

describe('effectiveLocation', () => {
  const home = verdictFromOutcome(response(200, true), AT);
  const away = verdictFromOutcome({ kind: 'timeout', latencyMs: 1500 }, AT);

  it('follows the verdict in auto mode', () => {
    expect(effectiveLocation('auto', home)).toBe('home');
    expect(effectiveLocation('auto', away)).toBe('away');
    expect(effectiveLocation('auto', undefined)).toBe('unknown');
  });

  it('lets a forced mode win over any verdict', () => {
    expect(effectiveLocation('home', away)).toBe('home');
    expect(effectiveLocation('home', undefined)).toBe('home');
    expect(effectiveLocation('away', home)).toBe('away');
    expect(effectiveLocation('away', undefined)).toBe('away');
  });
});

describe('describeVerdict', () => {
  const base = { latencyMs: 12, checkedAt: AT };
  it.each<[Verdict, string]>([
    [{ ...base, location: 'home', reason: 'answered', status: 200 }, 'probe answered in 12 ms'],
    [{ ...base, location: 'away', reason: 'timeout', latencyMs: 1500 }, 'probe failed: timeout after 1500 ms'],
    [{ ...base, location: 'away', reason: 'network-error', detail: 'x' }, 'probe failed: no connection'],
    [{ ...base, location: 'away', reason: 'http-status', status: 503 }, 'probe failed: HTTP 503'],
    [
      { ...base, location: 'away', reason: 'wrong-answer', status: 200 },
      'probe failed: wrong answer (token not found)',
    ],
    [{ ...base, location: 'away', reason: 'redirect', status: 302 }, 'probe failed: answered with a redirect'],
  ])('%j → %s', (verdict, text) => {
    expect(describeVerdict(verdict)).toBe(text);
  });
});

describe('nextMode', () => {
  it('cycles auto → home → away → auto', () => {
    expect(MODES).toEqual(['auto', 'home', 'away']);
    expect(nextMode('auto')).toBe('home');
    expect(nextMode('home')).toBe('away');
    expect(nextMode('away')).toBe('auto');
  });
});
