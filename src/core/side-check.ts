// "Test both sides" before a mapping is saved: what each address did when the background
// fetched it (no cookies, redirects not followed, a short timeout), and what that says about
// where the browser is. Pure; the fetch is the probe's (browser/probe-fetch.ts).
import type { ProbeOutcome } from './verdict';

/** How long each side may take to answer. */
export const SIDE_CHECK_TIMEOUT_MS = 3000;

export type SideCheck = { ok: true; outcome: ProbeOutcome } | { ok: false; error: string };

export type Reach = 'answers' | 'refused' | 'timed-out' | 'invalid';

export interface ReachReport {
  reach: Reach;
  /** "answers (HTTP 200 in 12 ms)", "refused or not found", "timed out after 3 s". */
  text: string;
}

export function describeCheck(check: SideCheck): ReachReport {
  if (!check.ok) return { reach: 'invalid', text: check.error };
  const { outcome } = check;
  const ms = Math.round(outcome.latencyMs);
  switch (outcome.kind) {
    case 'response':
      return {
        reach: 'answers',
        text: outcome.redirected
          ? `answers with a redirect (HTTP ${outcome.status} in ${ms} ms)`
          : `answers (HTTP ${outcome.status} in ${ms} ms)`,
      };
    case 'timeout':
      return { reach: 'timed-out', text: `timed out after ${(outcome.latencyMs / 1000).toFixed(1)} s` };
    case 'network-error':
      return { reach: 'refused', text: 'refused or not found (no connection)' };
  }
}

/** One sentence on which side answers from where the browser is now. */
export function summarizeChecks(external: ReachReport, internal: ReachReport): string {
  const ext = external.reach === 'answers';
  const int = internal.reach === 'answers';
  if (external.reach === 'invalid' || internal.reach === 'invalid') return 'Fix the address first.';
  if (ext && int) return 'Both addresses answer from here.';
  if (int) return 'Only the internal address answers from here: this browser seems to be at home.';
  if (ext)
    return 'Only the external address answers from here: this browser seems to be away, or the internal address is wrong.';
  return 'Neither address answers from here: check both.';
}
