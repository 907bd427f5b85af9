// The popup's mapping editor (loaded on demand), with a fake background and fake page services:
// mapping the site of an unmapped tab, editing and removing the tab's mapping with Undo, its
// login section, and the services' switches and filter.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { Popup } from '../../src/popup/popup';
import { loadEditor } from '../../src/popup/lazy-editor';
import type { HairpinState } from '../../src/core/messages';
import type { Config } from '../../src/core/config-schema';
import { loadCookieHints } from '../../src/ui/cookie-hints-loader';
import { fakeBackground, fakeServices } from './support/fakes';
import { answered, NOW, sampleConfig, stateFor } from '../support/hairpin-state';

beforeAll(() => Promise.all([loadCookieHints(), loadEditor()]));
afterEach(cleanup);

function setup(state: HairpinState, tab: { id: number; url: string; title?: string } | null) {
  const background = fakeBackground(state);
  const services = fakeServices(tab);
  render(<Popup client={background.client} services={services} now={() => NOW} undoMs={60_000} />);
  return { background, services };
}

const home = (config: Config = sampleConfig(), extra: Partial<HairpinState> = {}) =>
  stateFor(config, [{ verdict: answered(8, 2) }], extra);

async function openMapper() {
  const button = await screen.findByRole('button', { name: 'Map this site…' });
  button.focus();
  fireEvent.click(button);
  return screen.findByRole('form', { name: 'Map this site' });
}

const field = (scope: HTMLElement, label: string) => within(scope).getByLabelText(label) as HTMLInputElement;

