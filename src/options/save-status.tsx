// The options header's word on saving ("Saved", "Not saved: fix 2 problems"), with the button
// that leads to what needs the user: the problems, or the choice after a change elsewhere.
import type { ComponentChildren } from 'preact';
import { plural } from '../core/plural';
import type { SaveStatus } from './auto-save';

export function SaveStatusView(props: {
  status: SaveStatus;
  onShowProblems: () => void;
  onReview: () => void;
  children?: ComponentChildren;
}) {
  const { status, onShowProblems } = props;
  let text = 'Changes are saved as you type';
  let tone = 'muted';
  switch (status.kind) {
    case 'pending':
      text = 'Saving…';
      break;
    case 'saved':
      text = 'Saved';
      tone = 'status-good';
      break;
    case 'invalid':
      text = `Not saved: fix ${plural(status.count, 'problem')}`;
      tone = 'status-bad';
      break;
    case 'failed':
      text = `Not saved: ${status.message}`;
      tone = 'status-bad';
      break;
    case 'paused':
      text = 'Not saved: changed elsewhere';
      tone = 'status-warn';
      break;
  }
  return (
    <div class="save-status">
      <p class={`save-status-text ${tone}`} role="status" title={text}>
        {text}
      </p>
      {status.kind === 'invalid' && (
        <button type="button" class="link-button" onClick={onShowProblems}>
          Show problems
        </button>
      )}
      {status.kind === 'paused' && (
        <button type="button" class="link-button" onClick={props.onReview}>
          Review
        </button>
      )}
      {props.children}
    </div>
  );
}
