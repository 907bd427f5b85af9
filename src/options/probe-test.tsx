// "Test probe": asks the background to run the network's probe as configured in the draft and
// says what came back, with nginx and Caddy snippets that serve such an endpoint.
import { useState } from 'preact/hooks';
import { PROBE_TIMEOUT, probeUrlProblem } from '../core/config-schema';
import { parseTimeout, type DraftNetwork } from '../core/config-draft';
import { healthSnippets } from '../core/health-snippets';
import { describeProbeTest, type ProbeReport } from '../core/probe-report';
import { useApp } from '../ui/services';
import { errorMessage } from '../core/error-message';

/** docs/health-endpoint.md, built into the extension by scripts/guide-page.ts. */
const HEALTH_DOC_URL = '/guide/health-endpoint.html';

type TestState =
  { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; report: ProbeReport } | { kind: 'error'; message: string };

export function ProbeTest({ network, label }: { network: DraftNetwork; label: string }) {
  const { client } = useApp();
  const [test, setTest] = useState<TestState>({ kind: 'idle' });

  const run = async () => {
    if (test.kind === 'running') return;
    const problem = probeUrlProblem(network.probeUrl);
    if (problem) {
      setTest({ kind: 'error', message: `The probe URL ${problem}.` });
      return;
    }
    const timeout = parseTimeout(network.timeout);
    const timeoutMs =
      typeof timeout === 'number' ? Math.min(PROBE_TIMEOUT.max, Math.max(PROBE_TIMEOUT.min, timeout)) : undefined;
    setTest({ kind: 'running' });
    try {
      const result = await client({
        type: 'testProbe',
        probe: {
          url: network.probeUrl.trim(),
          ...(network.expect.trim() === '' ? {} : { expect: network.expect }),
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        },
      });
      setTest(
        result.ok
          ? { kind: 'done', report: describeProbeTest(result.outcome, result.verdict) }
          : { kind: 'error', message: result.error },
      );
    } catch (error) {
      setTest({ kind: 'error', message: errorMessage(error) });
    }
  };

  const snippets = healthSnippets(network.probeUrl, network.expect);
  const failed = test.kind === 'error' || (test.kind === 'done' && test.report.counts === 'away');

  return (
    <div class="probe-test">
      <div class="probe-test-row">
        <button
          type="button"
          class="button"
          onClick={() => void run()}
          aria-busy={test.kind === 'running' ? 'true' : 'false'}
          aria-label={`Test probe of ${label}`}
        >
          {test.kind === 'running' && <span class="spinner" aria-hidden="true" />}
          {test.kind === 'running' ? 'Testing…' : 'Test probe'}
        </button>
        <div class="probe-result" role="status">
          {test.kind === 'done' && (
            <>
              <p>
                <span class={`verdict verdict-${test.report.counts}`}>
                  {test.report.counts === 'home' ? 'Home' : 'Away'}
                </span>{' '}
                {test.report.answer}.
              </p>
              {test.report.advice && <p class="muted">{test.report.advice}</p>}
            </>
          )}
          {test.kind === 'error' && <p class="field-error">{test.message}</p>}
        </div>
      </div>
      <details class="snippets" open={failed}>
        <summary>Serve a health endpoint with nginx or Caddy</summary>
        <p class="muted">
          Either snippet answers the probe URL with status 200 and the token. Put it on a server that only your home
          network can reach.
        </p>
        <Snippet title="nginx" text={snippets.nginx} />
        <Snippet title="Caddy" text={snippets.caddy} />
        <p>
          <a href={HEALTH_DOC_URL} target="_blank" rel="noreferrer">
            How to set up the health endpoint
          </a>
        </p>
      </details>
    </div>
  );
}

function Snippet({ title, text }: { title: string; text: string }) {
  const { services } = useApp();
  const [copied, setCopied] = useState<string>('');
  const copy = () => {
    services.writeClipboard(text).then(
      () => setCopied('Copied'),
      (error: unknown) => setCopied(`Could not copy: ${errorMessage(error)}`),
    );
  };
  return (
    <figure class="snippet">
      <figcaption class="snippet-head">
        <span>{title}</span>
        <span class="snippet-copy">
          <span class="muted" role="status">
            {copied}
          </span>
          <button type="button" class="button button-small" onClick={copy} aria-label={`Copy the ${title} snippet`}>
            Copy
          </button>
        </span>
      </figcaption>
      <pre>
        <code>{text}</code>
      </pre>
    </figure>
  );
}
