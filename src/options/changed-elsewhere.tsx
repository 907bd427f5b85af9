// The configuration changed elsewhere while the form had unsaved edits. An alert, in the toast
// region (it moves nothing on the page), until the user chose; typing on stays possible.
import { useMemo } from 'preact/hooks';
import type { Config } from '../core/config-schema';
import { describeChanges } from '../core/config-changes';
import { plural } from '../core/plural';

export const ELSEWHERE_ID = 'changed-elsewhere';
/** How many changes the notice names before "and N more". */
const CHANGES_SHOWN = 4;

export function ChangedElsewhereNotice(props: {
  before: Config;
  after: Config;
  draftValid: boolean;
  onLoad: () => void;
  onKeep: () => void;
}) {
  const changes = useMemo(() => describeChanges(props.before, props.after), [props.before, props.after]);
  const shown = changes.slice(0, CHANGES_SHOWN);
  const more = changes.length - shown.length;
  return (
    <div
      id={ELSEWHERE_ID}
      class="notice notice-warn changed-elsewhere"
      role="alert"
      tabIndex={-1}
      aria-labelledby={`${ELSEWHERE_ID}-title`}
    >
      <p id={`${ELSEWHERE_ID}-title`}>
        <strong>The configuration was changed elsewhere (sync, config URL or another tab).</strong>
      </p>
      {shown.length > 0 && (
        <ul class="notice-detail">
          {shown.map((line) => (
            <li key={line}>{line}</li>
          ))}
          {more > 0 && <li>…and {plural(more, 'more change')}</li>}
        </ul>
      )}
      <p>
        Your edits on this page are not saved until you choose: load the new configuration and lose them, or keep them
        and save them over it{props.draftValid ? '' : ' once their problems are fixed'}.
      </p>
      <div class="notice-actions">
        <button type="button" class="button button-small" onClick={props.onLoad}>
          Load the new configuration
        </button>
        <button type="button" class="button button-small" onClick={props.onKeep}>
          Keep my edits
        </button>
      </div>
    </div>
  );
}