describe('popup: map this site', () => {
  it('proposes the side, name and other address, saves through the validator and offers the other side and Undo', async () => {
    const tab = { id: 7, url: 'http://sonarr.lan:8989/calendar?week=2', title: 'Calendar - Sonarr' };
    const { background, services } = setup(home(), tab);
    const form = await openMapper();
    expect((within(form).getByRole('radio', { name: 'Internal side' }) as HTMLInputElement).checked).toBe(true);
    expect(form.textContent).toContain('http://sonarr.lan:8989 is a home-network name');
    expect(field(form, 'Name').value).toBe('Sonarr');
    // The other address has the focus: it is what the user types.
    await waitFor(() => expect(document.activeElement).toBe(field(form, 'External address')));

    // Empty: the validator's message, at the field; nothing is saved.
    fireEvent.click(within(form).getByRole('button', { name: 'Save mapping' }));
    await waitFor(() => expect(field(form, 'External address').getAttribute('aria-invalid')).toBe('true'));
    expect(form.textContent).toContain('Is empty; give a URL such as https://jellyfin.example.com');
    expect(background.sent('saveConfig')).toEqual([]);

    // The suggestion: the same label under the domain the other mappings use.
    fireEvent.click(within(form).getByRole('button', { name: 'https://sonarr.example.com' }));
    expect(field(form, 'External address').value).toBe('https://sonarr.example.com');
    fireEvent.click(within(form).getByRole('button', { name: 'Save mapping' }));

    const note = await screen.findByRole('region', { name: 'Saved' });
    expect(note.textContent).toContain('Mapped “Sonarr”: its redirects apply now.');
    const [save] = background.sent('saveConfig');
    expect(save!.config).toEqual(
      expect.objectContaining({
        networks: [
          expect.objectContaining({
            mappings: [
              ...sampleConfig().networks[0]!.mappings,
              { name: 'Sonarr', external: 'https://sonarr.example.com', internal: 'http://sonarr.lan:8989' },
            ],
          }),
        ],
      }),
    );
    expect(save!.base).toEqual(sampleConfig());
    // The tab is now on a mapped service.
    await screen.findByRole('region', { name: 'This tab' });

    const open = within(note).getByRole('button', { name: 'Open this page on the external address' });
    expect(document.activeElement).toBe(open);
    fireEvent.click(open);
    expect(services.openInTab).toHaveBeenCalledWith(7, 'https://sonarr.example.com/calendar?week=2');

    fireEvent.click(within(note).getByRole('button', { name: 'Undo' }));
    await within(note).findByText('Undone: the mapping is as it was.');
    expect(background.state.config).toEqual(sampleConfig());
    expect(background.sent('saveConfig')[1]!.base).toEqual(save!.config);
    await screen.findByRole('button', { name: 'Map this site…' });
  });

  it('shows the validator’s conflict at the field, in words', async () => {
    const { background } = setup(home(), { id: 1, url: 'https://media.example.org/' });
    const form = await openMapper();
    expect((within(form).getByRole('radio', { name: 'External side' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.input(field(form, 'Internal address'), { target: { value: 'http://192.168.1.20:8096' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save mapping' }));
    await waitFor(() =>
      expect(form.textContent).toContain(
        'http://192.168.1.20:8096 is already claimed by Network “Home” › Mapping “Jellyfin” › Internal URL',
      ),
    );
    expect(background.sent('saveConfig')).toEqual([]);
  });

  it('takes a path prefix from the first segment on request, and picks the network when there are several', async () => {
    const config = sampleConfig();
    config.networks.push({ name: 'Office', probe: { url: 'http://10.0.0.2/health' }, mappings: [] });
    const { background } = setup(stateFor(config, [{ verdict: answered(8, 2) }, {}]), {
      id: 3,
      url: 'http://10.0.0.7/wiki/Main_Page',
    });
    const form = await openMapper();
    fireEvent.click(within(form).getByRole('button', { name: 'Only /wiki' }));
    expect(field(form, 'Path prefix of http://10.0.0.7 (optional)').value).toBe('/wiki');
    fireEvent.change(within(form).getByLabelText('Network'), { target: { value: '1' } });
    fireEvent.input(field(form, 'External address'), { target: { value: 'https://wiki.example.org' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save mapping' }));
    await screen.findByRole('region', { name: 'Saved' });
    const saved = background.state.config.networks[1]!.mappings;
    expect(saved).toEqual([{ name: 'Wiki', external: 'https://wiki.example.org', internal: 'http://10.0.0.7/wiki' }]);
  });

  it('tests both sides from the background and says which answers from here', async () => {
    const { background } = setup(home(), { id: 1, url: 'https://media.example.org/' });
    background.handlers.testSides = () => ({
      external: { ok: true, outcome: { kind: 'timeout', latencyMs: 3000 } },
      internal: {
        ok: true,
        outcome: { kind: 'response', status: 401, latencyMs: 4, tokenFound: null, redirected: false },
      },
    });
    const form = await openMapper();
    fireEvent.input(field(form, 'Internal address'), { target: { value: 'http://192.168.1.50' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Test both sides' }));
    await within(form).findByText('External: timed out after 3.0 s');
    expect(form.textContent).toContain('Internal: answers (HTTP 401 in 4 ms)');
    expect(form.textContent).toContain('Only the internal address answers from here');
    expect(background.sent('testSides')).toEqual([
      { type: 'testSides', external: 'https://media.example.org', internal: 'http://192.168.1.50' },
    ]);
    // A changed address hides the old result.
    fireEvent.input(field(form, 'Internal address'), { target: { value: 'http://192.168.1.51' } });
    expect(within(form).queryByText('External: timed out after 3.0 s')).toBeNull();
  });

  it('Escape and Cancel close the editor, and the focus goes back to its button', async () => {
    setup(home(), { id: 1, url: 'https://media.example.org/' });
    const form = await openMapper();
    fireEvent.keyDown(field(form, 'Name'), { key: 'Escape' });
    const button = await screen.findByRole('button', { name: 'Map this site…' });
    await waitFor(() => expect(document.activeElement).toBe(button));
    fireEvent.click(button);
    const again = await screen.findByRole('form', { name: 'Map this site' });
    fireEvent.click(within(again).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('form')).toBeNull());
  });
});

describe('popup: the tab’s mapping', () => {
  async function openEdit(name: string) {
    fireEvent.click(await screen.findByRole('button', { name: 'Edit mapping…' }));
    return screen.findByRole('form', { name: `Edit “${name}”` });
  }

  it('edits the name, the prefix and the other address, and turns the mapping off', async () => {
    const { background } = setup(home(), { id: 2, url: 'https://example.com/photos/album' });
    const form = await openEdit('Photos');
    await waitFor(() => expect(document.activeElement).toBe(field(form, 'Name')));
    fireEvent.input(field(form, 'Name'), { target: { value: 'Pictures' } });
    fireEvent.input(field(form, 'Path prefix of https://example.com (optional)'), { target: { value: '/photos' } });
    fireEvent.input(field(form, 'Internal address'), { target: { value: 'http://192.168.1.31:2342' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Redirect this mapping (on)' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved “Pictures”.');
    expect(background.state.config.networks[0]!.mappings[1]).toEqual({
      name: 'Pictures',
      external: 'https://example.com/photos',
      internal: 'http://192.168.1.31:2342',
      cookieDomain: 'example.com',
      enabled: false,
    });
    // Still this tab's mapping, though it is off.
    await waitFor(() => expect(screen.getByRole('region', { name: 'This tab' }).textContent).toContain('turned off'));
  });

  it('removes the mapping, and Undo brings it back', async () => {
    const { background } = setup(home(), { id: 2, url: 'https://jellyfin.example.com/web/' });
    const form = await openEdit('Jellyfin');
    fireEvent.click(within(form).getByRole('button', { name: 'Remove' }));
    const note = await screen.findByRole('region', { name: 'Saved' });
    expect(note.textContent).toContain('Removed “Jellyfin”.');
    expect(background.state.config.networks[0]!.mappings.map((m) => m.name)).toEqual(['Photos']);
    await screen.findByRole('button', { name: 'Map this site…' });
    fireEvent.click(within(note).getByRole('button', { name: 'Undo' }));
    await within(note).findByText('Undone: the mapping is as it was.');
    expect(background.state.config).toEqual(sampleConfig());
  });

  function shareable(): Config {
    const config = sampleConfig();
    config.networks[0]!.mappings.push({
      name: 'Wiki',
      external: 'https://wiki.example.com',
      internal: 'http://wiki.home.example.com',
    });
    return config;
  }

  it('login: says whether the hosts can share a login and why, and stores the suggested Domain in one click', async () => {
    const { background } = setup(home(shareable()), { id: 2, url: 'https://wiki.example.com/page' });
    const form = await openEdit('Wiki');
    const login = await within(form).findByRole('region', { name: /^Login/ });
    expect(login.textContent).toContain('Can be shared');
    expect(login.textContent).toContain('wiki.home.example.com is plain http: cookies marked Secure');
    expect(login.textContent).toContain('If example.com sends HSTS with includeSubDomains');
    fireEvent.click(within(login).getByRole('button', { name: 'Use Domain=example.com for this mapping’s cookies' }));
    await waitFor(() => expect(background.state.config.networks[0]!.mappings[2]!.cookieDomain).toBe('example.com'));
    await within(form).findByText('Cookie domain stored for this mapping: example.com');
  });

  it('login: Keep login asks for cookie access from the click, then saves', async () => {
    const { background, services } = setup(home(shareable(), { cookieAccess: false }), {
      id: 2,
      url: 'https://wiki.example.com/',
    });
    const form = await openEdit('Wiki');
    const box = await within(form).findByRole('checkbox', { name: 'Keep login across the switch' });
    fireEvent.click(box);
    // Synchronously, in the click: the browser needs the user gesture.
    expect(services.requestCookieAccess).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(background.state.config.networks[0]!.mappings[2]!.keepLogin).toBe(true));

    cleanup();
    const second = setup(home(shareable(), { cookieAccess: false }), { id: 2, url: 'https://wiki.example.com/' });
    second.services.requestCookieAccess.mockResolvedValueOnce(false);
    const again = await openEdit('Wiki');
    fireEvent.click(await within(again).findByRole('checkbox', { name: 'Keep login across the switch' }));
    await within(again).findByText(/Keep login needs cookie access, and it was not granted/);
    expect(second.background.sent('saveConfig')).toEqual([]);
  });

  it('login: a cannot-share pair says why', async () => {
    setup(home(), { id: 2, url: 'https://jellyfin.example.com/' });
    const form = await openEdit('Jellyfin');
    const login = await within(form).findByRole('region', { name: /^Login/ });
    expect(login.textContent).toContain('Cannot be shared');
    expect(login.textContent).toContain('192.168.1.20 is an IP address');
    // Keep login: which hosts receive the copies (cookies ignore ports), and when.
    expect(login.textContent).toContain('copies go to every port of 192.168.1.20 and of jellyfin.example.com');
    expect(login.textContent).toContain('Cookies set on 192.168.1.20 are copied to jellyfin.example.com only while');
    expect(within(login).queryByRole('button', { name: /Use Domain/ })).toBeNull();
  });
});

describe('popup: your services', () => {
  it('turns a service off and on from its switch', async () => {
    const { background } = setup(home(), null);
    const region = await screen.findByRole('region', { name: 'Your services' });
    fireEvent.click(within(region).getByRole('switch', { name: 'Redirect Jellyfin' }));
    await waitFor(() => expect(background.state.config.networks[0]!.mappings[0]!.enabled).toBe(false));
    expect(background.sent('saveConfig')[0]!.base).toEqual(sampleConfig());
    await waitFor(() =>
      expect((within(region).getByRole('switch', { name: 'Redirect Jellyfin' }) as HTMLInputElement).checked).toBe(
        false,
      ),
    );
    fireEvent.click(within(region).getByRole('switch', { name: 'Redirect Jellyfin' }));
    await waitFor(() => expect(background.state.config).toEqual(sampleConfig()));
  });

  it('shows the validator’s refusal', async () => {
    const { background } = setup(home(), null);
    background.handlers.saveConfig = () => ({
      ok: false,
      errors: [{ path: 'networks', message: '1001 enabled mappings; browsers allow at most 1000' }],
      warnings: [],
    });
    const region = await screen.findByRole('region', { name: 'Your services' });
    fireEvent.click(within(region).getByRole('switch', { name: 'Redirect Jellyfin' }));
    expect((await within(region).findByRole('alert')).textContent).toBe(
      'Jellyfin could not be turned off: 1001 enabled mappings; browsers allow at most 1000',
    );
  });

  it('offers a filter box past 8 services', async () => {
    const config = sampleConfig();
    setup(home(config), null);
    const region = await screen.findByRole('region', { name: 'Your services' });
    expect(within(region).queryByRole('searchbox')).toBeNull();
    cleanup();
    for (let i = 1; i <= 7; i++) {
      config.networks[0]!.mappings.push({
        name: `Svc ${i}`,
        external: `https://s${i}.example.com`,
        internal: `http://10.0.1.${i}`,
      });
    }
    setup(home(config), null);
    const many = await screen.findByRole('region', { name: 'Your services' });
    const filter = within(many).getByRole('searchbox', { name: 'Filter services' });
    fireEvent.input(filter, { target: { value: 'jelly' } });
    expect(
      within(many)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Jellyfin']);
    fireEvent.input(filter, { target: { value: '10.0.1.3' } });
    expect(
      within(many)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Svc 3']);
    fireEvent.input(filter, { target: { value: 'nothing' } });
    expect(many.textContent).toContain('No service matches “nothing”.');
  });
});
