// The sync file's address from here: the side of a mapped WebDAV server that works where the
// browser is, and plain http only where nobody else can answer.
import { describe, expect, it } from 'vitest';
import { syncFileTarget } from '../../../src/core/sync-file-target';
import type { Config } from '../../../src/core/config-schema';

const config: Config = {
  format: 'hairpin-config',
  version: 1,
  networks: [
    {
      name: 'Home',
      probe: { url: 'http://192.168.1.10/hairpin' },
      mappings: [{ name: 'Cloud', external: 'https://cloud.example.com', internal: 'http://192.168.1.5:8080' }],
    },
  ],
};
const FILE = 'https://cloud.example.com/remote.php/dav/files/alice/hairpin.json';

describe('syncFileTarget', () => {
  it('uses the internal side at home and the external side away', () => {
    expect(syncFileTarget(config, FILE, { Home: 'home' }, () => true)).toEqual({
      ok: true,
      url: 'http://192.168.1.5:8080/remote.php/dav/files/alice/hairpin.json',
    });
    expect(syncFileTarget(config, 'http://192.168.1.5:8080/dav/h.json', { Home: 'away' }, () => false)).toEqual({
      ok: true,
      url: 'https://cloud.example.com/dav/h.json',
    });
    expect(syncFileTarget(config, FILE, { Home: 'unknown' }, () => false)).toEqual({ ok: true, url: FILE });
  });

  it('sends the password over plain http only while a probe says home (loopback always)', () => {
    expect(syncFileTarget(config, 'http://192.168.1.5:8080/h.json', { Home: 'home' }, () => false)).toMatchObject({
      ok: false,
      error: expect.stringContaining('only used while the probe of a network with a token says Home'),
    });
    expect(syncFileTarget(config, 'http://127.0.0.1:8080/h.json', {}, () => false)).toEqual({
      ok: true,
      url: 'http://127.0.0.1:8080/h.json',
    });
    expect(syncFileTarget(config, 'http://files.example.com/h.json', {}, () => true)).toMatchObject({ ok: false });
  });
});
