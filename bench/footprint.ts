// 6. Footprint: what the popup and the background load (raw and gzip, from dist/chrome,
// following static imports), the popup's time to first paint, and how long a stopped service
// worker takes from a wake-up (a Check now message) to its first probe reaching the health
// endpoint, against the same request to a running worker.
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, posix, relative } from 'node:path';
import { CHROME_DIST, launchChromium } from '../test/e2e/support/chromium';
import { appPage, startServer, healthEndpoint } from '../test/e2e/support/servers';
import { waitFor } from '../test/e2e/support/poll';
import { hairpinConfig, launchPlainChromium, navTiming, saveConfig, TOKEN, workerControl, send } from './browser';
import { epochNow, interleave, log, ratioRow, stats, type BenchOptions, type Row, type Section } from './lib';

interface Bundle {
  files: { path: string; raw: number; gzip: number }[];
  raw: number;
  gzip: number;
  /** Chunks behind a dynamic import(): loaded only when that code runs. */
  lazy: { files: { path: string; raw: number; gzip: number }[]; raw: number; gzip: number };
}

/**
 * Every file an entry loads: HTML script/stylesheet references and JS static imports,
 * transitively; dynamic imports (and what they load) are listed apart, as `lazy`.
 */
export function bundleOf(entries: readonly string[], root: string): Bundle {
  const eager = walk(entries, root);
  const dynamic = new Set<string>();
  for (const file of eager.dynamic) if (!eager.seen.has(file)) dynamic.add(file);
  const lazy = walk([...dynamic], root);
  const lazyFiles = [...lazy.seen].filter((file) => !eager.seen.has(file));
  const measure = (paths: string[]) => {
    const files = paths.map((path) => {
      const bytes = readFileSync(join(root, path));
      return { path, raw: statSync(join(root, path)).size, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    return {
      files,
      raw: files.reduce((sum, file) => sum + file.raw, 0),
      gzip: files.reduce((sum, file) => sum + file.gzip, 0),
    };
  };
  return { ...measure([...eager.seen]), lazy: measure(lazyFiles) };
}

function walk(entries: readonly string[], root: string): { seen: Set<string>; dynamic: Set<string> } {
  const seen = new Set<string>();
  const dynamic = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(root, file), 'utf8');
    const references: string[] = [];
    if (file.endsWith('.html')) {
      for (const match of text.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) references.push(match[1]!);
      for (const match of text.matchAll(/<link[^>]*rel="(?:stylesheet|modulepreload)"[^>]*href="([^"]+)"/g))
        references.push(match[1]!);
      for (const match of text.matchAll(/<link[^>]*href="([^"]+)"[^>]*rel="(?:stylesheet|modulepreload)"/g))
        references.push(match[1]!);
    } else if (file.endsWith('.js')) {
      // Minified ESM: `import"./a.js"`, `import{x}from"./b.js"`, `export*from"./c.js"`; then `import(`./d.js`)`.
      for (const match of text.matchAll(/(?:\bimport|\bfrom)\s*["']([^"']+\.js)["']/g)) references.push(match[1]!);
      for (const match of text.matchAll(/\bimport\(\s*[`"']([^`"']+\.js)[`"']\s*\)/g)) {
        dynamic.add(posix.normalize(posix.join(posix.dirname(file), match[1]!)));
      }
    }
    for (const reference of references) {
      if (/^[a-z]+:/i.test(reference)) continue;
      const resolved = reference.startsWith('/') ? reference.slice(1) : posix.join(posix.dirname(file), reference);
      queue.push(posix.normalize(resolved));
    }
  }
  return { seen, dynamic };
}

export async function footprintSection(options: BenchOptions): Promise<Section> {
  const manifest = JSON.parse(readFileSync(join(options.extensionDir, 'manifest.json'), 'utf8')) as {
    background: { service_worker: string };
    action: { default_popup: string };
  };
  const background = bundleOf([manifest.background.service_worker], options.extensionDir);
  const popup = bundleOf([manifest.action.default_popup], options.extensionDir);

  const probes: number[] = [];
  const health = await startServer((request, response) => {
    probes.push(epochNow());
    healthEndpoint(TOKEN)(request, response);
  });
  const other = await startServer(appPage('elsewhere'));
  const browser = await launchChromium({ 'elsewhere.test': other.port }, { extensionDir: options.extensionDir });
  const plain = await launchPlainChromium({ 'elsewhere.test': other.port });
  try {
    // A mapping on other hosts, as a user has: Hairpin watches those, not elsewhere.test.
    await saveConfig(
      browser,
      hairpinConfig(`http://127.0.0.1:${health.port}/hairpin`, [
        { name: 'Jellyfin', external: 'https://jellyfin.example.test', internal: 'http://jellyfin.home.test:8096' },
      ]),
    );
    const popupPath = manifest.action.default_popup;
    const worker = await workerControl(browser);
    const control = worker.page;
    const samples = {
      popupFcp: [] as number[],
      popupLoad: [] as number[],
      cold: [] as number[],
      warm: [] as number[],
      // A page Hairpin has nothing to do with: the browser without the extension, with
      // Hairpin's worker running, and with it stopped (a navigation to a mapped site would wake it).
      elsewhere: { plain: [] as number[], running: [] as number[], stopped: [] as number[] },
    };
    let wokenByNavigation = 0;
    const browseElsewhere = async (arm: 'plain' | 'running' | 'stopped', record: boolean) => {
      if (arm === 'stopped') await worker.stop();
      if (arm === 'running') await worker.wake();
      const page = await (arm === 'plain' ? plain.context : browser.context).newPage();
      await page.goto('http://elsewhere.test:8000/', { waitUntil: 'load' });
      const timing = await navTiming(page);
      if (arm === 'stopped' && record && (await worker.refresh()) !== 'stopped') wokenByNavigation += 1;
      await page.close();
      if (record) samples.elsewhere[arm].push(timing.loadEventEnd);
    };
    // Set inside openPopup: an object, so TypeScript does not narrow it to its initial null.
    const popupErrors: { first: string | null } = { first: null };
    const popupScripts = new Set<string>();

    const openPopup = async (record: boolean) => {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`chrome-extension://${browser.extensionId}/${popupPath}`, { waitUntil: 'load' });
      const timing = await navTiming(page);
      const scripts = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname)
          .filter((path) => path.endsWith('.js')),
      );
      for (const script of scripts) popupScripts.add(script.replace(/^\//, ''));
      await page.close();
      if (errors.length) popupErrors.first = errors[0]!;
      if (record) {
        samples.popupFcp.push(timing.fcp >= 0 ? timing.fcp : Number.NaN);
        samples.popupLoad.push(timing.loadEventEnd);
      }
    };

    const wakeToProbe = async (cold: boolean, record: boolean) => {
      if (cold) await worker.stop();
      else await worker.wake();
      const before = probes.length;
      const sentAt = epochNow();
      await control.evaluate(() => {
        void chrome.runtime.sendMessage({ type: 'checkNow' });
      });
      await waitFor(() => probes.length > before, {
        timeoutMs: 15_000,
        intervalMs: 2,
        message: 'the probe to reach the health endpoint',
      });
      if (record) (cold ? samples.cold : samples.warm).push(probes[before]! - sentAt);
      // Let the worker finish the check before the next sample.
      await send(browser, { type: 'getState' });
    };

    await openPopup(false);
    await wakeToProbe(true, false);
    await wakeToProbe(false, false);
    for (const arm of ['plain', 'running', 'stopped'] as const) await browseElsewhere(arm, false);
    log(`footprint: popup, worker wake-up and unrelated navigations × ${options.samples}`);
    const arms = ['popup', 'cold', 'warm', 'plain', 'running', 'stopped'] as const;
    await interleave(options.samples, arms, options.seed + 7, async (arm) => {
      if (arm === 'popup') await openPopup(true);
      else if (arm === 'cold' || arm === 'warm') await wakeToProbe(arm === 'cold', true);
      else await browseElsewhere(arm, true);
    });

    const kB = (bytes: number) => bytes / 1000;
    const rows: Row[] = [
      {
        section: 'footprint',
        measure: 'background bundle, raw',
        unit: 'kB',
        n: 1,
        median: kB(background.raw),
        p95: kB(background.raw),
        note: `${background.files.length} files`,
      },
      {
        section: 'footprint',
        measure: 'background bundle, gzip',
        unit: 'kB',
        n: 1,
        median: kB(background.gzip),
        p95: kB(background.gzip),
      },
      {
        section: 'footprint',
        measure: 'popup bundle, raw',
        unit: 'kB',
        n: 1,
        median: kB(popup.raw),
        p95: kB(popup.raw),
        note: `${popup.files.length} files`,
      },
      {
        section: 'footprint',
        measure: 'popup bundle, gzip',
        unit: 'kB',
        n: 1,
        median: kB(popup.gzip),
        p95: kB(popup.gzip),
      },
      {
        section: 'footprint',
        measure: 'popup, loaded on demand (dynamic import), gzip',
        unit: 'kB',
        n: 1,
        median: kB(popup.lazy.gzip),
        p95: kB(popup.lazy.gzip),
        note: `${popup.lazy.files.map((file) => file.path).join(', ') || 'none'}, ${(popup.lazy.raw / 1000).toFixed(1)} kB raw; fetched when the popup opened on a non-web tab: ${
          popup.lazy.files.some((file) => popupScripts.has(file.path)) ? 'yes' : 'no'
        }`,
      },
      {
        section: 'footprint',
        measure: 'popup first contentful paint (opened as a tab)',
        unit: 'ms',
        ...stats(samples.popupFcp),
        ...(popupErrors.first ? { note: `page error: ${popupErrors.first}` } : {}),
      },
      { section: 'footprint', measure: 'popup load event (opened as a tab)', unit: 'ms', ...stats(samples.popupLoad) },
      ratioRow(
        {
          section: 'footprint',
          measure: 'unmapped site, fresh tab, Hairpin worker running: load (nav timing)',
          target: '≤ 1.05×',
        },
        samples.elsewhere.running,
        'no extension',
        samples.elsewhere.plain,
        1.05,
      ),
      ratioRow(
        {
          section: 'footprint',
          measure: 'unmapped site, fresh tab, Hairpin worker stopped: load',
          target: '≤ 1.05×',
          note: `the navigation woke the worker in ${wokenByNavigation}/${samples.elsewhere.stopped.length}`,
        },
        samples.elsewhere.stopped,
        'no extension',
        samples.elsewhere.plain,
        1.05,
      ),
      ratioRow(
        { section: 'footprint', measure: 'stopped service worker: Check now → probe at the health endpoint' },
        samples.cold,
        'running worker',
        samples.warm,
      ),
    ];
    const fileTable = [['bundle', 'file', 'raw', 'gzip']];
    for (const [name, bundle] of [
      ['background', background],
      ['popup', popup],
    ] as const) {
      for (const file of bundle.files)
        fileTable.push([name, file.path, `${(file.raw / 1000).toFixed(1)} kB`, `${(file.gzip / 1000).toFixed(1)} kB`]);
      for (const file of bundle.lazy.files) {
        fileTable.push([
          `${name} (on demand)`,
          file.path,
          `${(file.raw / 1000).toFixed(1)} kB`,
          `${(file.gzip / 1000).toFixed(1)} kB`,
        ]);
      }
    }
    return {
      name: 'footprint',
      title: 'Footprint',
      rows,
      details: [
        {
          title: `Footprint: files loaded (a copy of ${relative(process.cwd(), CHROME_DIST)} taken at start)`,
          table: fileTable,
        },
      ],
      facts: { background, popup, popupScripts: [...popupScripts], wokenByNavigation, samples },
    };
  } finally {
    await browser.close();
    await plain.close();
    await Promise.all([health.close(), other.close()]);
  }
}

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};
