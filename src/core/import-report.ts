// What to tell the user about a configuration file that could not be imported. Pure.
import { formatIssue, type ConfigIssue } from './config-validate';

export interface ImportFailure {
  /** Completes "“file.json” was not imported: …". */
  summary: string;
  /** One line per problem, `networks[0].mappings[1].external: …` (at most `limit`). */
  details: string[];
  more: number;
}

export function describeImportFailure(errors: readonly ConfigIssue[], limit = 8): ImportFailure {
  const first = errors[0];
  const lines = errors.map(formatIssue);
  const shown = lines.slice(0, limit);
  const more = lines.length - shown.length;
  if (first && first.path === '' && first.message.startsWith('not JSON')) {
    return { summary: `it is not JSON (${first.message.replace(/^not JSON:\s*/, '')})`, details: [], more: 0 };
  }
  if (errors.some((issue) => issue.path === 'format' || issue.message.startsWith('not a Hairpin config'))) {
    return {
      summary: 'it is not a Hairpin configuration (expected "format": "hairpin-config")',
      details: shown,
      more,
    };
  }
  if (errors.length === 1 && first) return { summary: formatIssue(first), details: [], more: 0 };
  return { summary: `${errors.length} problems`, details: shown, more };
}
