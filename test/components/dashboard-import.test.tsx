// The dashboard import on the options page: a Dashy or Homepage file chosen or dropped opens a
// preview (checkbox per service, what exists, what could not be paired and why, errors per row
// from the one validator), and adding saves one merged configuration that one Undo takes back.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { Options } from '../../src/options/options';
import type { Config } from '../../src/core/config-schema';
import type { HairpinState } from '../../src/core/messages';
import { loadCookieHints } from '../../src/ui/cookie-hints-loader';
import { loadDashboardImport } from '../../src/options/dashboard-import-loader';
import { deferred, fakeBackground, fakeServices } from './support/fakes';
import { NOW, stateFor } from '../support/hairpin-state';

beforeAll(async () => {
  await loadCookieHints();
  await loadDashboardImport();
});
afterEach(cleanup);

const DASHY = readFileSync('test/fixtures/dashy-conf.yml', 'utf8');
const HOMEPAGE = readFileSync('test/fixtures/homepage-services.yaml', 'utf8');

function household(): Config {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'hairpin-7f3a' },
        mappings: [{ name: 'Films', external: 'https://jellyfin.example.test', internal: 'http://192.168.1.20:8096' }],
      },
      {
        name: 'Lab',
        probe: { url: 'http://10.9.0.1/hairpin', expect: 'lab-token-123' },
        mappings: [{ name: 'Git', external: 'https://git.example.test', internal: 'http://10.9.0.5:3000' }],
      },
    ],
  };
}

function setup(config: Config = household()) {
  const background = fakeBackground(stateFor(config));
  render(<Options client={background.client} services={fakeServices()} debounceMs={40} now={() => NOW} />);
  return { background };
}

