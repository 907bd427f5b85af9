// Shown when Keep login copies nothing in this browser: some mapping keeps its login but this
// browser has not granted `cookies` (the user withdrew it, or the setting arrived from elsewhere),
// or a keepLogin arrived from elsewhere (sync, the config URL, the sync file) and waits for a
// click here — even with `cookies` already granted for another mapping (core/approval.ts).
import { needsCookieAccess } from '../core/login-mirror';
import type { HairpinState } from '../core/messages';
import type { PendingApproval } from '../core/approval';
import { AccessNotice } from './access-notice';
import { useApp } from './services';
import { describePending } from './pending-notice';

/** keepLogins from elsewhere that wait for a click in this browser (not declined). */
function waitingKeepLogins(state: HairpinState): PendingApproval[] {
  return state.pending.filter((item) => item.kind === 'keepLogin' && !item.declined);
}

export function keepLoginPaused(state: HairpinState): boolean {
  return waitingKeepLogins(state).length > 0 || (!state.cookieAccess && needsCookieAccess(state.applied));
}

export function CookieAccessNotice({ state, onGranted }: { state: HairpinState; onGranted: () => void }) {
  const { client, services } = useApp();
  const waiting = waitingKeepLogins(state);
  const count = state.applied.networks.flatMap((network) => network.mappings).filter((m) => m.keepLogin).length;
  // The permission request runs first thing in the click (it needs the gesture), then the approval.
  const allow = () => {
    const access = state.cookieAccess ? Promise.resolve(true) : services.requestCookieAccess();
    if (waiting.length === 0) return access;
    return access.then(async (granted) => {
      if (!granted) return false;
      await client({ type: 'reviewPending', ids: waiting.map((item) => item.id), verdict: 'approve' });
      return true;
    });
  };
  return (
    <AccessNotice
      tone="warn"
      what="cookie access"
      buttonLabel={waiting.length > 0 ? 'Allow keep login' : 'Allow cookie access'}
      request={allow}
      onGranted={onGranted}
    >
      <strong>Keep login is paused in this browser.</strong>{' '}
      {waiting.length > 0 ? (
        <>
          {waiting.length === 1 ? 'A mapping was' : `${waiting.length} mappings were`} set to keep the login elsewhere
          (by browser sync, the household sync file or the config URL), and Hairpin copies cookies only once you allow
          it here: {waiting.map((item) => describePending(item)).join('; ')}.
        </>
      ) : (
        <>
          {count === 1 ? 'A mapping is set to keep its login' : `${count} mappings are set to keep their login`} across
          the switch, but this browser has not allowed Hairpin to use cookies.
        </>
      )}
    </AccessNotice>
  );
}
