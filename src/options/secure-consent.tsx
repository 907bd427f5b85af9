// Copying a mapping's Secure cookies onto its plain-http side: off by default, withdrawn with
// one click, allowed only after a second, explicit confirmation that says what it risks.
import { useRef, useState } from 'preact/hooks';
import { errorMessage } from '../core/error-message';
import { ConfirmDialog } from './confirm-dialog';

export function SecureConsent(props: {
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
