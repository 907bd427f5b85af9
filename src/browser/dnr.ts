// declarativeNetRequest adapter: read Hairpin's dynamic rules, apply a diff.
import { browser } from './api';
import { isHairpinRuleId, type RedirectRule, type RuleDiff } from '../core/rule-compiler';

export async function getInstalledRules(): Promise<{ id: number }[]> {
  const rules = await browser.declarativeNetRequest.getDynamicRules();
  return rules.filter((rule) => isHairpinRuleId(rule.id));
}

export async function applyRuleDiff(diff: RuleDiff): Promise<void> {
  await browser.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: diff.removeRuleIds,
    addRules: diff.addRules as RedirectRule[] as never,
  });
}
