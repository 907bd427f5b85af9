import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/core/config-schema';
import { checkSelection, previewDashboard, type PreviewRow } from '../../../src/core/import-preview';

function household(): Config {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'hairpin-7f3a' },
        mappings: [{ name: 'Films', external: 'https://jellyfin.example.test', internal: 'http://192.168.1.20:8096' }],
      },
      {
        name: 'Lab',
        probe: { url: 'http://10.9.0.1/hairpin', expect: 'lab-token-123' },
        mappings: [{ name: 'Git', external: 'https://git.example.test', internal: 'http://10.9.0.5:3000' }],
      },
    ],
  };
}

function rowsOf(path: string, config = household()): PreviewRow[] {
  const preview = previewDashboard(readFileSync(path, 'utf8'), config);
  if (!preview.ok) throw new Error(preview.message);
  return preview.rows;
}

const summary = (rows: PreviewRow[]) =>
  rows.map((row) => [
    row.name,
    row.state,
    row.mapping ? `${row.mapping.external} → ${row.mapping.internal}` : row.reason,
  ]);

describe('previewDashboard', () => {
  it('Dashy: one row per item and sub-item, existing mappings recognised', () => {
    expect(summary(rowsOf('test/fixtures/dashy-conf.yml'))).toEqual([
      ['Jellyfin', 'exists', 'https://jellyfin.example.test → http://192.168.1.20:8096'],
      ['Audiobookshelf', 'new', 'https://books.example.test → http://books.lan:13378'],
      [
        'Podcasts',
        'unpaired',
        expect.stringMatching(/^gives one usable URL only.*add its home address as statusCheckUrl$/),
      ],
      ['Photos', 'unpaired', expect.stringMatching(/^all its URLs are public addresses/)],
      [
        'Router',
        'unpaired',
        expect.stringMatching(/^gives one usable URL only, the internal http:\/\/192\.168\.1\.1\//),
      ],
      [
        'Grafana',
        'unpaired',
        expect.stringMatching(/statusCheckUrl http:\/\/grafana:3000\/api\/health has a one-word host/),
      ],
      ['Files', 'unpaired', 'url sftp://nas.lan/ is not an http(s) URL (sftp:)'],
      ['Notes', 'unpaired', 'has no URL'],
    ]);
    expect(rowsOf('test/fixtures/dashy-conf.yml')[0]!.reason).toBe('already mapped as “Films” in Home');
  });

  it('Homepage: nested groups, sub-path services keep their prefix, variables and container names explained', () => {
    const rows = rowsOf('test/fixtures/homepage-services.yaml');
    expect(summary(rows)).toEqual([
      ['Jellyfin', 'exists', 'https://jellyfin.example.test → http://192.168.1.20:8096'],
      ['Sonarr', 'new', 'https://example.test/sonarr → http://192.168.1.30:8989'],
      ['Radarr', 'new', 'https://example.test/radarr → http://192.168.1.30:7878'],
      ['Home Assistant', 'unpaired', expect.stringMatching(/^gives one usable URL only, the internal/)],
      ['Paperless', 'unpaired', expect.stringMatching(/siteMonitor http:\/\/paperless:8000 has a one-word host/)],
      [
        'Vault',
        'unpaired',
        expect.stringMatching(
          /href \{\{HOMEPAGE_VAR_VAULT_URL\}\} uses \{\{HOMEPAGE_VAR_VAULT_URL\}\}, which only Homepage fills in/,
        ),
      ],
    ]);
    expect(rows[1]).toMatchObject({ group: 'Media › Downloads', fields: { external: 'href', internal: 'widget.url' } });
  });

  it('marks a service listed twice in the file', () => {
    const text =
      '- A:\n    - One:\n        href: https://x.example\n        siteMonitor: http://10.0.0.9\n    - Two:\n        href: https://x.example/\n        siteMonitor: http://10.0.0.9/health\n';
    const preview = previewDashboard(text, household());
    expect(preview.ok && summary(preview.rows)).toEqual([
      ['One', 'new', 'https://x.example → http://10.0.0.9'],
      ['Two', 'duplicate', 'https://x.example → http://10.0.0.9'],
    ]);
  });

  it('says specifically what is wrong with a file it cannot read', () => {
    const message = (text: string) => {
      const preview = previewDashboard(text, household());
      return preview.ok ? 'read' : preview.message;
    };
    expect(message('{"format": "hairpin-config"}')).toMatch(
      /^it is neither a Dashy conf\.yml .* nor a Homepage services\.yaml/,
    );
    expect(message('just some words')).toMatch(/^it is neither/);
    expect(message('pageInfo:\n  title: x\n')).toBe('it is a Dashy file without "sections"');
    expect(message('sections: []\n')).toBe('it is a Dashy conf.yml with no services in it');
    expect(message('- Bookmarks:\n    - Github:\n        - abbr: GH\n          href: https://github.com/\n')).toBe(
      'it is a Homepage services.yaml with no services in it',
    );
    expect(message('sections: [')).toMatch(/^it is not valid YAML/);
  });

  it('clips names to the schema’s limit', () => {
    const preview = previewDashboard(
      `- G:\n    - ${'N'.repeat(80)}:\n        href: https://n.example\n        siteMonitor: http://10.0.0.3\n`,
      household(),
    );
    expect(preview.ok && preview.rows[0]!.mapping!.name).toHaveLength(64);
  });
});

describe('checkSelection', () => {
  const keys = (rows: PreviewRow[], ...names: string[]) =>
    new Set(rows.filter((row) => names.includes(row.name)).map((row) => row.key));

  it('merges the ticked new rows into the chosen network and validates the result', () => {
    const rows = rowsOf('test/fixtures/homepage-services.yaml');
    const check = checkSelection(household(), 1, rows, keys(rows, 'Sonarr', 'Radarr', 'Jellyfin'));
    expect(check.rowErrors.size).toBe(0);
    expect(check.general).toEqual([]);
    expect(check.added).toBe(2); // Jellyfin exists already and is never added twice
    expect(check.config?.networks[1]!.mappings.map((m) => m.name)).toEqual(['Git', 'Sonarr', 'Radarr']);
    expect(check.config?.networks[0]!.mappings).toHaveLength(1);
  });

  it('puts the validator’s errors on the rows, with names instead of paths', () => {
    const config = household();
    // Sonarr's external side is already another mapping's, in the other network.
    config.networks[0]!.mappings.push({
      name: 'Old Sonarr',
      external: 'https://example.test/sonarr',
      internal: 'http://192.168.1.99',
    });
    const rows = rowsOf('test/fixtures/homepage-services.yaml', config);
    const sonarr = rows.find((row) => row.name === 'Sonarr')!;
    const check = checkSelection(config, 1, rows, keys(rows, 'Sonarr', 'Radarr'));
    expect(check.config).toBeNull();
    expect(check.rowErrors.get(sonarr.key)).toEqual([
      'external: https://example.test/sonarr is already claimed by the external side of “Old Sonarr” in Home',
    ]);
    expect(check.general).toEqual([]);

    // Into the same network: the row's own path carries the error.
    const same = checkSelection(config, 0, rows, keys(rows, 'Sonarr'));
    expect(same.rowErrors.get(sonarr.key)).toEqual([
      'external: https://example.test/sonarr is already claimed by the external side of “Old Sonarr” in Home',
    ]);
  });

  it('an error the validator puts on a mapping of a later network goes to the row it names', () => {
    // Git lives in Lab (checked after Home): importing its host into Home is reported on Lab's mapping.
    const text =
      '- Dev:\n    - Gitea:\n        href: https://git.example.test\n        siteMonitor: http://192.168.1.50:3000\n';
    const preview = previewDashboard(text, household());
    if (!preview.ok) throw new Error(preview.message);
    const check = checkSelection(household(), 0, preview.rows, new Set([0]));
    expect(check.rowErrors.get(0)).toEqual([
      'the external side of “Git” in Lab: https://git.example.test is already claimed by the external side of “Gitea” (imported)',
    ]);
    expect(check.general).toEqual([]);
  });

  it('an empty selection changes nothing and is valid', () => {
    const rows = rowsOf('test/fixtures/dashy-conf.yml');
    const check = checkSelection(household(), 0, rows, new Set());
    expect(check).toMatchObject({ added: 0, general: [] });
    expect(check.config).toEqual(household());
  });
});
