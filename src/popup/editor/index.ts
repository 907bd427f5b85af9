// What the popup loads on demand: the mapping editor, and the note it leaves after a save (shown
// only once the editor was opened, so it need not be in the popup's entry either).
export { MappingEditor, type EditorProps, type EditorTarget } from './mapping-editor';
export { SavedNotice, UNDO_MS, type SavedNote } from './saved-notice';
