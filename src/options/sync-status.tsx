// Where the configuration is kept, in a word, after the save status; the reason, if any, in the
// notice below and on hover.
import type { HairpinState } from '../core/messages';

const SYNC_TEXT: Record<NonNullable<HairpinState['sync']>['state'], string> = {
  synced: 'Synced',
  'local-only': 'Kept on this device only',
  pending: 'Sync pending',
  error: 'Sync failed',
};

export function SyncStatusView({ sync }: { sync: HairpinState['sync'] }) {
  const title = sync
    ? (sync.detail ??
      (sync.state === 'synced' ? 'Your browser’s sync carries this configuration to your other computers.' : undefined))
    : undefined;
  return (
    <p class={`sync-status sync-${sync?.state ?? 'unknown'}`} role="status" title={title}>
      {sync ? SYNC_TEXT[sync.state] : ''}
    </p>
  );
}
