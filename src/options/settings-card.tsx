// Whole-configuration settings: the household's config URL (with its last fetch and "Fetch
// now") and the navigation rescue deadline.
import { useState } from 'preact/hooks';
import { SETTINGS_KEY, type Draft, type SettingsField } from '../core/config-draft';
import { fieldPath } from '../core/draft-fields';
import type { ConfigFetchStatus } from '../core/config-url';
import { RESCUE_AFTER } from '../core/navigation';
import { errorMessage } from '../core/error-message';
import { formatRelative } from '../ui/relative-time';
import { TextField } from './field';
import { OriginAccess } from './origin-access';

/** "Fetched 3 min ago, unchanged." for the config URL now in the form, or null when it has none. */
function describeConfigFetch(
  fetch: ConfigFetchStatus | null,
  url: string,
  now: number,
): { text: string; tone: 'muted' | 'good' | 'bad' } | null {
  if (url === '') return null;
  if (!fetch || fetch.url !== url) {
    return { text: 'Not fetched yet: Hairpin fetches it whenever you are at home.', tone: 'muted' };
  }
  const when = formatRelative(fetch.at, now);
  if (!fetch.ok) return { text: `Fetch failed ${when}: ${fetch.error ?? 'unknown error'}.`, tone: 'bad' };
  return fetch.changed
    ? { text: `Fetched ${when}, changed the configuration.`, tone: 'good' }
    : { text: `Fetched ${when}, unchanged.`, tone: 'good' };
}

export interface SettingsCardProps {
  draft: Draft;
  errorsFor: (path: string, rowKey: string, field: string) => string[];
  touch: (rowKey: string, field: string) => void;
  onChange: (patch: Partial<Pick<Draft, SettingsField>>, field: SettingsField) => void;
  configFetch: ConfigFetchStatus | null;
  clock: number;
  onFetchNow: () => Promise<void>;
}

export function SettingsCard(props: SettingsCardProps) {
  const { draft, errorsFor, touch, onChange } = props;
  const [fetching, setFetching] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const field = (name: SettingsField) => ({
    id: `${SETTINGS_KEY}-${name}`,
    errors: errorsFor(fieldPath({ field: name }), SETTINGS_KEY, name),
    onBlur: () => touch(SETTINGS_KEY, name),
  });
  const configUrl = field('configUrl');
  const url = draft.configUrl.trim();
  const status = describeConfigFetch(props.configFetch, url, props.clock);

  const fetchNow = async () => {
    if (fetching) return;
    if (url === '') return;
    if (configUrl.errors.length > 0) {
      setProblem('Fix the config URL first.');
      return;
    }
    setProblem(null);
    setFetching(true);
    try {
      await props.onFetchNow();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setFetching(false);
    }
  };

  return (
    <section class="card settings-card" aria-labelledby="settings-title">
      <h2 id="settings-title" class="card-title">
        General
      </h2>
      <div class="grid">
        <TextField
          {...configUrl}
          class="span-2"
          label="Config URL"
          inputMode="url"
          value={draft.configUrl}
          placeholder="optional, e.g. https://home.example.com/hairpin.json"
          hint="A Hairpin configuration file on your home server, so every browser of the household follows one file. Hairpin fetches it at home and it replaces the configuration on this page."
          onInput={(value) => onChange({ configUrl: value }, 'configUrl')}
        />
        <div class="fetch-row span-2">
          <button
            type="button"
            class="button"
            onClick={() => void fetchNow()}
            aria-busy={fetching ? 'true' : 'false'}
            aria-disabled={url === '' || fetching ? 'true' : undefined}
            title={url === '' ? 'Enter a config URL first' : `Fetch ${url} now`}
          >
            {fetching && <span class="spinner" aria-hidden="true" />}
            {fetching ? 'Fetching…' : 'Fetch now'}
          </button>
          <p
            class={`fetch-status ${problem || status?.tone === 'bad' ? 'field-error' : status?.tone === 'good' ? 'status-good' : 'muted'}`}
            role="status"
          >
            {problem ?? status?.text ?? 'No config URL: the configuration is edited here.'}
          </p>
        </div>
        {url !== '' && configUrl.errors.length === 0 && (
          <OriginAccess urls={[url]} consequence="the config URL cannot be fetched" />
        )}
        <TextField
          {...field('rescueAfter')}
          label="Navigation rescue deadline (ms)"
          value={draft.rescueAfter}
          placeholder={String(RESCUE_AFTER.default)}
          inputMode="numeric"
          hint={`When a mapped address has not answered after this long, Hairpin checks your network again and moves the tab to the address that works. ${RESCUE_AFTER.min}–${RESCUE_AFTER.max} ms; ${RESCUE_AFTER.default} ms when empty.`}
          onInput={(value) => onChange({ rescueAfter: value }, 'rescueAfter')}
        />
      </div>
    </section>
  );
}
