// The options page's actions on the whole configuration: import a file (and undo it), finish
// the setup wizard, export, fetch the config URL now, and download or dismiss a configuration
// set aside. Each says how it went in a notice (or, for the wizard and Fetch now, by throwing).
import type { Config } from '../core/config-schema';
import { formatIssue, MAX_CONFIG_BYTES, parseConfigText, type ConfigIssue } from '../core/config-validate';
import { describeImportFailure, type ImportFailure } from '../core/import-report';
import type { SetAside } from '../core/messages';
import { errorMessage } from '../core/error-message';
import { plural } from '../core/plural';
import type { HairpinStateView } from '../ui/hairpin-state';
import { useApp } from '../ui/services';
import type { AutoSave, ReplaceResult } from './auto-save';
import type { Notice } from './notices';
import { loadDashboardImport, type DashboardImportModule } from './dashboard-import-loader';
import type { DashboardPreview } from '../core/import-preview';

export const EXPORT_FILE_NAME = 'hairpin-config.json';
export const SET_ASIDE_FILE_NAME = 'hairpin-set-aside.json';

function countsOf(config: Config): string {
  const mappings = config.networks.reduce((sum, network) => sum + network.mappings.length, 0);
  return `${plural(config.networks.length, 'network')}, ${plural(mappings, 'mapping')}`;
}

function issuesText(errors: readonly ConfigIssue[]): string {
  return errors.map(formatIssue).join('; ');
}

/** A dashboard file read and waiting in its preview. */
export type OpenDashboard = Extract<DashboardPreview, { ok: true }> & {
  fileName: string;
  module: DashboardImportModule;
};

/** Hairpin's own export is JSON; anything else is read as a dashboard's YAML. */
function isHairpinFile(name: string, text: string): boolean {
  return /\.json$/i.test(name) || text.trimStart().startsWith('{');
}

export interface ConfigActionsOptions {
  autoSave: AutoSave;
  hairpin: HairpinStateView;
  say: (notice: Notice) => void;
  closeWizard: () => void;
  /** Opens (or, with null, closes) the preview of a dashboard file. */
  showDashboard: (dashboard: OpenDashboard | null) => void;
}

/** The configuration imported services merge into: the draft when valid, else null. */
export function mergeBase(autoSave: AutoSave): Config | null {
  return autoSave.validation?.ok ? autoSave.validation.config : null;
}

