// A notice that a permission is missing, with the button that asks for it. Shared by the host
// access warning (nothing works without it) and the cookie access notice (keepLogin is paused).
import type { ComponentChildren } from 'preact';
import { usePermissionRequest } from './permission-request';
import { GrantElsewhere } from './grant-elsewhere';
import { useApp } from './services';

export function AccessNotice(props: {
  tone: 'danger' | 'warn';
  children: ComponentChildren;
  buttonLabel: string;
  /** What is asked for, for where the browser cannot ask: "access to websites". */
  what: string;
  /** The permission request itself: it runs first thing in the click handler, for the gesture. */
  request: () => Promise<boolean>;
  onGranted: () => void;
}) {
  const { services } = useApp();
  const { ask, problem } = usePermissionRequest(props.request, props.onGranted, { refused: 'Access was not granted.' });
  return (
    <div class={`notice notice-${props.tone}`} role={props.tone === 'danger' ? 'alert' : 'status'}>
      <p>{props.children}</p>
      {services.canRequestPermissions ? (
        <button type="button" class="button button-primary" onClick={ask}>
          {props.buttonLabel}
        </button>
      ) : (
        <GrantElsewhere what={props.what} />
      )}
      {problem && <p class="notice-detail">{problem}</p>}
    </div>
  );
}
