// Saving from the popup editor: the options page's validator first (its messages go to the
// fields at once), then the background, which validates again and applies the rules before it
// answers; `base` refuses a save over a change made elsewhere meanwhile.
import type { Config } from '../../core/config-schema';
import { validateConfig, type ConfigIssue } from '../../core/config-validate';
import type { HairpinClient } from '../../core/messages';

export type SaveResult = { ok: true; saved: Config } | { ok: false; errors: ConfigIssue[]; changedElsewhere: boolean };

export async function saveCandidate(client: HairpinClient, candidate: Config, base: Config): Promise<SaveResult> {
  const checked = validateConfig(candidate);
  if (!checked.ok) return { ok: false, errors: checked.errors, changedElsewhere: false };
  const reply = await client({ type: 'saveConfig', config: checked.config, base });
  if (!reply.ok) return { ok: false, errors: reply.errors, changedElsewhere: reply.changedElsewhere !== undefined };
  return { ok: true, saved: checked.config };
}
