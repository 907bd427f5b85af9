// The platform's floor for a redirect: a bare extension that does nothing but redirect. No
// listeners, no storage, no pages: what a navigation costs with it is what any DNR redirect costs
// in this browser, so Hairpin's own share of the redirect overhead is "Hairpin / bare extension".
// Two forms: a second Chromium carrying a copy of Hairpin's own session rules (the redirect
// section's A′/B′), and an extension with a static rule set for host pairs of its own, loaded
// beside Hairpin in the same browser (the floor section and the Firefox section).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, type ExtensionBrowser } from '../test/e2e/support/chromium';
import { waitFor } from '../test/e2e/support/poll';
import { parseSide, sideToString } from '../src/core/side';
import { sideRegex } from '../src/core/rule-compiler';

export interface FloorBrowser {
  browser: ExtensionBrowser;
  close(): Promise<void>;
}

/** Writes the bare extension carrying `rules` (as read back from Hairpin) into a scratch folder. */
export function writeFloorExtension(rules: readonly unknown[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'hairpin-bench-floor-'));
  const manifest = {
    manifest_version: 3,
    name: 'Bare DNR redirect (benchmark floor)',
    version: '1.0',
    permissions: ['declarativeNetRequest'],
    host_permissions: ['http://*/*', 'https://*/*'],
    background: { service_worker: 'worker.js' },
  };
  // Installed once per browser session, as Hairpin does (session rules); a later wake-up of the
  // worker finds them in place and does nothing.
  const worker = `const RULES = ${JSON.stringify(rules)};
chrome.declarativeNetRequest.getSessionRules().then((installed) => {
  if (installed.length === RULES.length) return;
  return chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: installed.map((rule) => rule.id), addRules: RULES });
});
`;
  writeFileSync(join(directory, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(directory, 'worker.js'), worker);
  return directory;
}

/** A second Chromium, with the bare extension instead of Hairpin, and its rules in place. */
export async function launchFloorBrowser(
  hosts: Record<string, number>,
  rules: readonly unknown[],
): Promise<FloorBrowser> {
  const directory = writeFloorExtension(rules);
  const browser = await launchChromium(hosts, { extensionDir: directory });
  await waitFor(async () => (await browser.installedRules()).length === rules.length, {
    message: 'the bare extension’s rules',
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export const FLOOR_GECKO_ID = 'bare-dnr-floor@hairpin.example';

/**
 * The rule Hairpin compiles for a mapping at home (same regex, substitution, resource types,
 * case sensitivity, priority), for `from` → `to` given as origins.
 */
export function hairpinShapedRule(id: number, from: string, to: string) {
  const side = (url: string) => {
    const parsed = parseSide(url);
    if (!parsed.ok) throw new Error(`${url}: ${parsed.message}`);
    return parsed.side;
  };
  const external = side(from);
  return {
    id,
    priority: 1 + external.prefix.length,
    action: { type: 'redirect', redirect: { regexSubstitution: `${sideToString(side(to))}\\1` } },
    condition: {
      regexFilter: sideRegex(external),
      resourceTypes: ['main_frame', 'sub_frame'],
      isUrlFilterCaseSensitive: true,
    },
  };
}

/**
 * A bare MV3 extension whose whole content is one static rule set redirecting each `from`
 * origin to its `to` (Hairpin-shaped rules): no background at all. Works in Chromium and in
 * Firefox (a gecko id is included). The caller removes the folder.
 *
 * `listeners: 'all'`: it also watches navigations to its own hosts as Hairpin does (the same
 * five webRequest listeners and filters, registered at the top level of a service worker that
 * does nothing else): the floor for an extension that must see a navigation to rescue it, so
 * "Hairpin / listening floor" is what Hairpin's own worker adds to that. `'start'`: only the
 * first of them (onBeforeRequest), to tell the cost of waking from the cost of each event.
 */
export function writeStaticFloorExtension(
  pairs: readonly { from: string; to: string }[],
  { listeners = 'none' }: { listeners?: 'none' | 'all' | 'start' } = {},
): string {
  const listening = listeners !== 'none';
  const directory = mkdtempSync(join(tmpdir(), 'hairpin-bench-floor-static-'));
  const manifest = {
    manifest_version: 3,
    name: `Bare static DNR redirect${listening ? ' watching navigations' : ''} (benchmark floor)`,
    version: '1.0',
    permissions: ['declarativeNetRequestWithHostAccess', ...(listening ? ['webRequest'] : [])],
    host_permissions: ['http://*/*', 'https://*/*'],
    declarative_net_request: { rule_resources: [{ id: 'floor', enabled: true, path: 'rules.json' }] },
    ...(listening ? { background: { service_worker: 'listen.js' } } : {}),
    browser_specific_settings: { gecko: { id: FLOOR_GECKO_ID, strict_min_version: '128.0' } },
  };
  const rules = pairs.map((pair, index) => hairpinShapedRule(index + 1, pair.from, pair.to));
  writeFileSync(join(directory, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(directory, 'rules.json'), JSON.stringify(rules, null, 2));
  if (listening) {
    const urls = pairs.flatMap((pair) => [pair.from, pair.to]).map((origin) => `*://${new URL(origin).hostname}/*`);
    writeFileSync(
      join(directory, 'listen.js'),
      `// Sees what Hairpin's worker sees of a navigation, and does nothing with it.
const urls = ${JSON.stringify(urls)};
const navigations = { urls, types: ['main_frame'] };
let seen = 0;
const note = () => void seen++;
chrome.webRequest.onBeforeRequest.addListener(note, navigations);
${
  listeners === 'all'
    ? `chrome.webRequest.onBeforeRedirect.addListener(note, navigations);
chrome.webRequest.onResponseStarted.addListener(note, navigations);
chrome.webRequest.onCompleted.addListener(note, navigations);
chrome.webRequest.onErrorOccurred.addListener(note, { urls });
`
    : ''
}`,
    );
  }
  return directory;
}
