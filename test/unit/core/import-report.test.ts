import { describe, expect, it } from 'vitest';
import { describeImportFailure } from '../../../src/core/import-report';
import { parseConfigText } from '../../../src/core/config-validate';

function failure(text: string) {
  const result = parseConfigText(text);
  if (result.ok) throw new Error('expected a failure');
  return describeImportFailure(result.errors);
}

describe('describeImportFailure', () => {
  it('says when a file is not JSON', () => {
    expect(failure('hello {').summary).toMatch(/^it is not JSON \(.+\)$/);
  });

  it('says when JSON is not a Hairpin config', () => {
    expect(failure('{"name":"x"}').summary).toBe(
      'it is not a Hairpin configuration (expected "format": "hairpin-config")',
    );
    expect(failure('[1,2]').summary).toMatch(/not a Hairpin configuration/);
  });

  it('names the field of a single problem', () => {
    const text = JSON.stringify({
      format: 'hairpin-config',
      version: 1,
      networks: [
        {
          name: 'Home',
          probe: { url: 'http://10.0.0.1/' },
          mappings: [{ name: 'A', external: 'ftp://a.example', internal: 'http://10.0.0.2' }],
        },
      ],
    });
    expect(failure(text)).toEqual({
      summary: 'networks[0].mappings[0].external: scheme "ftp:" is not allowed; use http or https',
      details: [],
      more: 0,
    });
  });

  it('lists several problems, up to a limit', () => {
    const issues = Array.from({ length: 10 }, (_, i) => ({ path: `networks[${i}].name`, message: 'is empty' }));
    const report = describeImportFailure(issues, 8);
    expect(report.summary).toBe('10 problems');
    expect(report.details).toHaveLength(8);
    expect(report.details[0]).toBe('networks[0].name: is empty');
    expect(report.more).toBe(2);
  });
});
