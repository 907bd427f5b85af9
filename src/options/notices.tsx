// The options page's passing messages, in the toast region: an import refused or done (with
// Undo), a row removed (with Undo), and plain information. One at a time: a new one replaces it.
import type { ComponentChildren } from 'preact';
import type { Config } from '../core/config-schema';
import type { Draft } from '../core/config-draft';
import type { ImportFailure } from '../core/import-report';
import { plural } from '../core/plural';

export type Notice =
  | { kind: 'import-error'; fileName: string; failure: ImportFailure }
  | { kind: 'imported'; fileName: string; summary: string; warnings: string[]; previous: Config }
  | { kind: 'removed'; text: string; previous: Draft }
  | { kind: 'info'; text: string };

export function NoticeView(props: {
  notice: Notice;
  onDismiss: () => void;
  onUndoImport: (previous: Config) => void;
  onUndoRemove: (previous: Draft) => void;
}) {
  const { notice, onDismiss } = props;
  const dismiss = (
    <button type="button" class="button button-small notice-dismiss" onClick={onDismiss} aria-label="Dismiss">
      Dismiss
    </button>
  );
  switch (notice.kind) {
    case 'import-error':
      return (
        <div class="notice notice-danger" role="alert">
          <p>
            <strong>“{notice.fileName}” was not imported:</strong> {notice.failure.summary}
          </p>
          {notice.failure.details.length > 0 && (
            <ul>
              {notice.failure.details.map((line) => (
                <li key={line}>
                  <code>{line}</code>
                </li>
              ))}
              {notice.failure.more > 0 && <li>…and {plural(notice.failure.more, 'more problem')}</li>}
            </ul>
          )}
          <p class="notice-detail">Your configuration was not changed.</p>
          {dismiss}
        </div>
      );
    case 'imported':
      return (
        <div class="notice notice-success" role="status">
          <p>
            Imported “{notice.fileName}”: {notice.summary}.
          </p>
          {notice.warnings.length > 0 && (
            <ul class="notice-detail">
              {notice.warnings.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <UndoActions onUndo={() => props.onUndoImport(notice.previous)}>{dismiss}</UndoActions>
        </div>
      );
    case 'removed':
      return (
        <div class="notice" role="status">
          <p>{notice.text}</p>
          <UndoActions onUndo={() => props.onUndoRemove(notice.previous)}>{dismiss}</UndoActions>
        </div>
      );
    case 'info':
      return (
        <div class="notice" role="status">
          <p>{notice.text}</p>
          {dismiss}
        </div>
      );
  }
}

function UndoActions({ onUndo, children }: { onUndo: () => void; children: ComponentChildren }) {
  return (
    <div class="notice-actions">
      <button type="button" class="button button-small" onClick={onUndo}>
        Undo
      </button>
      {children}
    </div>
  );
}
