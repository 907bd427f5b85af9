// One network: its probe (URL, token, timeout), a probe test, and its mappings.
import { PROBE_TIMEOUT } from '../core/config-schema';
import type { DraftMapping, DraftNetwork, MappingField, NetworkField } from '../core/config-draft';
import { fieldPath } from '../core/draft-fields';
import { TextField } from './field';
import { LoginSettings } from './login-settings';
import { OriginAccess } from './origin-access';
import { ProbeTest } from './probe-test';
import { ExpectedTokenField, ProbeUrlField } from './probe-fields';
import type { EditorApi } from './editor-api';

export function networkLabel(network: DraftNetwork, index: number): string {
  return network.name.trim() || `Network ${index + 1}`;
}

export function NetworkEditor({ api, network, index }: { api: EditorApi; network: DraftNetwork; index: number }) {
  const label = networkLabel(network, index);
  const field = (name: NetworkField) => ({
    id: `${network.key}-${name}`,
    errors: api.errorsFor(fieldPath({ network: index, field: name }), network.key, name),
    onBlur: () => api.touch(network.key, name),
  });
  const change = (name: NetworkField, patch: Partial<DraftNetwork>) => api.changeNetwork(network.key, patch, name);

  return (
    <section class="card network-card" aria-labelledby={`${network.key}-title`}>
      <div class="card-head">
        <h2 id={`${network.key}-title`} class="card-title">
          {label}
        </h2>
        <button
          type="button"
          class="button button-small button-danger"
          onClick={() => api.removeNetwork(network.key)}
          aria-label={`Remove network ${label}`}
        >
          Remove network
        </button>
      </div>
      <div class="grid">
        <TextField {...field('name')} label="Name" value={network.name} onInput={(name) => change('name', { name })} />
        <TextField
          {...field('timeout')}
          label="Timeout (ms)"
          value={network.timeout}
          placeholder={String(PROBE_TIMEOUT.default)}
          inputMode="numeric"
          hint={`How long to wait for an answer; ${PROBE_TIMEOUT.default} ms when empty.`}
          onInput={(timeout) => change('timeout', { timeout })}
        />
        <ProbeUrlField
          {...field('probeUrl')}
          value={network.probeUrl}
          hint="A health endpoint that only your home network can reach."
          onInput={(probeUrl) => change('probeUrl', { probeUrl })}
        />
        <ExpectedTokenField
          {...field('expect')}
          value={network.expect}
          onInput={(expect) => change('expect', { expect })}
        />
      </div>
      <OriginAccess urls={[network.probeUrl]} consequence="the probe cannot run" />
      <ProbeTest network={network} label={label} />

      <h3 class="mappings-title">Mappings</h3>
      {network.mappings.length === 0 ? (
        <p class="muted">No mappings yet: add the services Hairpin should switch between their two addresses.</p>
      ) : (
        <ol class="mappings">
          {network.mappings.map((mapping, m) => (
            <MappingEditor
              key={mapping.key}
              api={api}
              network={network}
              networkIndex={index}
              mapping={mapping}
              index={m}
            />
          ))}
        </ol>
      )}
      <div>
        <button type="button" class="button" onClick={() => api.addMapping(network.key)}>
          Add mapping
        </button>
      </div>
    </section>
  );
}

function MappingEditor(props: {
  api: EditorApi;
  network: DraftNetwork;
  networkIndex: number;
  mapping: DraftMapping;
  index: number;
}) {
  const { api, network, networkIndex, mapping, index } = props;
  const label = mapping.name.trim() || `Mapping ${index + 1}`;
  const field = (name: MappingField) => ({
    id: `${mapping.key}-${name}`,
    errors: api.errorsFor(fieldPath({ network: networkIndex, mapping: index, field: name }), mapping.key, name),
    onBlur: () => api.touch(mapping.key, name),
  });
  const change = (name: MappingField, patch: Partial<DraftMapping>) =>
    api.changeMapping(network.key, mapping.key, patch, name);
  const cookieDomain = field('cookieDomain');
  // A cookie domain the schema refuses is an error already; only a valid one is worth a hint.
  const hint =
    api.hints?.analyzeMapping({
      external: mapping.external,
      internal: mapping.internal,
      cookieDomain:
        cookieDomain.errors.length === 0 && mapping.cookieDomain.trim() !== ''
          ? mapping.cookieDomain.trim()
          : undefined,
    }) ?? null;

  return (
    <li class={`mapping ${mapping.enabled ? '' : 'mapping-disabled'}`} aria-labelledby={`${mapping.key}-title`}>
      <div class="mapping-head">
        <h4 id={`${mapping.key}-title`} class="mapping-title">
          {label}
        </h4>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={mapping.enabled}
            onChange={(event) => change('enabled', { enabled: event.currentTarget.checked })}
          />
          Enabled
        </label>
        <button
          type="button"
          class="button button-small button-danger"
          onClick={() => api.removeMapping(network.key, mapping.key)}
          aria-label={`Remove mapping ${label}`}
        >
          Remove
        </button>
      </div>
      <div class="grid">
        <TextField
          {...field('name')}
          label="Name"
          value={mapping.name}
          placeholder="e.g. Jellyfin"
          onInput={(name) => change('name', { name })}
        />
        <TextField
          {...cookieDomain}
          label="Cookie domain"
          value={mapping.cookieDomain}
          placeholder={
            hint?.verdict === 'shared' && hint.domainSource === 'computed'
              ? `optional, e.g. ${hint.domain}`
              : 'optional, e.g. example.com'
          }
          warning={hint?.cookieDomainProblem ? `This cookie domain will not work: ${hint.cookieDomainProblem}.` : null}
          onInput={(cookieDomain) => change('cookieDomain', { cookieDomain })}
        />
        <TextField
          {...field('external')}
          label="External URL"
          inputMode="url"
          value={mapping.external}
          placeholder="https://jellyfin.example.com"
          hint="Used away from home, and for links you share."
          onInput={(external) => change('external', { external })}
        />
        <TextField
          {...field('internal')}
          label="Internal URL"
          inputMode="url"
          value={mapping.internal}
          placeholder="http://192.168.1.20:8096"
          hint="Used at home."
          onInput={(internal) => change('internal', { internal })}
        />
      </div>
      <LoginSettings
        mapping={mapping}
        label={label}
        hint={hint}
        hintsAvailable={api.hints !== null}
        secureConsent={api.secureConsent}
        onKeepLogin={(keepLogin) => change('keepLogin', { keepLogin })}
        setSecureConsent={api.setSecureConsent}
      />
      <OriginAccess urls={[mapping.external, mapping.internal]} consequence="this mapping cannot redirect" />
    </li>
  );
}
