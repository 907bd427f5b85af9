// How components reach the background (the typed client) and the browser (PageServices): both
// are handed down through AppContext, so tests render the pages with fakes.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { HairpinClient } from '../core/messages';
import type { PageServices } from '../core/page-services';

export interface AppDeps {
  client: HairpinClient;
  services: PageServices;
}

export const AppContext = createContext<AppDeps | null>(null);

export function useApp(): AppDeps {
  const deps = useContext(AppContext);
  if (!deps) throw new Error('AppContext is missing: render pages inside <AppContext.Provider>');
  return deps;
}
