// The household sync file: a file on your own WebDAV server (Nextcloud, Apache, rclone …) that
// every browser of the household reads and writes. URL, username, app password and an optional
// household passphrase, kept on this device only; Save & sync, Test connection, Sync now, Stop,
// and how the last sync went. Also shown on the first-run page, to join a household.
import { useEffect, useState } from 'preact/hooks';
import type { HairpinState, SyncFileCheck } from '../core/messages';
import { errorMessage } from '../core/error-message';
import { useApp } from '../ui/services';
import { summarizeSyncFile } from '../ui/sync-file-summary';
import { PassphraseChange } from './passphrase-change';

const CHECK_LABEL: Record<SyncFileCheck['check'], string> = {
  reachable: 'Server reachable',
  credentials: 'Credentials accepted',
  file: 'Sync file',
  write: 'Can write',
  conditional: 'Conditional writes',
};

export interface SyncFileCardProps {
  syncFile: HairpinState['syncFile'];
  clock: number;
  /** The state after an action, for the page to show at once. */
  onState: (state: HairpinState) => void;
  /** On the first-run page: joining a household. */
  joining?: boolean;
}

export function SyncFileCard({ syncFile, clock, onState, joining = false }: SyncFileCardProps) {
  const { client } = useApp();
  const settings = syncFile?.settings ?? null;
  const [url, setUrl] = useState(settings?.url ?? '');
  const [username, setUsername] = useState(settings?.username ?? '');
  const [password, setPassword] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState<null | 'save' | 'test' | 'sync' | 'stop'>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checks, setChecks] = useState<SyncFileCheck[] | null>(null);
  useEffect(() => {
    if (settings) {
      setUrl(settings.url);
      setUsername(settings.username);
    }
  }, [settings?.url, settings?.username]);

  const run = async (what: NonNullable<typeof busy>, action: () => Promise<void>) => {
    if (busy) return;
    setBusy(what);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  const secrets = () => ({
    ...(password !== '' ? { password } : {}),
    ...(passphrase !== '' ? { passphrase } : {}),
  });
  const save = () =>
    run('save', async () => {
      const result = await client({ type: 'setSyncFile', url, username, ...secrets() });
      if (!result.ok) {
        setProblem(result.error);
        return;
      }
      setPassword('');
      setPassphrase('');
      onState(result.state);
    });
  const test = () =>
    run('test', async () => {
      setChecks(null);
      setChecks(await client({ type: 'testSyncFile', url, username, ...(password !== '' ? { password } : {}) }));
    });
  const syncNow = () => run('sync', async () => onState(await client({ type: 'syncNow' })));
  const stop = () =>
    run('stop', async () => {
      setChecks(null);
      onState(await client({ type: 'clearSyncFile' }));
    });

  const summary = summarizeSyncFile(syncFile, clock);
  const title = joining ? 'Use Hairpin elsewhere already? Connect to your sync file' : 'Household sync file';
  return (
    <section class="card sync-file-card" id="sync-file" aria-labelledby="sync-file-title">
      <h2 id="sync-file-title" class="card-title">
        {title}
      </h2>
      <p class="muted">
        One file on your own WebDAV server (Nextcloud, ownCloud, Synology, Apache, rclone) that every browser of the
        household reads and writes: Chrome and Firefox, laptops and phones. Edits merge mapping by mapping. The password
        stays on this device: it is never synced, exported or shown again.
      </p>
      <div class="grid">
        <Input
          id="sync-file-url"
          label="File URL"
          value={url}
          onInput={setUrl}
          class="span-2"
          inputMode="url"
          placeholder="https://cloud.example.com/remote.php/dav/files/alice/hairpin.json"
        />
        <Input id="sync-file-user" label="Username" value={username} onInput={setUsername} />
        <Input
          id="sync-file-password"
          label="App password"
          type="password"
          value={password}
          onInput={setPassword}
          placeholder={settings?.hasPassword ? 'saved (leave empty to keep)' : ''}
        />
        <Input
          id="sync-file-passphrase"
          label="Household passphrase (optional)"
          type="password"
          class="span-2"
          value={passphrase}
          onInput={setPassphrase}
          placeholder={settings?.sealed ? 'saved (leave empty to keep)' : 'seals the file: the same in every browser'}
          hint="With a passphrase the file is encrypted and authenticated: the server’s admin cannot read it, and nobody can change it undetected. Every browser needs the same passphrase."
        />
      </div>
      <div class="fetch-row sync-file-actions">
        <button
          type="button"
          class="button button-primary"
          onClick={() => void save()}
          aria-busy={busy === 'save' ? 'true' : 'false'}
        >
          {settings ? 'Save and sync' : 'Connect'}
        </button>
        <button type="button" class="button" onClick={() => void test()} aria-busy={busy === 'test' ? 'true' : 'false'}>
          Test connection
        </button>
        {settings && (
          <button
            type="button"
            class="button"
            onClick={() => void syncNow()}
            aria-busy={busy === 'sync' ? 'true' : 'false'}
          >
            {busy === 'sync' ? 'Syncing…' : 'Sync now'}
          </button>
        )}
        {settings && (
          <button type="button" class="button" onClick={() => void stop()} title="This browser keeps its configuration">
            Stop syncing
          </button>
        )}
      </div>
      <p
        class={`fetch-status sync-file-status ${problem || summary?.tone === 'bad' ? 'field-error' : summary?.tone === 'good' ? 'status-good' : 'muted'}`}
        role="status"
      >
        {problem ?? summary?.text ?? 'Not connected: this browser’s configuration is not shared through a file.'}
      </p>
      {settings && !joining && <PassphraseChange sealed={settings.sealed} onState={onState} />}
      {checks && (
        <ul class="sync-file-checks" aria-label="Connection test">
          {checks.map((check) => (
            <li key={check.check} class={check.ok ? 'status-good' : 'field-error'}>
              {check.ok ? '✓' : '✗'} {CHECK_LABEL[check.check]}: {check.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface InputProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'password';
  placeholder?: string;
  hint?: string;
  class?: string;
  inputMode?: 'url';
}

function Input(props: InputProps) {
  const attributes = {
    id: props.id,
    class: 'input',
    value: props.value,
    placeholder: props.placeholder,
    inputMode: props.inputMode,
    spellcheck: false,
    'aria-describedby': props.hint ? `${props.id}-hint` : undefined,
    onInput: (event: { currentTarget: HTMLInputElement }) => props.onInput(event.currentTarget.value),
  };
  return (
    <div class={`field ${props.class ?? ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.type === 'password' ? (
        <input {...attributes} type="password" autocomplete="new-password" />
      ) : (
        <input {...attributes} type="text" autocomplete="off" />
      )}
      {props.hint && (
        <div class="field-messages">
          <div id={`${props.id}-hint`} class="field-message field-hint">
            {props.hint}
          </div>
        </div>
      )}
    </div>
  );
}
