// What the options page's editors may do to the draft (the EditorApi): change fields, add and
// remove rows (a removal can be undone from a notice), and which messages to show where. A
// freshly added row stays quiet until its fields are typed in or left.
import { useMemo, useState } from 'preact/hooks';
import {
  emptyMapping,
  emptyNetwork,
  unusedNetworkName,
  SETTINGS_KEY,
  type Draft,
  type DraftMapping,
  type DraftNetwork,
} from '../core/config-draft';
import { fieldMessage, groupIssues } from '../core/draft-fields';
import {
  addMapping,
  addNetwork,
  removeMapping,
  removeNetwork,
  updateMapping,
  updateNetwork,
} from '../core/draft-edits';
import type { CookieHints } from '../ui/cookie-hints-loader';
import type { AutoSave } from './auto-save';
import type { EditorApi } from './editor-api';
import { networkLabel } from './network-editor';

/** Field keys (`rowKey.field`) of a freshly added row: quiet until typed in or left. */
function quietFields(row: DraftNetwork | DraftMapping, fields: readonly string[]): string[] {
  return fields.map((field) => `${row.key}.${field}`);
}
const NETWORK_FIELDS = ['name', 'probeUrl', 'expect', 'timeout'];
const MAPPING_FIELDS = ['name', 'external', 'internal', 'cookieDomain', 'enabled'];

function withoutKey(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const next = new Set(set);
  next.delete(key);
  return next;
}

export interface DraftEditorOptions {
  autoSave: Pick<AutoSave, 'draft' | 'validation' | 'edit'>;
  hints: CookieHints | null;
  secureConsent: readonly string[];
  setSecureConsent: (mapping: string, allowed: boolean) => Promise<void>;
  /** A row was removed: `previous` is the draft from before, for Undo. */
  onRemoved: (text: string, previous: Draft) => void;
  /** The user typed on: an Undo of a removal would now discard their edits. */
  onTyped: () => void;
}

export function useDraftEditor(options: DraftEditorOptions) {
  const { draft, validation } = options.autoSave;
  const [quiet, setQuiet] = useState<ReadonlySet<string>>(new Set());
  const issues = useMemo(() => groupIssues(validation && !validation.ok ? validation.errors : []), [validation]);

  const edit = (next: (draft: Draft) => Draft, field?: string) => {
    if (field) options.onTyped();
    options.autoSave.edit(next);
    if (field) setQuiet((previous) => (previous.has(field) ? withoutKey(previous, field) : previous));
  };

  const api: EditorApi | null = draft && {
    draft,
    errorsFor: (path, rowKey, field) =>
      quiet.has(`${rowKey}.${field}`)
        ? []
        : (issues.byField.get(path) ?? []).map((message) => fieldMessage(message, draft)),
    touch: (rowKey, field) => setQuiet((previous) => withoutKey(previous, `${rowKey}.${field}`)),
    changeNetwork: (networkKey, patch, field) =>
      edit((current) => updateNetwork(current, networkKey, patch), `${networkKey}.${field}`),
    changeMapping: (networkKey, mappingKey, patch, field) =>
      edit((current) => updateMapping(current, networkKey, mappingKey, patch), `${mappingKey}.${field}`),
    addMapping: (networkKey) => {
      const mapping = emptyMapping();
      setQuiet((previous) => new Set([...previous, ...quietFields(mapping, MAPPING_FIELDS)]));
      edit((current) => addMapping(current, networkKey, mapping));
      requestAnimationFrame(() => document.getElementById(`${mapping.key}-name`)?.focus());
    },
    removeMapping: (networkKey, mappingKey) => {
      const network = draft.networks.find((candidate) => candidate.key === networkKey);
      const index = network?.mappings.findIndex((candidate) => candidate.key === mappingKey) ?? -1;
      const mapping = network?.mappings[index];
      options.onRemoved(`Removed mapping ${mapping?.name.trim() ? `“${mapping.name.trim()}”` : index + 1}.`, draft);
      edit((current) => removeMapping(current, networkKey, mappingKey));
    },
    removeNetwork: (networkKey) => {
      const index = draft.networks.findIndex((candidate) => candidate.key === networkKey);
      const network = draft.networks[index];
      options.onRemoved(`Removed network “${network ? networkLabel(network, index) : ''}” and its mappings.`, draft);
      edit((current) => removeNetwork(current, networkKey));
    },
    hints: options.hints,
    secureConsent: options.secureConsent,
    setSecureConsent: options.setSecureConsent,
  };

  return {
    api,
    changeSettings: (patch: Partial<Pick<Draft, 'configUrl' | 'rescueAfter'>>, field: string) =>
      edit((current) => ({ ...current, ...patch }), `${SETTINGS_KEY}.${field}`),
    addNetworkRow: () => {
      if (!draft) return;
      const network = emptyNetwork(unusedNetworkName(draft));
      setQuiet((previous) => new Set([...previous, ...quietFields(network, NETWORK_FIELDS)]));
      edit((current) => addNetwork(current, network));
      requestAnimationFrame(() => document.getElementById(`${network.key}-probeUrl`)?.focus());
    },
    /** Every message next to its field ("Show problems"), and after a load. */
    revealAll: () => setQuiet(new Set()),
  };
}
