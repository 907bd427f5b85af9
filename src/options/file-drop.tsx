// Files dropped anywhere on the options page are imported like a chosen one. The drop zone says
// which files the page takes; while a file is dragged over the page, an overlay says it again.
import { useEffect, useState } from 'preact/hooks';
import { ImportButton } from './import-button';

export const IMPORT_FORMATS = 'a Hairpin export (.json), a Dashy conf.yml or a Homepage services.yaml';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** Listens for files dragged onto the page; true while one is over it. */
export function useFileDrop(onFile: (file: File) => void, enabled: boolean): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    // dragenter/dragleave fire for every element crossed: count them to know when the file left the page.
    let depth = 0;
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault(); // without it the browser opens the file instead of dropping it here
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file) onFile(file);
    };
    document.addEventListener('dragover', over);
    document.addEventListener('dragenter', enter);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragenter', enter);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
    };
  }, [onFile, enabled]);
  return dragging && enabled;
}

/** The page's import card: what it takes, and a file button. */
export function DropZone({ onFile, dragging }: { onFile: (file: File) => void; dragging: boolean }) {
  return (
    <section class={`card drop-zone ${dragging ? 'drop-zone-active' : ''}`} aria-labelledby="drop-zone-title">
      <h2 id="drop-zone-title" class="card-title">
        Import
      </h2>
      <p class="muted">
        Drop a file anywhere on this page, or choose one: {IMPORT_FORMATS}. A Hairpin export replaces the whole
        configuration (with Undo); a dashboard file first shows which services it would add, to the network you choose.
      </p>
      <div>
        <ImportButton label="Choose a file…" onFile={onFile} />
      </div>
    </section>
  );
}

/** Shown over the page while a file is dragged onto it. */
export function DropOverlay() {
  return (
    <div class="drop-overlay" aria-hidden="true">
      <p>Drop to import {IMPORT_FORMATS}</p>
    </div>
  );
}