export function useConfigActions({ autoSave, hairpin, say, closeWizard, showDashboard }: ConfigActionsOptions) {
  const { client, services } = useApp();

  /** A file chosen or dropped: Hairpin's export replaces the configuration, a dashboard opens its preview. */
  const importFile = async (file: File) => {
    const refused = (failure: ImportFailure) => say({ kind: 'import-error', fileName: file.name, failure });
    const failed = (error: unknown) => refused({ summary: errorMessage(error), details: [], more: 0 });
    const says = (summary: string) => refused({ summary, details: [], more: 0 });
    // Before reading it: a dropped disk image must not be read into memory to be refused.
    if (file.size > MAX_CONFIG_BYTES) {
      says(`the file is larger than ${MAX_CONFIG_BYTES / 1024} KiB`);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      failed(error);
      return;
    }
    if (!isHairpinFile(file.name, text)) {
      await openDashboard(file.name, text, says);
      return;
    }
    const parsed = parseConfigText(text);
    if (!parsed.ok) {
      refused(describeImportFailure(parsed.errors));
      return;
    }
    let result: ReplaceResult;
    try {
      result = await autoSave.replaceConfig(parsed.config);
    } catch (error) {
      failed(error);
      return;
    }
    if (!result.ok) {
      refused(describeImportFailure(result.errors));
      return;
    }
    closeWizard();
    say({
      kind: 'imported',
      fileName: file.name,
      summary: countsOf(parsed.config),
      warnings: parsed.warnings.map(formatIssue),
      previous: result.previous ?? parsed.config,
    });
  };

  const openDashboard = async (fileName: string, text: string, says: (summary: string) => void) => {
    // A file chosen or dropped the moment the page opens may come before its configuration.
    if (!autoSave.draft) {
      says('this page has not read your configuration yet: choose the file again in a moment');
      return;
    }
    if (autoSave.draft.networks.length === 0) {
      says('Hairpin has no network yet: set one up first, then import your dashboard’s services into it');
      return;
    }
    let module: DashboardImportModule;
    try {
      module = await loadDashboardImport();
    } catch (error) {
      says(`the dashboard import could not be loaded (${errorMessage(error)})`);
      return;
    }
    const base = mergeBase(autoSave) ?? autoSave.savedConfig();
    if (!base) return;
    const preview = module.previewDashboard(text, base);
    if (!preview.ok) says(preview.message);
    else showDashboard({ ...preview, fileName, module });
  };

  /** "Add N services": saves the merged configuration as one change, which Undo takes back whole. */
  const importServices = async (fileName: string, config: Config, added: number, network: string) => {
    const result = await autoSave.replaceConfig(config);
    if (!result.ok) throw new Error(issuesText(result.errors));
    showDashboard(null);
    say({
      kind: 'imported',
      fileName,
      summary: `${plural(added, 'service')} added to ${network}`,
      warnings: [],
      previous: result.previous ?? config,
    });
  };

  const undoImport = async (previous: Config) => {
    try {
      const result = await autoSave.replaceConfig(previous);
      if (!result.ok) throw new Error(issuesText(result.errors));
      say({ kind: 'info', text: 'Restored the configuration from before the import.' });
    } catch (error) {
      say({ kind: 'info', text: `Could not undo the import: ${errorMessage(error)}` });
    }
  };

  /** Saves the wizard's configuration; a refusal is thrown, for the wizard to show. */
  const finishWizard = async (config: Config) => {
    const result = await autoSave.replaceConfig(config);
    if (!result.ok) throw new Error(issuesText(result.errors));
    closeWizard();
    say({ kind: 'info', text: 'Hairpin is set up. Its toolbar button shows whether you are home.' });
  };

  const exportConfig = () => {
    const { validation } = autoSave;
    const config = validation?.ok ? validation.config : autoSave.savedConfig();
    if (!config) return;
    services.downloadFile(EXPORT_FILE_NAME, `${JSON.stringify(config, null, 2)}\n`, 'application/json');
    if (validation && !validation.ok) {
      say({ kind: 'info', text: 'The draft has problems, so the last saved configuration was exported.' });
    }
  };

  /** Saves the draft if it waits for its debounce, then asks the background to fetch the config URL. */
  const fetchConfigNow = async () => {
    await autoSave.flush();
    // The background fetches the URL it holds.
    const wanted = autoSave.draft?.configUrl.trim();
    if (wanted && autoSave.savedConfig()?.configUrl !== wanted) {
      throw new Error('This config URL is not saved yet: fix the problems on this page first.');
    }
    hairpin.show(await client({ type: 'fetchConfig' }));
  };

  /** Asks for the set-aside configuration's text, then hands it to the browser as a download. */
  const downloadSetAside = async (setAside: SetAside) => {
    try {
      const text = await client({ type: 'exportSetAside', kind: setAside.kind });
      if (text === null) {
        say({ kind: 'info', text: 'That configuration is no longer set aside.' });
        hairpin.refresh();
        return;
      }
      services.downloadFile(SET_ASIDE_FILE_NAME, text, 'application/json');
    } catch (error) {
      say({ kind: 'info', text: `Could not download the set-aside configuration: ${errorMessage(error)}` });
    }
  };

  const dismissSetAside = async (setAside: SetAside) => {
    try {
      hairpin.show(await client({ type: 'dismissSetAside', kind: setAside.kind, at: setAside.at }));
    } catch (error) {
      say({ kind: 'info', text: `Could not dismiss the set-aside configuration: ${errorMessage(error)}` });
    }
  };

  return {
    importFile,
    importServices,
    undoImport,
    finishWizard,
    exportConfig,
    fetchConfigNow,
    downloadSetAside,
    dismissSetAside,
  };
}
