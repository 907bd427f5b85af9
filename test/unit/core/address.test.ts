import { describe, expect, it } from 'vitest';
import { classifyHost, type HostKind } from '../../../src/core/address';
import { configUrlProblem } from '../../../src/core/config-url-policy';
import { checkProbeAddress } from '../../../src/core/probe-address';

describe('classifyHost', () => {
  it.each<[string, HostKind, boolean]>([
    ['127.0.0.1', 'loopback', true],
    ['[::1]', 'loopback', true],
    ['::1', 'loopback', true],
    ['localhost', 'loopback', false],
    ['app.localhost', 'loopback', false],
    ['192.168.1.10', 'private', true],
    ['10.0.0.2', 'private', true],
    ['172.20.1.1', 'private', true],
    ['169.254.10.1', 'private', true],
    ['[fd00::20]', 'private', true],
    ['[fe80::1]', 'private', true],
    ['[::ffff:192.168.1.1]', 'private', true],
    ['[::ffff:c0a8:101]', 'private', true],
    ['100.64.0.1', 'shared', true],
    ['100.101.102.103', 'shared', true],
    ['nas.local', 'local-name', false],
    ['NAS.LAN.', 'local-name', false],
    ['router.home.arpa', 'local-name', false],
    ['home.arpa', 'local-name', false],
    ['git.corp.internal', 'local-name', false],
    ['nas', 'single-label', false],
    ['lan', 'single-label', false],
    ['203.0.113.9', 'public-address', true],
    ['8.8.8.8', 'public-address', true],
    ['[2001:db8::1]', 'public-address', true],
    ['0.0.0.0', 'public-address', true],
    ['nas.example.com', 'public-name', false],
    ['local.example.com', 'public-name', false],
    ['evil-lan.com', 'public-name', false],
  ])('%s is %s', (host, kind, ip) => {
    expect(classifyHost(host)).toEqual({ kind, ip });
  });
});

describe('one classifier behind the probe warning and the config-URL policy', () => {
  it.each<[string, boolean, string]>([
    // [host, plain-http config URL allowed, probe kind]
    ['192.168.1.10', true, 'private'],
    ['127.0.0.1', true, 'loopback'],
    ['100.64.0.1', true, 'shared'],
    ['nas.lan', true, 'local-name'],
    // Names that only look local may be resolved by anyone: no plain http for a config URL.
    ['localhost', false, 'loopback'],
    ['nas', false, 'local-name'],
    ['203.0.113.9', false, 'public-address'],
    ['nas.example.com', false, 'public-name'],
  ])('%s', (host, httpAllowed, probeKind) => {
    expect(configUrlProblem(`http://${host}/hairpin.json`) === null).toBe(httpAllowed);
    expect(checkProbeAddress(`http://${host}/hairpin`).kind).toBe(probeKind);
  });
});
