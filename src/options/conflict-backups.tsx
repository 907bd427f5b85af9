// The conflict backups: each configuration a sync conflict set aside (the last ten, newest
// first), when and through which channel, with Restore (the configuration it replaces is kept as
// a backup in turn, so a restore can be undone), Download and Discard.
import { useState } from 'preact/hooks';
import type { ConflictBackupView, ConflictSource } from '../core/conflict-backups';
import type { HairpinState } from '../core/messages';
import { errorMessage } from '../core/error-message';
import { plural } from '../core/plural';
import { formatDateTime } from '../ui/relative-time';
import { useApp } from '../ui/services';

const FROM: Record<ConflictSource, string> = {
  'browser-sync': 'browser sync brought a conflicting edit, and the other version was kept',
  'sync-file': 'the household sync file brought a conflicting edit, and the other version was kept',
  restore: 'the configuration a restored backup replaced',
  unknown: 'a sync conflict (kept by an earlier version of Hairpin)',
};

export function ConflictBackups({
  backups,
  onState,
}: {
  backups: readonly ConflictBackupView[];
  onState: (state: HairpinState) => void;
}) {
  const { client, services } = useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  if (backups.length === 0) return null;

  const act = async (id: string, action: () => Promise<void>) => {
    if (busy) return;
    setBusy(id);
    setMessage(null);
    try {
      await action();
    } catch (error) {
      setMessage({ text: errorMessage(error), bad: true });
    } finally {
      setBusy(null);
    }
  };
  const restore = (backup: ConflictBackupView) =>
    act(backup.id, async () => {
      const result = await client({ type: 'restoreConflictBackup', id: backup.id });
      if (!result.ok) return setMessage({ text: result.error, bad: true });
      setMessage({
        text: 'Restored. The configuration it replaced is kept as the newest backup: restore that one to go back.',
        bad: false,
      });
      onState(result.state);
    });
  const download = (backup: ConflictBackupView) =>
    act(backup.id, async () => {
      const text = await client({ type: 'exportConflictBackup', id: backup.id });
      if (text === null) return setMessage({ text: 'That backup is no longer kept.', bad: true });
      services.downloadFile(`hairpin-conflict-backup-${backup.id}.json`, text, 'application/json');
    });
  const discard = (backup: ConflictBackupView) =>
    act(backup.id, async () => onState(await client({ type: 'dismissConflictBackup', id: backup.id })));

  return (
    <section class="notice set-aside conflict-backups" aria-labelledby="conflict-backups-title">
      <p id="conflict-backups-title">
        {backups.length === 1
          ? 'A configuration was set aside by a sync conflict.'
          : `${backups.length} configurations were set aside by sync conflicts (the last ten are kept).`}
      </p>
      <ul class="conflict-backup-list">
        {backups.map((backup) => (
          <li key={backup.id} class="conflict-backup" aria-label={label(backup)}>
            <p>
              {backup.at !== null ? (
                <time dateTime={new Date(backup.at).toISOString()}>{formatDateTime(backup.at)}</time>
              ) : (
                'Undated'
              )}
              : {FROM[backup.source]}. {plural(backup.mappings, 'mapping')}
              {backup.networks.length > 0 ? ` in ${backup.networks.join(', ')}` : ''}.
            </p>
            <div class="notice-actions">
              <button
                type="button"
                class="button button-small"
                aria-busy={busy === backup.id ? 'true' : 'false'}
                onClick={() => void restore(backup)}
              >
                Restore
              </button>
              <button type="button" class="button button-small" onClick={() => void download(backup)}>
                Download
              </button>
              <button type="button" class="button button-small" onClick={() => void discard(backup)}>
                Discard
              </button>
            </div>
          </li>
        ))}
      </ul>
      {message && (
        <p class={message.bad ? 'field-error' : 'status-good'} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}

function label(backup: ConflictBackupView): string {
  return backup.at !== null ? `Backup of ${formatDateTime(backup.at)}` : 'Undated backup';
}
