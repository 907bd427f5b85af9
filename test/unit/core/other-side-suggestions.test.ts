import { describe, expect, it } from 'vitest';
import { suggestOtherSide } from '../../../src/core/other-side-suggestions';
import type { Config } from '../../../src/core/config-schema';

function config(mappings: { external: string; internal: string }[]): Config {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: 'http://192.168.1.10/hairpin' },
        mappings: mappings.map((mapping, i) => ({ name: `S${i}`, ...mapping })),
      },
    ],
  };
}

describe('suggestOtherSide', () => {
  const mapped = config([
    { external: 'https://sonarr.example.com', internal: 'http://sonarr.home.example.com' },
    { external: 'https://radarr.example.com', internal: 'http://radarr.lan:7878' },
    { external: 'https://bazarr.example.com', internal: 'http://bazarr.home.example.com' },
    { external: 'https://nas.example.net', internal: 'http://192.168.1.5:5000' },
  ]);

  it('puts the label under the internal domains in use, most used first, without ports or IPs', () => {
    expect(suggestOtherSide(mapped, 'internal', 'jellyfin')).toEqual([
      'http://jellyfin.home.example.com',
      'http://jellyfin.lan',
    ]);
  });

  it('does the same for the external side', () => {
    expect(suggestOtherSide(mapped, 'external', 'jellyfin')).toEqual([
      'https://jellyfin.example.com',
      'https://jellyfin.example.net',
    ]);
    expect(suggestOtherSide(mapped, 'external', 'jellyfin', 1)).toEqual(['https://jellyfin.example.com']);
  });

  it('leaves out sides already mapped, and suggests nothing without a label or mappings', () => {
    expect(suggestOtherSide(mapped, 'internal', 'sonarr')).toEqual(['http://sonarr.lan']);
    expect(suggestOtherSide(mapped, 'internal', null)).toEqual([]);
    expect(suggestOtherSide(config([]), 'internal', 'jellyfin')).toEqual([]);
  });

  it('does not take a public suffix alone for a domain (a host of two labels)', () => {
    const bare = config([{ external: 'https://example.com/app', internal: 'http://nas.lan/app' }]);
    expect(suggestOtherSide(bare, 'external', 'jellyfin')).toEqual([]);
    expect(suggestOtherSide(bare, 'internal', 'jellyfin')).toEqual(['http://jellyfin.lan']);
  });
});
