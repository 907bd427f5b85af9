// The popup's parts that load on demand (src/popup/lazy-parts.tsx): the sync-file line appears
// once a sync file is set, and says why it fails; without one nothing of it is drawn.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { Popup } from '../../src/popup/popup';
import type { HairpinState } from '../../src/core/messages';
import type { SyncFileStatus } from '../../src/core/sync-file-settings';
import { fakeBackground, fakeServices } from './support/fakes';
import { answered, NOW, sampleConfig, stateFor } from '../support/hairpin-state';

afterEach(cleanup);

const settings = { url: 'https://dav.example.com/hairpin.json', username: 'alice', hasPassword: true, sealed: false };

function status(partial: Partial<SyncFileStatus>): SyncFileStatus {
  return {
    url: settings.url,
    at: NOW - 60_000,
    ok: true,
    error: null,
    lastOkAt: NOW - 60_000,
    mode: 'conditional',
    lastWriter: null,
    changes: [],
    retries: 0,
    notices: [],
    ...partial,
  };
}

function show(syncFile: HairpinState['syncFile']) {
  const state = stateFor(sampleConfig(), [{ verdict: answered(8, 2) }], { syncFile });
  render(<Popup client={fakeBackground(state).client} services={fakeServices(null)} now={() => NOW} />);
}

describe('popup: the sync-file line', () => {
  it('says when the sync file last synced and who wrote it', async () => {
    show({ settings, status: status({ lastWriter: { browser: 'Firefox', at: NOW - 120_000, self: false } }) });
    const line = await screen.findByText(/^Sync file: synced/);
    expect(line.textContent).toBe('Sync file: synced 1 min ago. Last written by Firefox 2 min ago.');
    expect(line.getAttribute('role')).toBe('status');
  });

  it('says why it fails now, as an error', async () => {
    show({ settings, status: status({ ok: false, error: 'the server refused the password (HTTP 401)' }) });
    const line = await screen.findByText(/^Sync file failed/);
    expect(line.textContent).toContain('the server refused the password (HTTP 401)');
    expect(line.className).toContain('field-error');
  });

  it('draws nothing without a sync file', async () => {
    show({ settings: null, status: null });
    await screen.findByRole('listitem', { name: 'Home' });
    expect(screen.queryByText(/Sync file/)).toBeNull();
  });
});
