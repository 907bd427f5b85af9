// "Test both sides": the background fetches each address (no cookies, redirects not followed,
// a short timeout) and the popup says which one answers from where the browser is now.
import { useState } from 'preact/hooks';
import { describeCheck, summarizeChecks, type ReachReport } from '../../core/side-check';
import { errorMessage } from '../../core/error-message';
import { useApp } from '../../ui/services';

interface Result {
  external: ReachReport;
  internal: ReachReport;
  summary: string;
  /** The addresses tested: the result is hidden once either changes. */
  tested: string;
}

export function SideTest({ external, internal }: { external: string; internal: string }) {
  const { client } = useApp();
  const [result, setResult] = useState<Result | null>(null);
  const [testing, setTesting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const key = `${external}\n${internal}`;

  const test = () => {
    if (testing) return;
    setTesting(true);
    setProblem(null);
    client({ type: 'testSides', external, internal })
      .then((reply) => {
        const ext = describeCheck(reply.external);
        const int = describeCheck(reply.internal);
        setResult({ external: ext, internal: int, summary: summarizeChecks(ext, int), tested: key });
      })
      .catch((error: unknown) => setProblem(`The test failed: ${errorMessage(error)}`))
      .finally(() => setTesting(false));
  };

  const shown = result?.tested === key ? result : null;
  return (
    <div class="side-test">
      <button
        type="button"
        class="button"
        onClick={test}
        aria-busy={testing ? 'true' : 'false'}
        aria-disabled={testing ? 'true' : undefined}
      >
        {testing ? 'Testing…' : 'Test both sides'}
      </button>
      <div role="status" class="side-test-result">
        {problem && <p class="field-error">{problem}</p>}
        {shown && (
          <>
            <ul>
              <li class={`reach reach-${shown.external.reach}`}>External: {shown.external.text}</li>
              <li class={`reach reach-${shown.internal.reach}`}>Internal: {shown.internal.text}</li>
            </ul>
            <p>{shown.summary}</p>
          </>
        )}
      </div>
    </div>
  );
}
