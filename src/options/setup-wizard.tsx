// First run, "start fresh": one network in three steps — probe URL, token, first mapping. Each
// step is checked by the core validator before moving on; Finish saves the whole config.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Config } from '../core/config-schema';
import { validateConfig } from '../core/config-validate';
import { configFromDraft, emptyDraft, emptyMapping, emptyNetwork, type Draft } from '../core/config-draft';
import { fieldMessage, fieldPath, groupIssues, type FieldRef } from '../core/draft-fields';
import { TextField } from './field';
import { ProbeTest } from './probe-test';
import { ExpectedTokenField, ProbeUrlField } from './probe-fields';
import { errorMessage } from '../core/error-message';

const STEPS: { title: string; fields: FieldRef[] }[] = [
  {
    title: 'Where is your health endpoint?',
    fields: [
      { network: 0, field: 'name' },
      { network: 0, field: 'probeUrl' },
    ],
  },
  { title: 'What does it answer?', fields: [{ network: 0, field: 'expect' }] },
  {
    title: 'Your first service',
    fields: [
      { network: 0, mapping: 0, field: 'name' },
      { network: 0, mapping: 0, field: 'external' },
      { network: 0, mapping: 0, field: 'internal' },
    ],
  },
];
const STEP_NAMES = ['Probe URL', 'Token', 'First mapping'];

function initialDraft(): Draft {
  return { ...emptyDraft(), networks: [{ ...emptyNetwork('Home'), mappings: [emptyMapping()] }] };
}

export function SetupWizard({
  onFinish,
  onCancel,
}: {
  onFinish: (config: Config) => Promise<void>;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initialDraft);
  const [step, setStep] = useState(0);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const stepRef = useRef<HTMLDivElement>(null);
  const firstRender = useRef(true);

  const validation = useMemo(() => validateConfig(configFromDraft(draft)), [draft]);
  const grouped = useMemo(() => groupIssues(validation.ok ? [] : validation.errors), [validation]);
  const network = draft.networks[0]!;
  const mapping = network.mappings[0]!;

  useEffect(() => {
    // Keyboard users land in the new step's first field.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    stepRef.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [step]);

  const errors = (ref: FieldRef) => {
    const path = fieldPath(ref);
    return touched.has(path) ? (grouped.byField.get(path) ?? []).map((message) => fieldMessage(message, draft)) : [];
  };
  const touch = (ref: FieldRef) => setTouched((previous) => new Set(previous).add(fieldPath(ref)));
  const props = (ref: FieldRef) => ({
    id: `wizard-${fieldPath(ref).replace(/\W+/g, '-')}`,
    errors: errors(ref),
    onBlur: () => touch(ref),
  });
  const setNetwork = (ref: FieldRef, patch: Partial<typeof network>) => {
    touch(ref);
    setDraft((previous) => ({ ...previous, networks: [{ ...previous.networks[0]!, ...patch }] }));
  };
  const setMapping = (ref: FieldRef, patch: Partial<typeof mapping>) => {
    touch(ref);
    setDraft((previous) => {
      const current = previous.networks[0]!;
      return { ...previous, networks: [{ ...current, mappings: [{ ...current.mappings[0]!, ...patch }] }] };
    });
  };

  /** Shows the step's problems; true when there are none. */
  const stepIsValid = (index: number) => {
    const fields = STEPS[index]!.fields;
    setTouched((previous) => {
      const next = new Set(previous);
      for (const ref of fields) next.add(fieldPath(ref));
      return next;
    });
    const invalid = fields.find((ref) => grouped.byField.has(fieldPath(ref)));
    if (invalid) document.getElementById(props(invalid).id)?.focus();
    return invalid === undefined;
  };

  const next = () => {
    if (stepIsValid(step)) setStep(step + 1);
  };

  const finish = async () => {
    if (!stepIsValid(step) || busy) return;
    if (!validation.ok) {
      // Only possible through cross-field rules of an earlier step; show them here.
      setProblem(validation.errors.map((issue) => fieldMessage(`${issue.path}: ${issue.message}`, draft)).join(' '));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await onFinish(validation.config);
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  };

  const a = (field: 'name' | 'probeUrl' | 'expect'): FieldRef => ({ network: 0, field });
  const m = (field: 'name' | 'external' | 'internal'): FieldRef => ({ network: 0, mapping: 0, field });

  return (
    <section class="card wizard" aria-labelledby="wizard-title">
      <ol class="wizard-steps" aria-label="Steps">
        {STEP_NAMES.map((name, index) => (
          <li
            key={name}
            class={index === step ? 'current' : index < step ? 'done' : ''}
            aria-current={index === step ? 'step' : undefined}
          >
            <span class="wizard-step-number" aria-hidden="true">
              {index + 1}
            </span>
            {name}
          </li>
        ))}
      </ol>
      <h2 id="wizard-title" class="card-title">
        <span class="visually-hidden">Step {step + 1} of 3: </span>
        {STEPS[step]!.title}
      </h2>
      <form
        class="wizard-body"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (step < STEPS.length - 1) next();
          else void finish();
        }}
      >
        <div ref={stepRef} class="grid">
          {step === 0 && (
            <>
              <p class="span-2 muted wizard-intro">
                Hairpin knows you are at home when a health endpoint on your home network answers. A small web server on
                your NAS or router is enough.
              </p>
              <TextField
                {...props(a('name'))}
                label="Network name"
                value={network.name}
                onInput={(name) => setNetwork(a('name'), { name })}
              />
              <div />
              <ProbeUrlField
                {...props(a('probeUrl'))}
                value={network.probeUrl}
                hint="A private address (192.168.x.x, 10.x.x.x) or a home name such as nas.lan."
                onInput={(probeUrl) => setNetwork(a('probeUrl'), { probeUrl })}
              />
            </>
          )}
          {step === 1 && (
            <>
              <ExpectedTokenField
                {...props(a('expect'))}
                value={network.expect}
                onInput={(expect) => setNetwork(a('expect'), { expect })}
              />
              <div class="span-2">
                <ProbeTest network={network} label={network.name || 'the network'} />
              </div>
            </>
          )}
          {step === 2 && (
            <>
              <p class="span-2 muted wizard-intro">
                A service you reach at two addresses: at home Hairpin opens the internal one, away the external one.
              </p>
              <TextField
                {...props(m('name'))}
                label="Name"
                value={mapping.name}
                placeholder="e.g. Jellyfin"
                onInput={(name) => setMapping(m('name'), { name })}
              />
              <div />
              <TextField
                {...props(m('external'))}
                label="External URL"
                inputMode="url"
                value={mapping.external}
                placeholder="https://jellyfin.example.com"
                onInput={(external) => setMapping(m('external'), { external })}
              />
              <TextField
                {...props(m('internal'))}
                label="Internal URL"
                inputMode="url"
                value={mapping.internal}
                placeholder="http://192.168.1.20:8096"
                onInput={(internal) => setMapping(m('internal'), { internal })}
              />
            </>
          )}
        </div>
        {problem && (
          <p class="notice notice-danger" role="alert">
            {problem}
          </p>
        )}
        <div class="wizard-actions">
          <button type="button" class="button" onClick={onCancel}>
            Cancel
          </button>
          <span class="spacer" />
          {step > 0 && (
            <button type="button" class="button" onClick={() => setStep(step - 1)}>
              Back
            </button>
          )}
          <button type="submit" class="button button-primary" aria-busy={busy ? 'true' : 'false'}>
            {step < STEPS.length - 1 ? 'Next' : 'Finish'}
          </button>
        </div>
      </form>
    </section>
  );
}
