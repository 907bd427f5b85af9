// The options page with a fake background and fake page services.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { Options, EXPORT_FILE_NAME } from '../../src/options/options';
import type { Config } from '../../src/core/config-schema';
import { fakeBackground, fakeServices, sampleConfig, stateFor } from './support/fakes';

afterEach(cleanup);

const DEBOUNCE = 40;
const EMPTY: Config = { format: 'hairpin-config', version: 1, networks: [] };

function setup(config: Config = sampleConfig(), debounceMs = DEBOUNCE) {
  const background = fakeBackground(stateFor(config));
  const services = fakeServices();
  render(<Options client={background.client} services={services} debounceMs={debounceMs} />);
  return { background, services };
}

function type(input: HTMLElement, value: string) {
  fireEvent.input(input, { target: { value } });
}

function choose(input: HTMLElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

function jsonFile(name: string, content: unknown) {
  return new File([typeof content === 'string' ? content : JSON.stringify(content)], name, { type: 'application/json' });
}

async function mapping(name: string) {
  return screen.findByRole('listitem', { name });
}

/** The message shown next to a field, through its aria-describedby. */
function messagesOf(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' | ');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('options: editing', () => {
  it('loads networks and mappings into the form', async () => {
    const { background } = setup();
    const network = await screen.findByRole('region', { name: 'Home' });
    expect((within(network).getAllByLabelText('Name')[0] as HTMLInputElement).value).toBe('Home');
    expect((within(network).getByLabelText('Probe URL') as HTMLInputElement).value).toBe('http://192.168.1.10:8080/hairpin');
    expect((within(network).getByLabelText('Expected token') as HTMLInputElement).value).toBe('hairpin-7f3a');
    expect((within(network).getByLabelText('Timeout (ms)') as HTMLInputElement).value).toBe('1500');
    const photos = await mapping('Photos');
    expect((within(photos).getByLabelText('External URL') as HTMLInputElement).value).toBe('https://example.com/photos');
    expect((within(photos).getByLabelText('Cookie domain') as HTMLInputElement).value).toBe('example.com');
    expect((within(photos).getByLabelText('Enabled') as HTMLInputElement).checked).toBe(true);
    // Loading is not an edit: nothing is saved back.
    expect(screen.getByText('Changes are saved as you type')).toBeTruthy();
    await sleep(DEBOUNCE * 3);
    expect(background.sent('saveConfig')).toEqual([]);
  });

  it('shows the core’s message next to the field as you type, and saves nothing invalid', async () => {
    const { background } = setup();
    const jellyfin = await mapping('Jellyfin');
    const external = within(jellyfin).getByLabelText('External URL');

    type(external, 'ftp://jellyfin.example.com');
    expect(external.getAttribute('aria-invalid')).toBe('true');
    expect(messagesOf(external)).toContain('Scheme "ftp:" is not allowed; use http or https');
    expect(screen.getByText('Not saved: fix 1 problem')).toBeTruthy();

    type(external, 'https://jellyfin.example.com:99999');
    expect(messagesOf(external)).toContain('Port 99999 is out of range (1–65535)');

    // A cross-field problem lands on the field it names, in words.
    type(external, 'https://example.com/photos');
    const photosExternal = within(await mapping('Photos')).getByLabelText('External URL');
    expect(messagesOf(photosExternal)).toContain('is already claimed by Network “Home” › Mapping “Jellyfin” › External URL');

    await sleep(DEBOUNCE * 4);
    expect(background.sent('saveConfig')).toEqual([]);
  });

  it('saves a valid draft once, after a pause in typing', async () => {
    const { background } = setup();
    const name = within(await mapping('Jellyfin')).getByLabelText('Name');
    type(name, 'J');
    type(name, 'Je');
    type(name, 'Jelly');
    type(name, 'Jellyfin 10');
    expect(screen.getByText('Saving…')).toBeTruthy();
    await screen.findByText('Saved');
    const saves = background.sent('saveConfig');
    expect(saves).toHaveLength(1);
    expect((saves[0]!.config as Config).networks[0]!.mappings[0]!.name).toBe('Jellyfin 10');
    expect(background.state.config.networks[0]!.mappings[0]!.name).toBe('Jellyfin 10');
  });

  it('keeps what it cannot edit (e.g. rescueAfterMs, keepLogin) when it saves', async () => {
    const config = sampleConfig();
    config.rescueAfterMs = 2500;
    config.networks[0]!.mappings[0]!.keepLogin = true;
    const { background } = setup(config);
    type(within(await mapping('Photos')).getByLabelText('Cookie domain'), '');
    await screen.findByText('Saved');
    const saved = background.sent('saveConfig')[0]!.config as Config;
    expect(saved.rescueAfterMs).toBe(2500);
    expect(saved.networks[0]!.mappings[0]!.keepLogin).toBe(true);
    expect(saved.networks[0]!.mappings[1]!.cookieDomain).toBeUndefined();
  });

  it('a timeout that is not a number is an error on the timeout field', async () => {
    setup();
    const timeout = within(await screen.findByRole('region', { name: 'Home' })).getByLabelText('Timeout (ms)');
    type(timeout, '2 s');
    expect(messagesOf(timeout)).toContain('Must be a number of milliseconds');
    type(timeout, '50');
    expect(messagesOf(timeout)).toContain('Must be at least 100 ms');
  });

  it('a new mapping stays quiet until touched; "Show problems" reveals and focuses them', async () => {
    const { background } = setup();
    const network = await screen.findByRole('region', { name: 'Home' });
    fireEvent.click(within(network).getByRole('button', { name: 'Add mapping' }));
    const fresh = await mapping('Mapping 3');
    expect(within(fresh).getByLabelText('External URL').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByText('Not saved: fix 3 problems')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Show problems' }));
    const name = within(fresh).getByLabelText('Name');
    expect(messagesOf(name)).toContain('The mapping name is empty');
    expect(messagesOf(within(fresh).getByLabelText('Internal URL'))).toContain('Is empty; give a URL');
    await waitFor(() => expect(document.activeElement).toBe(name));

    type(name, 'Wiki');
    const wiki = await mapping('Wiki');
    type(within(wiki).getByLabelText('External URL'), 'https://wiki.example.com');
    type(within(wiki).getByLabelText('Internal URL'), 'http://192.168.1.40');
    await screen.findByText('Saved');
    expect((background.sent('saveConfig')[0]!.config as Config).networks[0]!.mappings[2]).toEqual({
      name: 'Wiki',
      external: 'https://wiki.example.com',
      internal: 'http://192.168.1.40',
    });
  });

  it('a field left empty shows its problem when the user moves on', async () => {
    setup();
    const network = await screen.findByRole('region', { name: 'Home' });
    fireEvent.click(within(network).getByRole('button', { name: 'Add mapping' }));
    const external = within(await mapping('Mapping 3')).getByLabelText('External URL');
    fireEvent.blur(external);
    expect(messagesOf(external)).toContain('Is empty; give a URL');
  });

  it('disables a mapping, removes one with Undo, adds and removes networks', async () => {
    const { background } = setup();
    fireEvent.click(within(await mapping('Photos')).getByLabelText('Enabled'));
    await waitFor(() => expect(background.state.config.networks[0]!.mappings[1]!.enabled).toBe(false));

    fireEvent.click(screen.getByRole('button', { name: 'Remove mapping Jellyfin' }));
    expect(screen.queryByRole('listitem', { name: 'Jellyfin' })).toBeNull();
    await waitFor(() => expect(background.state.config.networks[0]!.mappings).toHaveLength(1));
    fireEvent.click(within(screen.getByText('Removed mapping “Jellyfin”.').parentElement!).getByRole('button', { name: 'Undo' }));
    await mapping('Jellyfin');
    await waitFor(() => expect(background.state.config.networks[0]!.mappings.map((m) => m.name)).toEqual(['Jellyfin', 'Photos']));

    fireEvent.click(screen.getByRole('button', { name: 'Add network' }));
    const second = await screen.findByRole('region', { name: 'Network 2' });
    expect((within(second).getByLabelText('Probe URL') as HTMLInputElement).value).toBe('');
    fireEvent.click(within(second).getByRole('button', { name: 'Remove network Network 2' }));
    expect(screen.queryByRole('region', { name: 'Network 2' })).toBeNull();
  });
});

describe('options: probe help', () => {
  it('warns about a public probe address and explains a missing token', async () => {
    setup();
    const network = await screen.findByRole('region', { name: 'Home' });
    const probe = within(network).getByLabelText('Probe URL');
    type(probe, 'http://203.0.113.9/hairpin');
    expect(messagesOf(probe)).toContain('203.0.113.9 is a public address');
    type(probe, 'http://nas.lan/hairpin');
    expect(messagesOf(probe)).not.toContain('public');

    const token = within(network).getByLabelText('Expected token');
    type(token, '');
    expect(messagesOf(token)).toContain('Without a token, any device that answers at this address counts as your home');
    fireEvent.click(within(network).getByRole('button', { name: 'Use a random token' }));
    expect((token as HTMLInputElement).value).toMatch(/^hairpin-[0-9a-f]{12}$/);
  });

  it('Test probe shows what the endpoint answered', async () => {
    const { background } = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Test probe of Home' }));
    expect(await screen.findByText(/HTTP 200 in 12 ms, token found/)).toBeTruthy();
    expect(background.sent('testProbe')).toEqual([
      { type: 'testProbe', probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'hairpin-7f3a', timeoutMs: 1500 } },
    ]);
  });

  it('a failed test opens nginx and Caddy snippets serving the token', async () => {
    const { background } = setup();
    background.handlers.testProbe = () => ({
      ok: true,
      outcome: { kind: 'response', status: 200, latencyMs: 4, tokenFound: false, redirected: false },
      verdict: { location: 'away', reason: 'wrong-answer', status: 200, latencyMs: 4, checkedAt: 0 },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Test probe of Home' }));
    expect(await screen.findByText(/HTTP 200 in 4 ms, but the token was not in the answer/)).toBeTruthy();
    const details = screen.getByText('Serve a health endpoint with nginx or Caddy').closest('details')!;
    expect(details.open).toBe(true);
    expect(details.textContent).toContain('location = /hairpin {');
    expect(details.textContent).toContain('return 200 "hairpin-7f3a\\n";');
    expect(details.textContent).toContain('respond "hairpin-7f3a" 200');
    const link = within(details).getByRole('link', { name: 'How to set up the health endpoint' });
    expect(link.getAttribute('href')).toBe('https://github.com/hairpin-ext/hairpin/blob/main/docs/health-endpoint.md');
  });

  it('shows missing host permission for a mapping and requests it', async () => {
    const { services } = setup();
    services.hasOrigins.mockImplementation(async (patterns: readonly string[]) => !patterns.includes('http://192.168.1.30/*'));
    const photos = await mapping('Photos');
    const notice = await within(photos).findByText(/Hairpin may not access/);
    expect(notice.textContent).toContain('http://192.168.1.30');
    services.hasOrigins.mockImplementation(async () => true);
    fireEvent.click(within(photos).getByRole('button', { name: 'Allow access' }));
    expect(services.requestOrigins).toHaveBeenCalledWith(['https://example.com/*', 'http://192.168.1.30/*']);
    await waitFor(() => expect(within(photos).queryByText(/Hairpin may not access/)).toBeNull());
  });
});

describe('options: import and export', () => {
  function otherConfig(): Config {
    return {
      format: 'hairpin-config',
      version: 1,
      networks: [
        {
          name: 'Flat',
          probe: { url: 'http://10.1.1.1/up', expect: 'flat-token' },
          mappings: [{ name: 'Books', external: 'https://books.example.net', internal: 'http://10.1.1.5:8083' }],
        },
      ],
    };
  }

  it('a valid file replaces the configuration at once, and Undo restores the previous one', async () => {
    const { background } = setup();
    await mapping('Jellyfin');
    const input = screen.getByLabelText('Import…') as HTMLInputElement;
    choose(input, jsonFile('flat.json', otherConfig()));

    await screen.findByText('Imported “flat.json”: 1 network, 1 mapping.');
    expect(input.value).toBe('');
    expect(background.sent('saveConfig').map((request) => request.config)).toEqual([otherConfig()]);
    expect(await mapping('Books')).toBeTruthy();
    expect(screen.queryByRole('listitem', { name: 'Jellyfin' })).toBeNull();
    await sleep(DEBOUNCE * 3);
    expect(background.sent('saveConfig')).toHaveLength(1); // loading the import does not save again

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Restored the configuration from before the import.');
    expect(background.sent('saveConfig')[1]!.config).toEqual(sampleConfig());
    expect(background.state.config).toEqual(sampleConfig());
    expect(await mapping('Jellyfin')).toBeTruthy();
  });

  it('a file that is not JSON is refused with an alert; nothing is saved', async () => {
    const { background } = setup();
    await mapping('Jellyfin');
    const input = screen.getByLabelText('Import…') as HTMLInputElement;
    choose(input, jsonFile('notes.json', 'hello {'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('“notes.json” was not imported: it is not JSON');
    expect(alert.textContent).toContain('Your configuration was not changed.');
    expect(input.value).toBe('');
    expect(background.sent('saveConfig')).toEqual([]);
    expect(await mapping('Jellyfin')).toBeTruthy();
  });

  it('a JSON file that is not a Hairpin config is refused as such', async () => {
    const { background } = setup();
    await mapping('Jellyfin');
    choose(screen.getByLabelText('Import…'), jsonFile('package.json', { name: 'something', version: '1.0.0' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('it is not a Hairpin configuration');
    expect(background.sent('saveConfig')).toEqual([]);
  });

  it('an invalid config names the field and what is wrong with it', async () => {
    const { background } = setup();
    await mapping('Jellyfin');
    const broken = sampleConfig();
    broken.networks[0]!.mappings[1]!.external = 'https://example.com:70000/photos';
    choose(screen.getByLabelText('Import…'), jsonFile('broken.json', broken));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('networks[0].mappings[1].external: port 70000 is out of range (1–65535)');
    expect(background.sent('saveConfig')).toEqual([]);
    expect(background.state.config).toEqual(sampleConfig());
  });

  it('Export downloads hairpin-config.json in the import format', async () => {
    const { services } = setup();
    await mapping('Jellyfin');
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(services.downloads).toHaveLength(1);
    const [download] = services.downloads;
    expect(download!.name).toBe(EXPORT_FILE_NAME);
    expect(download!.type).toBe('application/json');
    expect(JSON.parse(download!.text)).toEqual(sampleConfig());
  });
});

describe('options: first run', () => {
  it('offers to import a file', async () => {
    const { background } = setup(EMPTY);
    await screen.findByRole('heading', { name: 'Hairpin is not set up yet' });
    choose(screen.getByLabelText('Import a file…'), jsonFile('hairpin-config.json', sampleConfig()));
    expect(await mapping('Jellyfin')).toBeTruthy();
    expect(background.sent('saveConfig')).toHaveLength(1);
  });

  it('walks through probe URL → token → first mapping, and saves the result', async () => {
    const { background } = setup(EMPTY);
    fireEvent.click(await screen.findByRole('button', { name: 'Set up a network' }));

    expect(await screen.findByRole('heading', { name: /Where is your health endpoint/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const probe = screen.getByLabelText('Probe URL');
    expect(messagesOf(probe)).toContain('Is empty; give a URL');
    type(probe, 'http://192.168.1.10:8080/hairpin');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByRole('heading', { name: /What does it answer/ })).toBeTruthy();
    const token = screen.getByLabelText('Expected token');
    expect(messagesOf(token)).toContain('Without a token');
    type(token, 'hairpin-abc123');
    expect(screen.getByText('Serve a health endpoint with nginx or Caddy').closest('details')!.textContent).toContain(
      'respond "hairpin-abc123" 200',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByRole('heading', { name: /Your first service/ })).toBeTruthy();
    type(screen.getByLabelText('Name'), 'Jellyfin');
    type(screen.getByLabelText('External URL'), 'https://jellyfin.example.com');
    type(screen.getByLabelText('Internal URL'), 'https://jellyfin.example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
    expect(messagesOf(screen.getByLabelText('Internal URL'))).toContain('Is the same as the external side');
    type(screen.getByLabelText('Internal URL'), 'http://192.168.1.20:8096');
    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));

    expect(await mapping('Jellyfin')).toBeTruthy();
    expect(background.sent('saveConfig').map((request) => request.config)).toEqual([
      {
        format: 'hairpin-config',
        version: 1,
        networks: [
          {
            name: 'Home',
            probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'hairpin-abc123' },
            mappings: [{ name: 'Jellyfin', external: 'https://jellyfin.example.com', internal: 'http://192.168.1.20:8096' }],
          },
        ],
      },
    ]);
    expect(screen.getByText('Saved')).toBeTruthy();
  });
});
