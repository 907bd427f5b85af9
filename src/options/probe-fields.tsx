// A network's probe URL and expected token, as both the network editor and the setup wizard
// show them: the privacy warning for a public address, and the advice (and a random token) when
// no token is set.
import { probeUrlProblem } from '../core/config-schema';
import { checkProbeAddress, TOKEN_ADVICE } from '../core/probe-address';
import { suggestToken } from '../core/health-snippets';
import { TextField } from './field';

/** What ties a field to the form: its element id, its messages, and "touched" on leaving it. */
export interface FieldWiring {
  id: string;
  errors: readonly string[];
  onBlur: () => void;
}

function randomToken(): string {
  return suggestToken((bytes) => crypto.getRandomValues(bytes));
}

/** The privacy warning for a probe URL, once it is a valid URL. */
function probeWarning(url: string): string | null {
  return probeUrlProblem(url) === null ? checkProbeAddress(url).warning : null;
}

export function ProbeUrlField(props: FieldWiring & { value: string; hint: string; onInput: (url: string) => void }) {
  const { value, hint, onInput, ...wiring } = props;
  return (
    <TextField
      {...wiring}
      class="span-2"
      label="Probe URL"
      inputMode="url"
      value={value}
      placeholder="http://192.168.1.10:8080/hairpin"
      warning={probeWarning(value)}
      hint={hint}
      onInput={onInput}
    />
  );
}

export function ExpectedTokenField(props: FieldWiring & { value: string; onInput: (token: string) => void }) {
  const { value, onInput, ...wiring } = props;
  return (
    <TextField
      {...wiring}
      class="span-2"
      label="Expected token"
      value={value}
      placeholder="e.g. hairpin-3f9c1a2b7d"
      hint={<TokenHint expect={value} onSuggest={onInput} />}
      onInput={onInput}
    />
  );
}

function TokenHint({ expect, onSuggest }: { expect: string; onSuggest: (token: string) => void }) {
  if (expect.trim() !== '') return <p>Text that the probe’s answer must contain.</p>;
  return (
    <>
      <p>{TOKEN_ADVICE}</p>
      <button type="button" class="link-button" onClick={() => onSuggest(randomToken())}>
        Use a random token
      </button>
    </>
  );
}
