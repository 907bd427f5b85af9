// The options page's list of conflict backups (src/options/conflict-backups.tsx): each one with
// when, from which channel and what it holds; Restore (the replaced config kept as a backup),
// Download and Discard each, with the background's refusals shown.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { AppContext } from '../../src/ui/services';
import { ConflictBackups } from '../../src/options/conflict-backups';
import type { ConflictBackupView } from '../../src/core/conflict-backups';
import { formatDateTime } from '../../src/ui/relative-time';
import { fakeBackground, fakeServices } from './support/fakes';
import { NOW, sampleConfig, stateFor } from '../support/hairpin-state';

afterEach(cleanup);

const backups: ConflictBackupView[] = [
  { id: 'c2', at: NOW - 60_000, source: 'sync-file', mappings: 2, networks: ['Home'] },
  { id: 'c1', at: NOW - 3_600_000, source: 'browser-sync', mappings: 1, networks: ['Home', 'Office'] },
  { id: 'c0', at: null, source: 'unknown', mappings: 1, networks: [] },
];

function setup(list = backups) {
  const background = fakeBackground(stateFor(sampleConfig(), [], { conflictBackups: list }));
  const services = fakeServices();
  const onState = vi.fn();
  render(
    <AppContext.Provider value={{ client: background.client, services }}>
      <ConflictBackups backups={list} onState={onState} />
    </AppContext.Provider>,
  );
  return { background, services, onState };
}

const item = (name: string) => screen.getByRole('listitem', { name });

describe('conflict backups on the options page', () => {
  it('lists each one, newest first: when, from where, what it holds', () => {
    setup();
    expect(screen.getByText(/^3 configurations were set aside by sync conflicts/)).toBeTruthy();
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('p')!.textContent)).toEqual([
      `${formatDateTime(NOW - 60_000)}: the household sync file brought a conflicting edit, and the other version was kept. 2 mappings in Home.`,
      `${formatDateTime(NOW - 3_600_000)}: browser sync brought a conflicting edit, and the other version was kept. 1 mapping in Home, Office.`,
      'Undated: a sync conflict (kept by an earlier version of Hairpin). 1 mapping.',
    ]);
    expect(items[0]!.querySelector('time')!.getAttribute('datetime')).toBe(new Date(NOW - 60_000).toISOString());
  });

  it('draws nothing without backups', () => {
    setup([]);
    expect(screen.queryByText(/set aside/)).toBeNull();
  });

  it('Restore asks the background for that one and says how to go back', async () => {
    const { background, onState } = setup();
    background.handlers.restoreConflictBackup = () => ({ ok: true, state: background.state });
    fireEvent.click(
      within(item(`Backup of ${formatDateTime(NOW - 3_600_000)}`)).getByRole('button', { name: 'Restore' }),
    );
    await screen.findByText(/^Restored\. The configuration it replaced is kept as the newest backup/);
    expect(background.sent('restoreConflictBackup')).toEqual([{ type: 'restoreConflictBackup', id: 'c1' }]);
    expect(onState).toHaveBeenCalledTimes(1);
  });

  it('a restore the background refuses is said, and nothing else happens', async () => {
    const { background, onState } = setup();
    background.handlers.restoreConflictBackup = () => ({
      ok: false,
      error: 'The backup was not restored: Network “Home” › Mapping “Y” › Internal URL: already claimed',
    });
    fireEvent.click(within(item(`Backup of ${formatDateTime(NOW - 60_000)}`)).getByRole('button', { name: 'Restore' }));
    const message = await screen.findByText(/^The backup was not restored/);
    expect(message.className).toContain('field-error');
    expect(onState).not.toHaveBeenCalled();
  });

  it('Download saves that backup’s config; Discard deletes only that one', async () => {
    const { background, services, onState } = setup();
    background.handlers.exportConflictBackup = () => '{"format":"hairpin-config"}\n';
    background.handlers.dismissConflictBackup = () => background.state;
    fireEvent.click(within(item('Undated backup')).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(services.downloads).toHaveLength(1));
    expect(services.downloads[0]).toMatchObject({
      name: 'hairpin-conflict-backup-c0.json',
      text: '{"format":"hairpin-config"}\n',
      type: 'application/json',
    });
    fireEvent.click(within(item('Undated backup')).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(onState).toHaveBeenCalledTimes(1));
    expect(background.sent('dismissConflictBackup')).toEqual([{ type: 'dismissConflictBackup', id: 'c0' }]);
  });

  it('a backup gone by the time it is downloaded is said so', async () => {
    const { background, services } = setup();
    background.handlers.exportConflictBackup = () => null;
    fireEvent.click(within(item('Undated backup')).getByRole('button', { name: 'Download' }));
    expect(await screen.findByText('That backup is no longer kept.')).toBeTruthy();
    expect(services.downloads).toEqual([]);
  });
});
