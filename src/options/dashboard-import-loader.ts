// The dashboard import (its preview, the Dashy and Homepage readers and js-yaml) is loaded on
// demand, in its own chunk, the first time a dashboard file is opened: the options page's entry
// does not carry it.
export type DashboardImportModule = typeof import('./dashboard-import');

let loading: Promise<DashboardImportModule> | null = null;

export function loadDashboardImport(): Promise<DashboardImportModule> {
  loading ??= import('./dashboard-import').catch((error: unknown) => {
    loading = null; // a later file may try again
    throw error;
  });
  return loading;
}
