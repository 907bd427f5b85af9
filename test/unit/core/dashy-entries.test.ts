import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dashyEntries, looksLikeDashy } from '../../../src/core/dashy-entries';
import { loadYaml } from '../../../src/core/yaml-load';

function fixture(): unknown {
  const result = loadYaml(readFileSync('test/fixtures/dashy-conf.yml', 'utf8'));
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('dashyEntries', () => {
  it('reads each item’s url and statusCheckUrl, and each sub-item, by section', () => {
    const doc = fixture();
    if (!looksLikeDashy(doc)) throw new Error('fixture is not Dashy-shaped');
    const { services, notes } = dashyEntries(doc);
    expect(services.map(({ name, group }) => `${group} / ${name}`)).toEqual([
      'Media / Jellyfin',
      'Media / Audiobookshelf',
      'Media › Audiobookshelf / Podcasts',
      'Media / Photos',
      'Admin / Router',
      'Admin / Grafana',
      'Admin / Files',
      'Admin / Notes',
    ]);
    expect(services[0]!.urls).toEqual([
      { field: 'url', text: 'https://jellyfin.example.test', audience: 'browser' },
      { field: 'statusCheckUrl', text: 'http://192.168.1.20:8096/health', audience: 'server' },
    ]);
    expect(services[2]!.urls).toEqual([
      { field: 'url', text: 'https://books.example.test/podcasts', audience: 'browser' },
    ]);
    expect(services[7]!.urls).toEqual([]);
    expect(notes).toEqual([expect.stringMatching(/names another page \(pages:\).*import each page’s file too/)]);
  });

  it('tolerates what the schema would refuse: no title, odd values, sections without items', () => {
    const doc = {
      sections: [
        null,
        { items: [{ url: 'https://a.example' }, 'text', { title: 42, url: 7, statusCheckUrl: ' ' }] },
        { name: 'Empty' },
        { name: 'Subs', items: [{ title: 'P', subItems: [{ url: 'https://s.example' }, 3] }] },
      ],
    };
    expect(looksLikeDashy(doc)).toBe(true);
    const { services, notes } = dashyEntries(doc);
    expect(services).toEqual([
      { name: 'Item 1', group: 'Section 2', urls: [{ field: 'url', text: 'https://a.example', audience: 'browser' }] },
      { name: '42', group: 'Section 2', urls: [] },
      { name: 'P', group: 'Subs', urls: [] },
      { name: 'P 1', group: 'Subs › P', urls: [{ field: 'url', text: 'https://s.example', audience: 'browser' }] },
    ]);
    expect(notes).toEqual([]);
  });

  it('is only Dashy with a sections list', () => {
    expect(looksLikeDashy({ pageInfo: { title: 'x' } })).toBe(false);
    expect(looksLikeDashy({ sections: {} })).toBe(false);
    expect(looksLikeDashy([{ sections: [] }])).toBe(false);
  });
});
