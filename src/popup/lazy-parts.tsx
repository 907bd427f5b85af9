// Parts of the popup its first view does without, each loaded on demand in its own chunk so the
// entry stays small: the login report of a mapped tab (it waits for the public suffix list
// anyway, which starts loading beside it) and the sync-file line (only once a sync file is set).
import type { ComponentProps } from 'preact';
import type { HairpinState } from '../core/messages';
import { lazyModule } from '../ui/lazy-module';
import { loadCookieHints } from '../ui/cookie-hints-loader';
import type { LoginReport } from './login-report';

const loginReport = lazyModule(() => {
  // The report's hints need the public suffix list: fetch both chunks at once, not one after the other.
  loadCookieHints().catch(() => undefined); // a failure is reported by the report itself
  return import('./login-report');
});
const syncFileLine = lazyModule(() => import('./sync-file-line'));

export function LazyLoginReport(props: ComponentProps<typeof LoginReport>) {
  const { module, problem } = loginReport.useModule();
  if (module) return <module.LoginReport {...props} />;
  return (
    <div class="tab-login" role="group" aria-busy={problem ? 'false' : 'true'} aria-label="Login">
      <p class={problem ? 'field-error' : 'muted'}>
        {problem ? `The login report could not be loaded: ${problem}` : 'Checking this address’s cookies…'}
      </p>
    </div>
  );
}

function SyncFileLineLoader(props: { state: HairpinState; clock: number }) {
  const { module } = syncFileLine.useModule();
  return module ? <module.SyncFileLine {...props} /> : null;
}

/** Nothing, and nothing loaded, until this browser has a sync file. */
export function LazySyncFileLine({ state, clock }: { state: HairpinState | null; clock: number }) {
  return state?.syncFile?.settings ? <SyncFileLineLoader state={state} clock={clock} /> : null;
}
