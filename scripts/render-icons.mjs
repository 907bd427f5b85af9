// Renders the SVG icons in assets/ to the PNGs the extension uses, with Debian's Chromium:
// - assets/icon.svg → public/icons/hairpin-{16,32,48,128}.png (manifest icons, store listing);
// - assets/icon-<state>.svg → public/icons/state-<state>-{16,32}.png (toolbar states, set by
//   src/browser/badge.ts through action.setIcon; src/core/badge.ts picks the state).
// Run after editing an SVG: `node scripts/render-icons.mjs`. The PNGs are committed.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const STATES = ['home', 'away', 'forced', 'unconfigured'];
const jobs = [
  { svg: 'icon.svg', sizes: [16, 32, 48, 128], png: (size) => `hairpin-${size}.png` },
  ...STATES.map((state) => ({
    svg: `icon-${state}.svg`,
    sizes: [16, 32],
    png: (size) => `state-${state}-${size}.png`,
  })),
];

const browser = await chromium.launch({
  executablePath: process.env.CHROME ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  for (const job of jobs) {
    const svg = readFileSync(new URL(`../assets/${job.svg}`, import.meta.url), 'utf8');
    for (const size of job.sizes) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}</style>${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}`,
      );
      await page.screenshot({ path: `public/icons/${job.png(size)}`, omitBackground: true });
      await page.close();
    }
  }
} finally {
  await browser.close();
}
