// SECURITY.md's threat table cites, for each defence, the tests that show it: only test files
// (no source file stands in for a test), each one existing, and each quoted test name found in
// one of the files its row cites ("…" at the end: the name starts so).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const security = readFileSync('SECURITY.md', 'utf8');
const table = security.slice(security.indexOf('## Threats and defences'), security.indexOf('## Cookies'));
const rows = table.split('\n').filter((line) => line.startsWith('| **'));

/** The "tested in" cell: the last one (defences may quote a `|` in code, tests do not). */
function testedIn(row: string): string {
  const body = row.trim().replace(/\|$/, '');
  return body.slice(body.lastIndexOf(' | ') + 3);
}

describe('SECURITY.md threat table', () => {
  it('has rows', () => expect(rows.length).toBeGreaterThan(20));

  it.each(rows.map((row) => [row.slice(4, row.indexOf('**', 4)), row]))('%s: cites tests only', (_threat, row) => {
    const cell = testedIn(row);
    const files = [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file).toMatch(/^test\/.+\.test\.tsx?$/);
      expect(existsSync(file), `${file} exists`).toBe(true);
    }
    const sources = files.map((file) => readFileSync(file, 'utf8').replace(/\\(['"])/g, '$1'));
    const names = [...cell.matchAll(/"((?:[^"\\]|\\.)+)"/g)].map((match) => match[1]!.replace(/\\"/g, '"'));
    for (const name of names) {
      const start = name.replace(/…$/, '');
      expect(
        sources.some((source) => source.includes(start)),
        `"${name}" is a test in ${files.join(', ')}`,
      ).toBe(true);
    }
  });
});
