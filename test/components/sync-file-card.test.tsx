// The options page's Household sync file card (src/options/sync-file-card.tsx) with a fake
// background: connecting (the secrets sent once, then cleared and never shown), errors where
// they belong, Test connection, Sync now and Stop, joining from the first-run page, and changing
// the household passphrase (typed twice; re-sealed by the background).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { AppContext } from '../../src/ui/services';
import { SyncFileCard } from '../../src/options/sync-file-card';
import type { HairpinState } from '../../src/core/messages';
import type { SyncFileSettingsView } from '../../src/core/sync-file-settings';
import { fakeBackground, fakeServices } from './support/fakes';
import { NOW, sampleConfig, stateFor } from '../support/hairpin-state';

afterEach(cleanup);

const URL_ = 'https://cloud.example.com/remote.php/dav/files/alice/hairpin.json';

function setup(settings: SyncFileSettingsView | null, joining = false) {
  const syncFile: HairpinState['syncFile'] = settings ? { settings, status: null } : null;
  const background = fakeBackground(stateFor(sampleConfig(), [], { syncFile }));
  const onState = vi.fn();
  const view = () => (
    <AppContext.Provider value={{ client: background.client, services: fakeServices() }}>
      <SyncFileCard syncFile={background.state.syncFile} clock={NOW} onState={onState} joining={joining} />
    </AppContext.Provider>
  );
  const rendered = render(view());
  return { background, onState, rerender: () => rendered.rerender(view()) };
}

const type = (label: string | RegExp, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
const status = () => document.querySelector('.sync-file-status')!.textContent;

describe('the sync file card', () => {
  it('connects: sends the settings once, then clears the password field', async () => {
    const { background, onState } = setup(null);
    expect(status()).toBe('Not connected: this browser’s configuration is not shared through a file.');
    background.handlers.setSyncFile = (request) => {
      background.state = {
        ...background.state,
        syncFile: {
          settings: { url: request.url, username: request.username, hasPassword: true, sealed: false },
          status: null,
        },
      };
      return { ok: true, state: background.state };
    };
    type('File URL', URL_);
    type('Username', 'alice');
    type('App password', 's3cret');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(onState).toHaveBeenCalledTimes(1));
    expect(background.sent('setSyncFile')).toEqual([
      { type: 'setSyncFile', url: URL_, username: 'alice', password: 's3cret' },
    ]);
    expect((screen.getByLabelText('App password') as HTMLInputElement).value).toBe('');
  });

  it('shows why the settings were refused, in the status line, and keeps what was typed', async () => {
    const { background } = setup(null);
    background.handlers.setSyncFile = () => ({
      ok: false,
      error: 'The sync file URL must name a file (…/hairpin.json), not a folder.',
    });
    type('File URL', 'https://cloud.example.com/dav/');
    type('App password', 's3cret');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(status()).toBe('The sync file URL must name a file (…/hairpin.json), not a folder.'));
    expect(document.querySelector('.sync-file-status')!.className).toContain('field-error');
    expect((screen.getByLabelText('App password') as HTMLInputElement).value).toBe('s3cret');
  });

  it('Test connection lists each check, passed or failed', async () => {
    const { background } = setup(null);
    background.handlers.testSyncFile = () => [
      { check: 'reachable', ok: true, detail: 'HTTP 207 in 12 ms' },
      { check: 'credentials', ok: false, detail: 'the server refused the password (HTTP 401)' },
    ];
    type('File URL', URL_);
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const list = await screen.findByRole('list', { name: 'Connection test' });
    expect([...list.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      '✓ Server reachable: HTTP 207 in 12 ms',
      '✗ Credentials accepted: the server refused the password (HTTP 401)',
    ]);
    expect(background.sent('testSyncFile')).toEqual([{ type: 'testSyncFile', url: URL_, username: '' }]);
  });

  it('connected: the saved secrets are never shown, left empty they are kept; Sync now and Stop', async () => {
    const { background, onState } = setup({ url: URL_, username: 'alice', hasPassword: true, sealed: true });
    expect((screen.getByLabelText('File URL') as HTMLInputElement).value).toBe(URL_);
    const password = screen.getByLabelText('App password') as HTMLInputElement;
    expect(password.value).toBe('');
    expect(password.placeholder).toBe('saved (leave empty to keep)');
    expect((screen.getByLabelText('Household passphrase (optional)') as HTMLInputElement).placeholder).toBe(
      'saved (leave empty to keep)',
    );
    background.handlers.setSyncFile = () => ({ ok: true, state: background.state });
    background.handlers.syncNow = () => background.state;
    background.handlers.clearSyncFile = () => background.state;
    fireEvent.click(screen.getByRole('button', { name: 'Save and sync' }));
    await waitFor(() => expect(background.sent('setSyncFile')).toHaveLength(1));
    expect(background.sent('setSyncFile')[0]).toEqual({ type: 'setSyncFile', url: URL_, username: 'alice' });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Sync now' }).getAttribute('aria-busy')).toBe('false'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(background.sent('syncNow')).toHaveLength(1));
    await waitFor(() => expect(onState).toHaveBeenCalledTimes(2));
    fireEvent.click(screen.getByRole('button', { name: 'Stop syncing' }));
    await waitFor(() => expect(background.sent('clearSyncFile')).toHaveLength(1));
  });

  it('on the first-run page: joining a household, without the passphrase change', () => {
    setup(null, true);
    expect(
      screen.getByRole('heading', { name: 'Use Hairpin elsewhere already? Connect to your sync file' }),
    ).toBeTruthy();
    expect(screen.queryByText('Change the household passphrase')).toBeNull();
  });
});

