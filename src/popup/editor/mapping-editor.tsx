// The popup's mapping editor, loaded on demand (lazy-editor.tsx): map the site of the current
// tab (its side proposed, the other address suggested), or edit the mapping the tab is on (its
// other address, name, prefix, on/off, remove, login). Saves go through the options page's
// validator, its messages at the fields; a save applies at once, and the popup then offers Undo.
import { useEffect, useState } from 'preact/hooks';
import type { HairpinState } from '../../core/messages';
import type { Mapping } from '../../core/config-schema';
import type { TabInfo } from '../../core/page-services';
import { proposeSite } from '../../core/site-proposal';
import { suggestOtherSide } from '../../core/other-side-suggestions';
import {
  addMapping,
  locateMapping,
  removeMapping,
  replaceMapping,
  setEnabled,
  type MappingRef,
} from '../../core/mapping-edits';
import { issuesForMapping, type PopupIssues } from '../../core/mapping-issues';
import {
  formFromMatch,
  formFromProposal,
  mappingFromForm,
  otherSideOf,
  samePageElsewhere,
  thisSideUrl,
  type MappingForm,
} from '../../core/mapping-form';
import { findMapping } from '../../core/url-mapping';
import { errorMessage } from '../../core/error-message';
import { useApp } from '../../ui/services';
import { TextField } from '../../ui/text-field';
import type { SavedNote } from './saved-notice';
import { saveCandidate } from './save';
import { SideTest } from './side-test';
import { LoginSection } from './login-section';
import './editor.css';

export type EditorTarget = { kind: 'add' } | { kind: 'edit'; networkName: string; external: string };

export interface EditorProps {
  state: HairpinState;
  tab: TabInfo;
  target: EditorTarget;
  onClose: () => void;
  /** After a save or removal: the editor closes and the popup shows the note (with Undo). */
  onSaved: (note: SavedNote) => void;
  /** After a change saved without closing (the login section's): the popup reads the state again. */
  onChanged: () => void;
}

const ID = 'editor';

function withoutUndefined(mapping: Mapping): Mapping {
  return Object.fromEntries(Object.entries(mapping).filter(([, value]) => value !== undefined)) as Mapping;
}

