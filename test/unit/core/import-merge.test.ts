import { describe, expect, it } from 'vitest';
import { findExisting, mergeMappings, pairKey } from '../../../src/core/import-merge';
import { sampleConfig } from '../../support/hairpin-state';

describe('import-merge', () => {
  it('compares sides in canonical form', () => {
    expect(pairKey({ external: 'HTTPS://Jellyfin.Example.com:443/', internal: 'http://192.168.1.20:8096' })).toBe(
      pairKey({ external: 'https://jellyfin.example.com', internal: 'http://192.168.1.20:8096/' }),
    );
    expect(pairKey({ external: 'nope', internal: 'http://10.0.0.1' })).toBeNull();
  });

  it('finds a mapping with the same two sides in any network', () => {
    const config = sampleConfig();
    expect(
      findExisting(config, { external: 'https://jellyfin.example.com/', internal: 'http://192.168.1.20:8096' }),
    ).toEqual({
      network: 'Home',
      mapping: config.networks[0]!.mappings[0],
    });
    expect(
      findExisting(config, { external: 'https://jellyfin.example.com', internal: 'http://192.168.1.21:8096' }),
    ).toBeNull();
  });

  it('appends to the chosen network only what is not there yet, the given config untouched', () => {
    const config = sampleConfig();
    const before = JSON.stringify(config);
    const jellyfin = {
      name: 'Jellyfin again',
      external: 'https://jellyfin.example.com',
      internal: 'http://192.168.1.20:8096',
    };
    const sonarr = { name: 'Sonarr', external: 'https://sonarr.example.com', internal: 'http://192.168.1.30:8989' };
    const result = mergeMappings(config, 0, [jellyfin, sonarr, { ...sonarr, name: 'Sonarr twice' }]);
    expect(result.placed).toEqual([null, 2, null]);
    expect(result.config.networks[0]!.mappings.map((m) => m.name)).toEqual(['Jellyfin', 'Photos', 'Sonarr']);
    expect(JSON.stringify(config)).toBe(before);
  });

  it('refuses a network that does not exist', () => {
    expect(() => mergeMappings(sampleConfig(), 3, [])).toThrow(RangeError);
  });
});
