import { describe, expect, it } from 'vitest';
import { addMapping, locateMapping, removeMapping, replaceMapping, setEnabled } from '../../../src/core/mapping-edits';
import { issuesForMapping } from '../../../src/core/mapping-issues';
import { validateConfig } from '../../../src/core/config-validate';
import { sampleConfig } from '../../support/hairpin-state';

describe('mapping edits', () => {
  it('adds at the end of the chosen network, replaces and removes by position, leaving the input alone', () => {
    const config = sampleConfig();
    const before = structuredClone(config);
    const added = addMapping(config, 0, {
      name: 'Wiki',
      external: 'https://wiki.example.com',
      internal: 'http://10.0.0.5',
    });
    expect(added.ref).toEqual({ network: 0, mapping: 2 });
    expect(added.config.networks[0]!.mappings.map((m) => m.name)).toEqual(['Jellyfin', 'Photos', 'Wiki']);
    const renamed = replaceMapping(
      added.config,
      { network: 0, mapping: 0 },
      { ...config.networks[0]!.mappings[0]!, name: 'JF' },
    );
    expect(renamed.networks[0]!.mappings[0]!.name).toBe('JF');
    const removed = removeMapping(renamed, { network: 0, mapping: 1 });
    expect(removed.networks[0]!.mappings.map((m) => m.name)).toEqual(['JF', 'Wiki']);
    expect(config).toEqual(before);
  });

  it('finds a mapping by network and external side', () => {
    const config = sampleConfig();
    expect(locateMapping(config, 'Home', 'https://example.com/photos')).toEqual({ network: 0, mapping: 1 });
    expect(locateMapping(config, 'Home', 'https://nope.example.com')).toBeNull();
    expect(locateMapping(config, 'Away', 'https://example.com/photos')).toBeNull();
  });

  it('writes enabled as the options page does: omitted when true', () => {
    const mapping = { name: 'A', external: 'https://a.example.com', internal: 'http://10.0.0.1' };
    expect(setEnabled(mapping, false)).toEqual({ ...mapping, enabled: false });
    expect(setEnabled({ ...mapping, enabled: false }, true)).toEqual(mapping);
  });

  it('puts the validator’s issues at the mapping’s fields, in words, and the rest apart', () => {
    const { config, ref } = addMapping(sampleConfig(), 0, {
      name: ' ',
      external: 'https://jellyfin.example.com',
      internal: 'ftp://x',
    });
    const result = validateConfig(config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issues = issuesForMapping(result.errors, ref, config);
    expect(issues.byField.name).toEqual(['The mapping name is empty']);
    expect(issues.byField.internal).toEqual(['Scheme "ftp:" is not allowed; use http or https']);

    const clash = addMapping(sampleConfig(), 0, {
      name: 'Again',
      external: 'https://jellyfin.example.com',
      internal: 'http://10.0.0.9',
    });
    const second = validateConfig(clash.config);
    if (second.ok) throw new Error('expected a clash');
    const words = issuesForMapping(second.errors, clash.ref, clash.config);
    expect(words.byField.external?.[0]).toMatch(
      /already claimed by Network “Home” › Mapping “Jellyfin” › External URL/,
    );
    expect(words.general).toEqual([]);
  });
});
