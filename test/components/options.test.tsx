// The options page with a fake background and fake page services.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { Options } from '../../src/options/options';
import { EXPORT_FILE_NAME } from '../../src/options/config-actions';
import type { Config } from '../../src/core/config-schema';
import type { HairpinState } from '../../src/core/messages';
import { loadCookieHints } from '../../src/ui/cookie-hints-loader';
import { deferred, fakeBackground, fakeServices, type FakeBackground } from './support/fakes';
import { NOW, sampleConfig, stateFor } from '../support/hairpin-state';
import { approveAll, approvedPart, pendingApproval } from '../../src/core/approval';

// The page loads the public suffix list lazily; load it once here so no test waits on its first import.
beforeAll(() => loadCookieHints());
afterEach(cleanup);

const DEBOUNCE = 40;
const EMPTY: Config = { format: 'hairpin-config', version: 1, networks: [] };

function setup(config: Config = sampleConfig(), debounceMs = DEBOUNCE, extra: Partial<HairpinState> = {}) {
  const background = fakeBackground(stateFor(config, [], extra));
  const services = fakeServices();
  render(<Options client={background.client} services={services} debounceMs={debounceMs} now={() => NOW} />);
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
  return new File([typeof content === 'string' ? content : JSON.stringify(content)], name, {
    type: 'application/json',
  });
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
    expect((within(network).getByLabelText('Probe URL') as HTMLInputElement).value).toBe(
      'http://192.168.1.10:8080/hairpin',
    );
    expect((within(network).getByLabelText('Expected token') as HTMLInputElement).value).toBe('hairpin-7f3a');
    expect((within(network).getByLabelText('Timeout (ms)') as HTMLInputElement).value).toBe('1500');
    const photos = await mapping('Photos');
    expect((within(photos).getByLabelText('External URL') as HTMLInputElement).value).toBe(
      'https://example.com/photos',
    );
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
    expect(messagesOf(photosExternal)).toContain(
      'is already claimed by Network “Home” › Mapping “Jellyfin” › External URL',
    );

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
    fireEvent.click(
      within(screen.getByText('Removed mapping “Jellyfin”.').parentElement!).getByRole('button', { name: 'Undo' }),
    );
    await mapping('Jellyfin');
    await waitFor(() =>
      expect(background.state.config.networks[0]!.mappings.map((m) => m.name)).toEqual(['Jellyfin', 'Photos']),
    );

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
      {
        type: 'testProbe',
        probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'hairpin-7f3a', timeoutMs: 1500 },
      },
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
    expect(link.getAttribute('href')).toBe('/guide/health-endpoint.html');
  });

  it('shows missing host permission for a mapping and requests it', async () => {
    const { services } = setup();
    services.hasOrigins.mockImplementation(
      async (patterns: readonly string[]) => !patterns.includes('http://192.168.1.30/*'),
    );
    const photos = await mapping('Photos');
    const notice = await within(photos).findByText(/Hairpin may not access/);
    expect(notice.textContent).toContain('http://192.168.1.30');
    services.hasOrigins.mockImplementation(async () => true);
    fireEvent.click(within(photos).getByRole('button', { name: 'Allow access' }));
    expect(services.requestOrigins).toHaveBeenCalledWith(['https://example.com/*', 'http://192.168.1.30/*']);
    await waitFor(() => expect(within(photos).queryByText(/Hairpin may not access/)).toBeNull());
  });
});

describe('options: where the browser cannot ask for access (Firefox for Android)', () => {
  it('says where to grant a missing site access instead of offering a button', async () => {
    const background = fakeBackground(stateFor(sampleConfig()));
    const services = { ...fakeServices(), canRequestPermissions: false };
    services.hasOrigins.mockImplementation(
      async (patterns: readonly string[]) => !patterns.includes('http://192.168.1.30/*'),
    );
    render(<Options client={background.client} services={services} debounceMs={DEBOUNCE} now={() => NOW} />);
    const photos = await mapping('Photos');
    const notice = await within(photos).findByText(/Hairpin may not access/);
    const box = notice.closest('.notice')!;
    expect(box.textContent).toContain('Menu → Add-ons (or Extensions) → Hairpin → Permissions');
    expect(within(box as HTMLElement).queryByRole('button')).toBeNull();
    expect(services.requestOrigins).not.toHaveBeenCalled();
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

  it('Undo right after typing in the imported configuration: the keystrokes do not come back over it', async () => {
    const { background } = setup(sampleConfig(), 200);
    await mapping('Jellyfin');
    choose(screen.getByLabelText('Import…'), jsonFile('flat.json', otherConfig()));
    await screen.findByText('Imported “flat.json”: 1 network, 1 mapping.');
    // Typed on, and Undo clicked before that edit's save was due.
    type(within(await mapping('Books')).getByLabelText('Name'), 'Library');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Restored the configuration from before the import.');
    await sleep(600); // past the edit's debounce
    expect(background.state.config).toEqual(sampleConfig());
    expect(await mapping('Jellyfin')).toBeTruthy();
    expect(background.sent('saveConfig').at(-1)!.config).toEqual(sampleConfig());
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
            mappings: [
              { name: 'Jellyfin', external: 'https://jellyfin.example.com', internal: 'http://192.168.1.20:8096' },
            ],
          },
        ],
      },
    ]);
    expect(screen.getByText('Saved')).toBeTruthy();
  });
});

