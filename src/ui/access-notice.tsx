// A notice that a permission is missing, with the button that asks for it. Shared by the host
// access warning (nothing works without it) and the cookie access notice (keepLogin is paused).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorMessage } from './services';

export function AccessNotice(props: {
  tone: 'danger' | 'warn';
  children: ComponentChildren;
  buttonLabel: string;
  /** The permission request itself: it runs first thing in the click handler, for the gesture. */
  request(): Promise<boolean>;
  onGranted(): void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const ask = () => {
    // permissions.request needs the click's user gesture: call it before any await.
    props.request().then(
      (granted) => {
        setProblem(granted ? null : 'Access was not granted.');
        if (granted) props.onGranted();
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  };
  return (
    <div class={`notice notice-${props.tone}`} role={props.tone === 'danger' ? 'alert' : 'status'}>
      <p>{props.children}</p>
      <button type="button" class="button button-primary" onClick={ask}>
        {props.buttonLabel}
      </button>
      {problem && <p class="notice-detail">{problem}</p>}
    </div>
  );
}
