// Importing services from a Dashy conf.yml and a Homepage services.yaml in the real options page
// of Chromium and Firefox, through its file input (and, in Chromium, a file dropped on the page):
// the preview lists what it would add, Add saves it, and at home an imported external URL then
// lands on its internal one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { collectPageErrors, gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { EXTENSION_ORIGIN, launchFirefox, type FirefoxExtensionBrowser } from './support/firefox';
import { waitFor } from './support/poll';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-import-e2e-9d2f';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is now (rule id and the elements it names). */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the debugging protocol, which the extension page's CSP does not stop.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`,
  );
}

/** A Dashy conf.yml as Dashy documents it: one pairable item, one without a home address. */
function dashyFile(external: string, internal: string): string {
  return [
    'pageInfo:',
    '  title: Home Lab',
    'sections:',
    '  - name: Media',
    '    items:',
    '      - title: Jellyfin',
    `        url: ${external}/web/index.html`,
    '        statusCheck: true',
    `        statusCheckUrl: ${internal}/health`,
    '      - title: Wiki',
    '        url: https://wiki.example.org',
    '',
  ].join('\n');
}

/** A Homepage services.yaml as Homepage documents it: a nested group, href + siteMonitor + widget. */
function homepageFile(external: string, internal: string): string {
  return [
    '- Media:',
    '    - Downloads:',
    '        - Sonarr:',
    '            icon: sonarr.png',
    `            href: ${external}/calendar`,
    `            siteMonitor: ${internal}`,
    '            widget:',
    '              type: sonarr',
    `              url: ${internal}`,
    '              key: "{{HOMEPAGE_VAR_SONARR_KEY}}"',
    '    - Paperless:',
    '        href: https://paperless.example.org',
    '        siteMonitor: http://paperless:8000',
    '',
  ].join('\n');
}

function household(probeUrl: string) {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [{ name: 'Home', probe: { url: probeUrl, expect: TOKEN, timeoutMs: 1000 }, mappings: [] }],
  };
}

let external: TestServer;
let internal: TestServer;
let health: TestServer;

beforeAll(async () => {
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint(TOKEN));
});

afterAll(async () => {
  await Promise.all([external?.close(), internal?.close(), health?.close()]);
});

describe('dashboard import in Chromium', () => {
  // `--host-resolver-rules` sends each name to its server's port, whatever port the URL says.
  const jellyfin = { external: 'http://jellyfin.example.test', internal: 'http://jellyfin.home.lan:8096' };
  const sonarr = { external: 'http://sonarr.example.test', internal: 'http://sonarr.home.lan:8989' };
  let browser: ExtensionBrowser;
  let options: Page;
  let errors: string[];

  const state = () => browser.send<HairpinState>({ type: 'getState' });

  beforeAll(async () => {
    browser = await launchChromium({
      'jellyfin.example.test': external.port,
      'sonarr.example.test': external.port,
      'jellyfin.home.lan': internal.port,
      'sonarr.home.lan': internal.port,
    });
    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: household(`http://127.0.0.1:${health.port}/hairpin`),
    });
    expect(saved.ok).toBe(true);
    options = await browser.extensionPage();
    errors = collectPageErrors(options);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function addFrom(fileName: string, service: string) {
    const preview = options.getByRole('region', { name: `Import services from “${fileName}”` });
    await preview.waitFor();
    expect(await preview.getByRole('checkbox', { name: service }).isChecked()).toBe(true);
    await preview.getByRole('button', { name: 'Add 1 service to Home' }).click();
    await options.getByText(`Imported “${fileName}”: 1 service added to Home.`).waitFor();
    await options.getByRole('button', { name: 'Dismiss' }).click();
  }

  it('imports a Dashy conf.yml through the file input', async () => {
    await options.getByRole('heading', { name: 'Home', level: 2, exact: true }).waitFor();
    await options.getByRole('region', { name: 'Import' }).waitFor();
    expect(await axeViolations(options)).toEqual([]); // the page with its drop zone
    await options.getByLabel('Import…').setInputFiles({
      name: 'conf.yml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(dashyFile(jellyfin.external, jellyfin.internal)),
    });
    const preview = options.getByRole('region', { name: 'Import services from “conf.yml”' });
    await preview.getByText(/Wiki.*gives one usable URL only, the external https:\/\/wiki\.example\.org\//).waitFor();
    // Every control of the preview labelled, its contrast and structure sound (axe-core).
    expect(await axeViolations(options)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(options)).toEqual([]); // and in the dark theme
    await options.emulateMedia({ colorScheme: 'light' });
    await addFrom('conf.yml', 'Jellyfin');
    expect((await state()).config.networks[0]?.mappings).toEqual([
      { name: 'Jellyfin', external: jellyfin.external, internal: jellyfin.internal },
    ]);
  });

  it('imports a Homepage services.yaml through the file input', async () => {
    await options.getByLabel('Import…').setInputFiles({
      name: 'services.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(homepageFile(sonarr.external, sonarr.internal)),
    });
    const preview = options.getByRole('region', { name: 'Import services from “services.yaml”' });
    await preview.getByText(/siteMonitor http:\/\/paperless:8000 has a one-word host/).waitFor();
    await addFrom('services.yaml', 'Sonarr');
    expect((await state()).config.networks[0]?.mappings.map((mapping) => mapping.name)).toEqual(['Jellyfin', 'Sonarr']);
  });

  it('a file dropped on the page opens the same preview, and what exists is not offered again', async () => {
    await options.evaluate(
      (text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'services.yaml', { type: 'application/yaml' }));
        for (const type of ['dragenter', 'dragover', 'drop']) {
          document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
        }
      },
      homepageFile(sonarr.external, sonarr.internal),
    );
    const preview = options.getByRole('region', { name: 'Import services from “services.yaml”' });
    await preview.getByText('already mapped as “Sonarr” in Home').waitFor();
    expect(await preview.getByRole('checkbox').count()).toBe(0);
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await preview.waitFor({ state: 'detached' });
  });

  it('at home, the imported external URLs land on their internal ones', async () => {
    await browser.send({ type: 'checkNow' });
    await waitFor(async () => (await state()).networks[0]?.location === 'home', { message: 'home verdict' });
    const tab = await browser.context.newPage();
    for (const service of [jellyfin, sonarr]) {
      const landed = await gotoAndSettle(tab, `${service.external}/a/b?c=1#d`, (url) =>
        url.startsWith(service.internal),
      );
      expect(landed).toBe(`${service.internal}/a/b?c=1#d`);
      expect(await tab.locator('#server').textContent()).toBe('internal');
    }
    await tab.close();
    expect(errors).toEqual([]);
  });
});

