// 7. The popup: its entry bundle (what opening it loads, gzip; the mapping editor must stay out
// of it, behind a dynamic import) and its first contentful paint when opened as a tab, in each
// state it opens in: first run, on an unmapped tab, on a mapped tab. Beside each, the same
// browser's paint of a static page of the extension (the guide: no script), interleaved, as the
// floor this machine sets. Also, for the record, when the state view is drawn and how long the
// editor takes to open from its button. And the popup as Chromium really shows it, in the
// toolbar bubble (action.openPopup): its first paint beside the same bubble showing the static
// page instead (action.setPopup), interleaved: a bubble is shown once its page has loaded and
// been sized, so its first paint counts that too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/support/chromium';
import { appPage, healthEndpoint, startServer } from '../test/e2e/support/servers';
import { hairpinConfig, navTiming, saveConfig, TOKEN } from './browser';
import { bundleOf } from './footprint';
import { interleave, log, mean, stats, type BenchOptions, type Row, type Section } from './lib';
import { ratioEstimate } from './interval';

/** The issue's bars. */
export const POPUP_ENTRY_GZIP_KB = 25;
/**
 * The first-paint bar, restated: the issue asked for ≤ 100 ms, but on these machines a static page
 * with no script at all takes 55–105 ms in a tab and 90–130 ms in the toolbar bubble (idle), which
 * Chromium shows ~50 ms after its page's load event. So the bar is the popup in the real bubble
 * against the same bubble showing a static page: what the popup's own work may add to what
 * Chromium takes to show any page there. Judged on the means of interleaved samples, with a
 * bootstrap interval: paints land on frames, and the median of such samples moves a whole frame
 * between runs of one build (medians 104 vs 94 ms, 1.11×, on equal means of 99.7 ms).
 */
export const POPUP_BUBBLE_RATIO = 1.1;

type State = 'first-run' | 'unmapped' | 'mapped';

/** The parts of Chromium's extension API the bubble arm uses (not in the polyfill's types). */
declare const chrome: {
  action: { openPopup(): Promise<void>; setPopup(details: { popup: string }): Promise<void> };
  extension: { getViews(filter: { type: 'popup' }): Window[] };
};

interface BubblePaint {
  fcp: number;
  /** When the state view was drawn (Hairpin's popup only). */
  drawn: number | null;
}

/**
 * Opens the toolbar bubble on `path` from the extension page `from`, waits for its first paint
 * (and Hairpin's state view), closes it, and waits until it is gone.
 */
