// Keeps `npm run bench` from rotting: runs the benchmark script itself (Chromium and Firefox) with tiny sample counts
// (2 per arm, a 3 s cap instead of 60 s for Chromium's own hanging-host error page, only 10 and
// 100 mappings) into a scratch folder, and checks the output's shape. It asserts no timings:
// benchmarks are measurements, not pass/fail tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from './support/poll';
import { SECTIONS } from '../../bench/lib';

const out = mkdtempSync(join(tmpdir(), 'hairpin-bench-smoke-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs bench/run.mjs; resolves with its exit code and output once it has exited. */
async function runBench(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [resolve('bench/run.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let code: number | null | undefined;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('exit', (exitCode) => (code = exitCode));
  try {
    await waitFor(() => code !== undefined, { timeoutMs, intervalMs: 200, message: 'the benchmark to finish' });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr.slice(-4000)}`);
  }
  return { code: code ?? null, stdout, stderr };
}

interface Row {
  section: string;
  measure: string;
  n: number;
  median: number | null;
  p95: number | null;
  ratio?: number | null;
  baseline?: { median: number | null };
  interval?: { low: number | null; high: number | null };
}

describe('npm run bench (smoke)', () => {
  it('writes results.json and results.md with every section and finite numbers', { timeout: 480_000 }, async () => {
    const run = await runBench(
      ['--samples', '2', '--hang-cap-ms', '3000', '--hang-samples', '1', '--sizes', '10,100', '--out', out],
      470_000,
    );
    expect(run.code, run.stderr.slice(-4000)).toBe(0);

    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      meta: { chromium: string; options: { samples: number } };
      sections: { name: string; rows: Row[]; details: { table: string[][] }[] }[];
    };
    expect(json.meta.options.samples).toBe(2);
    expect(json.sections.map((section) => section.name)).toEqual(SECTIONS);
    for (const section of json.sections) {
      expect(section.rows.length, section.name).toBeGreaterThan(0);
      for (const row of section.rows) {
        const where = `${section.name}: ${row.measure}`;
        expect(row.section, where).toBe(section.name);
        expect(row.n, where).toBeGreaterThan(0);
        // null is how results.json writes NaN or Infinity.
        expect(Number.isFinite(row.median), where).toBe(true);
        expect(Number.isFinite(row.p95), where).toBe(true);
        if (row.baseline) expect(Number.isFinite(row.baseline.median), where).toBe(true);
        if (row.ratio !== undefined) expect(Number.isFinite(row.ratio), where).toBe(true);
        if (row.interval) {
          const { low, high } = row.interval;
          expect(Number.isFinite(low) && Number.isFinite(high), where).toBe(true);
          expect(low! <= high!, where).toBe(true);
        }
      }
    }

    expect(existsSync(join(out, 'results.md'))).toBe(true);
    const markdown = readFileSync(join(out, 'results.md'), 'utf8');
    expect(markdown).toContain('| Section | Measure | n | Median | p95 | Baseline (median) | Ratio | Target | Met |');
    for (const title of [
      'Redirect overhead',
      'Floor: Hairpin vs a bare DNR extension in the same browser',
      'Detection latency',
      'Rescue time',
      'Rule compile and apply',
      'Versus a cloud tunnel',
      'Footprint',
      'Firefox',
      'Popup',
    ]) {
      expect(markdown).toContain(`| ${title} |`);
    }
    // The script prints the same Markdown it writes.
    expect(run.stdout).toBe(markdown);
  });
});
