// The mapping editor is loaded only when the user opens it (a dynamic import, its own chunk
// and stylesheet), so the popup's first paint and entry bundle do not carry it.
import { useEffect, useState } from 'preact/hooks';
import type { EditorProps } from './editor/mapping-editor';
import { errorMessage } from '../core/error-message';

type EditorModule = typeof import('./editor/mapping-editor');

let loading: Promise<EditorModule> | null = null;

export function loadEditor(): Promise<EditorModule> {
  loading ??= import('./editor/mapping-editor').catch((error: unknown) => {
    loading = null; // a later click may try again
    throw error;
  });
  return loading;
}

export function LazyEditor(props: EditorProps) {
  const [module, setModule] = useState<EditorModule | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadEditor().then(
      (loaded) => live && setModule(() => loaded),
      (error: unknown) => live && setProblem(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, []);
  if (module) return <module.MappingEditor {...props} />;
  return (
    <section class="tab-card" aria-label="Mapping editor" aria-busy={problem ? 'false' : 'true'}>
      {problem ? (
        <p class="field-error" role="alert">
          The editor could not be loaded: {problem}{' '}
          <button type="button" class="link-button" onClick={props.onClose}>
            Close
          </button>
        </p>
      ) : (
        <p class="muted">Opening the editor…</p>
      )}
    </section>
  );
}
