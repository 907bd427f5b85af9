// declarativeNetRequest adapter: read Hairpin's rules, apply a diff. Session rules, not dynamic
// ones: dynamic rules survive a browser restart, so yesterday's "home" rules would redirect the
// tabs a browser restores in today's café before any probe could run. Session rules start empty.
import { browser } from './api';
import { isHairpinRuleId, type RuleDiff } from '../core/rule-compiler';

export async function getInstalledRules(): Promise<{ id: number }[]> {
  const rules = await browser.declarativeNetRequest.getSessionRules();
  return rules.filter((rule) => isHairpinRuleId(rule.id));
}

export async function applyRuleDiff(diff: RuleDiff): Promise<void> {
  await browser.declarativeNetRequest.updateSessionRules({
    removeRuleIds: diff.removeRuleIds,
    addRules: diff.addRules,
  });
}

/**
 * Why the browser would refuse `regex` as a rule's regexFilter (Chrome compiles each under a
 * memory budget: a long path prefix can exceed it), or null. Null too where the browser cannot
 * say (no isRegexSupported): the failed update then removes every rule (see the engine).
 */
export async function regexProblem(regex: string): Promise<string | null> {
  const check = (
    browser.declarativeNetRequest as { isRegexSupported?: typeof browser.declarativeNetRequest.isRegexSupported }
  ).isRegexSupported;
  if (typeof check !== 'function') return null;
  const result = await check({ regex, isCaseSensitive: true });
  if (result.isSupported) return null;
  return result.reason === 'memoryLimitExceeded'
    ? "is too long for the browser's redirect rules"
    : "is not supported by the browser's redirect rules";
}

/** Hairpin 0.1 kept its rules as dynamic rules: remove them (install/update only). */
export async function removeLegacyDynamicRules(): Promise<void> {
  const legacy = (await browser.declarativeNetRequest.getDynamicRules()).filter((rule) => isHairpinRuleId(rule.id));
  if (legacy.length > 0) {
    await browser.declarativeNetRequest.updateDynamicRules({ removeRuleIds: legacy.map((rule) => rule.id) });
  }
}
