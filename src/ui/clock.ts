// A clock for relative times ("checked 12 s ago"): it ticks on its own, and `tick` moves it on
// at once (after an answer that carries a fresh time). It reads nothing from the background.
import { useCallback, useEffect, useState } from 'preact/hooks';

export function useClock(everyMs: number, now: () => number): [clock: number, tick: () => void] {
  const [clock, setClock] = useState(now);
  const tick = useCallback(() => setClock(now()), [now]);
  useEffect(() => {
    const timer = setInterval(tick, everyMs);
    return () => clearInterval(timer);
  }, [everyMs, tick]);
  return [clock, tick];
}
