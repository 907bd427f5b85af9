import { describe, expect, it } from 'vitest';
import { checkProbeAddress } from '../../../src/core/probe-address';

describe('checkProbeAddress', () => {
  it.each([
    ['http://192.168.1.10:8080/hairpin', 'private'],
    ['http://10.0.0.2/health', 'private'],
    ['http://172.20.1.1/', 'private'],
    ['http://169.254.10.1/', 'private'],
    ['http://[fd00::20]:8096/x', 'private'],
    ['http://[::ffff:192.168.1.1]/', 'private'],
    ['http://127.0.0.1:9000/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://localhost:8080/', 'loopback'],
    ['http://nas.local/hairpin', 'local-name'],
    ['http://nas.lan/hairpin', 'local-name'],
    ['http://router.home.arpa/', 'local-name'],
    ['http://NAS.LAN./x', 'local-name'],
    ['http://nas/hairpin', 'local-name'],
    ['http://100.101.102.103/', 'shared'],
    ['http://203.0.113.9/hairpin', 'public-address'],
    ['http://8.8.8.8/', 'public-address'],
    ['http://[2001:db8::1]/', 'public-address'],
    ['https://nas.example.com/hairpin', 'public-name'],
    ['not a url', 'invalid'],
  ])('%s is %s', (url, kind) => {
    expect(checkProbeAddress(url).kind).toBe(kind);
  });

  it('only warns about addresses that can answer away from home', () => {
    expect(checkProbeAddress('http://192.168.1.10/').warning).toBeNull();
    expect(checkProbeAddress('http://nas.lan/').warning).toBeNull();
    expect(checkProbeAddress('http://203.0.113.9/').warning).toMatch(/^203\.0\.113\.9 is a public address/);
    expect(checkProbeAddress('https://nas.example.com/').warning).toMatch(/nas\.example\.com is not a private address/);
    expect(checkProbeAddress('http://100.64.0.1/').warning).toMatch(/Tailscale/);
  });

  it('judges the address the browser would use (IPv4 written in hex)', () => {
    expect(checkProbeAddress('http://0xC0.0xA8.1.1/').kind).toBe('private');
  });
});
