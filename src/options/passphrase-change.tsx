// Changing the household passphrase of a connected sync file: the file is re-sealed with the new
// one (or stored unsealed when both fields are left empty), and every other browser of the
// household then needs the new passphrase; until it is entered there, they sync nothing and lose
// nothing. Typed twice: a typo here would lock every browser out of the file.
import { useState } from 'preact/hooks';
import type { HairpinState } from '../core/messages';
import { errorMessage } from '../core/error-message';
import { useApp } from '../ui/services';

export function PassphraseChange({ sealed, onState }: { sealed: boolean; onState: (state: HairpinState) => void }) {
  const { client } = useApp();
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const removing = sealed && next === '' && again === '';

  const change = async () => {
    if (busy) return;
    if (next !== again) return setMessage({ text: 'The two passphrases differ.', bad: true });
    if (next === '' && !sealed) return setMessage({ text: 'Type the passphrase to seal the file with.', bad: true });
    setBusy(true);
    setMessage(null);
    try {
      const result = await client({ type: 'changeSyncPassphrase', passphrase: next });
      if (!result.ok) return setMessage({ text: result.error, bad: true });
      setNext('');
      setAgain('');
      setMessage({
        text:
          next === ''
            ? 'The file is no longer sealed. Remove the passphrase in every other browser of the household too.'
            : 'The file is sealed with the new passphrase. Enter it in every other browser of the household: until then they sync nothing, and lose nothing.',
        bad: false,
      });
      onState(result.state);
    } catch (error) {
      setMessage({ text: `The passphrase was not changed: ${errorMessage(error)}`, bad: true });
    } finally {
      setBusy(false);
    }
  };

  const field = (id: string, label: string, value: string, set: (value: string) => void) => (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        class="input"
        type="password"
        autocomplete="new-password"
        spellcheck={false}
        value={value}
        onInput={(event) => set(event.currentTarget.value)}
      />
    </div>
  );
  return (
    <details class="passphrase-change">
      <summary>{sealed ? 'Change the household passphrase' : 'Seal the file with a household passphrase'}</summary>
      <p class="muted">
        The file is read with this browser’s passphrase and written back sealed with the new one. Every other browser of
        the household then needs the new passphrase
        {sealed ? ' (leave both fields empty to store the file unsealed)' : ''}.
      </p>
      <div class="grid">
        {field('sync-file-new-passphrase', 'New passphrase', next, setNext)}
        {field('sync-file-new-passphrase-again', 'The new passphrase again', again, setAgain)}
      </div>
      <div class="fetch-row">
        <button type="button" class="button" onClick={() => void change()} aria-busy={busy ? 'true' : 'false'}>
          {removing ? 'Remove the passphrase' : 'Re-seal the file with it'}
        </button>
      </div>
      {message && (
        <p class={message.bad ? 'field-error' : 'status-good'} role="status">
          {message.text}
        </p>
      )}
    </details>
  );
}
