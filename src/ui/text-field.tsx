// A labelled text field with its validation messages, warning and hint, wired for assistive
// technology (aria-invalid, aria-describedby). Purely presentational; both pages use it.
import type { ComponentChildren } from 'preact';

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  onBlur?: () => void;
  errors?: readonly string[];
  warning?: string | null;
  hint?: ComponentChildren;
  placeholder?: string;
  inputMode?: 'text' | 'numeric' | 'url';
  autoFocus?: boolean;
  class?: string;
}

export function TextField(props: TextFieldProps) {
  const { id, label, value, errors = [], warning, hint } = props;
  const errorId = `${id}-error`;
  const warningId = `${id}-warning`;
  const hintId = `${id}-hint`;
  const describedBy = [errors.length > 0 && errorId, warning && warningId, hint && hintId].filter(Boolean).join(' ');
  return (
    <div class={`field ${props.class ?? ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        class="input"
        type="text"
        value={value}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        spellcheck={false}
        autocomplete="off"
        autoFocus={props.autoFocus}
        aria-invalid={errors.length > 0 ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        onBlur={props.onBlur}
      />
      <div class="field-messages">
        {errors.length > 0 && (
          <p id={errorId} class="field-message field-error">
            {errors.join(' ')}
          </p>
        )}
        {warning && (
          <p id={warningId} class="field-message field-warning">
            {warning}
          </p>
        )}
        {hint && (
          <div id={hintId} class="field-message field-hint">
            {hint}
          </div>
        )}
      </div>
    </div>
  );
}
