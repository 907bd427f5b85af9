// `npm run package` (after `npm run build`): the store archives of both builds,
//   artifacts/hairpin-chrome-<version>.zip   (Chrome Web Store: upload as is)
//   artifacts/hairpin-firefox-<version>.zip  (addons.mozilla.org: `web-ext build` of dist/firefox)
// with the version from package.json, checked inside each archive before it is reported ready.
// Usage: node scripts/package.mjs [--artifacts-dir DIR]
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cmd } from 'web-ext';
import { readZipEntries } from './zip-entries.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BROWSERS = ['chrome', 'firefox'];

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--artifacts-dir');
const artifactsDir = resolve(dirFlag >= 0 && args[dirFlag + 1] ? args[dirFlag + 1] : join(ROOT, 'artifacts'));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

try {
  const archives = [];
  for (const browser of BROWSERS) {
    const sourceDir = join(ROOT, 'dist', browser);
    checkBuild(sourceDir);
    const filename = `hairpin-${browser}-${version}.zip`;
    // web-ext zips the folder with the manifest at the root and leaves out dotfiles (e.g. .vite/).
    const { extensionPath } = await cmd.build(
      { sourceDir, artifactsDir, filename, overwriteDest: true },
      { shouldExitProgram: false, showReadyMessage: false },
    );
    checkArchive(browser, extensionPath);
    archives.push(extensionPath);
  }
  console.log(`\nHairpin ${version} packaged:`);
  for (const archive of archives) console.log(`  ${archive.startsWith(ROOT) ? relative(ROOT, archive) : archive}`);
} catch (error) {
  console.error(`\nPackaging failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

/** Refuses a missing or stale build, so an archive never carries another version's code. */
function checkBuild(sourceDir) {
  const manifestPath = join(sourceDir, 'manifest.json');
  if (!existsSync(manifestPath))
    throw new Error(`${relative(ROOT, sourceDir)} is missing: run \`npm run build\` first.`);
  const built = JSON.parse(readFileSync(manifestPath, 'utf8')).version;
  if (built !== version) {
    throw new Error(
      `${relative(ROOT, sourceDir)} is version ${built}, package.json says ${version}: run \`npm run build\` first.`,
    );
  }
}

/** The archive must load as is: manifest at the root, this version, every icon it names. */
function checkArchive(browser, archive) {
  const entries = readZipEntries(archive);
  const manifestText = entries.get('manifest.json');
  if (!manifestText) throw new Error(`${archive} has no manifest.json at its root`);
  const manifest = JSON.parse(manifestText.toString('utf8'));
  if (manifest.version !== version) throw new Error(`${archive} holds version ${manifest.version}, not ${version}`);
  const icons = [...Object.values(manifest.icons ?? {}), ...Object.values(manifest.action?.default_icon ?? {})];
  const missing = icons.filter((icon) => !entries.has(String(icon).replace(/^\//, '')));
  if (missing.length > 0) throw new Error(`${archive} lacks the icons ${missing.join(', ')}`);
  const background = browser === 'chrome' ? manifest.background?.service_worker : manifest.background?.scripts?.[0];
  if (!background || !entries.has(background)) throw new Error(`${archive} lacks its background script`);
}
