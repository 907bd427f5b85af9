import { describe, expect, it } from 'vitest';
import { describeProbeTest } from '../../../src/core/probe-report';
import { verdictFromOutcome, type ProbeOutcome } from '../../../src/core/verdict';

const report = (outcome: ProbeOutcome) => describeProbeTest(outcome, verdictFromOutcome(outcome, 0));

describe('describeProbeTest', () => {
  it('reports a good answer', () => {
    expect(report({ kind: 'response', status: 200, latencyMs: 12.4, tokenFound: true, redirected: false })).toEqual({
      answer: 'HTTP 200 in 12 ms, token found',
      counts: 'home',
      advice: null,
    });
  });

  it('advises a token when none is checked', () => {
    const result = report({ kind: 'response', status: 204, latencyMs: 3, tokenFound: null, redirected: false });
    expect(result.answer).toBe('HTTP 204 in 3 ms, no token to check');
    expect(result.counts).toBe('home');
    expect(result.advice).toMatch(/without a token/);
  });

  it('explains each way to be away', () => {
    expect(report({ kind: 'response', status: 200, latencyMs: 5, tokenFound: false, redirected: false })).toMatchObject(
      {
        answer: 'HTTP 200 in 5 ms, but the token was not in the answer',
        counts: 'away',
      },
    );
    expect(report({ kind: 'response', status: 503, latencyMs: 5, tokenFound: null, redirected: false })).toMatchObject({
      answer: 'HTTP 503 in 5 ms',
      counts: 'away',
      advice: 'Only a 2xx answer counts as home.',
    });
    expect(report({ kind: 'response', status: 302, latencyMs: 5, tokenFound: null, redirected: true }).answer).toBe(
      'Redirect (HTTP 302) after 5 ms',
    );
    expect(report({ kind: 'timeout', latencyMs: 1500 }).answer).toBe('No answer within 1500 ms');
    expect(report({ kind: 'network-error', latencyMs: 4, message: 'Failed to fetch' }).answer).toBe(
      'Could not connect after 4 ms (Failed to fetch)',
    );
  });
});
