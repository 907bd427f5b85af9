// What host access does and does not gate for a `declarativeNetRequestWithHostAccess` redirect in
// Chromium: the facts SECURITY.md's approval model rests on ("why host permissions alone cannot
// approve a mapping"). A bare extension holds host access to one origin only and redirects two
// sources, one with access and one without. Measured, Chromium 156: a redirect needs access to the
// request's own origin only — not to the redirect target, and not (for main-frame and sub-frame
// navigations) to the page that started it. So a synced change of a mapping's *target* side would
// still take effect on an origin the user granted for the old target; Hairpin's per-browser
// approval record is what gates it. If Chromium starts requiring access to the target, this test
// fails and the model can be revisited.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPage, startServer, type TestServer } from './support/servers';
import { gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';

let granted: TestServer; // the origin the extension has access to
let ungranted: TestServer; // a source origin without access
let target: TestServer; // where both rules send the tab (no access)
let page: TestServer; // somebody's page linking to and framing the granted origin (no access)
let browser: ExtensionBrowser;
let extensionDir: string;

function writeExtension(): string {
  const directory = mkdtempSync(join(tmpdir(), 'hairpin-host-access-'));
  const manifest = {
    manifest_version: 3,
    name: 'Host access model (test)',
    version: '1.0',
    permissions: ['declarativeNetRequestWithHostAccess'],
    host_permissions: ['http://granted.example.test/*'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    background: { service_worker: 'worker.js' },
  };
  const rule = (id: number, host: string) => ({
    id,
    priority: 1,
    condition: {
      regexFilter: `^http://${host.replaceAll('.', '\\.')}(:[0-9]+)?/(.*)$`,
      resourceTypes: ['main_frame', 'sub_frame'],
    },
    action: { type: 'redirect', redirect: { regexSubstitution: 'http://target.home.test/\\2' } },
  });
  const rules = [rule(1, 'granted.example.test'), rule(2, 'ungranted.example.test')];
  writeFileSync(join(directory, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(
    join(directory, 'worker.js'),
    `chrome.declarativeNetRequest.getSessionRules().then((old) =>
  chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: old.map((r) => r.id), addRules: ${JSON.stringify(rules)} }));`,
  );
  return directory;
}

beforeAll(async () => {
  granted = await startServer(appPage('granted'));
  ungranted = await startServer(appPage('ungranted'));
  target = await startServer(appPage('target'));
  page = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(
      '<!doctype html><a id="link" href="http://granted.example.test/linked?q=1">go</a>' +
        '<iframe id="frame" src="http://granted.example.test/framed"></iframe>',
    );
  });
  extensionDir = writeExtension();
  browser = await launchChromium(
    {
      'granted.example.test': granted.port,
      'ungranted.example.test': ungranted.port,
      'target.home.test': target.port,
      'page.example.test': page.port,
    },
    { extensionDir },
  );
  await waitFor(async () => ((await browser.installedRules()).length === 2 ? true : null), {
    message: 'the bare extension to install its two rules',
  });
});

afterAll(async () => {
  await browser?.close();
  for (const server of [granted, ungranted, target, page]) await server?.close();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

describe('Chromium: what host access gates for a DNR redirect', () => {
  it('redirects a typed navigation on the granted origin to a target it has no access to', async () => {
    const tab = await browser.context.newPage();
    const settled = await gotoAndSettle(tab, 'http://granted.example.test/typed', (url) =>
      url.includes('target.home.test'),
    );
    expect(settled).toBe('http://target.home.test/typed');
    await tab.close();
  });

  it('does not redirect a source origin it has no access to (the control)', async () => {
    const tab = await browser.context.newPage();
    await tab.goto('http://ungranted.example.test/typed');
    expect(await tab.textContent('#server')).toBe('ungranted');
    expect(tab.url()).toBe('http://ungranted.example.test/typed');
    await tab.close();
  });

  it('redirects a link and a frame on a page of an origin it has no access to', async () => {
    const tab = await browser.context.newPage();
    await tab.goto('http://page.example.test/');
    await waitFor(
      () => (tab.frames().some((frame) => frame.url() === 'http://target.home.test/framed') ? true : null),
      {
        message: `the frame to be redirected (frames: ${tab
          .frames()
          .map((frame) => frame.url())
          .join(', ')})`,
      },
    );
    await tab.click('#link');
    await waitFor(() => (tab.url() === 'http://target.home.test/linked?q=1' ? true : null), {
      message: `the link to be redirected (now ${tab.url()})`,
    });
    expect(target.requests.map((request) => request.url)).toEqual(expect.arrayContaining(['/framed', '/linked?q=1']));
    expect(granted.requests.map((request) => request.url)).not.toContain('/linked?q=1');
    await tab.close();
  });
});
