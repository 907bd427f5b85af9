// Compiles (config, location per network) into declarativeNetRequest dynamic rules, and diffs
// them against what is installed. Pure: the DNR adapter applies the result.
import type { Config } from './config-schema';
import type { Location } from './verdict';
import { parseSide, sideToString, type Side } from './side';
import { valueFor } from './by-name';

/** The subset of chrome.declarativeNetRequest.Rule that Hairpin writes. */
export interface RedirectRule {
  id: number;
  priority: number;
  action: { type: 'redirect'; redirect: { regexSubstitution: string } };
  condition: {
    regexFilter: string;
    resourceTypes: ('main_frame' | 'sub_frame')[];
    isUrlFilterCaseSensitive: true;
  };
}

/** Dynamic rule IDs from here up belong to Hairpin; anything below is left alone. */
export const RULE_ID_BASE = 1000;
export const RULE_ID_LIMIT = RULE_ID_BASE + 100_000;

export function isHairpinRuleId(id: number): boolean {
  return id >= RULE_ID_BASE && id < RULE_ID_LIMIT;
}

/** RE2 metacharacters; hosts and prefixes must only ever match themselves. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * A regex for every URL under `side`: the prefix matches whole path segments, and the rest
 * (path after the prefix, query, fragment) is captured as group 1.
 */
export function sideRegex(side: Side): string {
  const defaultPort = side.scheme === 'https' ? 443 : 80;
  const port = side.port === null ? `(?::${defaultPort})?` : `:${side.port}`;
  return `^${side.scheme}://${escapeRegex(side.host)}${port}${escapeRegex(side.prefix)}([/?#].*)?$`;
}

export function compileRules(
  config: Config,
  locations: Readonly<Record<string, Location | 'unknown'>>,
): RedirectRule[] {
  const rules: RedirectRule[] = [];
  let index = 0;
  for (const network of config.networks) {
    const location = valueFor(locations, network.name) ?? 'unknown';
    for (const mapping of network.mappings) {
      // IDs follow the mapping's position so that a mode switch rewrites rules in place.
      const id = RULE_ID_BASE + index;
      index += 1;
      if (mapping.enabled === false || location === 'unknown') continue;
      const external = parse(mapping.external);
      const internal = parse(mapping.internal);
      const [from, to] = location === 'home' ? [external, internal] : [internal, external];
      rules.push({
        id,
        // Longer prefixes win where prefixes nest.
        priority: 1 + from.prefix.length,
        action: { type: 'redirect', redirect: { regexSubstitution: `${sideToString(to)}\\1` } },
        condition: {
          regexFilter: sideRegex(from),
          // Frames too: a home dashboard (Dashy, Homepage) framing a service's external address
          // at home needs the redirect as much as a tab does. The service's X-Frame-Options and
          // CSP frame-ancestors still apply to the framed answer (they are checked against the
          // framing page), so redirecting grants no page a frame the service refuses; see
          // SECURITY.md for what a page framing a mapped host can learn.
          resourceTypes: ['main_frame', 'sub_frame'],
          isUrlFilterCaseSensitive: true,
        },
      });
    }
  }
  return rules;
}

/** Each side's regex, both directions, with the field path it comes from (for checks at save). */
export function sideRegexes(config: Config): { path: string; regex: string }[] {
  const out: { path: string; regex: string }[] = [];
  config.networks.forEach((network, n) =>
    network.mappings.forEach((mapping, m) => {
      for (const role of ['external', 'internal'] as const) {
        out.push({ path: `networks[${n}].mappings[${m}].${role}`, regex: sideRegex(parse(mapping[role])) });
      }
    }),
  );
  return out;
}

export interface RuleDiff {
  removeRuleIds: number[];
  addRules: RedirectRule[];
}

/** The smallest update that turns `installed` (Hairpin's range only) into `desired`. */
export function diffRules(installed: readonly { id: number }[], desired: readonly RedirectRule[]): RuleDiff {
  const desiredById = new Map(desired.map((rule) => [rule.id, rule]));
  const installedById = new Map(installed.filter((rule) => isHairpinRuleId(rule.id)).map((rule) => [rule.id, rule]));
  const removeRuleIds: number[] = [];
  const addRules: RedirectRule[] = [];
  for (const [id, rule] of installedById) {
    const wanted = desiredById.get(id);
    if (!wanted || !sameRule(rule, wanted)) removeRuleIds.push(id);
  }
  for (const [id, rule] of desiredById) {
    const current = installedById.get(id);
    if (!current || !sameRule(current, rule)) addRules.push(rule);
  }
  return { removeRuleIds, addRules };
}

export function isEmptyDiff(diff: RuleDiff): boolean {
  return diff.removeRuleIds.length === 0 && diff.addRules.length === 0;
}

/** Compares only the fields Hairpin sets; browsers may add defaults to installed rules. */
function sameRule(installed: { id: number }, wanted: RedirectRule): boolean {
  const rule = installed as Partial<RedirectRule>;
  return (
    rule.priority === wanted.priority &&
    rule.action?.type === 'redirect' &&
    rule.action.redirect?.regexSubstitution === wanted.action.redirect.regexSubstitution &&
    rule.condition?.regexFilter === wanted.condition.regexFilter &&
    rule.condition.isUrlFilterCaseSensitive === true &&
    JSON.stringify(rule.condition.resourceTypes) === JSON.stringify(wanted.condition.resourceTypes)
  );
}

function parse(text: string): Side {
  const result = parseSide(text);
  if (!result.ok) throw new Error(`compileRules needs a validated config: ${result.message}`);
  return result.side;
}
