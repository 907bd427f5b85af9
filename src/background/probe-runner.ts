// Runs the probes of networks for the engine. A network already being probed is not probed
// twice at once: its running probe is shared, unless the caller asks for one started now. A
// failure right after a Home answer is confirmed by a second, hedged probe (hysteresis).
import { PROBE_TIMEOUT, type Network } from '../core/config-schema';
import { mayRetryProbe, RETRY_DELAY_MS, shouldRetryProbe } from '../core/navigation';
import { verdictFromOutcome, type ProbeOutcome, type Verdict } from '../core/verdict';
import type { ProbeRequest } from '../browser/probe-fetch';

export interface ProbeRunnerDeps {
  probe(request: ProbeRequest): Promise<ProbeOutcome>;
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** A probe under way; `number` orders probes by when they started. */
export interface RunningProbe {
  number: number;
  verdict: Promise<Verdict>;
}

export class ProbeRunner {
  private readonly inflight = new Map<string, RunningProbe>();
  private probesStarted = 0;

  constructor(private readonly deps: ProbeRunnerDeps) {}

  /**
   * The probe of `network`: the one under way, or a new one. With `fresh`, a probe already
   * running is not shared: it started before the reason to ask (the user pressed Check now,
   * the network changed) and may have gone to the network the browser just left.
   */
  run(network: Network, previous: Verdict | undefined, fresh: boolean): RunningProbe {
    // Keyed by the probe too: a probe still running for an edited network (say, to a wrong
    // address that will time out) must not stand in for a probe of the saved config.
    const key = probeKey(network);
    const running = this.inflight.get(key);
    if (running && !fresh) return running;
    const started: RunningProbe = {
      number: ++this.probesStarted,
      verdict: this.probeWithRetry(network, previous).finally(() => {
        if (this.inflight.get(key) === started) this.inflight.delete(key);
      }),
    };
    this.inflight.set(key, started);
    return started;
  }

  /**
   * Hysteresis: one failure right after a Home answer is checked again before it counts. The
   * second probe starts RETRY_DELAY_MS after the first one *started* (unless that one has
   * answered by then), not after it failed, and gives up when the first one does: a hanging
   * endpoint, the usual sight just after leaving home, then costs one timeout, not one and a
   * pause (nor two). Either probe answering Home wins.
   */
  private async probeWithRetry(network: Network, previous: Verdict | undefined): Promise<Verdict> {
    const timeoutMs = network.probe.timeoutMs ?? PROBE_TIMEOUT.default;
    const first = this.probeOnce(network, timeoutMs);
    if (!mayRetryProbe(previous, this.deps.now())) return first;
    const pause = this.deps.sleep(RETRY_DELAY_MS);
    const early = await Promise.race([first, pause.then(() => null)]);
    if (early && !shouldRetryProbe(previous, early)) return early;
    await pause; // a fast failure (refused) still waits: a blip gets its moment to pass
    const second = this.probeOnce(network, retryTimeoutMs(timeoutMs));
    const home = (verdict: Promise<Verdict>) =>
      verdict.then((value) => (value.location === 'home' ? value : Promise.reject(new Error('not home'))));
    // Both failed: the retry's own timeout is the shorter one, so a timeout of it says less than
    // whatever the first probe met (the configured timeout, or a specific failure).
    return Promise.any([home(first), home(second)]).catch(async () => {
      const retried = await second;
      return retried.reason === 'timeout' ? first : retried;
    });
  }

  private async probeOnce(network: Network, timeoutMs: number): Promise<Verdict> {
    const outcome = await this.deps.probe({ url: network.probe.url, expect: network.probe.expect, timeoutMs });
    return verdictFromOutcome(outcome, this.deps.now());
  }
}

/**
 * The retry's timeout: it ends with the first probe's (started RETRY_DELAY_MS earlier), so a
 * verdict never waits longer than one probe timeout; never shorter than the shortest a probe
 * may have.
 */
export function retryTimeoutMs(timeoutMs: number): number {
  return Math.max(PROBE_TIMEOUT.min, timeoutMs - RETRY_DELAY_MS);
}

/** What identifies one probe of one network. */
export function probeKey(network: Network): string {
  return JSON.stringify([
    network.name,
    network.probe.url,
    network.probe.expect ?? null,
    network.probe.timeoutMs ?? null,
  ]);
}