describe('dashboard import in Firefox', () => {
  // Every name resolves to 127.0.0.1 in the test profile: the port picks the server.
  const jellyfin = () => ({
    external: `http://jellyfin.example.test:${external.port}`,
    internal: `http://jellyfin.home.lan:${internal.port}`,
  });
  const sonarr = () => ({
    external: `http://sonarr.example.test:${external.port}`,
    internal: `http://sonarr.home.lan:${internal.port}`,
  });
  let browser: FirefoxExtensionBrowser;
  let files: string;
  let options: string;

  const state = () => browser.send<HairpinState>({ type: 'getState' });
  const pageText = () => browser.evaluate<string>(options, 'document.body.textContent');

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'hairpin-import-'));
    writeFileSync(join(files, 'conf.yml'), dashyFile(jellyfin().external, jellyfin().internal));
    writeFileSync(join(files, 'services.yaml'), homepageFile(sonarr().external, sonarr().internal));
    browser = await launchFirefox();
    // An IP literal: Firefox fails extension fetches to names forced to loopback.
    const saved = await browser.send<{ ok: boolean }>({
      type: 'saveConfig',
      config: household(`http://127.0.0.1:${health.port}/hairpin`),
    });
    expect(saved.ok).toBe(true);
    options = await browser.newTab();
    await browser.gotoAndSettle(options, `${EXTENSION_ORIGIN}/src/options/index.html`, (url) =>
      url.startsWith(EXTENSION_ORIGIN),
    );
  });

  afterAll(async () => {
    await browser?.close();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  const button = (name: string) =>
    `[...document.querySelectorAll('button')].find((b) => b.textContent === ${JSON.stringify(name)})`;

  async function importFile(fileName: string, service: string, unpaired: RegExp) {
    await waitFor(
      () => browser.evaluate<boolean>(options, `Boolean(document.querySelector('.options-actions input[type=file]'))`),
      {
        message: 'the Import… file input',
      },
    );
    // The page has read the configuration (its network is shown) before a file is chosen.
    await waitFor(async () => (await pageText()).includes('Remove network'), { message: 'the network on the page' });
    await browser.setFiles(options, `document.querySelector('.options-actions input[type=file]')`, [
      join(files, fileName),
    ]);
    await waitFor(async () => unpaired.test(await pageText()), { message: `the preview of ${fileName}` });
    const ticked = await browser.evaluate<boolean>(
      options,
      `[...document.querySelectorAll('.dashboard-import label.checkbox')].find((l) => l.textContent === ${JSON.stringify(service)})?.querySelector('input').checked ?? false`,
    );
    expect(ticked).toBe(true);
    await browser.click(options, button('Add 1 service to Home'));
    await waitFor(async () => (await pageText()).includes(`Imported “${fileName}”: 1 service added to Home.`), {
      message: `the import of ${fileName}`,
    });
  }

  it('imports a Dashy and a Homepage file through the file input (BiDi input.setFiles)', async () => {
    await importFile('conf.yml', 'Jellyfin', /Wiki.*gives one usable URL only/);
    await importFile('services.yaml', 'Sonarr', /siteMonitor http:\/\/paperless:8000 has a one-word host/);
    expect((await state()).config.networks[0]?.mappings).toEqual([
      { name: 'Jellyfin', external: jellyfin().external, internal: jellyfin().internal },
      { name: 'Sonarr', external: sonarr().external, internal: sonarr().internal },
    ]);
  });

  it('at home, the imported external URLs land on their internal ones', async () => {
    await browser.send({ type: 'checkNow' });
    await waitFor(async () => (await state()).networks[0]?.location === 'home', { message: 'home verdict' });
    const tab = await browser.newTab();
    for (const service of [jellyfin(), sonarr()]) {
      const landed = await browser.gotoAndSettle(tab, `${service.external}/a/b?c=1#d`, (url) =>
        url.startsWith(service.internal),
      );
      expect(landed).toBe(`${service.internal}/a/b?c=1#d`);
      expect(await browser.evaluate(tab, `document.querySelector('#server')?.textContent`)).toBe('internal');
    }
    await browser.closeTab(tab);
  });
});
