import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { homepageEntries, looksLikeHomepage } from '../../../src/core/homepage-entries';
import { loadYaml } from '../../../src/core/yaml-load';

function fixture(): unknown {
  const result = loadYaml(readFileSync('test/fixtures/homepage-services.yaml', 'utf8'));
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('homepageEntries', () => {
  it('reads groups, nested groups and each service’s href, siteMonitor, ping URL and widget URLs', () => {
    const doc = fixture();
    if (!looksLikeHomepage(doc)) throw new Error('fixture is not Homepage-shaped');
    const { services, notes } = homepageEntries(doc);
    expect(services.map(({ name, group }) => `${group} / ${name}`)).toEqual([
      'Media / Jellyfin',
      'Media › Downloads / Sonarr',
      'Media › Downloads / Radarr',
      'Home / Home Assistant',
      'Home / Paperless',
      'Home / Vault',
    ]);
    expect(services[0]!.urls.map(({ field, audience }) => `${field}:${audience}`)).toEqual([
      'href:browser',
      'siteMonitor:server',
      'widget.url:server',
    ]);
    // A bare `ping: 192.168.1.30` is a host for ICMP, not a URL: skipped.
    expect(services[2]!.urls.map(({ field, text }) => `${field} ${text}`)).toEqual([
      'href https://example.test/radarr',
      'widgets[0].url http://192.168.1.30:7878',
      'widgets[1].url http://uptime.home.arpa:3001',
    ]);
    expect(notes).toEqual(['Skipped, as Homepage does, entries without fields: “Broken”.']);
  });

  it('reads an old-style ping URL', () => {
    const doc = [{ G: [{ S: { href: 'https://s.example', ping: 'http://10.0.0.5/' } }] }];
    expect(homepageEntries(doc).services[0]!.urls).toEqual([
      { field: 'href', text: 'https://s.example', audience: 'browser' },
      { field: 'ping', text: 'http://10.0.0.5/', audience: 'server' },
    ]);
  });

  it('nests groups to any depth, as Homepage’s parseServicesToGroups does', () => {
    const doc = [{ A: [{ B: [{ C: [{ S: { href: 'https://s.example' } }] }] }] }];
    expect(homepageEntries(doc).services).toEqual([
      { name: 'S', group: 'A › B › C', urls: [{ field: 'href', text: 'https://s.example', audience: 'browser' }] },
    ]);
  });

  it('is only Homepage as a list of one-key groups holding lists', () => {
    expect(looksLikeHomepage([{ Media: [] }, { Empty: null }])).toBe(true);
    expect(looksLikeHomepage([])).toBe(false);
    expect(looksLikeHomepage([{ Media: [], Other: [] }])).toBe(false);
    expect(looksLikeHomepage([{ Media: { href: 'x' } }])).toBe(false);
    expect(looksLikeHomepage(['a', 'b'])).toBe(false);
    expect(looksLikeHomepage({ Media: [] })).toBe(false);
  });
});
