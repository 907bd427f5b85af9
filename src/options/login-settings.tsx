// A mapping's login section: whether its two hosts can share a login by cookies (and with which
// Domain), "Keep login across the switch", and the twice-confirmed consent to copy Secure
// cookies onto an http side.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CookieHint, CookieVerdict } from '../core/cookie-hints';
import type { DraftMapping } from '../core/config-draft';
import { originOf, parseSide } from '../core/side';
import { consentKey } from '../core/login-mirror';
import { useApp } from '../ui/services';
import { errorMessage } from '../core/error-message';
import { usePermissionRequest } from '../ui/permission-request';

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
            aria-describedby={`${mapping.key}-keepLogin-hint`}
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
            : 'Copies cookies set or removed on one address onto the other, so a switch keeps you logged in; each server then receives the other’s login, so use it only for servers you run. Turning it on asks for cookie access.'}
        </p>
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

function SecureConsent(props: {
  mappingKey: string;
  label: string;
  httpOrigin: string;
  inputId: string;
  allowed: boolean;
  setSecureConsent: (mapping: string, allowed: boolean) => Promise<void>;
}) {
  const { mappingKey, httpOrigin, allowed } = props;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const checkbox = useRef<HTMLInputElement>(null);

  const send = async (value: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      await props.setSecureConsent(mappingKey, value);
      return true;
    } catch (error) {
      setProblem(`Not changed: ${errorMessage(error)}`);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const onToggle = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    if (busy) {
      input.checked = allowed || confirming;
      return;
    }
    // Withdrawing is one click; allowing takes a second, explicit confirmation.
    if (!input.checked) void send(false);
    else setConfirming(true);
  };

  const close = (confirmed: boolean) => {
    const finish = () => {
      setConfirming(false);
      requestAnimationFrame(() => checkbox.current?.focus());
    };
    if (!confirmed) finish();
    else void send(true).then(finish);
  };

  const hintId = `${props.inputId}-hint`;
  return (
    <div class="login-option secure-consent">
      <label class="checkbox">
        <input
          ref={checkbox}
          type="checkbox"
          id={props.inputId}
          checked={allowed || confirming}
          aria-describedby={hintId}
          aria-busy={busy ? 'true' : undefined}
          onChange={onToggle}
        />
        Also copy Secure cookies onto {httpOrigin}
      </label>
      <p id={hintId} class={`field-message ${problem ? 'field-error' : allowed ? 'field-warning' : 'field-hint'}`}>
        {problem ??
          (allowed
            ? `Secure cookies are copied onto ${httpOrigin} and travel there unencrypted.`
            : `Secure cookies (most logins over https) stay behind: on ${httpOrigin} you log in again.`)}
      </p>
      {confirming && (
        <ConfirmDialog
          id={`${props.inputId}-confirm`}
          title="Copy Secure cookies onto plain http?"
          confirmLabel="Copy them unencrypted"
          busy={busy}
          onClose={close}
        >
          <p>
            Your service marks its login cookies Secure so that browsers only ever send them encrypted. Copied onto{' '}
            <strong>{httpOrigin}</strong>, they travel <strong>unencrypted</strong> on your network: anyone on the same
            Wi-Fi or LAN who can watch the traffic could read them and use your login.
          </p>
          <p>Allow this for “{props.label}” only if you trust every device on your home network.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** A modal dialog: Escape and Cancel say no, and Cancel has the focus to begin with. */
function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  busy: boolean;
  onClose: (confirmed: boolean) => void;
  id: string;
  children: ComponentChildren;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = `${props.id}-title`;
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => {
      if (element?.open) element.close();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      class="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!props.busy) props.onClose(false);
      }}
    >
      <h2 id={titleId} class="confirm-title">
        {props.title}
      </h2>
      <div class="confirm-body">{props.children}</div>
      <div class="confirm-actions">
        <button type="button" class="button" autoFocus onClick={() => props.onClose(false)} disabled={props.busy}>
          Cancel
        </button>
        <button
          type="button"
          class="button button-danger"
          aria-busy={props.busy ? 'true' : 'false'}
          onClick={() => {
            if (!props.busy) props.onClose(true);
          }}
        >
          {props.busy && <span class="spinner" aria-hidden="true" />}
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
