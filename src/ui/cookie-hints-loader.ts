// Login hints need the public suffix list (tldts, ~130 kB minified): it is loaded on demand, in
// its own chunk, so neither page's first paint waits for it and the background never loads it.
import { useEffect, useState } from 'preact/hooks';

export type CookieHints = typeof import('../core/cookie-hints');

let loading: Promise<CookieHints> | null = null;

export function loadCookieHints(): Promise<CookieHints> {
  loading ??= import('../core/cookie-hints').catch((error: unknown) => {
    loading = null; // a later caller may try again
    throw error;
  });
  return loading;
}

/**
 * The module once loaded; `settled` turns true when it loaded or failed to (a page without
 * hints still works).
 */
export function useCookieHints(): { hints: CookieHints | null; settled: boolean } {
  const [result, setResult] = useState<{ hints: CookieHints | null; settled: boolean }>({
    hints: null,
    settled: false,
  });
  useEffect(() => {
    let live = true;
    loadCookieHints().then(
      (hints) => live && setResult({ hints, settled: true }),
      (error: unknown) => {
        console.warn('Hairpin: login hints are unavailable:', error);
        if (live) setResult({ hints: null, settled: true });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return result;
}
