import { describe, expect, it } from 'vitest';
import { describeChanges } from '../../../src/core/config-changes';
import type { Config } from '../../../src/core/config-schema';
import { homeConfig } from '../../support/sample-config';

function base(): Config {
  return homeConfig(
    [{ name: 'Jellyfin' }, { name: 'Photos', external: 'https://photos.example.com', internal: 'http://192.168.1.30' }],
    { probe: { url: 'http://192.168.1.10/hairpin', expect: 'tok-7f3a9c' } },
  );
}

describe('describeChanges', () => {
  it('nothing for an equal config, key order aside, nor for a mere reordering', () => {
    const reordered = base();
    reordered.networks[0]!.mappings.reverse();
    expect(describeChanges(base(), base())).toEqual([]);
    expect(describeChanges(base(), reordered)).toEqual([]);
    const keysMoved = base();
    keysMoved.networks[0]!.mappings[0] = {
      internal: 'http://192.168.1.20:8096',
      external: 'https://jellyfin.example.com',
      name: 'Jellyfin',
    };
    expect(describeChanges(base(), keysMoved)).toEqual([]);
  });

  it('names mappings changed, added and removed, networks and general settings', () => {
    const after = base();
    after.networks[0]!.mappings[0]!.internal = 'http://192.168.1.21:8096';
    after.networks[0]!.mappings.splice(1, 1, {
      name: 'Wiki',
      external: 'https://wiki.example.com',
      internal: 'http://192.168.1.40',
    });
    after.networks[0]!.probe.expect = 'other';
    after.networks.push({ name: 'Office', probe: { url: 'http://10.0.0.1/up' }, mappings: [] });
    after.configUrl = 'https://home.example.com/hairpin.json';
    expect(describeChanges(base(), after)).toEqual([
      'Network “Home” changed',
      'Mapping “Jellyfin” changed',
      'Mapping “Wiki” added to “Home”',
      'Mapping “Photos” removed',
      'Network “Office” added',
      'General settings changed',
    ]);
    expect(describeChanges(after, base())).toContain('Network “Office” removed');
  });
});
