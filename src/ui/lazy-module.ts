// A module loaded on demand (a dynamic import, its own chunk): loaded once, shared by every
// component that needs it, drawn at once when already loaded, and tried again after a failure.
// The popup keeps what its first view can do without (the login report, the sync-file line)
// out of its entry this way.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../core/error-message';

export interface LazyModule<M> {
  load(): Promise<M>;
  /** The module once loaded (at once if it already is), or why it could not be. */
  useModule(): { module: M | null; problem: string | null };
}

export function lazyModule<M>(importer: () => Promise<M>): LazyModule<M> {
  let loading: Promise<M> | null = null;
  let loaded: M | null = null;
  const load = (): Promise<M> => {
    loading ??= importer().then(
      (module) => (loaded = module),
      (error: unknown) => {
        loading = null; // a later render may try again
        throw error;
      },
    );
    return loading;
  };
  const useModule = () => {
    const [module, setModule] = useState<M | null>(loaded);
    const [problem, setProblem] = useState<string | null>(null);
    useEffect(() => {
      if (module) return;
      let live = true;
      load().then(
        (result) => live && setModule(() => result),
        (error: unknown) => live && setProblem(errorMessage(error)),
      );
      return () => {
        live = false;
      };
    }, [module]);
    return { module, problem };
  };
  return { load, useModule };
}
