// Shown when some mapping has Keep login on but this browser has not granted `cookies` (the
// setting arrived through sync or the config URL, or the user withdrew the permission).
import { mirrorPairs, needsCookieAccess } from '../core/login-mirror';
import type { HairpinState } from '../core/messages';
import { AccessNotice } from './access-notice';
import { useApp } from './services';

export function keepLoginPaused(state: HairpinState): boolean {
  return !state.cookieAccess && needsCookieAccess(state.config);
}

export function CookieAccessNotice({ state, onGranted }: { state: HairpinState; onGranted: () => void }) {
  const { services } = useApp();
  const count = mirrorPairs(state.config).length;
  return (
    <AccessNotice
      tone="warn"
      what="cookie access"
      buttonLabel="Allow cookie access"
      request={() => services.requestCookieAccess()}
      onGranted={onGranted}
    >
      <strong>Keep login is paused in this browser.</strong>{' '}
      {count === 1 ? 'A mapping is set to keep its login' : `${count} mappings are set to keep their login`} across the
      switch, but this browser has not allowed Hairpin to use cookies.
    </AccessNotice>
  );
}
