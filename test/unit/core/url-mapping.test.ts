// Which mapping a URL belongs to (the longest prefix wins, as in the redirect rules) and where it
// goes on the other side.
import { describe, expect, it } from 'vitest';
import { externalUrl, findMapping, otherSideUrl, urlForLocation } from '../../../src/core/url-mapping';
import type { Config, Mapping } from '../../../src/core/config-schema';
import { sampleConfig } from '../../support/hairpin-state';

function withMappings(...mappings: Mapping[]): Config {
  const config = sampleConfig();
  config.networks[0]!.mappings = mappings;
  return config;
}

const WHOLE_HOST: Mapping = { name: 'Site', external: 'https://example.com', internal: 'http://192.168.1.40' };
const PHOTOS: Mapping = {
  name: 'Photos',
  external: 'https://example.com/photos',
  internal: 'http://192.168.1.30:2342',
};
const ALBUMS: Mapping = {
  name: 'Albums',
  external: 'https://example.com/photos/albums',
  internal: 'http://192.168.1.31',
};

describe('findMapping', () => {
  it('finds the mapping and side of a URL on either side, with what a switch keeps', () => {
    const config = sampleConfig();
    const external = findMapping(config, 'https://jellyfin.example.com/web/index.html?x=1#top');
    expect(external).toMatchObject({ networkName: 'Home', side: 'external', rest: '/web/index.html?x=1#top' });
    expect(external?.mapping.name).toBe('Jellyfin');
    const internal = findMapping(config, 'http://192.168.1.20:8096/web/');
    expect(internal).toMatchObject({ side: 'internal', rest: '/web/' });
  });

  it('is null for a URL no mapping covers: another host, another port, a sibling path', () => {
    const config = sampleConfig();
    expect(findMapping(config, 'https://other.example.com/')).toBeNull();
    expect(findMapping(config, 'http://192.168.1.20:8097/')).toBeNull();
    expect(findMapping(config, 'https://example.com/photosX')).toBeNull();
  });

  it('lets the longest prefix win where prefixes nest, whatever the order of the mappings', () => {
    for (const config of [withMappings(WHOLE_HOST, PHOTOS, ALBUMS), withMappings(ALBUMS, PHOTOS, WHOLE_HOST)]) {
      expect(findMapping(config, 'https://example.com/photos/albums/2024')?.mapping.name).toBe('Albums');
      expect(findMapping(config, 'https://example.com/photos/2024')?.mapping.name).toBe('Photos');
      expect(findMapping(config, 'https://example.com/blog')?.mapping.name).toBe('Site');
    }
  });

  it('ignores disabled mappings, so a shorter enabled prefix takes over', () => {
    const config = withMappings(WHOLE_HOST, { ...PHOTOS, enabled: false });
    expect(findMapping(config, 'https://example.com/photos/2024')?.mapping.name).toBe('Site');
  });

  it('skips a mapping whose side cannot be parsed instead of failing', () => {
    const config = withMappings({ ...PHOTOS, external: 'ftp://example.com' }, WHOLE_HOST);
    expect(findMapping(config, 'https://example.com/photos')?.mapping.name).toBe('Site');
  });
});

describe('the other side', () => {
  it('keeps path, query and fragment across the switch, both ways', () => {
    const config = withMappings(PHOTOS);
    const external = findMapping(config, 'https://example.com/photos/a/b?c=d#e')!;
    expect(otherSideUrl(external)).toBe('http://192.168.1.30:2342/a/b?c=d#e');
    const internal = findMapping(config, 'http://192.168.1.30:2342/a/b?c=d#e')!;
    expect(otherSideUrl(internal)).toBe('https://example.com/photos/a/b?c=d#e');
  });

  it('never carries credentials to the other side, nor lets them pick the host', () => {
    const config = withMappings({
      name: 'Jellyfin',
      external: 'https://jellyfin.example.com',
      internal: 'http://192.168.1.20:8096',
    });
    const match = findMapping(config, 'https://user@jellyfin.example.com/y')!;
    expect(otherSideUrl(match)).toBe('http://192.168.1.20:8096/y');
    expect(externalUrl(match)).toBe('https://jellyfin.example.com/y');
    expect(otherSideUrl(findMapping(config, 'http://a:b@192.168.1.20:8096/z?q')!)).toBe(
      'https://jellyfin.example.com/z?q',
    );
  });

  it('externalUrl is the shareable address from either side', () => {
    const config = withMappings(PHOTOS);
    expect(externalUrl(findMapping(config, 'http://192.168.1.30:2342/x')!)).toBe('https://example.com/photos/x');
    expect(externalUrl(findMapping(config, 'https://example.com/photos/x')!)).toBe('https://example.com/photos/x');
  });

  it('urlForLocation moves a tab only when it is on the wrong side', () => {
    const config = withMappings(PHOTOS);
    const external = findMapping(config, 'https://example.com/photos/x')!;
    expect(urlForLocation(external, 'home')).toBe('http://192.168.1.30:2342/x');
    expect(urlForLocation(external, 'away')).toBeNull();
    const internal = findMapping(config, 'http://192.168.1.30:2342/x')!;
    expect(urlForLocation(internal, 'away')).toBe('https://example.com/photos/x');
    expect(urlForLocation(internal, 'home')).toBeNull();
  });
});
