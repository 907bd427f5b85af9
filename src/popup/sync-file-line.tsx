// The household sync file in one line at the bottom of the popup: when it last synced, by which
// browser, or why it fails now (the options page has the settings and Sync now).
import type { HairpinState } from '../core/messages';
import { summarizeSyncFile } from '../ui/sync-file-summary';

export function SyncFileLine({ state, clock }: { state: HairpinState | null; clock: number }) {
  const summary = summarizeSyncFile(state?.syncFile ?? null, clock);
  if (!summary) return null;
  return (
    <p class={`sync-file-line ${summary.tone === 'bad' ? 'field-error' : 'muted'}`} role="status">
      {summary.text}
    </p>
  );
}
