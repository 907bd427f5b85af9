// Mapping a site from the popup, in real Chromium: on an unmapped tab, Map this site → Test
// both sides → Save, and at home the external URL lands on the internal one; then edit it,
// store the suggested cookie Domain, Keep login (the click asks for cookie access), remove it
// and undo. axe-core checks the popup in each state and the options page, with zero
// violations; the screenshots of docs/screenshots/ (light and dark) are taken on the way.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appPage, healthEndpoint, startServer, type TestServer } from './support/servers';
import { collectPageErrors, gotoAndSettle, launchChromium, type ExtensionBrowser } from './support/chromium';
import { waitFor } from './support/poll';
import { axeViolations } from './support/axe';
import type { HairpinState } from '../../src/core/messages';

const TOKEN = 'hairpin-map-3d9a';
// As in ui.test.ts: into docs/screenshots/ with HAIRPIN_SCREENSHOTS=1, else a scratch folder.
const SCREENSHOTS = process.env.HAIRPIN_SCREENSHOTS
  ? resolve('docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'hairpin-shots-'));

let external: TestServer;
let internal: TestServer;
let health: TestServer;
let browser: ExtensionBrowser;

// --host-resolver-rules sends each name to its server's port, whatever port the URL names.
const EXTERNAL = 'http://app.example.com';
const INTERNAL = 'http://app.home.example.com';

function config() {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'House',
        probe: { url: `http://127.0.0.1:${health.port}/hairpin`, expect: TOKEN, timeoutMs: 1000 },
        // Another service, whose internal domain the popup suggests for the new one.
        mappings: [{ name: 'Wiki', external: 'http://wiki.example.com', internal: 'http://wiki.home.example.com' }],
      },
    ],
  };
}

const state = () => browser.send<HairpinState>({ type: 'getState' });
const mappings = async () => (await state()).config.networks[0]?.mappings ?? [];

async function openPopup(query = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html${query}`);
  return { page, errors };
}

async function screenshot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await waitFor(
      () =>
        page.evaluate((dark) => window.matchMedia('(prefers-color-scheme: dark)').matches === dark, scheme === 'dark'),
      { message: `${scheme} colour scheme` },
    );
    await page.locator('.popup').screenshot({
      path: `${SCREENSHOTS}/${name}-${scheme}.png`,
      animations: 'disabled',
      caret: 'hide',
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** axe in both colour schemes (contrast differs). */
async function expectAccessible(page: Page, what: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axeViolations(page), `${what}, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  external = await startServer(appPage('external'));
  internal = await startServer(appPage('internal'));
  health = await startServer(healthEndpoint(TOKEN));
  browser = await launchChromium({
    'app.example.com': external.port,
    'wiki.example.com': external.port,
    'app.home.example.com': internal.port,
    'wiki.home.example.com': internal.port,
  });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([external?.close(), internal?.close(), health?.close()]);
});

