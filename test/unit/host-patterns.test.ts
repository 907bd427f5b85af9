import { describe, expect, it } from 'vitest';
import { hostPattern, hostPatterns } from '../../src/core/host-patterns';

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
});