describe('the sync file card: changing the household passphrase', () => {
  it('asks for the new passphrase twice, and refuses two that differ without sending anything', () => {
    const { background } = setup({ url: URL_, username: 'alice', hasPassword: true, sealed: true });
    type('New passphrase', 'staple tram violin');
    type('The new passphrase again', 'staple tram viola');
    fireEvent.click(screen.getByRole('button', { name: 'Re-seal the file with it' }));
    expect(screen.getByText('The two passphrases differ.')).toBeTruthy();
    expect(background.sent('changeSyncPassphrase')).toEqual([]);
  });

  it('re-seals the file and says what the other browsers need', async () => {
    const { background, onState } = setup({ url: URL_, username: 'alice', hasPassword: true, sealed: true });
    background.handlers.changeSyncPassphrase = () => ({ ok: true, state: background.state });
    type('New passphrase', 'staple tram violin');
    type('The new passphrase again', 'staple tram violin');
    fireEvent.click(screen.getByRole('button', { name: 'Re-seal the file with it' }));
    await screen.findByText(/The file is sealed with the new passphrase\. Enter it in every other browser/);
    expect(background.sent('changeSyncPassphrase')).toEqual([
      { type: 'changeSyncPassphrase', passphrase: 'staple tram violin' },
    ]);
    expect(onState).toHaveBeenCalledTimes(1);
    expect((screen.getByLabelText('New passphrase') as HTMLInputElement).value).toBe('');
  });

  it('shows why the background did not change it', async () => {
    const { background } = setup({ url: URL_, username: 'alice', hasPassword: true, sealed: true });
    background.handlers.changeSyncPassphrase = () => ({
      ok: false,
      error: 'The passphrase was not changed: not synced: could not reach the server.',
    });
    type('New passphrase', 'staple tram violin');
    type('The new passphrase again', 'staple tram violin');
    fireEvent.click(screen.getByRole('button', { name: 'Re-seal the file with it' }));
    const message = await screen.findByText('The passphrase was not changed: not synced: could not reach the server.');
    expect(message.className).toContain('field-error');
  });

  it('both fields empty on a sealed file: removes the seal; on a plain file it offers to seal it', async () => {
    const { background } = setup({ url: URL_, username: 'alice', hasPassword: true, sealed: true });
    background.handlers.changeSyncPassphrase = () => ({ ok: true, state: background.state });
    fireEvent.click(screen.getByRole('button', { name: 'Remove the passphrase' }));
    await screen.findByText(/The file is no longer sealed/);
    expect(background.sent('changeSyncPassphrase')).toEqual([{ type: 'changeSyncPassphrase', passphrase: '' }]);
    cleanup();

    const plain = setup({ url: URL_, username: 'alice', hasPassword: true, sealed: false });
    expect(screen.getByText('Seal the file with a household passphrase')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Re-seal the file with it' }));
    expect(screen.getByText('Type the passphrase to seal the file with.')).toBeTruthy();
    expect(plain.background.sent('changeSyncPassphrase')).toEqual([]);
  });
});