async function bubblePaint(from: Page, path: string, timeoutMs = 15_000): Promise<BubblePaint> {
  return from.evaluate(
    async ({ path, timeoutMs }) => {
      const deadline = performance.now() + timeoutMs;
      const until = async <T>(probe: () => T | null | undefined, what: string): Promise<T> => {
        for (;;) {
          const value = probe();
          if (value) return value;
          if (performance.now() > deadline) throw new Error(`bubble ${path}: no ${what} in ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      await chrome.action.setPopup({ popup: path });
      await chrome.action.openPopup();
      const view = await until(() => chrome.extension.getViews({ type: 'popup' })[0], 'bubble');
      const fcp = await until(
        () => view.performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        'first paint',
      );
      const hairpin = !path.startsWith('guide/');
      const drawn = hairpin
        ? await until(
            () => (view.document.querySelector('.networks, .first-run') ? view.performance.now() : null),
            'state view',
          )
        : null;
      view.close();
      await until(() => chrome.extension.getViews({ type: 'popup' }).length === 0, 'closing');
      return { fcp, drawn };
    },
    { path, timeoutMs },
  );
}

export async function popupSection(options: BenchOptions): Promise<Section> {
  const manifest = JSON.parse(readFileSync(join(options.extensionDir, 'manifest.json'), 'utf8')) as {
    action: { default_popup: string };
  };
  const popupPath = manifest.action.default_popup;
  const bundle = bundleOf([popupPath], options.extensionDir);
  const editorEager = bundle.files.some((file) => /assets\/editor-[^/]*\.js$/.test(file.path));
  const editorLazy = bundle.lazy.files.find((file) => /assets\/editor-[^/]*\.js$/.test(file.path));

  const site = await startServer(appPage('service'));
  const health = await startServer(healthEndpoint(TOKEN));
  const browser = await launchChromium(
    { 'media.example.test': site.port, 'media.home.test': site.port, 'news.example.test': site.port },
    { extensionDir: options.extensionDir },
  );
  const samples: Record<State, { fcp: number[]; drawn: number[] }> = {
    'first-run': { fcp: [], drawn: [] },
    unmapped: { fcp: [], drawn: [] },
    mapped: { fcp: [], drawn: [] },
  };
  const editorOpen: number[] = [];
  /** The static guide page's first contentful paint: the floor for any extension page here. */
  const floor: number[] = [];
  const staticPage = async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 600 });
    await page.goto(`chrome-extension://${browser.extensionId}/guide/health-endpoint.html`, { waitUntil: 'load' });
    const timing = await navTiming(page);
    floor.push(timing.fcp >= 0 ? timing.fcp : Number.NaN);
    await page.close();
  };
  let editorFetchedAtOpen = false;
  try {
    const tabs: Partial<Record<State, number>> = {};
    const openPopup = async (state: State, record: boolean): Promise<Page> => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 360, height: 600 });
      const query = tabs[state] === undefined ? '' : `?tab=${tabs[state]}`;
      await page.goto(`chrome-extension://${browser.extensionId}/${popupPath}${query}`, { waitUntil: 'load' });
      const timing = await navTiming(page);
      // The state view: the network cards, or the first-run card, whichever the state gives.
      const drawn = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const check = () =>
              document.querySelector('.networks, .first-run')
                ? resolve(performance.now())
                : requestAnimationFrame(check);
            check();
          }),
      );
      const scripts = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
      );
      if (scripts.some((path) => /assets\/editor-[^/]*\.js$/.test(path))) editorFetchedAtOpen = true;
      if (record) {
        samples[state].fcp.push(timing.fcp >= 0 ? timing.fcp : Number.NaN);
        samples[state].drawn.push(drawn);
      }
      return page;
    };
    const sample = async (state: State, record: boolean) => (await openPopup(state, record)).close();

    await sample('first-run', false);
    log(`popup: first run × ${options.samples}`);
    await interleave(options.samples, ['first-run', 'floor'] as const, options.seed + 10, (arm) =>
      arm === 'floor' ? staticPage() : sample('first-run', true),
    );

    await saveConfig(
      browser,
      hairpinConfig(`http://127.0.0.1:${health.port}/hairpin`, [
        { name: 'Media', external: 'http://media.example.test', internal: 'http://media.home.test' },
      ]),
    );
    for (const [state, url] of [
      ['unmapped', 'http://news.example.test/today'],
      ['mapped', 'http://media.example.test/library'],
    ] as const) {
      const tab = await browser.context.newPage();
      await tab.goto(url, { waitUntil: 'load' });
      tabs[state] = await browser.tabIdOf(tab);
    }
    await sample('unmapped', false);
    await sample('mapped', false);
    log(`popup: unmapped and mapped tab, and the editor, × ${options.samples}`);
    await interleave(
      options.samples,
      ['unmapped', 'mapped', 'editor', 'floor'] as const,
      options.seed + 11,
      async (arm) => {
        if (arm === 'floor') return staticPage();
        if (arm !== 'editor') return sample(arm, true);
        const page = await openPopup('unmapped', false);
        const button = page.getByRole('button', { name: 'Map this site…' });
        await button.waitFor();
        const started = await page.evaluate(() => performance.now());
        await button.click();
        await page.getByRole('form', { name: 'Map this site' }).waitFor();
        editorOpen.push((await page.evaluate(() => performance.now())) - started);
        await page.close();
      },
    );

    // The real bubble, over the extension page's own tab (so: a tab Hairpin cannot map).
    const from = await browser.extensionPage();
    await from.bringToFront();
    const bubble: Record<'hairpin' | 'static', number[]> = { hairpin: [], static: [] };
    const bubbleDrawn: number[] = [];
    const bubbleArm = async (arm: 'hairpin' | 'static', record: boolean) => {
      const paint = await bubblePaint(from, arm === 'hairpin' ? popupPath : 'guide/health-endpoint.html');
      if (!record) return;
      bubble[arm].push(paint.fcp);
      if (paint.drawn !== null) bubbleDrawn.push(paint.drawn);
    };
    await bubbleArm('hairpin', false);
    await bubbleArm('static', false);
    log(`popup: the toolbar bubble × ${options.samples}`);
    await interleave(options.samples, ['hairpin', 'static'] as const, options.seed + 12, (arm) => bubbleArm(arm, true));
    await from.close();

    const kB = (bytes: number) => bytes / 1000;
    const entryKb = kB(bundle.gzip);
    const rows: Row[] = [
      {
        section: 'popup',
        measure: 'popup entry (what opening it loads), gzip',
        unit: 'kB',
        n: 1,
        median: entryKb,
        p95: entryKb,
        target: `≤ ${POPUP_ENTRY_GZIP_KB} kB`,
        met: entryKb <= POPUP_ENTRY_GZIP_KB && !editorEager,
        note: `${bundle.files.length} files, ${kB(bundle.raw).toFixed(1)} kB raw; the mapping editor ${
          editorEager
            ? 'IS in the entry'
            : `loads on demand (${editorLazy ? kB(editorLazy.gzip).toFixed(1) : '?'} kB gzip)`
        }, fetched when the popup opened: ${editorFetchedAtOpen ? 'yes' : 'no'}`,
      },
    ];
    const label: Record<State, string> = {
      'first-run': 'first run (not set up)',
      unmapped: 'on an unmapped tab',
      mapped: 'on a mapped tab',
    };
    for (const state of ['first-run', 'unmapped', 'mapped'] as const) {
      const fcp = stats(samples[state].fcp);
      const base = stats(floor);
      rows.push({
        section: 'popup',
        measure: `popup first contentful paint, ${label[state]} (opened as a tab)`,
        unit: 'ms',
        ...fcp,
        baseline: { label: 'static extension page (the guide)', ...base },
        ratio: fcp.median / base.median,
      });
      rows.push({
        section: 'popup',
        measure: `popup state view drawn, ${label[state]}`,
        unit: 'ms',
        ...stats(samples[state].drawn),
      });
    }
    const bubbleFcp = stats(bubble.hairpin);
    const bubbleFloor = stats(bubble.static);
    rows.push({
      section: 'popup',
      measure: 'toolbar bubble (action.openPopup): popup first contentful paint, configured, on a tab it cannot map',
      unit: 'ms',
      ...bubbleFcp,
      baseline: { label: 'the same bubble showing the static page', ...bubbleFloor },
      ratio: bubbleFcp.median / bubbleFloor.median,
    });
    // The bar, on means: paints land on frames (8–16 ms apart here), so a median is whichever
    // frame holds the middle sample, and moves a whole frame between runs of one build.
    const bubbleEstimate = ratioEstimate(
      [{ run: 0, order: 'interleaved', subject: bubble.hairpin, reference: bubble.static }],
      2000,
      options.seed,
      mean,
    );
    rows.push({
      section: 'popup',
      measure: 'toolbar bubble: popup / the static page, mean first paint (the bar)',
      unit: 'ratio',
      n: bubbleEstimate.samples,
      median: bubbleEstimate.ratio,
      p95: bubbleEstimate.p95Ratio,
      baseline: {
        label: 'the static page, mean',
        n: bubble.static.length,
        median: mean(bubble.static),
        p95: bubbleFloor.p95,
      },
      ratio: bubbleEstimate.ratio,
      target: `≤ ${POPUP_BUBBLE_RATIO}× the static page`,
      met: bubbleEstimate.ratio <= POPUP_BUBBLE_RATIO,
      note: `95 % interval ${bubbleEstimate.low.toFixed(3)}–${bubbleEstimate.high.toFixed(3)}; popup mean ${mean(bubble.hairpin).toFixed(1)} ms`,
      interval: { low: bubbleEstimate.low, high: bubbleEstimate.high, level: 0.95 },
    });
    rows.push({
      section: 'popup',
      measure: 'toolbar bubble: popup state view drawn',
      unit: 'ms',
      ...stats(bubbleDrawn),
    });
    rows.push({
      section: 'popup',
      measure: 'Map this site… → editor shown (its chunk cached after the first open)',
      unit: 'ms',
      ...stats(editorOpen),
    });
    return {
      name: 'popup',
      title: 'Popup',
      rows,
      details: [
        {
          title: 'Popup: files of the entry, and loaded on demand',
          table: [
            ['file', 'raw', 'gzip', 'when'],
            ...bundle.files.map((file) => [
              file.path,
              `${kB(file.raw).toFixed(1)} kB`,
              `${kB(file.gzip).toFixed(1)} kB`,
              'at open',
            ]),
            ...bundle.lazy.files.map((file) => [
              file.path,
              `${kB(file.raw).toFixed(1)} kB`,
              `${kB(file.gzip).toFixed(1)} kB`,
              'on demand',
            ]),
          ],
        },
      ],
      facts: { bundle, samples, floor, editorOpen, editorFetchedAtOpen, bubble, bubbleDrawn },
    };
  } finally {
    await browser.close();
    await Promise.all([site.close(), health.close()]);
  }
}