function choose(input: HTMLElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

/** Drags `file` onto the page (until the page's overlay says it would take it), then drops it. */
async function drop(file: File) {
  const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none' };
  const send = (type: string) => {
    const event = new Event(type, { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
    document.body.dispatchEvent(event);
    return event;
  };
  // The page listens once its effects have run: drag in until the overlay shows.
  await waitFor(() => {
    send('dragenter');
    expect(
      screen.getByText(/^Drop to import a Hairpin export \(\.json\), a Dashy conf\.yml or a Homepage services\.yaml/),
    ).toBeTruthy();
  });
  expect(send('dragover').defaultPrevented).toBe(true); // or the browser would open the file itself
  send('drop');
  await waitFor(() => expect(screen.queryByText(/^Drop to import/)).toBeNull());
}

const yamlFile = (name: string, text: string) => new File([text], name, { type: 'application/yaml' });

async function openPreview(name: string, text: string) {
  await screen.findByRole('region', { name: 'Home' });
  choose(screen.getByLabelText('Import…'), yamlFile(name, text));
  return screen.findByRole('region', { name: `Import services from “${name}”` });
}

describe('options: import from a dashboard file', () => {
  it('Homepage: ticked services go into the chosen network in one save, and one Undo takes them back', async () => {
    const { background } = setup();
    const preview = await openPreview('services.yaml', HOMEPAGE);
    expect(within(preview).getByText('Homepage services.yaml')).toBeTruthy();
    const sonarr = within(preview).getByRole('checkbox', { name: 'Sonarr' }) as HTMLInputElement;
    const radarr = within(preview).getByRole('checkbox', { name: 'Radarr' }) as HTMLInputElement;
    expect(sonarr.checked && radarr.checked).toBe(true);
    expect(preview.textContent).toContain('https://example.test/sonarr ↔ http://192.168.1.30:8989');
    // What exists is listed, not offered again; what could not be paired says why.
    expect(within(preview).queryByRole('checkbox', { name: 'Jellyfin' })).toBeNull();
    expect(preview.textContent).toContain('already mapped as “Films” in Home');
    expect(preview.textContent).toMatch(/Paperless.*siteMonitor http:\/\/paperless:8000 has a one-word host/);
    expect(preview.textContent).toContain('uses {{HOMEPAGE_VAR_VAULT_URL}}, which only Homepage fills in');

    fireEvent.change(within(preview).getByLabelText('Add them to the network'), { target: { value: '1' } });
    fireEvent.click(within(preview).getByRole('button', { name: 'Add 2 services to Lab' }));
    await screen.findByText('Imported “services.yaml”: 2 services added to Lab.');
    expect(background.sent('saveConfig')).toHaveLength(1);
    expect(background.state.config.networks[1]!.mappings.map((m) => m.name)).toEqual(['Git', 'Sonarr', 'Radarr']);
    expect(background.state.config.networks[0]!.mappings).toHaveLength(1);
    expect(screen.queryByRole('region', { name: /Import services/ })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Restored the configuration from before the import.');
    expect(background.state.config).toEqual(household());
  });

  it('Dashy: only the ticked rows are added', async () => {
    const { background } = setup();
    const preview = await openPreview('conf.yml', DASHY);
    expect(within(preview).getByText('Dashy conf.yml')).toBeTruthy();
    expect(preview.textContent).toContain('names another page (pages:)');
    expect(preview.textContent).toMatch(/Files.*url sftp:\/\/nas\.lan\/ is not an http\(s\) URL/);
    expect(preview.textContent).toMatch(/Photos.*all its URLs are public addresses/);
    const add = within(preview).getByRole('button', { name: 'Add 1 service to Home' });
    fireEvent.click(within(preview).getByRole('checkbox', { name: 'Audiobookshelf' }));
    expect((within(preview).getByRole('button', { name: 'Add services' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(preview).getByRole('checkbox', { name: 'Audiobookshelf' }));
    fireEvent.click(add);
    await screen.findByText('Imported “conf.yml”: 1 service added to Home.');
    expect(background.state.config.networks[0]!.mappings.at(-1)).toEqual({
      name: 'Audiobookshelf',
      external: 'https://books.example.test',
      internal: 'http://books.lan:13378',
    });
  });

  it('a row the validator refuses shows why, at the row, and blocks adding until unticked', async () => {
    const config = household();
    config.networks[0]!.mappings.push({
      name: 'Old Sonarr',
      external: 'https://example.test/sonarr',
      internal: 'http://192.168.1.99',
    });
    const { background } = setup(config);
    const preview = await openPreview('services.yaml', HOMEPAGE);
    const sonarr = within(preview).getByRole('checkbox', { name: 'Sonarr' });
    expect(sonarr.getAttribute('aria-invalid')).toBe('true');
    const described = (sonarr.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(described.join(' ')).toContain(
      'external: https://example.test/sonarr is already claimed by the external side of “Old Sonarr” in Home',
    );
    expect(
      (within(preview).getByRole('button', { name: 'Add 2 services to Home' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    fireEvent.click(sonarr);
    fireEvent.click(within(preview).getByRole('button', { name: 'Add 1 service to Home' }));
    await screen.findByText('Imported “services.yaml”: 1 service added to Home.');
    expect(background.state.config.networks[0]!.mappings.map((m) => m.name)).toEqual(['Films', 'Old Sonarr', 'Radarr']);
  });

  it('a save the background refuses is said in the preview, which stays open', async () => {
    const { background } = setup();
    background.handlers.saveConfig = () => ({
      ok: false,
      errors: [{ path: '', message: 'storage is full' }],
      warnings: [],
    });
    const preview = await openPreview('services.yaml', HOMEPAGE);
    fireEvent.click(within(preview).getByRole('button', { name: 'Add 2 services to Home' }));
    expect((await within(preview).findByRole('alert')).textContent).toBe('Not imported: storage is full');
    expect(background.state.config).toEqual(household());
    expect(
      (within(preview).getByRole('button', { name: 'Add 2 services to Home' }) as HTMLButtonElement).disabled,
    ).toBe(false);
  });

  it('Escape or Cancel closes the preview; nothing is saved', async () => {
    const { background } = setup();
    const preview = await openPreview('services.yaml', HOMEPAGE);
    await waitFor(() => expect(document.activeElement?.id).toBe('dashboard-import-title'));
    fireEvent.keyDown(within(preview).getByRole('checkbox', { name: 'Sonarr' }), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('region', { name: /Import services/ })).toBeNull());
    const again = await openPreview('services.yaml', HOMEPAGE);
    fireEvent.click(within(again).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('region', { name: /Import services/ })).toBeNull();
    expect(background.sent('saveConfig')).toEqual([]);
  });
});

describe('options: hostile or odd dashboard files change nothing', () => {
  const bomb = [
    'a0: &a0 ["x","x","x","x","x","x","x","x","x"]',
    ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(',')}]`),
  ].join('\n');

  it.each([
    ['bomb.yml', bomb, /it expands to more than 100,000 values \(YAML aliases/],
    ['broken.yml', 'sections: [\n  {name: a', /it is not valid YAML \(.*line \d+, column \d+\)/],
    [
      'settings.yaml',
      'title: My page\ntheme: dark\n',
      /it is neither a Dashy conf\.yml .* nor a Homepage services\.yaml/,
    ],
    ['notes.txt', 'just a line of text', /it is neither a Dashy conf\.yml/],
    ['huge.yml', `a: "${'x'.repeat(1024 * 1024)}"`, /the file is larger than 1024 KiB/],
  ])('%s: a specific message, no preview, no save', async (name, text, message) => {
    const { background } = setup();
    await screen.findByRole('region', { name: 'Home' });
    choose(screen.getByLabelText('Import…'), yamlFile(name, text));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`“${name}” was not imported:`);
    expect(alert.textContent).toMatch(message);
    expect(alert.textContent).toContain('Your configuration was not changed.');
    expect(screen.queryByRole('region', { name: /Import services/ })).toBeNull();
    expect(background.sent('saveConfig')).toEqual([]);
  });
});

describe('options: dropping a file on the page', () => {
  it('the drop zone says which files it takes', async () => {
    setup();
    const zone = await screen.findByRole('region', { name: 'Import' });
    expect(zone.textContent).toContain('a Hairpin export (.json), a Dashy conf.yml or a Homepage services.yaml');
    expect(within(zone).getByLabelText('Choose a file…')).toBeTruthy();
  });

  it('a dropped dashboard file opens its preview', async () => {
    setup();
    await screen.findByRole('region', { name: 'Home' });
    await drop(yamlFile('conf.yml', DASHY));
    expect(await screen.findByRole('region', { name: 'Import services from “conf.yml”' })).toBeTruthy();
  });

  it('a dropped Hairpin export is imported as from the file button', async () => {
    const { background } = setup();
    await screen.findByRole('region', { name: 'Home' });
    const other = household();
    other.networks.pop();
    await drop(new File([JSON.stringify(other)], 'hairpin-config.json', { type: 'application/json' }));
    await screen.findByText('Imported “hairpin-config.json”: 1 network, 1 mapping.');
    expect(background.state.config).toEqual(other);
  });

  it('a dashboard file chosen before the page has read the configuration says so, not that there is no network', async () => {
    const background = fakeBackground(stateFor(household()));
    const reply = deferred<HairpinState>();
    background.handlers.getState = () => reply.promise;
    render(<Options client={background.client} services={fakeServices()} debounceMs={40} now={() => NOW} />);
    // The header's Import… is there from the start.
    const input = await waitFor(() => {
      const found = document.querySelector<HTMLInputElement>('.options-actions input[type=file]');
      if (!found) throw new Error('no Import… input yet');
      return found;
    });
    choose(input, yamlFile('conf.yml', DASHY));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'this page has not read your configuration yet: choose the file again in a moment',
    );
    expect(alert.textContent).not.toContain('no network yet');
    reply.resolve(background.state);
    await screen.findByRole('region', { name: 'Home' });
    expect(background.sent('saveConfig')).toEqual([]);
  });

  it('before any network exists, a dashboard file says to set one up first', async () => {
    const { background } = setup({ format: 'hairpin-config', version: 1, networks: [] });
    await screen.findByText('Hairpin is not set up yet');
    await drop(yamlFile('services.yaml', HOMEPAGE));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Hairpin has no network yet: set one up first');
    expect(background.sent('saveConfig')).toEqual([]);
  });
});
