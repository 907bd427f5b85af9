// A configuration an update could not read, kept aside rather than dropped: said once, quietly,
// until downloaded or dismissed. (Sync conflicts' backups are conflict-backups.tsx.)
import type { ComponentChildren } from 'preact';
import type { SetAside } from '../core/messages';
import { formatDateTime } from '../ui/relative-time';

const SET_ASIDE_WHY: Record<SetAside['kind'], string> = {
  unreadable: 'this version of Hairpin could not read the configuration saved by the previous one',
};

const SET_ASIDE_USE: Record<SetAside['kind'], string> = {
  unreadable: 'Download it to keep a copy, or to repair it by hand and import it.',
};

export function SetAsideNotice(props: {
  setAside: SetAside;
  onDownload: (setAside: SetAside) => void;
  onDismiss: (setAside: SetAside) => void;
}) {
  const { setAside } = props;
  // The migration keeps no date: it happened when Hairpin was updated.
  let when: ComponentChildren = setAside.kind === 'unreadable' ? ' when Hairpin was updated' : '';
  if (setAside.at !== null) {
    when = (
      <>
        {' on '}
        <time dateTime={new Date(setAside.at).toISOString()}>{formatDateTime(setAside.at)}</time>
      </>
    );
  }
  return (
    <div class="notice set-aside" role="status" aria-labelledby="set-aside-title">
      <p id="set-aside-title">
        A configuration was set aside{when}: {SET_ASIDE_WHY[setAside.kind]}.
      </p>
      <p class="notice-detail">{SET_ASIDE_USE[setAside.kind]} Dismiss deletes it.</p>
      <div class="notice-actions">
        <button type="button" class="button button-small" onClick={() => props.onDownload(setAside)}>
          Download it
        </button>
        <button
          type="button"
          class="button button-small"
          aria-label="Dismiss the set-aside configuration"
          onClick={() => props.onDismiss(setAside)}
        >
          Dismiss
        </button>
      </div>
    </div>
  );
}