export function MappingEditor({ state, tab, target, onClose, onSaved, onChanged }: EditorProps) {
  const { client } = useApp();
  const config = state.config;
  const ref: MappingRef | null =
    target.kind === 'edit' ? locateMapping(config, target.networkName, target.external) : null;
  const stored = ref ? config.networks[ref.network]!.mappings[ref.mapping]! : null;
  const proposal = target.kind === 'add' ? proposeSite(tab.url, tab.title) : null;

  const [form, setForm] = useState<MappingForm | null>(() => {
    if (proposal) return formFromProposal(proposal);
    const match = findMapping(config, tab.url, { includeDisabled: true });
    return match && ref ? formFromMatch(match, ref.network) : null;
  });
  const [enabled, setOn] = useState(stored?.enabled !== false);
  const [issues, setIssues] = useState<PopupIssues | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    document.getElementById(target.kind === 'add' ? `${ID}-other` : `${ID}-name`)?.focus();
  }, [target.kind]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  if (!form || (target.kind === 'edit' && !stored)) {
    return (
      <section class="tab-card editor" aria-label="Mapping editor" onKeyDown={onKeyDown}>
        <p>This mapping is no longer in the configuration (it was changed elsewhere).</p>
        <button type="button" class="button" onClick={onClose}>
          Close
        </button>
      </section>
    );
  }

  const other = otherSideOf(form.thisSide);
  const change = (patch: Partial<MappingForm>) => setForm({ ...form, ...patch });
  const candidate = withoutUndefined(setEnabled(mappingFromForm(form, stored ?? undefined), enabled));
  const fieldOf = (side: 'external' | 'internal') => (side === form.thisSide ? 'prefix' : 'other');
  const errors = (field: 'prefix' | 'other' | 'name') => {
    if (!issues) return [];
    if (field === 'name') return issues.byField.name ?? [];
    return (['external', 'internal'] as const).flatMap((side) =>
      fieldOf(side) === field ? (issues.byField[side] ?? []) : [],
    );
  };
  const suggestions = proposal
    ? suggestOtherSide(config, other, proposal.label).filter((url) => url !== form.other.trim())
    : [];

  const failed = (
    result: { errors: Parameters<typeof issuesForMapping>[0]; changedElsewhere: boolean },
    at: MappingRef,
    tried: typeof config,
  ) => {
    const found = issuesForMapping(result.errors, at, tried);
    if (result.changedElsewhere)
      found.general = ['The configuration changed elsewhere meanwhile: nothing was saved. Look again and retry.'];
    setIssues(found);
  };

  const save = async (event?: Event) => {
    event?.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const { config: tried, ref: at } = ref
        ? { config: replaceMapping(config, ref, candidate), ref }
        : addMapping(config, form.network, candidate);
      const result = await saveCandidate(client, tried, config);
      if (!result.ok) {
        failed(result, at, tried);
        return;
      }
      const saved = result.saved.networks[at.network]!.mappings[at.mapping]!;
      const elsewhere = samePageElsewhere(tab.url, saved, form.thisSide);
      onSaved({
        text: ref ? `Saved “${saved.name}”.` : `Mapped “${saved.name}”: its redirects apply now.`,
        undo: { previous: config, saved: result.saved },
        ...(!ref && elsewhere
          ? { open: { label: `Open this page on the ${other} address`, tabId: tab.id, url: elsewhere } }
          : {}),
      });
    } catch (error) {
      setIssues({ byField: {}, general: [errorMessage(error)] });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!ref || !stored || saving) return;
    setSaving(true);
    try {
      const result = await saveCandidate(client, removeMapping(config, ref), config);
      if (!result.ok) failed(result, ref, config);
      else onSaved({ text: `Removed “${stored.name}”.`, undo: { previous: config, saved: result.saved } });
    } catch (error) {
      setIssues({ byField: {}, general: [errorMessage(error)] });
    } finally {
      setSaving(false);
    }
  };

  /** The login section's one-click changes, saved at once on the stored mapping. */
  const savePatch = async (patch: Partial<Mapping>): Promise<string | null> => {
    if (!ref || !stored) return 'This mapping is not saved yet.';
    const tried = replaceMapping(config, ref, withoutUndefined({ ...stored, ...patch }));
    try {
      const result = await saveCandidate(client, tried, config);
      onChanged();
      if (result.ok) return null;
      const found = issuesForMapping(result.errors, ref, tried);
      return [...Object.values(found.byField).flat(), ...found.general].join(' ') || 'Not saved.';
    } catch (error) {
      return errorMessage(error);
    }
  };

  const headingId = `${ID}-heading`;
  const here = thisSideUrl(form);
  return (
    <form
      class="tab-card editor"
      aria-labelledby={headingId}
      onKeyDown={onKeyDown}
      onSubmit={(event) => void save(event)}
      noValidate
    >
      <h2 id={headingId} class="editor-heading">
        {ref ? `Edit “${stored!.name}”` : 'Map this site'}
      </h2>
      {proposal && (
        <fieldset class="editor-sides">
          <legend>This address is the</legend>
          {(['external', 'internal'] as const).map((side) => (
            <label key={side} class="checkbox">
              <input
                type="radio"
                name={`${ID}-side`}
                checked={form.thisSide === side}
                onChange={() => change({ thisSide: side })}
              />
              {side === 'external' ? 'External side' : 'Internal side'}
            </label>
          ))}
          <p class="field-message field-hint">
            {proposal.origin} is {proposal.because}.
          </p>
        </fieldset>
      )}
      <TextField
        id={`${ID}-prefix`}
        label={`Path prefix of ${form.origin} (optional)`}
        value={form.prefix}
        placeholder="/jellyfin"
        onInput={(prefix) => change({ prefix })}
        errors={errors('prefix')}
        hint={
          proposal?.prefix && form.prefix !== proposal.prefix ? (
            <button type="button" class="link-button" onClick={() => change({ prefix: proposal.prefix! })}>
              Only {proposal.prefix}
            </button>
          ) : (
            `This side: ${here}`
          )
        }
      />
      <TextField
        id={`${ID}-other`}
        label={other === 'internal' ? 'Internal address' : 'External address'}
        value={form.other}
        placeholder={other === 'internal' ? 'http://192.168.1.20:8096' : 'https://jellyfin.example.com'}
        inputMode="url"
        onInput={(value) => change({ other: value })}
        errors={errors('other')}
        hint={
          suggestions.length > 0 ? (
            <span class="editor-suggestions">
              Likely:{' '}
              {suggestions.map((url) => (
                <button key={url} type="button" class="link-button" onClick={() => change({ other: url })}>
                  {url}
                </button>
              ))}
            </span>
          ) : undefined
        }
      />
      <TextField
        id={`${ID}-name`}
        label="Name"
        value={form.name}
        onInput={(name) => change({ name })}
        errors={errors('name')}
      />
      {!ref && config.networks.length > 1 && (
        <div class="field">
          <label for={`${ID}-network`}>Network</label>
          <select
            id={`${ID}-network`}
            class="input"
            value={String(form.network)}
            onChange={(event) => change({ network: Number(event.currentTarget.value) })}
          >
            {config.networks.map((network, n) => (
              <option key={network.name} value={String(n)}>
                {network.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {ref && (
        <label class="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => setOn(event.currentTarget.checked)} />
          Redirect this mapping (on)
        </label>
      )}
      <SideTest external={candidate.external} internal={candidate.internal} />
      {issues && issues.general.length > 0 && (
        <ul class="field-message field-error" role="alert">
          {issues.general.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <div class="editor-actions">
        <button type="submit" class="button button-primary" aria-busy={saving ? 'true' : 'false'}>
          {ref ? 'Save' : 'Save mapping'}
        </button>
        <button type="button" class="button" onClick={onClose}>
          Cancel
        </button>
        {ref && (
          <button type="button" class="button button-danger" onClick={() => void remove()}>
            Remove
          </button>
        )}
      </div>
      {ref && stored && <LoginSection mapping={stored} save={savePatch} idPrefix={ID} />}
    </form>
  );
}
