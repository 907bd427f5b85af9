// What keeps the draft from being saved: problems that belong to no one field are listed above
// the form (each a link to where it points, if anywhere); "Show problems" goes to the first one.
import type { ConfigIssue } from '../core/config-validate';
import type { Draft } from '../core/config-draft';
import { describePath, fieldForPath, fieldId, fieldMessage } from '../core/draft-fields';

const TITLE_ID = 'problems-title';

/** The element id of the form field an issue concerns, or null for whole-config issues. */
function fieldIdOf(issue: ConfigIssue, draft: Draft): string | null {
  const ref = fieldForPath(issue.path);
  return ref ? fieldId(ref, draft) : null;
}

export function ProblemsSummary({ errors, draft }: { errors: readonly ConfigIssue[]; draft: Draft }) {
  const summary = errors.filter((issue) => fieldIdOf(issue, draft) === null);
  if (summary.length === 0) return null;
  return (
    <section class="notice notice-danger problems" aria-labelledby={TITLE_ID}>
      <h2 id={TITLE_ID} class="problems-title" tabIndex={-1}>
        Not saved yet: fix these
      </h2>
      <ul>
        {summary.map((issue) => (
          <li key={`${issue.path}:${issue.message}`}>
            <ProblemLink issue={issue} draft={draft} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Scrolls to the first field with a problem (or the summary) and focuses it, once it is shown. */
export function focusFirstProblem(errors: readonly ConfigIssue[], draft: Draft | null): void {
  const first = draft ? errors.map((issue) => fieldIdOf(issue, draft)).find((id) => id !== null) : undefined;
  requestAnimationFrame(() => {
    const target = document.getElementById(first ?? TITLE_ID);
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  });
}

function ProblemLink({ issue, draft }: { issue: ConfigIssue; draft: Draft }) {
  const id = fieldIdOf(issue, draft);
  const text = `${describePath(issue.path, draft)}: ${fieldMessage(issue.message, draft)}`;
  if (!id) return <>{text}</>;
  return (
    <button type="button" class="link-button" onClick={() => document.getElementById(id)?.focus()}>
      {text}
    </button>
  );
}
