// `web-ext lint` (Mozilla's addons-linter, as addons.mozilla.org runs it) on the Firefox build in
// dist/firefox (built by `npm test` first), for desktop Firefox and Firefox for Android alike:
// the manifest's gecko and gecko_android minimum versions are checked against every key and API.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}
interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/**
 * The one warning allowed: preact's renderer assigns innerHTML for `dangerouslySetInnerHTML`,
 * a prop Hairpin never uses (the test below checks that), so the assignment never runs.
 */
const ALLOWED_WARNING = 'UNSAFE_VAR_ASSIGNMENT';

async function lint(): Promise<LintReport> {
  // web-ext exits non-zero when there are errors; the report is on stdout either way.
  const run = promisify(execFile)(
    process.execPath,
    [
      'node_modules/web-ext/bin/web-ext.js',
      'lint',
      '--source-dir',
      'dist/firefox',
      '--self-hosted',
      '--output',
      'json',
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const { stdout } = await run.catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '' }));
  return JSON.parse(stdout) as LintReport;
}

describe('web-ext lint of the Firefox build', () => {
  it('has no errors, no notices, and no warnings but preact’s unused innerHTML path', async () => {
    const report = await lint();
    const summary = (messages: LintMessage[]) => messages.map((m) => `${m.code}: ${m.message} (${m.file ?? ''})`);
    expect(summary(report.errors)).toEqual([]);
    expect(summary(report.notices)).toEqual([]);
    expect(summary(report.warnings.filter((warning) => warning.code !== ALLOWED_WARNING))).toEqual([]);
    for (const warning of report.warnings) expect(warning.file ?? '').toMatch(/^assets\/[\w.-]+\.js$/);
  }, 120_000);

  it('declares Firefox for Android (gecko_android) with the minimum version its keys need', () => {
    const manifest = JSON.parse(readFileSync('dist/firefox/manifest.json', 'utf8'));
    // 142: data_collection_permissions (lint says so for anything lower); DNR needs 113, storage.session 115.
    expect(manifest.browser_specific_settings.gecko_android).toEqual({ strict_min_version: '142.0' });
    expect(manifest.permissions).toContain('captivePortal');
  });

  it('the innerHTML the linter sees is not Hairpin’s: no source file uses dangerouslySetInnerHTML or innerHTML', async () => {
    const { stdout } = await promisify(execFile)('git', [
      'grep',
      '-l',
      '-E',
      'dangerouslySetInnerHTML|innerHTML',
      '--',
      'src',
    ]).catch(() => ({ stdout: '' }));
    expect(stdout.trim()).toBe('');
  });
});
