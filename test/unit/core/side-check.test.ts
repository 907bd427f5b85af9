import { describe, expect, it } from 'vitest';
import { describeCheck, summarizeChecks, type SideCheck } from '../../../src/core/side-check';

const answers: SideCheck = {
  ok: true,
  outcome: { kind: 'response', status: 200, latencyMs: 12.4, tokenFound: null, redirected: false },
};
const redirect: SideCheck = {
  ok: true,
  outcome: { kind: 'response', status: 302, latencyMs: 5, tokenFound: null, redirected: true },
};
const refused: SideCheck = { ok: true, outcome: { kind: 'network-error', latencyMs: 4, message: 'Failed to fetch' } };
const timeout: SideCheck = { ok: true, outcome: { kind: 'timeout', latencyMs: 3000 } };
const invalid: SideCheck = { ok: false, error: 'the host is missing' };

describe('describeCheck', () => {
  it('says how each side answered', () => {
    expect(describeCheck(answers)).toEqual({ reach: 'answers', text: 'answers (HTTP 200 in 12 ms)' });
    expect(describeCheck(redirect)).toEqual({
      reach: 'answers',
      text: 'answers with a redirect (HTTP 302 in 5 ms)',
    });
    expect(describeCheck(refused).reach).toBe('refused');
    expect(describeCheck(timeout)).toEqual({ reach: 'timed-out', text: 'timed out after 3.0 s' });
    expect(describeCheck(invalid)).toEqual({ reach: 'invalid', text: 'the host is missing' });
  });
});

describe('summarizeChecks', () => {
  it('says which side answers from here', () => {
    const d = describeCheck;
    expect(summarizeChecks(d(answers), d(answers))).toBe('Both addresses answer from here.');
    expect(summarizeChecks(d(timeout), d(answers))).toMatch(/^Only the internal address .* at home/);
    expect(summarizeChecks(d(answers), d(refused))).toMatch(/^Only the external address .* away/);
    expect(summarizeChecks(d(refused), d(timeout))).toBe('Neither address answers from here: check both.');
    expect(summarizeChecks(d(invalid), d(answers))).toBe('Fix the address first.');
  });
});
