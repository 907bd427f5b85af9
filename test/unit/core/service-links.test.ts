import { describe, expect, it } from 'vitest';
import { serviceEntries, serviceLinks } from '../../../src/core/service-links';
import { approveAll, approvedPart } from '../../../src/core/approval';
import type { Config } from '../../../src/core/config-schema';
import { sampleConfig } from '../../support/hairpin-state';

function twoNetworks(): Config {
  const config = sampleConfig();
  config.networks.push({
    name: 'Parents',
    probe: { url: 'http://10.0.0.2/hairpin', expect: 'hairpin-parents' },
    mappings: [
      { name: 'Router', external: 'https://router.parents.example.org', internal: 'http://10.0.0.1' },
      { name: 'Old NAS', external: 'https://nas.parents.example.org', internal: 'http://10.0.0.9', enabled: false },
    ],
  });
  return config;
}

describe('serviceLinks', () => {
  it('links each service to its internal address while its network is Home, keeping the path prefix', () => {
    expect(serviceLinks(sampleConfig(), { Home: 'home' })).toEqual([
      { name: 'Jellyfin', networkName: 'Home', url: 'http://192.168.1.20:8096/', side: 'internal' },
      { name: 'Photos', networkName: 'Home', url: 'http://192.168.1.30:2342/', side: 'internal' },
    ]);
  });

  it('links to the external address while Away, with the external path prefix', () => {
    expect(serviceLinks(sampleConfig(), { Home: 'away' })).toEqual([
      { name: 'Jellyfin', networkName: 'Home', url: 'https://jellyfin.example.com/', side: 'external' },
      { name: 'Photos', networkName: 'Home', url: 'https://example.com/photos', side: 'external' },
    ]);
  });

  it('uses the external address for a network not checked yet (no rule redirects it)', () => {
    expect(serviceLinks(sampleConfig(), { Home: 'unknown' }).map((link) => link.side)).toEqual([
      'external',
      'external',
    ]);
    expect(serviceLinks(sampleConfig(), {}).map((link) => link.side)).toEqual(['external', 'external']);
  });

  it('decides per network, keeps the user’s order and leaves out disabled mappings', () => {
    expect(serviceLinks(twoNetworks(), { Home: 'away', Parents: 'home' })).toEqual([
      { name: 'Jellyfin', networkName: 'Home', url: 'https://jellyfin.example.com/', side: 'external' },
      { name: 'Photos', networkName: 'Home', url: 'https://example.com/photos', side: 'external' },
      { name: 'Router', networkName: 'Parents', url: 'http://10.0.0.1/', side: 'internal' },
    ]);
  });

  it('links a mapping that waits for approval here to its external side, even at home', () => {
    const base = sampleConfig();
    const synced = sampleConfig();
    synced.networks[0]!.mappings[0]!.internal = 'https://evil.example';
    const entries = serviceEntries(synced, { Home: 'home' }, approvedPart(synced, approveAll(base)));
    expect(entries.map((entry) => [entry.name, entry.url])).toEqual([
      ['Jellyfin', 'https://jellyfin.example.com/'],
      ['Photos', 'http://192.168.1.30:2342/'],
    ]);
  });
});
