// What the browser does with Hairpin's declarativeNetRequest rules, simulated with JavaScript
// regular expressions (the RE2 subset the compiler emits is JavaScript-compatible).
import type { RedirectRule } from '../../../src/core/rule-compiler';

/** RE2's rewrite syntax (`\1`, `\\`) as a JavaScript replacement string (`$1`, `\`, `$$`). */
export function jsReplacement(substitution: string): string {
  let out = '';
  for (let i = 0; i < substitution.length; i++) {
    const char = substitution[i]!;
    if (char === '\\') {
      const next = substitution[i + 1];
      if (next !== undefined && /\d/.test(next)) out += `$${next}`;
      else if (next === '\\') out += '\\';
      else throw new Error(`invalid escape in ${substitution}`);
      i += 1;
    } else {
      out += char === '$' ? '$$' : char;
    }
  }
  return out;
}

/** What the browser does with one rule: replace the first match of regexFilter, or null. */
export function applyRule(rule: RedirectRule, url: string): string | null {
  const regex = new RegExp(rule.condition.regexFilter);
  if (!regex.test(url)) return null;
  return url.replace(regex, jsReplacement(rule.action.redirect.regexSubstitution));
}

/** The browser's choice among all rules: the highest priority matching rule wins. */
export function redirect(rules: readonly RedirectRule[], url: string): string | null {
  const matching = rules.filter((rule) => new RegExp(rule.condition.regexFilter).test(url));
  if (matching.length === 0) return null;
  const top = Math.max(...matching.map((rule) => rule.priority));
  const winners = matching.filter((rule) => rule.priority === top);
  if (winners.length > 1) throw new Error(`ambiguous: ${winners.length} rules of priority ${top} match ${url}`);
  return applyRule(winners[0]!, url);
}
