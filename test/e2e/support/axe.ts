// axe-core (the real library) run inside a page of a real browser: its source is evaluated in
// the page (an extension page's CSP refuses injected <script> tags, evaluation is not a script
// tag), then axe.run checks the document. Violations come back as plain lines for the assertion.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** The page's axe violations (WCAG 2.x A and AA, and axe's best practices), one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${source};0`);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }),
  )) as AxeResult;
  return result.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} at ${violation.nodes
        .map((node) => JSON.stringify(node.target))
        .join(', ')}`,
  );
}
