import { describe, expect, it } from 'vitest';
import { hostPattern, hostPatterns, mappedSitePatterns } from '../../../src/core/host-patterns';
import { sampleConfig } from '../../support/hairpin-state';

describe('host patterns', () => {
  it('drops the port and path (match patterns carry none)', () => {
    expect(hostPattern('http://192.168.1.20:8096/web')).toBe('http://192.168.1.20/*');
    expect(hostPattern('https://Example.com/photos')).toBe('https://example.com/*');
    expect(hostPattern('http://[fd00::20]:8096')).toBe('http://[fd00::20]/*');
  });

  it('ignores what is not an http(s) URL', () => {
    expect(hostPattern('ftp://example.com')).toBeNull();
    expect(hostPattern('jellyfin')).toBeNull();
    expect(hostPattern('')).toBeNull();
  });

  it('lists each pattern once', () => {
    expect(hostPatterns(['http://nas.lan:1/', 'http://nas.lan:2/', 'https://nas.lan', 'x'])).toEqual([
      'http://nas.lan/*',
      'https://nas.lan/*',
    ]);
  });

  it('names both sides of every enabled mapping, in every network, and nothing else', () => {
    const config = sampleConfig();
    config.networks[0]!.mappings.push({
      name: 'Old',
      external: 'https://old.example.com',
      internal: 'http://192.168.1.40',
      enabled: false,
    });
    config.networks.push({
      name: 'Parents',
      probe: { url: 'http://10.0.0.2/hairpin' },
      mappings: [{ name: 'Router', external: 'https://router.example.org', internal: 'http://10.0.0.1:8080' }],
    });
    expect(mappedSitePatterns(config)).toEqual([
      'https://jellyfin.example.com/*',
      'http://192.168.1.20/*',
      'https://example.com/*',
      'http://192.168.1.30/*',
      'https://router.example.org/*',
      'http://10.0.0.1/*',
    ]);
    expect(mappedSitePatterns({ ...config, networks: [] })).toEqual([]);
  });
});
