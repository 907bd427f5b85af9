// A mapping's login section: whether its two hosts can share a login by cookies (and with which
// Domain), "Keep login across the switch", and the twice-confirmed consent to copy Secure
// cookies onto an http side (secure-consent.tsx).
import type { CookieHint, CookieVerdict } from '../core/cookie-hints';
import type { DraftMapping } from '../core/config-draft';
import { originOf, parseSide } from '../core/side';
import { consentKey, keepLoginScope } from '../core/login-mirror';
import { useApp } from '../ui/services';
import { usePermissionRequest } from '../ui/permission-request';
import { SecureConsent } from './secure-consent';

const VERDICT_TEXT: Record<CookieVerdict, string> = {
  'same-host': 'Same host',
  shared: 'Can be shared',
  'cannot-share': 'Cannot be shared',
};

/** The hint's messages that are not already shown next to the Cookie domain field. */
function loginMessages(hint: CookieHint): string[] {
  const problem = hint.cookieDomainProblem;
  // analyzeSides words the problem as a sentence of its own; the field shows it as a warning.
  return problem
    ? hint.messages.filter((message) => message !== `The mapping's cookie domain will not work: ${problem}.`)
    : hint.messages;
}

export interface LoginSettingsProps {
  mapping: DraftMapping;
  /** The mapping's name for accessible labels. */
  label: string;
  /** Null while the URLs are not both valid, or when hints are unavailable. */
  hint: CookieHint | null;
  hintsAvailable: boolean;
  secureConsent: readonly string[];
  onKeepLogin: (keepLogin: boolean) => void;
  setSecureConsent: (mapping: string, allowed: boolean) => Promise<void>;
}

export function LoginSettings(props: LoginSettingsProps) {
  const { mapping, hint } = props;
  const id = `${mapping.key}-login`;
  const messages = hint ? loginMessages(hint) : [];
  const { services } = useApp();
  const access = usePermissionRequest(
    () => services.requestCookieAccess(),
    () => props.onKeepLogin(true),
    {
      refused: 'Keep login needs cookie access, and it was not granted: the option stays off.',
      failed: (message) => `Could not ask for cookie access: ${message}`,
    },
  );

  // Keep login needs the optional `cookies` permission: ask first, and tick the box only once it
  // is granted.
  const toggleKeepLogin = (box: HTMLInputElement) => {
    if (!box.checked) {
      access.clearProblem();
      props.onKeepLogin(false);
      return;
    }
    box.checked = false;
    access.ask();
  };

  // An http side with a https twin: the case where Secure cookies are at stake.
  const external = parseSide(mapping.external);
  const internal = parseSide(mapping.internal);
  const sides = external.ok && internal.ok ? [external.side, internal.side] : [];
  const consent = consentKey(mapping.external, mapping.internal);
  const httpSide =
    sides.length === 2 && sides[0]!.scheme !== sides[1]!.scheme
      ? sides.find((side) => side.scheme === 'http')
      : undefined;
  const sameHost = sides.length === 2 && sides[0]!.host === sides[1]!.host;
  const scope = keepLoginScope(mapping.external, mapping.internal);

  return (
    <div class="login" role="group" aria-labelledby={`${id}-title`}>
      <div class="login-head">
        <h5 id={`${id}-title`} class="login-title">
          Login
        </h5>
        {hint && <span class={`cookie-verdict cookie-verdict-${hint.verdict}`}>{VERDICT_TEXT[hint.verdict]}</span>}
        {hint?.domain && (
          <code
            class="cookie-domain-chip"
            title={
              hint.domainSource === 'mapping'
                ? 'The cookie Domain from the Cookie domain field'
                : 'The cookie Domain your service must set, worked out from the two hosts'
            }
          >
            Domain={hint.domain}
          </code>
        )}
      </div>
      {hint ? (
        <ul class="login-messages">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : (
        <p class="login-messages muted">
          {props.hintsAvailable
            ? 'Enter both URLs to see whether a login can carry over from one to the other.'
            : 'Login hints are unavailable.'}
        </p>
      )}
      <div class="login-option">
        <label class="checkbox">
          <input
            type="checkbox"
            id={`${mapping.key}-keepLogin`}
            checked={mapping.keepLogin}
            aria-describedby={`${mapping.key}-keepLogin-hint${scope ? ` ${mapping.key}-keepLogin-scope` : ''}`}
            onChange={(event) => toggleKeepLogin(event.currentTarget)}
          />
          Keep login across the switch
        </label>
        {access.problem && (
          <p class="field-message field-error" role="alert">
            {access.problem}
          </p>
        )}
        <p id={`${mapping.key}-keepLogin-hint`} class="field-message field-hint">
          {sameHost
            ? 'Both addresses are on one host, which already shares its cookies: there is nothing to copy.'
            : 'Copies cookies set or removed on one address onto the other, so a switch keeps you logged in; each server then receives the other’s login, so use it only for servers you run. Turning it on asks for cookie access; turning it off removes the copies Hairpin made.'}
        </p>
        {scope && (
          <p id={`${mapping.key}-keepLogin-scope`} class="field-message field-hint">
            {scope}
          </p>
        )}
      </div>
      {mapping.keepLogin && httpSide && consent && (
        <SecureConsent
          mappingKey={consent}
          label={props.label}
          httpOrigin={originOf(httpSide)}
          inputId={`${mapping.key}-secureConsent`}
          allowed={props.secureConsent.includes(consent)}
          setSecureConsent={props.setSecureConsent}
        />
      )}
    </div>
  );
}
