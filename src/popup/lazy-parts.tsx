// Parts of the popup its first view does without, each loaded on demand in its own chunk so the
// entry stays small: the login report of a mapped tab (it waits for the public suffix list
// anyway, which starts loading beside it), the sync-file line (only once a sync file is set) and
// the notice of what arrived from elsewhere and waits for approval (only while something does).
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
const pendingNotice = lazyModule(() => import('../ui/pending-notice'));
const cookieAccessNotice = lazyModule(() => import('../ui/cookie-access-notice'));

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

function PendingNoticeLoader(props: { state: HairpinState; onDone: () => void }) {
  const { module, problem } = pendingNotice.useModule();
  if (module) return <module.PendingNotice {...props} />;
  return problem ? (
    <p class="notice notice-warn" role="status">
      Something from elsewhere waits for your OK in this browser, but its notice could not be loaded: {problem}
    </p>
  ) : null;
}

/** Nothing, and nothing loaded, until something from elsewhere waits (a keepLogin alone: the cookie notice). */
export function LazyPendingNotice({ state, onDone }: { state: HairpinState | null; onDone: () => void }) {
  const waiting = state?.pending.some((item) => !item.declined && item.kind !== 'keepLogin') ?? false;
  return state && waiting ? <PendingNoticeLoader state={state} onDone={onDone} /> : null;
}

function CookieAccessNoticeLoader(props: { state: HairpinState; onGranted: () => void }) {
  const { module } = cookieAccessNotice.useModule();
  return module && module.keepLoginPaused(props.state) ? <module.CookieAccessNotice {...props} /> : null;
}

/** Loaded only once some mapping keeps its login (or one from elsewhere waits): it may be paused. */
export function LazyCookieAccessNotice({ state, onGranted }: { state: HairpinState | null; onGranted: () => void }) {
  const keeps =
    state?.config.networks.some((network) => network.mappings.some((mapping) => mapping.keepLogin)) ?? false;
  return state && keeps ? <CookieAccessNoticeLoader state={state} onGranted={onGranted} /> : null;
}
