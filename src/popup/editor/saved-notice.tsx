// What the popup says after a mapping was saved or removed: that it applies now, a button that
// opens this page on the other side (after adding), and Undo for UNDO_MS.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Config } from '../../core/config-schema';
import { errorMessage } from '../../core/error-message';
import { useApp } from '../../ui/services';

/** How long Undo is offered. */
export const UNDO_MS = 10_000;

export interface SavedNote {
  text: string;
  /** The config from before the change, and the one saved (the undo's base: no undo over a later change). */
  undo: { previous: Config; saved: Config } | null;
  /** "Open this page on the internal address". */
  open?: { label: string; tabId: number; url: string };
}

export function SavedNotice({
  note,
  onDone,
  onChanged,
  undoMs = UNDO_MS,
}: {
  note: SavedNote;
  onDone: () => void;
  /** After an undo: the popup reads the state again. */
  onChanged: () => void;
  undoMs?: number;
}) {
  const { client, services } = useApp();
  const [after, setAfter] = useState<{ text: string; bad?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const latest = useRef(onDone);
  latest.current = onDone;

  // Focus comes here from the editor that closed; the note goes after a few seconds (not while focused).
  useEffect(() => first.current?.focus(), [note]);
  useEffect(() => {
    const timer = setTimeout(() => latest.current(), undoMs);
    return () => clearTimeout(timer);
  }, [note, undoMs]);

  const undo = () => {
    if (!note.undo || busy) return;
    setBusy(true);
    client({ type: 'saveConfig', config: note.undo.previous, base: note.undo.saved })
      .then((reply) => {
        if (reply.ok) setAfter({ text: 'Undone: the mapping is as it was.' });
        else if (reply.changedElsewhere)
          setAfter({ text: 'Not undone: the configuration changed meanwhile.', bad: true });
        else setAfter({ text: `Not undone: ${reply.errors.map((issue) => issue.message).join('; ')}`, bad: true });
      })
      .catch((error: unknown) => setAfter({ text: `Not undone: ${errorMessage(error)}`, bad: true }))
      .finally(() => {
        setBusy(false);
        onChanged();
      });
  };

  const open = note.open;
  return (
    <section class="saved-note" aria-label="Saved">
      <p role="status" class={after?.bad ? 'field-error' : undefined}>
        {after?.text ?? note.text}
      </p>
      {!after && (
        <div class="saved-note-actions">
          {open && (
            <button
              ref={first}
              type="button"
              class="button button-small"
              title={open.url}
              onClick={() => void services.openInTab(open.tabId, open.url).catch(() => undefined)}
            >
              {open.label}
            </button>
          )}
          {note.undo && (
            <button
              ref={open ? undefined : first}
              type="button"
              class="button button-small"
              aria-busy={busy ? 'true' : undefined}
              onClick={undo}
            >
              Undo
            </button>
          )}
          <button type="button" class="link-button" onClick={onDone}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
