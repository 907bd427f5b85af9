// The login section of a mapped tab's editor: can the two hosts share a login by cookies (same
// host / can be shared / cannot be shared, and why), the Secure-cookie and HSTS traps of this
// pair, the suggested cookie Domain with one click to store it as the mapping's cookieDomain,
// and Keep login, whose click asks for the `cookies` permission there and then.
import { useState } from 'preact/hooks';
import type { CookieVerdict } from '../../core/cookie-hints';
import type { Mapping } from '../../core/config-schema';
import { useCookieHints } from '../../ui/cookie-hints-loader';
import { usePermissionRequest } from '../../ui/permission-request';
import { useApp } from '../../ui/services';
import { keepLoginScope } from '../../core/login-mirror';

const VERDICT_TEXT: Record<CookieVerdict, string> = {
  'same-host': 'Same host',
  shared: 'Can be shared',
  'cannot-share': 'Cannot be shared',
};

export interface LoginSectionProps {
  mapping: Mapping;
  /** Saves the mapping with these fields changed; resolves with a problem to show, or null. */
  save: (patch: Partial<Mapping>) => Promise<string | null>;
  idPrefix: string;
}

export function LoginSection({ mapping, save, idPrefix }: LoginSectionProps) {
  const { services } = useApp();
  const { hints, settled } = useCookieHints();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = (patch: Partial<Mapping>) => {
    setBusy(true);
    setProblem(null);
    void save(patch).then((why) => {
      setProblem(why);
      setBusy(false);
    });
  };
  const access = usePermissionRequest(
    () => services.requestCookieAccess(),
    () => run({ keepLogin: true }),
    { refused: 'Keep login needs cookie access, and it was not granted: the option stays off.' },
  );

  if (!settled) return <p class="muted editor-login">Checking whether a login carries over…</p>;
  const hint = hints?.analyzeMapping(mapping) ?? null;
  const headingId = `${idPrefix}-login-heading`;
  const stored = mapping.cookieDomain?.replace(/^\./, '').toLowerCase() ?? null;
  const scope = keepLoginScope(mapping.external, mapping.internal);
  const suggested = hint?.verdict === 'shared' && hint.domain && hint.domain !== stored ? hint.domain : null;

  // Keep login: asking for the permission must be the first thing the click does (the user gesture).
  const onKeepLogin = (box: HTMLInputElement) => {
    if (box.checked) {
      access.ask();
      box.checked = false; // ticked once it is granted and saved
    } else {
      access.clearProblem();
      run({ keepLogin: undefined });
    }
  };

  return (
    <section class="editor-login" aria-labelledby={headingId} aria-busy={busy ? 'true' : 'false'}>
      <h3 id={headingId} class="editor-subheading">
        Login
        {hint && <span class={`cookie-verdict cookie-verdict-${hint.verdict}`}>{VERDICT_TEXT[hint.verdict]}</span>}
      </h3>
      {hint ? (
        <ul class="editor-login-why">
          {hint.messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">Login hints are unavailable.</p>
      )}
      {stored && !hint?.cookieDomainProblem && <p class="muted">Cookie domain stored for this mapping: {stored}</p>}
      {suggested && (
        <button type="button" class="button button-small" onClick={() => run({ cookieDomain: suggested })}>
          Use Domain={suggested} for this mapping’s cookies
        </button>
      )}
      <label class="checkbox">
        <input
          type="checkbox"
          checked={mapping.keepLogin === true}
          onClick={(event) => onKeepLogin(event.currentTarget)}
        />
        Keep login across the switch
      </label>
      <p class="field-message field-hint">
        Copies this mapping’s cookies between its two hosts (asks for cookie access; turning it off removes the copies).
        Secure cookies go onto an http side only with the consent given on the options page.
      </p>
      {scope && <p class="field-message field-hint">{scope}</p>}
      {(problem ?? access.problem) && (
        <p class="field-message field-error" role="alert">
          {problem ?? access.problem}
        </p>
      )}
    </section>
  );
}