describe('options: logins across the two addresses', () => {
  function sharedConfig(): Config {
    const config = sampleConfig();
    config.networks[0]!.mappings.push({
      name: 'Wiki',
      external: 'https://wiki.example.com',
      internal: 'https://wiki.home.example.com',
    });
    return config;
  }

  it('says when two hosts can share a login, and the Domain the service must set', async () => {
    setup(sharedConfig());
    const login = within(await mapping('Wiki')).getByRole('group', { name: 'Login' });
    expect(within(login).getByText('Can be shared')).toBeTruthy();
    expect(within(login).getByText('Domain=example.com')).toBeTruthy();
    expect(login.textContent).toContain(
      'Both hosts are under example.com: a login carries over if the service sets its cookies with Domain=example.com.',
    );
  });

  it('says when they cannot, and why (an IP address, plain http)', async () => {
    setup();
    const login = within(await mapping('Jellyfin')).getByRole('group', { name: 'Login' });
    expect(within(login).getByText('Cannot be shared')).toBeTruthy();
    expect(login.textContent).toContain(
      '192.168.1.20 is an IP address, so browsers keep its cookies to that one address',
    );
    expect(login.textContent).toContain('192.168.1.20 is plain http: cookies marked Secure');
    expect(within(login).queryByText(/^Domain=/)).toBeNull();
  });

  it('updates the hint as the URLs are typed', async () => {
    setup();
    const jellyfin = await mapping('Jellyfin');
    type(within(jellyfin).getByLabelText('Internal URL'), 'http://jellyfin.home.example.com:8096');
    const login = within(jellyfin).getByRole('group', { name: 'Login' });
    expect(within(login).getByText('Can be shared')).toBeTruthy();
    type(within(jellyfin).getByLabelText('Internal URL'), 'http://');
    expect(login.textContent).toContain('Enter both URLs to see whether a login can carry over');
  });

  it('warns, without blocking the save, about a cookie domain that cannot work', async () => {
    const { background } = setup(sharedConfig());
    const wiki = await mapping('Wiki');
    const cookieDomain = within(wiki).getByLabelText('Cookie domain');
    type(cookieDomain, 'example.org');
    expect(cookieDomain.getAttribute('aria-invalid')).toBeNull();
    expect(messagesOf(cookieDomain)).toContain(
      'This cookie domain will not work: example.org does not cover wiki.example.com and wiki.home.example.com.',
    );
    // Said once, next to the field, not again in the login section.
    expect(within(wiki).getByRole('group', { name: 'Login' }).textContent).not.toContain('example.org');
    await screen.findByText('Saved');
    expect((background.sent('saveConfig')[0]!.config as Config).networks[0]!.mappings[2]!.cookieDomain).toBe(
      'example.org',
    );

    type(cookieDomain, 'home.example.com');
    expect(messagesOf(cookieDomain)).toContain('does not cover wiki.example.com');
    type(cookieDomain, 'example.com');
    expect(messagesOf(cookieDomain)).not.toContain('will not work');
  });

  it('"Keep login across the switch" is saved with the mapping, and explains itself', async () => {
    const { background } = setup();
    const keep = within(await mapping('Jellyfin')).getByLabelText('Keep login across the switch') as HTMLInputElement;
    expect(keep.checked).toBe(false);
    expect(messagesOf(keep)).toContain('so a switch keeps you logged in');
    expect(messagesOf(keep)).toContain('use it only for servers you run');
    // Cookies ignore ports: which hosts receive the copies, and when the internal side's are copied.
    expect(messagesOf(keep)).toContain('copies go to every port of 192.168.1.20 and of jellyfin.example.com');
    expect(messagesOf(keep)).toContain('not Domain= cookies');
    expect(messagesOf(keep)).toContain(
      'Cookies set on 192.168.1.20 are copied to jellyfin.example.com only while the probe',
    );
    expect(messagesOf(keep)).toContain('turning it off removes the copies Hairpin made');
    fireEvent.click(keep);
    await waitFor(() => expect(background.state.config.networks[0]!.mappings[0]!.keepLogin).toBe(true));
    expect((background.sent('saveConfig')[0]!.config as Config).networks[0]!.mappings[0]).toEqual({
      name: 'Jellyfin',
      external: 'https://jellyfin.example.com',
      internal: 'http://192.168.1.20:8096',
      keepLogin: true,
    });
    fireEvent.click(keep);
    await waitFor(() => expect(background.state.config.networks[0]!.mappings[0]!.keepLogin).toBeUndefined());
  });

  it('Keep login asks for cookie access first, and stays off with a reason when it is refused', async () => {
    const { background, services } = setup();
    const jellyfin = await mapping('Jellyfin');
    const keep = within(jellyfin).getByLabelText('Keep login across the switch') as HTMLInputElement;
    expect(messagesOf(keep)).toContain('Turning it on asks for cookie access');
    services.requestCookieAccess.mockResolvedValueOnce(false);
    fireEvent.click(keep);
    expect(services.requestCookieAccess).toHaveBeenCalledTimes(1);
    const alert = await within(jellyfin).findByRole('alert');
    expect(alert.textContent).toBe('Keep login needs cookie access, and it was not granted: the option stays off.');
    expect(keep.checked).toBe(false);
    expect(background.sent('saveConfig')).toEqual([]);

    // Granted on the second try: the box ticks and the mapping is saved with it.
    fireEvent.click(keep);
    await waitFor(() => expect(background.state.config.networks[0]!.mappings[0]!.keepLogin).toBe(true));
    expect(keep.checked).toBe(true);
    expect(within(jellyfin).queryByRole('alert')).toBeNull();
    // Turning it off needs no permission.
    fireEvent.click(keep);
    await waitFor(() => expect(background.state.config.networks[0]!.mappings[0]!.keepLogin).toBeUndefined());
    expect(services.requestCookieAccess).toHaveBeenCalledTimes(2);
  });

  it('says when Keep login is paused because this browser has no cookie access, and asks for it', async () => {
    const config = sampleConfig();
    config.networks[0]!.mappings[0]!.keepLogin = true;
    const { background, services } = setup(config, DEBOUNCE, { cookieAccess: false });
    const notice = await screen.findByText('Keep login is paused in this browser.');
    expect(notice.parentElement!.textContent).toContain('A mapping is set to keep its login across the switch');
    services.requestCookieAccess.mockImplementationOnce(async () => {
      background.state = { ...background.state, cookieAccess: true };
      return true;
    });
    fireEvent.click(screen.getByRole('button', { name: 'Allow cookie access' }));
    await waitFor(() => expect(screen.queryByText('Keep login is paused in this browser.')).toBeNull());
  });

  it('copying Secure cookies onto http takes a checkbox and a confirmation, and sends setSecureConsent', async () => {
    const { background } = setup();
    const jellyfin = await mapping('Jellyfin');
    const label = 'Also copy Secure cookies onto http://192.168.1.20:8096';
    expect(within(jellyfin).queryByLabelText(label)).toBeNull(); // only with Keep login on
    fireEvent.click(within(jellyfin).getByLabelText('Keep login across the switch'));
    const consent = (await within(jellyfin).findByLabelText(label)) as HTMLInputElement;
    expect(consent.checked).toBe(false);
    expect(messagesOf(consent)).toContain('Secure cookies (most logins over https) stay behind');

    // First click: a dialog explains the risk; nothing is sent yet. Cancel leaves it off.
    fireEvent.click(consent);
    let dialog = await screen.findByRole('dialog', { name: 'Copy Secure cookies onto plain http?' });
    expect(dialog.textContent).toContain('they travel unencrypted on your network');
    expect(background.sent('setSecureConsent')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(consent.checked).toBe(false);

    // Escape says no as well.
    fireEvent.click(consent);
    dialog = await screen.findByRole('dialog');
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(background.sent('setSecureConsent')).toEqual([]);

    // The second, explicit confirmation sends it.
    fireEvent.click(consent);
    dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy them unencrypted' }));
    await waitFor(() =>
      expect(background.sent('setSecureConsent')).toEqual([
        { type: 'setSecureConsent', mapping: 'https://jellyfin.example.com → http://192.168.1.20:8096', allowed: true },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(background.state.secureConsent).toEqual(['https://jellyfin.example.com → http://192.168.1.20:8096']);
    expect(consent.checked).toBe(true);
    expect(messagesOf(consent)).toContain('travel there unencrypted');

    // Withdrawing takes one click.
    fireEvent.click(consent);
    await waitFor(() => expect(background.sent('setSecureConsent')).toHaveLength(2));
    expect(background.sent('setSecureConsent')[1]).toEqual({
      type: 'setSecureConsent',
      mapping: 'https://jellyfin.example.com → http://192.168.1.20:8096',
      allowed: false,
    });
    await waitFor(() => expect(consent.checked).toBe(false));
    expect(background.state.secureConsent).toEqual([]);
  });

  it('shows a consent given earlier, and no consent control when both sides are https', async () => {
    const config = sharedConfig();
    config.networks[0]!.mappings[0]!.keepLogin = true;
    config.networks[0]!.mappings[2]!.keepLogin = true;
    setup(config, DEBOUNCE, { secureConsent: ['https://jellyfin.example.com → http://192.168.1.20:8096'] });
    const consent = within(await mapping('Jellyfin')).getByLabelText(
      'Also copy Secure cookies onto http://192.168.1.20:8096',
    ) as HTMLInputElement;
    expect(consent.checked).toBe(true);
    const wiki = await mapping('Wiki');
    expect((within(wiki).getByLabelText('Keep login across the switch') as HTMLInputElement).checked).toBe(true);
    expect(within(wiki).queryByLabelText(/Also copy Secure cookies/)).toBeNull();
  });
});

describe('options: general settings', () => {
  const URL_OK = 'http://192.168.1.10/hairpin.json';

  function withConfigUrl(): Config {
    return { ...sampleConfig(), configUrl: URL_OK };
  }

  async function general() {
    return screen.findByRole('region', { name: 'General' });
  }

  it('validates the config URL as you type, with the core’s message, and saves a good one', async () => {
    const { background } = setup();
    const field = within(await general()).getByLabelText('Config URL');
    type(field, 'http://home.example.com/hairpin.json');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(messagesOf(field)).toContain(
      'Plain http is only allowed to a private or loopback IP address or a .local, .lan, .home.arpa or .internal name; use https',
    );
    expect(screen.getByText('Not saved: fix 1 problem')).toBeTruthy();
    // "Show problems" reaches a settings field too.
    fireEvent.click(screen.getByRole('button', { name: 'Show problems' }));
    await waitFor(() => expect(document.activeElement).toBe(field));

    type(field, URL_OK);
    expect(field.getAttribute('aria-invalid')).toBeNull();
    await screen.findByText('Saved');
    expect(background.state.config.configUrl).toBe(URL_OK);
    expect(within(await general()).getByRole('status').textContent).toBe(
      'Not fetched yet: Hairpin fetches it whenever you are at home.',
    );

    type(field, '');
    await waitFor(() => expect(background.state.config.configUrl).toBeUndefined());
  });

  it('Fetch now sends fetchConfig and shows how the fetch went', async () => {
    const { background } = setup(withConfigUrl());
    background.handlers.fetchConfig = () => {
      background.state = {
        ...background.state,
        configFetch: { url: URL_OK, at: NOW - 3 * 60_000, ok: true, changed: false, error: null, wasHome: true },
      };
      return background.state;
    };
    const card = await general();
    const status = within(card).getByRole('status');
    expect(status.textContent).toBe('Not fetched yet: Hairpin fetches it whenever you are at home.');
    fireEvent.click(within(card).getByRole('button', { name: 'Fetch now' }));
    await waitFor(() => expect(status.textContent).toBe('Fetched 3 min ago, unchanged.'));
    expect(background.sent('fetchConfig')).toEqual([{ type: 'fetchConfig' }]);

    background.handlers.fetchConfig = () => {
      background.state = {
        ...background.state,
        configFetch: {
          url: URL_OK,
          at: NOW,
          ok: false,
          changed: false,
          error: 'the server answered HTTP 404',
          wasHome: true,
        },
      };
      return background.state;
    };
    fireEvent.click(within(card).getByRole('button', { name: 'Fetch now' }));
    await waitFor(() => expect(status.textContent).toBe('Fetch failed just now: the server answered HTTP 404.'));
    expect(status.className).toContain('field-error');
  });

  it('a fetch the background made on its own shows up as soon as it is stored', async () => {
    const { background, services } = setup(withConfigUrl());
    const status = within(await general()).getByRole('status');
    expect(status.textContent).toBe('Not fetched yet: Hairpin fetches it whenever you are at home.');
    background.state = {
      ...background.state,
      configFetch: { url: URL_OK, at: NOW - 12_000, ok: true, changed: false, error: null, wasHome: true },
    };
    services.emitStorageChanged();
    await waitFor(() => expect(status.textContent).toBe('Fetched 12 s ago, unchanged.'));
  });

  it('a fetch that changed the configuration shows the new one in the form', async () => {
    const { background } = setup(withConfigUrl());
    background.handlers.fetchConfig = () => {
      const config = withConfigUrl();
      config.networks[0]!.mappings.push({
        name: 'Books',
        external: 'https://books.example.com',
        internal: 'http://192.168.1.50',
      });
      background.state = {
        ...stateFor(config),
        configFetch: { url: URL_OK, at: NOW, ok: true, changed: true, error: null, wasHome: true },
      };
      return background.state;
    };
    fireEvent.click(within(await general()).getByRole('button', { name: 'Fetch now' }));
    expect(await mapping('Books')).toBeTruthy();
    expect(within(await general()).getByRole('status').textContent).toBe(
      'Fetched just now, changed the configuration.',
    );
    expect(background.sent('saveConfig')).toEqual([]);
  });

  it('Fetch now saves a config URL still waiting for its debounce first', async () => {
    const { background } = setup(sampleConfig(), 10_000);
    const card = await general();
    type(within(card).getByLabelText('Config URL'), URL_OK);
    fireEvent.click(within(card).getByRole('button', { name: 'Fetch now' }));
    await waitFor(() => expect(background.sent('fetchConfig')).toHaveLength(1));
    expect(background.requests.map((request) => request.type).filter((type) => type !== 'getState')).toEqual([
      'saveConfig',
      'fetchConfig',
    ]);
    expect((background.sent('saveConfig')[0]!.config as Config).configUrl).toBe(URL_OK);
  });

  it('Fetch now does nothing without a config URL, and refuses one with a problem', async () => {
    const { background } = setup();
    const card = await general();
    const button = within(card).getByRole('button', { name: 'Fetch now' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(button);
    type(within(card).getByLabelText('Config URL'), 'ftp://nas.lan/h.json');
    fireEvent.click(button);
    expect(await within(card).findByText('Fix the config URL first.')).toBeTruthy();
    expect(background.sent('fetchConfig')).toEqual([]);
  });

  it('the navigation rescue deadline is validated and saved', async () => {
    const { background } = setup();
    const field = within(await general()).getByLabelText('Navigation rescue deadline (ms)');
    expect((field as HTMLInputElement).placeholder).toBe('1500');
    expect(messagesOf(field)).toContain('Hairpin checks your network again');
    type(field, '100');
    expect(messagesOf(field)).toContain('Must be at least 300 ms');
    type(field, '20000');
    expect(messagesOf(field)).toContain('Must be at most 10000 ms');
    type(field, '2500');
    await screen.findByText('Saved');
    expect(background.state.config.rescueAfterMs).toBe(2500);
    type(field, '');
    await waitFor(() => expect(background.state.config.rescueAfterMs).toBeUndefined());
  });
});

describe('options: sync status', () => {
  function syncStatus() {
    return screen.getAllByRole('status').find((element) => element.classList.contains('sync-status'))!;
  }

  it('says when the configuration is synced', async () => {
    setup(sampleConfig(), DEBOUNCE, { sync: { state: 'synced', detail: null, at: NOW } });
    await mapping('Jellyfin');
    expect(syncStatus().textContent).toBe('Synced');
  });

  it('says when it is kept on this device only, and why', async () => {
    const detail =
      'This configuration needs 61.2 KB in browser sync, more than the 50.0 KB Hairpin can use there; it is kept on this device only and not synced.';
    setup(sampleConfig(), DEBOUNCE, {
      sync: { state: 'local-only', detail, at: NOW },
      storageProblem: detail,
      configStore: 'local',
    });
    await mapping('Jellyfin');
    expect(syncStatus().textContent).toBe('Kept on this device only');
    expect(syncStatus().getAttribute('title')).toBe(detail);
    expect(screen.getByText(detail)).toBeTruthy();
  });

  it('follows the sync status as the background stores it', async () => {
    const { background, services } = setup(sampleConfig(), DEBOUNCE, {
      sync: { state: 'pending', detail: 'Not synced yet (busy); Hairpin will try again.', at: NOW },
    });
    await mapping('Jellyfin');
    expect(syncStatus().textContent).toBe('Sync pending');
    background.state = { ...background.state, sync: { state: 'synced', detail: null, at: NOW } };
    services.emitStorageChanged();
    await waitFor(() => expect(syncStatus().textContent).toBe('Synced'));
  });

  it('a pending sync stays in the header; an error is shown', async () => {
    const pendingDetail = 'Not synced yet (quota); Hairpin will try again.';
    setup(sampleConfig(), DEBOUNCE, {
      sync: { state: 'pending', detail: pendingDetail, at: NOW },
      storageProblem: pendingDetail,
    });
    await mapping('Jellyfin');
    expect(syncStatus().textContent).toBe('Sync pending');
    expect(screen.queryByText(pendingDetail)).toBeNull();
    cleanup();

    const errorDetail = 'Could not read the synced configuration: bad checksum.';
    setup(sampleConfig(), DEBOUNCE, {
      sync: { state: 'error', detail: errorDetail, at: NOW },
      storageProblem: errorDetail,
    });
    await mapping('Jellyfin');
    expect(syncStatus().textContent).toBe('Sync failed');
    expect(screen.getByText(errorDetail)).toBeTruthy();
  });
});

describe('options: a configuration changed elsewhere', () => {
  /** Sync, the config URL or another tab changes the Photos mapping, as the background stores it. */
  function photosChangedElsewhere(background: FakeBackground): Config {
    const config = structuredClone(background.state.config);
    config.networks[0]!.mappings[1]!.internal = 'http://192.168.1.31:2342';
    background.state = { ...background.state, config };
    return config;
  }

  function noticeOf() {
    return screen.queryByRole('alert');
  }

  function saveStatus() {
    return screen.getAllByRole('status').find((element) => element.classList.contains('save-status-text'))!;
  }

  /** Adds a mapping and leaves it empty: the draft has unsaved edits it cannot save yet. */
  async function addEmptyMapping() {
    fireEvent.click(
      within(await screen.findByRole('region', { name: 'Home' })).getByRole('button', { name: 'Add mapping' }),
    );
    return mapping('Mapping 3');
  }

  function fillIn(row: HTMLElement, name: string, external: string, internal: string) {
    type(within(row).getByLabelText('Name'), name);
    type(within(row).getByLabelText('External URL'), external);
    type(within(row).getByLabelText('Internal URL'), internal);
  }

  it('is taken into the form silently when the form has no unsaved edits', async () => {
    const { background, services } = setup();
    await mapping('Photos');
    photosChangedElsewhere(background);
    services.emitStorageChanged();
    await waitFor(() =>
      expect(
        (within(screen.getByRole('listitem', { name: 'Photos' })).getByLabelText('Internal URL') as HTMLInputElement)
          .value,
      ).toBe('http://192.168.1.31:2342'),
    );
    expect(noticeOf()).toBeNull();
    await sleep(DEBOUNCE * 3);
    expect(background.sent('saveConfig')).toEqual([]);
  });

  it('with unsaved edits, pauses auto-save and asks: nothing is saved until the user chose', async () => {
    const { background, services } = setup();
    const fresh = await addEmptyMapping();
    photosChangedElsewhere(background);
    services.emitStorageChanged();

    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain('The configuration was changed elsewhere (sync, config URL or another tab).');
    expect(within(notice).getByRole('listitem').textContent).toBe('Mapping “Photos” changed');
    expect(notice.textContent).toContain('save them over it once their problems are fixed');
    expect(within(notice).getByRole('button', { name: 'Load the new configuration' })).toBeTruthy();
    expect(within(notice).getByRole('button', { name: 'Keep my edits' })).toBeTruthy();
    expect(saveStatus().textContent).toBe('Not saved: changed elsewhere');
    // The form keeps the user's edits, Photos' old value included.
    expect((within(await mapping('Photos')).getByLabelText('Internal URL') as HTMLInputElement).value).toBe(
      'http://192.168.1.30:2342',
    );

    // Finishing the new mapping makes the draft valid: still nothing is saved.
    fillIn(fresh, 'Wiki', 'https://wiki.example.com', 'http://192.168.1.40');
    expect(notice.textContent).not.toContain('once their problems are fixed');
    await sleep(DEBOUNCE * 4);
    expect(background.sent('saveConfig')).toEqual([]);
    expect(background.state.config.networks[0]!.mappings[1]!.internal).toBe('http://192.168.1.31:2342');
    expect(saveStatus().textContent).toBe('Not saved: changed elsewhere');
    // Nor when the page is left.
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    await sleep(DEBOUNCE);
    expect(background.sent('saveConfig')).toEqual([]);
  });

  it('"Load the new configuration" discards the edits and shows the new one; editing on saves over it', async () => {
    const { background, services } = setup();
    const fresh = await addEmptyMapping();
    fillIn(fresh, 'Wiki', 'https://wiki.example.com', ''); // still invalid: not saved
    const changed = photosChangedElsewhere(background);
    services.emitStorageChanged();
    fireEvent.click(
      within(await screen.findByRole('alert')).getByRole('button', { name: 'Load the new configuration' }),
    );

    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Wiki' })).toBeNull());
    expect(noticeOf()).toBeNull();
    const photos = await mapping('Photos');
    expect((within(photos).getByLabelText('Internal URL') as HTMLInputElement).value).toBe('http://192.168.1.31:2342');
    expect(
      screen.getByText('Loaded the configuration changed elsewhere; your edits on this page were discarded.'),
    ).toBeTruthy();
    expect(saveStatus().textContent).toBe('Changes are saved as you type');
    await sleep(DEBOUNCE * 3);
    expect(background.sent('saveConfig')).toEqual([]);
    expect(background.state.config).toEqual(changed);

    // Auto-save is back, on top of the new configuration.
    type(within(await mapping('Jellyfin')).getByLabelText('Name'), 'Jellyfin TV');
    await screen.findByText('Saved');
    expect(background.state.config.networks[0]!.mappings.map((m) => [m.name, m.internal])).toEqual([
      ['Jellyfin TV', 'http://192.168.1.20:8096'],
      ['Photos', 'http://192.168.1.31:2342'],
    ]);
  });

  it('"Keep my edits" saves the form over the new configuration, explicitly and at once', async () => {
    const { background, services } = setup(sampleConfig(), 10_000);
    const fresh = await addEmptyMapping();
    fillIn(fresh, 'Wiki', 'https://wiki.example.com', 'http://192.168.1.40');
    // The change arrives before the debounce ends (a long one here): the save waits for the choice.
    photosChangedElsewhere(background);
    services.emitStorageChanged();
    const notice = await screen.findByRole('alert');
    const name = within(await mapping('Wiki')).getByLabelText('Name');
    name.focus();
    fireEvent.click(screen.getByRole('button', { name: 'Review' })); // the keyboard's way there
    expect(document.activeElement).toBe(notice);
    const keep = within(notice).getByRole('button', { name: 'Keep my edits' });
    keep.focus();
    fireEvent.click(keep);

    await screen.findByText('Saved');
    expect(noticeOf()).toBeNull();
    const saves = background.sent('saveConfig');
    expect(saves).toHaveLength(1);
    const saved = saves[0]!.config as Config;
    expect(saved.networks[0]!.mappings.map((m) => [m.name, m.internal])).toEqual([
      ['Jellyfin', 'http://192.168.1.20:8096'],
      ['Photos', 'http://192.168.1.30:2342'],
      ['Wiki', 'http://192.168.1.40'],
    ]);
    expect(background.state.config).toEqual(saved);
    // Focus goes back to the field the user was typing in.
    await waitFor(() => expect(document.activeElement).toBe(name));
  });

  it('"Keep my edits" with problems left saves as soon as they are fixed', async () => {
    const { background, services } = setup();
    const fresh = await addEmptyMapping();
    photosChangedElsewhere(background);
    services.emitStorageChanged();
    fireEvent.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Keep my edits' }));
    await waitFor(() => expect(noticeOf()).toBeNull());
    expect(saveStatus().textContent).toBe('Not saved: fix 3 problems');
    await sleep(DEBOUNCE * 3);
    expect(background.sent('saveConfig')).toEqual([]);

    fillIn(fresh, 'Wiki', 'https://wiki.example.com', 'http://192.168.1.40');
    await screen.findByText('Saved');
    expect(background.state.config.networks[0]!.mappings.map((m) => m.internal)).toEqual([
      'http://192.168.1.20:8096',
      'http://192.168.1.30:2342',
      'http://192.168.1.40',
    ]);
  });

  it('a save that would undo a change not seen yet is refused by the background, and the page asks', async () => {
    const { background } = setup();
    type(within(await mapping('Jellyfin')).getByLabelText('Name'), 'Jellyfin TV');
    // Stored before the page heard of it: the save names the config it started from.
    const changed = photosChangedElsewhere(background);
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain('Mapping “Photos” changed');
    expect(background.sent('saveConfig')).toHaveLength(1);
    expect(background.sent('saveConfig')[0]!.base).toEqual(sampleConfig());
    expect(background.state.config).toEqual(changed);
    expect(saveStatus().textContent).toBe('Not saved: changed elsewhere');
    await sleep(DEBOUNCE * 3);
    expect(background.sent('saveConfig')).toHaveLength(1);
  });

  it('"Review" in the header takes the keyboard to the choice', async () => {
    const { background, services } = setup();
    await addEmptyMapping();
    photosChangedElsewhere(background);
    services.emitStorageChanged();
    const notice = await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(document.activeElement).toBe(notice);
  });

  it('the page’s own save, stored while its reply is on the way, is not a change made elsewhere', async () => {
    const { background, services } = setup();
    const save = background.handlers.saveConfig!;
    const reply = deferred<void>();
    background.handlers.saveConfig = async (request) => {
      const result = save(request); // stored at once, as the background does
      services.emitStorageChanged();
      await reply.promise;
      return result;
    };
    type(within(await mapping('Jellyfin')).getByLabelText('Name'), 'Jellyfin TV');
    await waitFor(() => expect(background.sent('saveConfig')).toHaveLength(1));
    type(within(await mapping('Jellyfin TV')).getByLabelText('Name'), 'Jellyfin TV 2'); // typed on meanwhile
    await sleep(DEBOUNCE * 3);
    reply.resolve();
    await screen.findByText('Saved');
    await waitFor(() => expect(background.state.config.networks[0]!.mappings[0]!.name).toBe('Jellyfin TV 2'));
    expect(noticeOf()).toBeNull();
    expect(
      background.sent('saveConfig').map((request) => (request.config as Config).networks[0]!.mappings[0]!.name),
    ).toEqual(['Jellyfin TV', 'Jellyfin TV 2']);
  });

  it('the same edit made elsewhere needs no choice', async () => {
    const { background, services } = setup();
    const fresh = await addEmptyMapping();
    fillIn(fresh, 'Wiki', 'https://wiki.example.com', '');
    photosChangedElsewhere(background);
    services.emitStorageChanged();
    await screen.findByRole('alert');
    // Another tab stores exactly what this form now shows.
    type(within(await mapping('Photos')).getByLabelText('Internal URL'), 'http://192.168.1.31:2342');
    type(within(await mapping('Wiki')).getByLabelText('Internal URL'), 'http://192.168.1.40');
    const config = structuredClone(background.state.config);
    config.networks[0]!.mappings.push({
      name: 'Wiki',
      external: 'https://wiki.example.com',
      internal: 'http://192.168.1.40',
    });
    background.state = { ...background.state, config };
    services.emitStorageChanged();
    await waitFor(() => expect(noticeOf()).toBeNull());
    await screen.findByText('Saved');
    expect(background.sent('saveConfig')).toEqual([]);
  });
});

describe('options: configurations set aside', () => {
  function setAsideNotice() {
    return screen.getByText(/^A configuration was set aside/).closest('.set-aside') as HTMLElement;
  }

  it('lists the conflict backups where set-aside configurations are shown', async () => {
    const { background, services } = setup();
    await mapping('Jellyfin');
    expect(screen.queryByText(/set aside by a sync conflict/)).toBeNull();
    background.state = {
      ...background.state,
      conflictBackups: [{ id: 'c1', at: NOW, source: 'browser-sync', mappings: 1, networks: ['Home'] }],
    };
    services.emitStorageChanged();
    const list = await screen.findByText('A configuration was set aside by a sync conflict.');
    expect(within(list.closest('section')!).getByRole('button', { name: 'Restore' })).toBeTruthy();
  });

  it('says so for a configuration an update could not read', async () => {
    const { background, services } = setup(sampleConfig(), DEBOUNCE, { setAside: { kind: 'unreadable', at: null } });
    background.setAsideText = '{\n  "format": "hairpin-config",\n  "networks": "nope"\n}\n';
    await mapping('Jellyfin');
    const notice = setAsideNotice();
    expect(notice.textContent).toContain(
      'A configuration was set aside when Hairpin was updated: this version of Hairpin could not read the configuration saved by the previous one.',
    );
    expect(notice.querySelector('time')).toBeNull();
    fireEvent.click(within(notice).getByRole('button', { name: 'Download it' }));
    await waitFor(() => expect(services.downloads).toHaveLength(1));
    expect(services.downloads[0]!.text).toBe(background.setAsideText);
    fireEvent.click(within(notice).getByRole('button', { name: /^Dismiss/ }));
    await waitFor(() => expect(screen.queryByText(/^A configuration was set aside/)).toBeNull());
    expect(background.sent('dismissSetAside')).toEqual([{ type: 'dismissSetAside', kind: 'unreadable', at: null }]);
  });

  it('shows up when the background sets one aside while the page is open, and is not in the way otherwise', async () => {
    const { background, services } = setup();
    await mapping('Jellyfin');
    expect(screen.queryByText(/^A configuration was set aside/)).toBeNull();
    background.state = { ...background.state, setAside: { kind: 'unreadable', at: null } };
    services.emitStorageChanged();
    expect(await screen.findByText(/^A configuration was set aside/)).toBeTruthy();
    // Gone by the time the user asks for it: said so, and the notice goes.
    background.state = { ...background.state, setAside: null };
    fireEvent.click(within(setAsideNotice()).getByRole('button', { name: 'Download it' }));
    expect(await screen.findByText('That configuration is no longer set aside.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText(/^A configuration was set aside/)).toBeNull());
    expect(services.downloads).toEqual([]);
  });
});

describe('options: what arrived from elsewhere', () => {
  it('lists each item with Allow and Decline; a declined one stays listed as declined and can still be allowed', async () => {
    const base = sampleConfig();
    const record = approveAll(base);
    const synced = sampleConfig();
    synced.networks[0]!.probe = { url: 'http://192.168.1.11:8080/hairpin', expect: 'hairpin-7f3a' };
    synced.networks[0]!.mappings.push({
      name: 'Sonarr',
      external: 'https://sonarr.example.com',
      internal: 'https://evil.example',
    });
    const { background } = setup(synced, DEBOUNCE, {
      applied: approvedPart(synced, record),
      pending: pendingApproval(synced, record),
    });
    const notice = (await screen.findByText(/A new service and a change to how Hairpin works/)).closest('.notice')!;
    expect(notice.textContent).toContain(
      'Network “Home” checks whether you are home at http://192.168.1.11:8080/hairpin (instead of http://192.168.1.10:8080/hairpin)',
    );
    fireEvent.click(within(notice as HTMLElement).getByRole('button', { name: /^Decline “Sonarr”/ }));
    await screen.findByText('Declined in this browser (kept in the configuration, not used here):');
    expect(background.sent('reviewPending')).toEqual([
      expect.objectContaining({ verdict: 'decline', ids: [expect.stringContaining('evil.example')] }),
    ]);
    // The declined one is no longer among those Allow applies at once, and can still be allowed alone.
    expect(screen.getAllByRole('button', { name: /^Allow “Sonarr”/ })).toHaveLength(1);
    expect(screen.queryAllByRole('button', { name: /^Decline “Sonarr”/ })).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: /^Allow Network “Home”/ }));
    await waitFor(() => expect(background.sent('reviewPending')).toHaveLength(2));
    expect(background.sent('reviewPending')[1]).toMatchObject({
      verdict: 'approve',
      ids: [expect.stringMatching(/^probe:/)],
    });
  });
});
