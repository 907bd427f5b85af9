// The validator's issues about one mapping, by the popup editor's fields, in the words the
// options page uses ("…already claimed by Network “Home” › Mapping “Jellyfin” › External URL"). Pure.
import type { Config } from './config-schema';
import type { ConfigIssue } from './config-validate';
import { draftFromConfig } from './config-draft';
import { describePath, fieldForPath, fieldMessage } from './draft-fields';
import type { MappingRef } from './mapping-edits';

export type PopupField = 'name' | 'external' | 'internal' | 'cookieDomain' | 'keepLogin';

export interface PopupIssues {
  byField: Partial<Record<PopupField, string[]>>;
  /** Issues about other mappings or the whole config, in words. */
  general: string[];
}

/** The validator's issues, those about mapping `ref` by field, in the words the options page uses. */
export function issuesForMapping(issues: readonly ConfigIssue[], ref: MappingRef, config: Config): PopupIssues {
  const draft = draftFromConfig(config);
  const out: PopupIssues = { byField: {}, general: [] };
  for (const issue of issues) {
    const field = fieldForPath(issue.path);
    const message = fieldMessage(issue.message, draft);
    if (field && field.network === ref.network && field.mapping === ref.mapping && field.field !== 'enabled') {
      const key: PopupField = field.field;
      out.byField[key] = [...(out.byField[key] ?? []), message];
    } else {
      out.general.push(issue.path === '' ? message : `${describePath(issue.path, draft)}: ${message}`);
    }
  }
  return out;
}
