// The platform's floor for a redirect: a bare extension whose only content is the very
// declarativeNetRequest rules Hairpin installed. No listeners, no storage, no pages: what a
// navigation costs with it loaded is what any DNR redirect costs in this Chromium, so Hairpin's
// own share of the redirect overhead is "Hairpin / bare extension", measured in the same run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, type ExtensionBrowser } from '../test/e2e/support/chromium';
import { waitFor } from '../test/e2e/support/poll';

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
