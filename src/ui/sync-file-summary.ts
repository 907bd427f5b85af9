// The sync file's state in one line, for the popup and the options page: when it last worked,
// by which browser, what it changed, and why it fails now.
import type { HairpinState } from '../core/messages';
import { formatRelative } from './relative-time';

export interface SyncFileSummary {
  text: string;
  tone: 'muted' | 'good' | 'bad';
}

export function summarizeSyncFile(syncFile: HairpinState['syncFile'], now: number): SyncFileSummary | null {
  if (!syncFile?.settings) return null;
  const status = syncFile.status;
  if (!status) return { text: 'Sync file: not synced yet.', tone: 'muted' };
  if (!status.ok) {
    const last = status.lastOkAt ? ` Last synced ${formatRelative(status.lastOkAt, now)}.` : ' Never synced yet.';
    return {
      text: `Sync file failed ${formatRelative(status.at, now)}: ${status.error ?? 'unknown error'}.${last}`,
      tone: 'bad',
    };
  }
  const writer = status.lastWriter
    ? status.lastWriter.self
      ? ' Last written by this browser'
      : ` Last written by ${status.lastWriter.browser} ${formatRelative(status.lastWriter.at, now)}`
    : '';
  const changes =
    status.changes.length === 0
      ? ''
      : `; ${status.changes.length > 2 ? `${status.changes.length} changes` : status.changes.join(', ')} here`;
  const mode = status.mode === 'read-back' ? ' (read-back mode: the server gives no ETags)' : '';
  return {
    text: `Sync file: synced ${formatRelative(status.at, now)}.${writer}${changes}${writer || changes ? '.' : ''}${mode}`,
    tone: 'good',
  };
}
