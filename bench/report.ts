// Renders the results as Markdown: one summary table, then each section's detail tables.
import { formatMs, type Row, type Section } from './lib';

export function renderMarkdown(
  meta: {
    date: string;
    chromium: string;
    firefox?: string;
    cpus: string;
    durationS: number;
    options: object;
    loadAverageAtEnd: number[];
  },
  sections: Section[],
): string {
  const out: string[] = [];
  const options = meta.options as { samples: number; hangCapMs: number; hangSamples: number; tunnelDelayMs: number };
  out.push('# Hairpin benchmark results', '');
  out.push(
    `${meta.date} · ${meta.chromium}${meta.firefox ? ` · ${meta.firefox}` : ''} · ${meta.cpus} · ${options.samples} interleaved samples per arm · ` +
      `load average at end ${meta.loadAverageAtEnd.join(' / ')} · ${meta.durationS} s`,
    '',
  );
  out.push('Ratios compare medians with a baseline taken in the same run; loopback servers only.', '');
  const summary: string[][] = [
    ['Section', 'Measure', 'n', 'Median', 'p95', 'Baseline (median)', 'Ratio', 'Target', 'Met'],
  ];
  for (const section of sections) {
    for (const row of section.rows) summary.push(summaryCells(section, row));
  }
  out.push(table(summary), '');
  for (const section of sections) {
    for (const detail of section.details) {
      out.push(`### ${detail.title}`, '', table(detail.table), '');
    }
  }
  return `${out.join('\n')}\n`;
}

function summaryCells(section: Section, row: Row): string[] {
  const value = (number: number) =>
    row.unit === 'ms' ? formatMs(number) : row.unit === 'kB' ? `${number.toFixed(1)} kB` : number.toFixed(2);
  const met = row.met === undefined || row.met === null ? '' : row.met ? 'yes' : '**no**';
  return [
    section.title,
    row.note ? `${row.measure} (${row.note})` : row.measure,
    String(row.n),
    value(row.median),
    row.n > 1 ? value(row.p95) : '–',
    row.baseline ? `${row.baseline.label}: ${value(row.baseline.median)}` : '',
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.target ?? '',
    met,
  ];
}

export function table(rows: string[][]): string {
  const [header, ...body] = rows;
  if (!header) return '';
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}
