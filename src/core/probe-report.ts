// What a probe test found, in words for the options page. Pure.
import type { Location, ProbeOutcome, Verdict } from './verdict';

export interface ProbeReport {
  /** What the endpoint answered: "HTTP 200 in 12 ms, token found". */
  answer: string;
  counts: Location;
  /** What to do about it, or null when all is well. */
  advice: string | null;
}

export function describeProbeTest(outcome: ProbeOutcome, verdict: Verdict): ProbeReport {
  const ms = `${Math.round(outcome.latencyMs)} ms`;
  const counts = verdict.location;
  switch (outcome.kind) {
    case 'timeout':
      return {
        answer: `No answer within ${ms}`,
        counts,
        advice: 'Check the address and port, and that this computer can reach the endpoint right now.',
      };
    case 'network-error':
      return {
        answer: `Could not connect after ${ms} (${outcome.message})`,
        counts,
        advice: 'Check the address and port, and that the server is running and reachable from this computer.',
      };
    case 'response': {
      if (outcome.redirected) {
        return {
          answer: `Redirect (HTTP ${outcome.status}) after ${ms}`,
          counts,
          advice: 'A redirect usually comes from a captive portal or a login page; serve the endpoint without one.',
        };
      }
      const http = `HTTP ${outcome.status} in ${ms}`;
      if (outcome.status < 200 || outcome.status > 299) {
        return { answer: http, counts, advice: 'Only a 2xx answer counts as home.' };
      }
      if (outcome.tokenFound === false) {
        return {
          answer: `${http}, but the token was not in the answer`,
          counts,
          advice: 'Make the endpoint answer with a body that contains the token exactly.',
        };
      }
      if (outcome.tokenFound === true) return { answer: `${http}, token found`, counts, advice: null };
      return {
        answer: `${http}, no token to check`,
        counts,
        advice: 'It works, but without a token any device answering at this address counts as home.',
      };
    }
  }
}
