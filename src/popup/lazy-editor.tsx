// The mapping editor is loaded only when the user opens it (a dynamic import, its own chunk
// and stylesheet), so the popup's first paint and entry bundle do not carry it; nor the note
// it leaves after a save, drawn from the same (by then loaded) module.
import { useEffect, useState } from 'preact/hooks';
import type { EditorProps, SavedNote } from './editor';
import { errorMessage } from '../core/error-message';

type EditorModule = typeof import('./editor');

let loading: Promise<EditorModule> | null = null;
/** Once loaded, drawn at once (no empty frame while a resolved promise answers). */
let loaded: EditorModule | null = null;

export function loadEditor(): Promise<EditorModule> {
  loading ??= import('./editor')
    .then((module) => (loaded = module))
    .catch((error: unknown) => {
      loading = null; // a later click may try again
      throw error;
    });
  return loading;
}

function useEditorModule(): { module: EditorModule | null; problem: string | null } {
  const [module, setModule] = useState<EditorModule | null>(loaded);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (module) return;
    let live = true;
    loadEditor().then(
      (loaded) => live && setModule(() => loaded),
      (error: unknown) => live && setProblem(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [module]);
  return { module, problem };
}

export function LazySavedNotice(props: {
  note: SavedNote;
  onDone: () => void;
  onChanged: () => void;
  undoMs?: number;
}) {
  const { module } = useEditorModule();
  return module ? <module.SavedNotice {...props} /> : null;
}

export function LazyEditor(props: EditorProps) {
  const { module, problem } = useEditorModule();
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
