// The background's state for Hairpin's pages, pushed rather than polled: read once, then again
// whenever something it is made of changes (PageServices.onStateChanged: storage, where the
// verdicts live too, and permissions) and when the page comes back into view. Writes come in
// bursts (a probe stores its verdicts, then perhaps the switch it caused): one read per burst.
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { HairpinState } from '../core/messages';
import { errorMessage } from '../core/error-message';
import { useApp } from './services';

/** Changes this close together make one read. */
const BURST_MS = 50;

export interface HairpinStateOptions {
  /** Awaited before each read: the options page lets its saves in flight land first (their writes are its own). */
  settle?: () => Promise<unknown>;
  /** Called with each state the page takes (read, or an answer shown), once it is shown. */
  onState?: (state: HairpinState) => void;
}

export interface HairpinStateView {
  state: HairpinState | null;
  /** Why the last read or change failed; null again once one succeeds. */
  problem: string | null;
  /** Reads the state again now (after a permission was granted, say). */
  refresh: () => void;
  /** Takes a state the background answered with. */
  show: (state: HairpinState) => void;
  /**
   * Sends a change answered with the new state; `preview` shows its effect at once. A read that
   * began before it, or answers while it is on its way, may carry the state from before: it is
   * dropped, and the state is read again once no change is on its way.
   */
  change: (send: () => Promise<HairpinState>, preview?: (state: HairpinState) => HairpinState) => Promise<void>;
}

export function useHairpinState(options: HairpinStateOptions = {}): HairpinStateView {
  const { client, services } = useApp();
  const [state, setState] = useState<HairpinState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const latest = useRef(options);
  latest.current = options;
  /** Changes sent so far, and those still on their way. */
  const sent = useRef(0);
  const changing = useRef(0);
  /** One read at a time; one asked for meanwhile (or dropped) runs after it. */
  const reading = useRef(false);
  const readAgain = useRef(false);

  const show = useCallback((fresh: HairpinState) => {
    setState(fresh);
    latest.current.onState?.(fresh);
  }, []);

  const read = useCallback(async (): Promise<void> => {
    if (reading.current) {
      readAgain.current = true;
      return;
    }
    reading.current = true;
    const before = sent.current;
    try {
      await latest.current.settle?.();
      const fresh = await client({ type: 'getState' });
      if (sent.current !== before || changing.current > 0) readAgain.current = true;
      else {
        show(fresh);
        setProblem(null);
      }
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      reading.current = false;
      if (readAgain.current && changing.current === 0) {
        readAgain.current = false;
        void read();
      }
    }
  }, [client, show]);

  // A layout effect, not an effect: the first read is sent as soon as the page is first drawn,
  // rather than after the browser has painted that frame (where preact runs effects).
  useLayoutEffect(() => {
    void read();
    let queued: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      queued ??= setTimeout(() => {
        queued = null;
        void read();
      }, BURST_MS);
    };
    const onShow = () => {
      if (document.visibilityState === 'visible') soon();
    };
    document.addEventListener('visibilitychange', onShow);
    const unsubscribe = services.onStateChanged(soon);
    return () => {
      document.removeEventListener('visibilitychange', onShow);
      unsubscribe();
      if (queued) clearTimeout(queued);
    };
  }, [read, services]);

  const change = useCallback(
    async (send: () => Promise<HairpinState>, preview?: (state: HairpinState) => HairpinState) => {
      sent.current += 1;
      changing.current += 1;
      if (preview) setState((previous) => previous && preview(previous));
      try {
        show(await send());
        setProblem(null);
      } catch (error) {
        setProblem(errorMessage(error));
      } finally {
        changing.current -= 1;
        if (changing.current === 0 && readAgain.current && !reading.current) {
          readAgain.current = false;
          void read();
        }
      }
    },
    [read, show],
  );

  const refresh = useCallback(() => void read(), [read]);
  return { state, problem, refresh, show, change };
}
