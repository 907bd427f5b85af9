// The popup with a fake background and fake page services.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { Popup } from '../../src/popup/popup';
import type { HairpinState } from '../../src/core/messages';
import type { Config } from '../../src/core/config-schema';
import type { CookieInfo } from '../../src/core/cookie-hints';
import { loadCookieHints } from '../../src/ui/cookie-hints-loader';
import { deferred, fakeBackground, fakeServices } from './support/fakes';
import { answered, NOW, sampleConfig, stateFor } from '../support/hairpin-state';
import { approveAll, approvedPart, pendingApproval } from '../../src/core/approval';

// The popup loads the public suffix list lazily; load it once here so no test waits on its first import.
beforeAll(() => loadCookieHints());
afterEach(cleanup);

function twoNetworks() {
  const config = sampleConfig();
  config.networks.push({
    name: 'Office',
    probe: { url: 'http://10.0.0.2/health', expect: 'office-token' },
    mappings: [{ name: 'Wiki', external: 'https://wiki.example.org', internal: 'http://10.0.0.5' }],
  });
  return config;
}

function setup(
  state: HairpinState,
  tab: { id: number; url: string } | null = null,
  clockMs = 1000,
  cookies: CookieInfo[] = [],
) {
  const background = fakeBackground(state);
  const services = fakeServices(tab);
  services.cookies = cookies;
  let clock = NOW;
  const view = render(<Popup client={background.client} services={services} clockMs={clockMs} now={() => clock} />);
  return {
    background,
    services,
    view,
    advance(ms: number) {
      clock += ms;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function card(name: string) {
  return screen.getByRole('listitem', { name });
}

describe('popup', () => {
  it('shows each network’s verdict, how it was reached and when', async () => {
    const config = twoNetworks();
    setup(
      stateFor(config, [
        { verdict: answered(12, 12) },
        {
          verdict: { location: 'away', reason: 'http-status', status: 503, latencyMs: 40, checkedAt: NOW - 3 * 60_000 },
        },
      ]),
    );
    const home = await screen.findByRole('listitem', { name: 'Home' });
    expect(within(home).getByText('Home', { selector: '.verdict' })).toBeTruthy();
    expect(home.textContent).toContain('probe answered in 12 ms');
    expect(home.textContent).toContain('checked 12 s ago');
    const office = card('Office');
    expect(within(office).getByText('Away', { selector: '.verdict' })).toBeTruthy();
    expect(office.textContent).toContain('probe failed: HTTP 503');
    expect(office.textContent).toContain('checked 3 min ago');
  });

  it('says "not checked yet", "forced by you", timeouts and wrong answers', async () => {
    const config = twoNetworks();
    config.networks.push({ name: 'Cabin', probe: { url: 'http://192.168.5.1/' }, mappings: [] });
    config.networks.push({ name: 'Lab', probe: { url: 'http://192.168.6.1/' }, mappings: [] });
    setup(
      stateFor(config, [
        { verdict: null },
        { mode: 'away', verdict: answered(5, 1) },
        { verdict: { location: 'away', reason: 'timeout', latencyMs: 1500, checkedAt: NOW } },
        { verdict: { location: 'away', reason: 'wrong-answer', status: 200, latencyMs: 9, checkedAt: NOW } },
      ]),
    );
    const home = await screen.findByRole('listitem', { name: 'Home' });
    expect(within(home).getByText('Not checked yet')).toBeTruthy();
    expect(card('Office').textContent).toContain('forced by you until the browser closes (the probe says Home)');
    expect(within(card('Office')).getByText('Away', { selector: '.verdict' })).toBeTruthy();
    expect(card('Cabin').textContent).toContain('probe failed: timeout after 1500 ms');
    expect(card('Lab').textContent).toContain('probe failed: wrong answer');
  });

  it('marks the active mode with aria-pressed and sends setMode on a click', async () => {
    const { background } = setup(stateFor(sampleConfig(), [{ verdict: answered(8, 2) }]));
    const group = await screen.findByRole('group', { name: 'Mode for Home' });
    const button = (name: string) => within(group).getByRole('button', { name });
    expect(button('Auto').getAttribute('aria-pressed')).toBe('true');
    expect(button('Home').getAttribute('aria-pressed')).toBe('false');
    expect(button('Away').getAttribute('aria-pressed')).toBe('false');

    fireEvent.click(button('Away'));
    // At once, before the background answers.
    expect(button('Away').getAttribute('aria-pressed')).toBe('true');
    expect(button('Auto').getAttribute('aria-pressed')).toBe('false');
    await waitFor(() =>
      expect(background.sent('setMode')).toEqual([{ type: 'setMode', network: 'Home', mode: 'away', pinned: false }]),
    );
    await waitFor(() =>
      expect(card('Home').textContent).toContain('forced by you until the browser closes (the probe says Home)'),
    );
    expect(within(card('Home')).getByText('Away', { selector: '.verdict' })).toBeTruthy();

    // Clicking the active mode again sends nothing.
    fireEvent.click(button('Away'));
    expect(background.sent('setMode')).toHaveLength(1);
  });

  it('a forced mode ends with the browser session unless pinned with "Keep … after the browser restarts"', async () => {
    const { background } = setup(stateFor(sampleConfig(), [{ verdict: answered(8, 2) }]));
    const group = await screen.findByRole('group', { name: 'Mode for Home' });
    expect(within(card('Home')).queryByRole('checkbox')).toBeNull(); // Auto has nothing to keep
    fireEvent.click(within(group).getByRole('button', { name: 'Home' }));
    const pin = await within(card('Home')).findByRole('checkbox', { name: 'Keep Home after the browser restarts' });
    expect((pin as HTMLInputElement).checked).toBe(false);
    fireEvent.click(pin);
    await waitFor(() =>
      expect(background.sent('setMode').at(-1)).toEqual({
        type: 'setMode',
        network: 'Home',
        mode: 'home',
        pinned: true,
      }),
    );
    await waitFor(() => expect(card('Home').textContent).toContain('forced by you, also after a restart'));
  });

  it('says when the redirect rules could not be updated and Hairpin redirects nothing', async () => {
    const problem = 'Hairpin could not update its redirect rules (regex too complex), so it redirects nothing for now.';
    setup(stateFor(sampleConfig(), [{ verdict: answered(8, 2) }], { rulesProblem: problem }));
    expect((await screen.findByRole('alert')).textContent).toBe(problem);
  });

  it('Check now re-probes, shows it is busy, then the fresh result', async () => {
    const { background } = setup(stateFor(sampleConfig(), [{ verdict: answered(8, 40) }]));
    expect((await screen.findByRole('listitem', { name: 'Home' })).textContent).toContain('checked 40 s ago');
    const hold = deferred<HairpinState>();
    background.handlers.checkNow = () => hold.promise;

    fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    const busy = await screen.findByRole('button', { name: 'Checking…' });
    expect(busy.getAttribute('aria-busy')).toBe('true');
    fireEvent.click(busy); // ignored while busy
    expect(background.sent('checkNow')).toHaveLength(1);

    await act(async () => hold.resolve(stateFor(sampleConfig(), [{ verdict: answered(3, 0) }])));
    await screen.findByRole('button', { name: 'Check now' });
    expect(card('Home').textContent).toContain('probe answered in 3 ms');
    expect(card('Home').textContent).toContain('checked just now');
  });

  it('keeps relative times and the state fresh while open', async () => {
    const { background, services, advance } = setup(stateFor(sampleConfig(), [{ verdict: answered(8, 10) }]), null, 20);
    expect((await screen.findByRole('listitem', { name: 'Home' })).textContent).toContain('checked 10 s ago');
    advance(5000);
    await waitFor(() => expect(card('Home').textContent).toContain('checked 15 s ago'));
    // A change made elsewhere (the keyboard shortcut) shows up as soon as it is stored.
    background.state = stateFor(sampleConfig(), [{ mode: 'home', verdict: answered(8, 10) }]);
    services.emitStorageChanged();
    await waitFor(() =>
      expect(within(card('Home')).getByRole('button', { name: 'Home' }).getAttribute('aria-pressed')).toBe('true'),
    );
  });

  it('reads the state once, then only when it changes: the clock alone moves relative times on', async () => {
    const { background, services, advance } = setup(stateFor(sampleConfig(), [{ verdict: answered(8, 10) }]), null, 20);
    expect((await screen.findByRole('listitem', { name: 'Home' })).textContent).toContain('checked 10 s ago');
    advance(5000);
    await waitFor(() => expect(card('Home').textContent).toContain('checked 15 s ago'));
    await sleep(200); // ten ticks of the clock
    expect(background.sent('getState')).toHaveLength(1);

    // A probe stores its verdicts, then the switch they caused: one read for the burst.
    background.state = stateFor(sampleConfig(), [
      { verdict: { location: 'away', reason: 'http-status', status: 503, latencyMs: 4, checkedAt: NOW } },
    ]);
    services.emitStorageChanged();
    services.emitStorageChanged();
    await waitFor(() => expect(card('Home').textContent).toContain('probe failed: HTTP 503'));
    await sleep(200);
    expect(background.sent('getState')).toHaveLength(2);
  });

  it('a read answered while a mode change is on its way does not undo the change; the state is read again after', async () => {
    const { background, services } = setup(stateFor(sampleConfig(), [{ verdict: answered(8, 2) }]));
    const group = await screen.findByRole('group', { name: 'Mode for Home' });
    const away = () => within(group).getByRole('button', { name: 'Away' }).getAttribute('aria-pressed');
    const hold = deferred<HairpinState>();
    background.handlers.setMode = () => hold.promise;

    fireEvent.click(within(group).getByRole('button', { name: 'Away' }));
    expect(away()).toBe('true');
    // Something else is stored meanwhile; the background still says Auto.
    services.emitStorageChanged();
    await waitFor(() => expect(background.sent('getState')).toHaveLength(2));
    await sleep(50);
    expect(away()).toBe('true');

    background.state = stateFor(sampleConfig(), [{ mode: 'away', verdict: answered(8, 2) }]);
    await act(async () => hold.resolve(background.state));
    await waitFor(() => expect(background.sent('getState')).toHaveLength(3));
    expect(away()).toBe('true');
    expect(card('Home').textContent).toContain('forced by you until the browser closes (the probe says Home)');
  });

  it('shows the last automatic switch and why', async () => {
    const state = stateFor(
      sampleConfig(),
      [{ verdict: { location: 'away', reason: 'timeout', latencyMs: 1500, checkedAt: NOW - 12_000 } }],
      {
        lastSwitch: { network: 'Home', to: 'away', at: NOW - 12_000, because: 'probe failed: timeout after 1500 ms' },
      },
    );
    setup(state);
    const home = await screen.findByRole('listitem', { name: 'Home' });
    expect(home.textContent).toContain('Switched to Away 12 s ago: probe failed: timeout after 1500 ms');
  });

  it('lists the services, each linked to the address that works from here (no redirect needed)', async () => {
    setup(
      stateFor(twoNetworks(), [
        { verdict: answered(12, 12) },
        { verdict: { location: 'away', reason: 'timeout', latencyMs: 1500, checkedAt: NOW } },
      ]),
    );
    const services = await screen.findByRole('region', { name: 'Your services' });
    const links = within(services).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Jellyfin', 'http://192.168.1.20:8096/'],
      ['Photos', 'http://192.168.1.30:2342/'],
      ['Wiki', 'https://wiki.example.org/'],
    ]);
    // A new tab, and no referrer handed to the user's own service.
    expect(
      links.every((link) => link.getAttribute('target') === '_blank' && link.getAttribute('rel') === 'noreferrer'),
    ).toBe(true);
    const items = within(services).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('home address · Home');
    expect(items[2]!.textContent).toContain('external address · Office');
  });

  it('moves the service links to the other side when the user forces a mode', async () => {
    setup(stateFor(sampleConfig(), [{ verdict: answered(12, 12) }]));
    const services = await screen.findByRole('region', { name: 'Your services' });
    expect(within(services).getByRole('link', { name: 'Jellyfin' }).getAttribute('href')).toBe(
      'http://192.168.1.20:8096/',
    );
    // One network: its name is not repeated on every line.
    expect(within(services).getAllByRole('listitem')[0]!.textContent).toMatch(/home address$/);
    fireEvent.click(within(card('Home')).getByRole('button', { name: 'Away' }));
    await waitFor(() =>
      expect(within(services).getByRole('link', { name: 'Jellyfin' }).getAttribute('href')).toBe(
        'https://jellyfin.example.com/',
      ),
    );
    expect(within(services).getByRole('link', { name: 'Photos' }).getAttribute('href')).toBe(
      'https://example.com/photos',
    );
  });

  it('lists disabled mappings too, switched off, and none when there is no mapping', async () => {
    const config = sampleConfig();
    for (const mapping of config.networks[0]!.mappings) mapping.enabled = false;
    setup(stateFor(config, [{ verdict: answered(12, 12) }]));
    const region = await screen.findByRole('region', { name: 'Your services' });
    const jellyfin = within(region).getByRole('switch', { name: 'Redirect Jellyfin' }) as HTMLInputElement;
    expect(jellyfin.checked).toBe(false);
    expect(region.textContent).toContain('off');
    cleanup();
    config.networks[0]!.mappings = [];
    setup(stateFor(config, [{ verdict: answered(12, 12) }]));
    await screen.findByRole('listitem', { name: 'Home' });
    expect(screen.queryByRole('region', { name: 'Your services' })).toBeNull();
  });

  it('for a mapped tab: names the mapping and side, copies the external link, opens the other side', async () => {
    const tab = { id: 42, url: 'http://192.168.1.20:8096/web/index.html?item=7#play' };
    const { services } = setup(stateFor(sampleConfig(), [{ mode: 'away', verdict: answered(8, 2) }]), tab);
    const region = await screen.findByRole('region', { name: 'This tab' });
    expect(region.textContent).toContain('Jellyfin');
    expect(region.textContent).toContain('on the internal side');

    fireEvent.click(within(region).getByRole('button', { name: 'Copy external link' }));
    expect(services.writeClipboard).toHaveBeenCalledWith('https://jellyfin.example.com/web/index.html?item=7#play');
    await within(region).findByText('Copied https://jellyfin.example.com/web/index.html?item=7#play');

    fireEvent.click(within(region).getByRole('button', { name: 'Open external address' }));
    expect(services.openInTab).toHaveBeenCalledWith(42, 'https://jellyfin.example.com/web/index.html?item=7#play');
  });

  it('maps a prefixed external tab back to the internal side', async () => {
    const tab = { id: 7, url: 'https://example.com/photos/album/3' };
    const { services } = setup(stateFor(sampleConfig(), [{ verdict: answered(8, 2) }]), tab);
    const region = await screen.findByRole('region', { name: 'This tab' });
    expect(region.textContent).toContain('Photos');
    expect(region.textContent).toContain('on the external side');
    fireEvent.click(within(region).getByRole('button', { name: 'Copy external link' }));
    expect(services.writeClipboard).toHaveBeenCalledWith('https://example.com/photos/album/3');
    fireEvent.click(within(region).getByRole('button', { name: 'Open internal address' }));
    expect(services.openInTab).toHaveBeenCalledWith(7, 'http://192.168.1.30:2342/album/3');
  });

  it('says when the tab is not a mapped service', async () => {
    setup(stateFor(sampleConfig(), [{ verdict: answered(8, 2) }]), { id: 1, url: 'https://news.example.net/' });
    expect(await screen.findByText('This site is not one of your mapped services.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy external link' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Map this site…' })).toBeTruthy();
    cleanup();
    // A page that cannot be a mapping side offers nothing to map.
    setup(stateFor(sampleConfig(), [{ verdict: answered(8, 2) }]), { id: 1, url: 'chrome://extensions/' });
    expect(await screen.findByText('This tab is not one of your mapped services.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Map this site…' })).toBeNull();
  });

  it('reports a failed copy instead of failing silently', async () => {
    const { services } = setup(stateFor(sampleConfig()), { id: 1, url: 'https://jellyfin.example.com/' });
    services.writeClipboard.mockRejectedValueOnce(new Error('Document is not focused.'));
    fireEvent.click(await screen.findByRole('button', { name: 'Copy external link' }));
    expect(await screen.findByText('Could not copy: Document is not focused.')).toBeTruthy();
  });

  it('warns when host access is withheld and requests it from the click', async () => {
    const { services, background } = setup(stateFor(sampleConfig(), [], { hostAccess: false }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Hairpin has no access to websites');
    const before = background.sent('getState').length;
    fireEvent.click(within(alert).getByRole('button', { name: 'Allow access to websites' }));
    // Synchronously inside the click handler: permissions.request needs the user gesture.
    expect(services.requestHostAccess).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(background.sent('getState').length).toBeGreaterThan(before));
  });

  it('where the browser cannot ask (Firefox for Android), says where to grant access instead of a button', async () => {
    const background = fakeBackground(stateFor(sampleConfig(), [], { hostAccess: false }));
    const services = { ...fakeServices(), canRequestPermissions: false };
    render(<Popup client={background.client} services={services} clockMs={1000} now={() => NOW} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Hairpin has no access to websites');
    expect(alert.textContent).toContain(
      'To allow access to websites, open Menu → Add-ons (or Extensions) → Hairpin → Permissions',
    );
    expect(within(alert).queryByRole('button')).toBeNull();
    expect(services.requestHostAccess).not.toHaveBeenCalled();
  });

  it('first run: says Hairpin is not set up and opens the options page', async () => {
    const { services } = setup(stateFor({ format: 'hairpin-config', version: 1, networks: [] }));
    expect(await screen.findByRole('heading', { name: 'Hairpin is not set up yet' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }));
    expect(services.openOptionsPage).toHaveBeenCalledTimes(1);
  });

  it('shows a background failure as an alert', async () => {
    const background = fakeBackground(stateFor(sampleConfig()));
    background.handlers.getState = () => {
      throw new Error('Hairpin’s background did not answer');
    };
    render(<Popup client={background.client} services={fakeServices()} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Hairpin’s background did not answer');
  });
});

describe('popup: login hint for the current tab', () => {
  const hostOnly = (name: string, domain: string, secure = false): CookieInfo => ({
    name,
    domain,
    hostOnly: true,
    secure,
  });

  function sharedConfig(keepLogin = false): Config {
    const config = sampleConfig();
    config.networks[0]!.mappings.push({
      name: 'Wiki',
      external: 'https://wiki.example.com',
      internal: 'http://wiki.home.example.com',
      ...(keepLogin ? { keepLogin } : {}),
    });
    return config;
  }

  async function login() {
    const region = await screen.findByRole('region', { name: 'This tab' });
    // Found again each time: the report is drawn by a lazily loaded module, in place of its placeholder.
    await waitFor(() => expect(within(region).getByLabelText('Login').getAttribute('aria-busy')).toBe('false'));
    return within(region).getByLabelText('Login');
  }

  it('names the cookies that would stay behind on a switch', async () => {
    const tab = { id: 3, url: 'http://192.168.1.20:8096/web/index.html' };
    const { services } = setup(stateFor(sampleConfig(), [{ verdict: answered(8, 2) }]), tab, 1000, [
      hostOnly('session', '192.168.1.20'),
      hostOnly('csrftoken', '192.168.1.20'),
    ]);
    const report = await login();
    expect(report.textContent).toContain('These addresses cannot share cookies: after a switch you log in again.');
    expect(report.textContent).toContain('2 cookies would stay behind: session, csrftoken');
    expect(services.cookiesFor).toHaveBeenCalledWith(tab.url);
  });

  it('tells shared cookies from host-only ones, and Secure ones that http never receives', async () => {
    const tab = { id: 4, url: 'https://wiki.example.com/page' };
    setup(stateFor(sharedConfig(), [{ verdict: answered(8, 2) }]), tab, 1000, [
      { name: 'theme', domain: 'example.com', hostOnly: false, secure: false },
      { name: 'sid', domain: '.example.com', hostOnly: false, secure: true },
      hostOnly('pref', 'wiki.example.com'),
    ]);
    const report = await login();
    expect(report.textContent).toContain(
      'The login carries over if the service sets its cookies with Domain=example.com.',
    );
    expect(report.textContent).toContain('1 cookie would stay behind: pref');
    expect(report.textContent).toContain('1 Secure cookie not sent over http: sid');
    expect(report.textContent).toContain('1 cookie already shared: theme');
  });

  it('with Keep login: which cookies are copied, and which Secure ones stay behind without consent', async () => {
    const tab = { id: 5, url: 'https://wiki.example.com/' };
    const cookies = [hostOnly('pref', 'wiki.example.com'), hostOnly('session', 'wiki.example.com', true)];
    setup(stateFor(sharedConfig(true), [{ verdict: answered(8, 2) }]), tab, 1000, cookies);
    let report = await login();
    expect(report.textContent).toContain('1 cookie copied by Keep login: pref');
    expect(report.textContent).toContain('1 cookie would stay behind: session');
    cleanup();

    setup(
      stateFor(sharedConfig(true), [{ verdict: answered(8, 2) }], {
        secureConsent: ['https://wiki.example.com → http://wiki.home.example.com'],
      }),
      tab,
      1000,
      cookies,
    );
    report = await login();
    expect(report.textContent).toContain('2 cookies copied by Keep login: pref, session');
    expect(report.textContent).not.toContain('stay behind');
  });

  it('says when the address has no cookies, and shortens long lists', async () => {
    const tab = { id: 6, url: 'https://jellyfin.example.com/' };
    setup(stateFor(sampleConfig()), tab);
    expect((await login()).textContent).toContain('No cookies on this address yet.');
    cleanup();

    const names = ['a', 'b', 'c', 'd', 'e'];
    setup(
      stateFor(sampleConfig()),
      tab,
      1000,
      names.map((name) => hostOnly(name, 'jellyfin.example.com')),
    );
    const line = within(await login()).getByText(/would stay behind/);
    expect(line.textContent).toBe('5 cookies would stay behind: a, b, c and 2 more');
    expect(line.getAttribute('title')).toBe('a, b, c, d, e');
  });

  it('does not hold up the first paint, and reports a cookies API failure', async () => {
    const tab = { id: 7, url: 'https://jellyfin.example.com/' };
    const { services } = setup(stateFor(sampleConfig(), [{ verdict: answered(8, 2) }]), tab);
    const hold = deferred<CookieInfo[]>();
    services.cookiesFor.mockImplementation(() => hold.promise);
    const region = await screen.findByRole('region', { name: 'This tab' });
    // Everything else is there while the cookies are still being read.
    expect(screen.getByRole('listitem', { name: 'Home' })).toBeTruthy();
    expect(within(region).getByRole('button', { name: 'Copy external link' })).toBeTruthy();
    expect(within(region).getByLabelText('Login').textContent).toContain('Checking this address’s cookies…');
    await act(async () => hold.resolve([hostOnly('sid', 'jellyfin.example.com')]));
    expect((await login()).textContent).toContain('1 cookie would stay behind: sid');
    cleanup();

    const failing = setup(stateFor(sampleConfig()), tab);
    failing.services.cookiesFor.mockRejectedValue(new Error('No host permission for cookies'));
    expect((await login()).textContent).toContain(
      'Could not read this address’s cookies: No host permission for cookies',
    );
  });

  it('without cookie access, reads no cookies until asked, then reports them', async () => {
    const tab = { id: 8, url: 'https://jellyfin.example.com/' };
    const { services, background } = setup(
      stateFor(sampleConfig(), [{ verdict: answered(8, 2) }], { cookieAccess: false }),
      tab,
      1000,
      [hostOnly('sid', 'jellyfin.example.com')],
    );
    let report = await login();
    // The hint needs no cookies; the list does.
    expect(report.textContent).toContain('These addresses cannot share cookies');
    expect(services.cookiesFor).not.toHaveBeenCalled();
    services.requestCookieAccess.mockResolvedValueOnce(false);
    fireEvent.click(within(report).getByRole('button', { name: 'Check this address’s cookies' }));
    await waitFor(() => expect(report.textContent).toContain('Cookie access was not granted.'));
    expect(services.cookiesFor).not.toHaveBeenCalled();

    // Granted: the popup reads the state again, which now says so, and only then reads cookies.
    services.requestCookieAccess.mockImplementationOnce(async () => {
      background.state = { ...background.state, cookieAccess: true };
      return true;
    });
    fireEvent.click(within(report).getByRole('button', { name: 'Check this address’s cookies' }));
    report = await login();
    await waitFor(() => expect(report.textContent).toContain('1 cookie would stay behind: sid'));
    expect(services.requestCookieAccess).toHaveBeenCalledTimes(2);
  });

  it('says when Keep login is paused in this browser, and asks for cookie access', async () => {
    const background = fakeBackground(stateFor(sharedConfig(true), [], { cookieAccess: false }));
    const services = fakeServices();
    services.requestCookieAccess.mockImplementationOnce(async () => {
      background.state = { ...background.state, cookieAccess: true };
      return true;
    });
    render(<Popup client={background.client} services={services} />);
    const notice = await screen.findByText('Keep login is paused in this browser.');
    expect(notice.parentElement!.textContent).toContain('A mapping is set to keep its login across the switch');
    fireEvent.click(screen.getByRole('button', { name: 'Allow cookie access' }));
    await waitFor(() => expect(screen.queryByText('Keep login is paused in this browser.')).toBeNull());
    expect(services.requestCookieAccess).toHaveBeenCalledTimes(1);
  });

  it('while Keep login is paused, does not claim that it copies anything', async () => {
    const config = sampleConfig();
    config.networks[0]!.mappings[0]!.keepLogin = true;
    const tab = { id: 9, url: 'https://jellyfin.example.com/' };
    setup(stateFor(config, [{ verdict: answered(8, 2) }], { cookieAccess: false }), tab);
    let report = await login();
    expect(report.textContent).toContain('These addresses cannot share cookies: after a switch you log in again.');
    cleanup();

    setup(stateFor(config, [{ verdict: answered(8, 2) }], { cookieAccess: true }), tab);
    report = await login();
    expect(report.textContent).toContain('These addresses cannot share cookies; Keep login copies them across.');
  });

  it('shows nothing about logins for a tab that is not mapped', async () => {
    const { services } = setup(stateFor(sampleConfig()), { id: 1, url: 'https://news.example.net/' });
    await screen.findByText('This site is not one of your mapped services.');
    expect(screen.queryByLabelText('Login')).toBeNull();
    expect(services.cookiesFor).not.toHaveBeenCalled();
  });
});

describe('popup: what arrived from elsewhere', () => {
  /** The sample config approved here, then sync adds Sonarr and turns on Jellyfin's keepLogin. */
  function fromElsewhere(cookieAccess: boolean): HairpinState {
    const base = sampleConfig();
    const record = approveAll(base);
    const synced = sampleConfig();
    synced.networks[0]!.mappings[0]!.keepLogin = true;
    synced.networks[0]!.mappings.push({
      name: 'Sonarr',
      external: 'https://sonarr.example.com',
      internal: 'https://evil.example',
    });
    return stateFor(synced, [{ verdict: answered(8, 2) }], {
      cookieAccess,
      applied: approvedPart(synced, record),
      pending: pendingApproval(synced, record),
    });
  }

  it('names each new service and its hosts, and one Allow applies them', async () => {
    const background = fakeBackground(fromElsewhere(true));
    render(<Popup client={background.client} services={fakeServices()} />);
    const notice = (await screen.findByText(/A new service from your household waits for your OK/)).closest('.notice')!;
    expect(notice.textContent).toContain(
      '“Sonarr”: https://sonarr.example.com ↔ https://evil.example (network “Home”)',
    );
    expect(notice.textContent).toContain('browser sync, the household sync file or the config URL');
    fireEvent.click(within(notice as HTMLElement).getByRole('button', { name: 'Allow' }));
    await waitFor(() => expect(screen.queryByText(/from your household waits/)).toBeNull());
    const [sent] = background.sent('reviewPending');
    expect(sent).toMatchObject({ verdict: 'approve', ids: [expect.stringContaining('evil.example')] });
  });

  it('"Keep login is paused" covers a keepLogin from elsewhere even with cookie access held, until allowed', async () => {
    const background = fakeBackground(fromElsewhere(true));
    const services = fakeServices();
    render(<Popup client={background.client} services={services} />);
    const paused = (await screen.findByText('Keep login is paused in this browser.')).closest('.notice')!;
    expect(paused.textContent).toContain(
      'Keep login for “Jellyfin”: copy its cookies between https://jellyfin.example.com and http://192.168.1.20:8096',
    );
    fireEvent.click(within(paused as HTMLElement).getByRole('button', { name: 'Allow keep login' }));
    await waitFor(() => expect(screen.queryByText('Keep login is paused in this browser.')).toBeNull());
    expect(services.requestCookieAccess).not.toHaveBeenCalled();
    expect(background.sent('reviewPending')).toEqual([
      expect.objectContaining({ verdict: 'approve', ids: [expect.stringMatching(/^keepLogin:/)] }),
    ]);
  });

  it('without cookie access, allowing a keepLogin asks for it first; refused, nothing is approved', async () => {
    const background = fakeBackground(fromElsewhere(false));
    const services = fakeServices();
    services.requestCookieAccess.mockImplementationOnce(async () => false);
    render(<Popup client={background.client} services={services} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Allow keep login' }));
    await screen.findByText('Access was not granted.');
    expect(services.requestCookieAccess).toHaveBeenCalledTimes(1);
    expect(background.sent('reviewPending')).toEqual([]);
  });
});
