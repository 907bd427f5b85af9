// Asking for a permission from a click: the request must run before any await (it needs the
// click's user gesture), and a refusal or failure becomes a sentence the page shows.
import { useState } from 'preact/hooks';
import { errorMessage } from '../core/error-message';

export interface PermissionRequestTexts {
  /** Shown when the user (or the browser) said no. */
  refused: string;
  /** Turns a failed request's error message into what is shown; the message itself by default. */
  failed?: (message: string) => string;
}

export function usePermissionRequest(
  request: () => Promise<boolean>,
  onGranted: () => void,
  texts: PermissionRequestTexts,
) {
  const [problem, setProblem] = useState<string | null>(null);
  const ask = () => {
    setProblem(null);
    request().then(
      (granted) => {
        if (granted) onGranted();
        else setProblem(texts.refused);
      },
      (error: unknown) => setProblem(texts.failed ? texts.failed(errorMessage(error)) : errorMessage(error)),
    );
  };
  return { ask, problem, clearProblem: () => setProblem(null) };
}
