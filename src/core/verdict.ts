// Turning a probe's outcome into a verdict, and a verdict plus the user's mode into the
// location the rules follow. Pure: the fetch itself lives in the probe adapter.

export type Mode = 'auto' | 'home' | 'away';
export type Location = 'home' | 'away';
export const MODES: readonly Mode[] = ['auto', 'home', 'away'];

/** What the probe request produced, before any judgement. */
export type ProbeOutcome =
  | { kind: 'response'; status: number; latencyMs: number; tokenFound: boolean | null; redirected: boolean }
  | { kind: 'timeout'; latencyMs: number }
  | { kind: 'network-error'; latencyMs: number; message: string };

export type VerdictReason = 'answered' | 'timeout' | 'network-error' | 'http-status' | 'wrong-answer' | 'redirect';

export interface Verdict {
  location: Location;
  reason: VerdictReason;
  latencyMs: number;
  checkedAt: number;
  status?: number;
  detail?: string;
}

/**
 * Home only for a 2xx answer that carries the token (when one is expected). A captive portal
 * answering everything with 200, or a stranger's device on the same IP, must read as away.
 */
export function verdictFromOutcome(outcome: ProbeOutcome, checkedAt: number): Verdict {
  const base = { latencyMs: Math.round(outcome.latencyMs), checkedAt };
  switch (outcome.kind) {
    case 'timeout':
      return { ...base, location: 'away', reason: 'timeout' };
    case 'network-error':
      return { ...base, location: 'away', reason: 'network-error', detail: outcome.message };
    case 'response':
      if (outcome.redirected) return { ...base, location: 'away', reason: 'redirect', status: outcome.status };
      if (outcome.status < 200 || outcome.status > 299) {
        return { ...base, location: 'away', reason: 'http-status', status: outcome.status };
      }
      if (outcome.tokenFound === false) {
        return { ...base, location: 'away', reason: 'wrong-answer', status: outcome.status };
      }
      return { ...base, location: 'home', reason: 'answered', status: outcome.status };
  }
}

/** The location the rules follow: a forced mode wins; auto follows the last verdict, if any. */
export function effectiveLocation(mode: Mode, verdict: Verdict | undefined): Location | 'unknown' {
  if (mode !== 'auto') return mode;
  return verdict?.location ?? 'unknown';
}

/** A short human explanation: "probe answered in 12 ms", "probe failed: HTTP 503". */
export function describeVerdict(verdict: Verdict): string {
  switch (verdict.reason) {
    case 'answered':
      return `probe answered in ${verdict.latencyMs} ms`;
    case 'timeout':
      return `probe failed: timeout after ${verdict.latencyMs} ms`;
    case 'network-error':
      return 'probe failed: no connection';
    case 'http-status':
      return `probe failed: HTTP ${verdict.status}`;
    case 'wrong-answer':
      return 'probe failed: wrong answer (token not found)';
    case 'redirect':
      return 'probe failed: answered with a redirect';
  }
}

/**
 * The mode in force for each network: this session's choice, else a pinned one, else auto. A
 * forced mode ends with the browser session unless pinned: after a restart somewhere else,
 * restored tabs must not go to private addresses before the first probe.
 */
export function effectiveMode(
  session: Readonly<Record<string, Mode>>,
  pinned: Readonly<Record<string, Mode>>,
  network: string,
): Mode {
  const own = (record: Readonly<Record<string, Mode>>) =>
    Object.hasOwn(record, network) ? record[network] : undefined;
  return own(session) ?? own(pinned) ?? 'auto';
}

export function nextMode(mode: Mode): Mode {
  return MODES[(MODES.indexOf(mode) + 1) % MODES.length]!;
}