describe('mapping a site from the popup, in Chromium', () => {
  it('first run: the popup and the options page pass axe', async () => {
    const { page, errors } = await openPopup();
    await page.getByRole('heading', { name: 'Hairpin is not set up yet' }).waitFor();
    await expectAccessible(page, 'popup, first run');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('maps the tab’s site, tests both sides, and the external URL then lands on the internal one', async () => {
    expect((await browser.send<{ ok: boolean }>({ type: 'saveConfig', config: config() })).ok).toBe(true);
    await waitFor(async () => (await state()).networks[0]?.location === 'home', { message: 'home verdict' });

    const app = await browser.context.newPage();
    await gotoAndSettle(app, `${EXTERNAL}/library/items?sort=new`, (url) => url.startsWith(EXTERNAL));
    const tabId = await browser.tabIdOf(app);
    const { page: popup, errors } = await openPopup(`?tab=${tabId}`);
    const tabCard = popup.getByRole('region', { name: 'This tab' });
    await tabCard.getByText('This site is not one of your mapped services.').waitFor();
    await expectAccessible(popup, 'popup, unmapped tab');
    await screenshot(popup, 'popup-unmapped');

    await tabCard.getByRole('button', { name: 'Map this site…' }).click();
    const form = popup.getByRole('form', { name: 'Map this site' });
    await form.waitFor();
    expect(await form.getByRole('radio', { name: 'External side' }).isChecked()).toBe(true);
    // The other address is the one to type: it has the focus, and the suggestion fills it.
    await waitFor(async () => (await popup.evaluate(() => document.activeElement?.id)) === 'editor-other', {
      message: 'the focus on the other address',
    });
    await form.getByRole('button', { name: INTERNAL }).click();
    expect(await form.getByLabel('Internal address').inputValue()).toBe(INTERNAL);
    await form.getByLabel('Name').fill('App');
    await form.getByRole('button', { name: 'Test both sides' }).click();
    await form.getByText('Both addresses answer from here.').waitFor();
    expect(await form.textContent()).toMatch(/External: answers \(HTTP 200 in \d+ ms\)/);
    await expectAccessible(popup, 'popup, editor open');
    await screenshot(popup, 'popup-map-site');

    await form.getByRole('button', { name: 'Save mapping' }).click();
    const note = popup.getByRole('region', { name: 'Saved' });
    await note.getByText('Mapped “App”: its redirects apply now.').waitFor();
    expect(await mappings()).toContainEqual({ name: 'App', external: EXTERNAL, internal: INTERNAL });
    // Applied at once: the rule is installed when the save answers.
    const rules = await browser.installedRules();
    expect(rules.some((rule) => rule.action.redirect?.regexSubstitution?.startsWith(INTERNAL))).toBe(true);
    await screenshot(popup, 'popup-saved');

    await note.getByRole('button', { name: 'Open this page on the internal address' }).click();
    await waitFor(() => app.url() === `${INTERNAL}/library/items?sort=new`, {
      message: `the tab moved (${app.url()})`,
    });
    expect(await app.locator('#server').textContent()).toBe('internal');
    const url = await gotoAndSettle(app, `${EXTERNAL}/deep/link?q=1#top`, (u) => u.startsWith(INTERNAL));
    expect(url).toBe(`${INTERNAL}/deep/link?q=1#top`);

    await tabCard.getByText('internal', { exact: true }).waitFor();
    await expectAccessible(popup, 'popup, mapped tab');
    await screenshot(popup, 'popup-mapped');
    expect(errors).toEqual([]);
    await popup.close();
    await app.close();
  });

  it('edits the mapping, stores the suggested cookie Domain, keeps the login, removes it and undoes that', async () => {
    const app = await browser.context.newPage();
    await gotoAndSettle(app, `${INTERNAL}/`, (url) => url.startsWith(INTERNAL));
    const { page: popup, errors } = await openPopup(`?tab=${await browser.tabIdOf(app)}`);
    const tabCard = popup.getByRole('region', { name: 'This tab' });

    await tabCard.getByRole('button', { name: 'Edit mapping…' }).click();
    let form = popup.getByRole('form', { name: 'Edit “App”' });
    await form.getByLabel('Name').fill('App server');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await popup.getByText('Saved “App server”.').waitFor();
    await waitFor(async () => (await mappings()).some((mapping) => mapping.name === 'App server'), {
      message: 'the new name saved',
    });

    await popup.getByRole('button', { name: 'Edit mapping…' }).click();
    form = popup.getByRole('form', { name: 'Edit “App server”' });
    const login = form.getByRole('region', { name: /^Login/ });
    await login.getByText('Can be shared').waitFor();
    expect(await login.textContent()).toContain('If example.com sends HSTS with includeSubDomains');
    await expectAccessible(popup, 'popup, editor of a mapped tab');
    await screenshot(popup, 'popup-edit');
    await login.getByRole('button', { name: 'Use Domain=example.com for this mapping’s cookies' }).click();
    await login.getByText('Cookie domain stored for this mapping: example.com').waitFor();
    expect((await mappings()).find((mapping) => mapping.name === 'App server')?.cookieDomain).toBe('example.com');

    // Keep login: the click itself asks for the optional permission (granted without a prompt here).
    expect((await state()).cookieAccess).toBe(false);
    await login.getByRole('checkbox', { name: 'Keep login across the switch' }).click();
    await waitFor(async () => (await mappings()).find((m) => m.name === 'App server')?.keepLogin === true, {
      message: 'keepLogin saved',
    });
    expect((await state()).cookieAccess).toBe(true);

    // Escape closes the editor; Remove, then Undo.
    await popup.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await popup.getByRole('button', { name: 'Edit mapping…' }).click();
    await popup.getByRole('button', { name: 'Remove' }).click();
    const note = popup.getByRole('region', { name: 'Saved' });
    await note.getByText('Removed “App server”.').waitFor();
    expect((await mappings()).map((mapping) => mapping.name)).toEqual(['Wiki']);
    await gotoAndSettle(app, `${EXTERNAL}/gone`, (url) => url.startsWith(EXTERNAL));
    expect(await app.locator('#server').textContent()).toBe('external');

    await note.getByRole('button', { name: 'Undo' }).click();
    await note.getByText('Undone: the mapping is as it was.').waitFor();
    expect((await mappings()).map((mapping) => mapping.name)).toEqual(['Wiki', 'App server']);
    const back = await gotoAndSettle(app, `${EXTERNAL}/back`, (url) => url.startsWith(INTERNAL));
    expect(back).toBe(`${INTERNAL}/back`);
    expect(errors).toEqual([]);
    await popup.close();
    await app.close();
  });

  it('the options page passes axe', async () => {
    const options = await browser.extensionPage();
    await options.getByRole('heading', { name: 'House', level: 2 }).waitFor();
    await expectAccessible(options, 'options page');
    await options.close();
  });
});
