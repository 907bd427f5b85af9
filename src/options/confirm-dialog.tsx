// A modal confirmation (the native <dialog>), for choices that weaken what Hairpin protects.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A modal dialog: Escape and Cancel say no, and Cancel has the focus to begin with. */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  busy: boolean;
  onClose: (confirmed: boolean) => void;
  id: string;
  children: ComponentChildren;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = `${props.id}-title`;
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => {
      if (element?.open) element.close();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      class="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!props.busy) props.onClose(false);
      }}
    >
      <h2 id={titleId} class="confirm-title">
        {props.title}
      </h2>
      <div class="confirm-body">{props.children}</div>
      <div class="confirm-actions">
        <button type="button" class="button" autoFocus onClick={() => props.onClose(false)} disabled={props.busy}>
          Cancel
        </button>
        <button
          type="button"
          class="button button-danger"
          aria-busy={props.busy ? 'true' : 'false'}
          onClick={() => {
            if (!props.busy) props.onClose(true);
          }}
        >
          {props.busy && <span class="spinner" aria-hidden="true" />}
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
