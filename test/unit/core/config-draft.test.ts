import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/core/config-schema';
import { validateConfig } from '../../../src/core/config-validate';
import {
  addMapping,
  configFromDraft,
  describePath,
  draftFromConfig,
  emptyDraft,
  emptyMapping,
  fieldForPath,
  fieldId,
  fieldMessage,
  fieldPath,
  groupIssues,
  parseTimeout,
  removeNetwork,
  unusedNetworkName,
  updateMapping,
  updateNetwork,
} from '../../../src/core/config-draft';

function config(): Config {
  return {
    format: 'hairpin-config',
    version: 1,
    rescueAfterMs: 2000,
    networks: [
      {
        name: 'Home',
        probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'tok', timeoutMs: 900 },
        mappings: [
          {
            name: 'Jellyfin',
            external: 'https://jellyfin.example.com',
            internal: 'http://192.168.1.20:8096',
            keepLogin: true,
          },
          {
            name: 'Photos',
            external: 'https://photos.example.com',
            internal: 'http://192.168.1.30',
            cookieDomain: 'example.com',
            enabled: false,
          },
        ],
      },
    ],
  };
}

describe('draft ↔ config', () => {
  it('round-trips a config, keeping fields the form does not edit', () => {
    const result = validateConfig(configFromDraft(draftFromConfig(config())));
    expect(result.ok && result.config).toEqual(config());
  });

  it('omits empty optional fields and trims URLs', () => {
    let draft = draftFromConfig(config());
    const network = draft.networks[0]!;
    draft = updateNetwork(draft, network.key, { expect: '  ', timeout: '', probeUrl: ' http://nas.lan/up ' });
    draft = updateMapping(draft, network.key, network.mappings[1]!.key, {
      cookieDomain: '',
      enabled: true,
      external: ' https://a.example.com ',
    });
    const result = validateConfig(configFromDraft(draft));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.networks[0]!.probe).toEqual({ url: 'http://nas.lan/up' });
    expect(result.config.networks[0]!.mappings[1]).toEqual({
      name: 'Photos',
      external: 'https://a.example.com',
      internal: 'http://192.168.1.30',
    });
  });

  it('edits keepLogin and the general settings as form fields', () => {
    let draft = draftFromConfig({ ...config(), configUrl: 'https://home.example.com/hairpin.json' });
    expect(draft.configUrl).toBe('https://home.example.com/hairpin.json');
    expect(draft.rescueAfter).toBe('2000');
    expect(draft.networks[0]!.mappings.map((mapping) => mapping.keepLogin)).toEqual([true, false]);
    expect(draft.extra).toEqual({});
    const network = draft.networks[0]!;
    draft = updateMapping(draft, network.key, network.mappings[0]!.key, { keepLogin: false });
    draft = updateMapping(draft, network.key, network.mappings[1]!.key, { keepLogin: true });
    draft = { ...draft, configUrl: ' http://192.168.1.10/h.json ', rescueAfter: '' };
    const result = validateConfig(configFromDraft(draft));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.configUrl).toBe('http://192.168.1.10/h.json');
    expect(result.config.rescueAfterMs).toBeUndefined();
    expect(result.config.networks[0]!.mappings[0]!.keepLogin).toBeUndefined();
    expect(result.config.networks[0]!.mappings[1]!.keepLogin).toBe(true);
    // Text that is not a number reaches the validator, which says so next to the field.
    const typed = validateConfig(configFromDraft({ ...draft, rescueAfter: '2 s' }));
    expect(!typed.ok && typed.errors.map((issue) => issue.path)).toEqual(['rescueAfterMs']);
  });

  it('parses the timeout as typed', () => {
    expect(parseTimeout('')).toBeUndefined();
    expect(parseTimeout(' 1500 ')).toBe(1500);
    expect(parseTimeout('1.5s')).toBe('1.5s');
  });

  it('adds and removes rows', () => {
    let draft = draftFromConfig(config());
    const key = draft.networks[0]!.key;
    draft = addMapping(draft, key, emptyMapping());
    expect(draft.networks[0]!.mappings).toHaveLength(3);
    expect(removeNetwork(draft, key).networks).toEqual([]);
    expect(unusedNetworkName(draft)).toBe('Network 2');
    expect(unusedNetworkName(emptyDraft())).toBe('Home');
  });
});

describe('issue paths ↔ fields', () => {
  it('maps field paths both ways', () => {
    for (const ref of [
      { network: 0, field: 'name' },
      { network: 2, field: 'probeUrl' },
      { network: 1, field: 'expect' },
      { network: 0, field: 'timeout' },
      { network: 0, mapping: 3, field: 'external' },
      { network: 4, mapping: 0, field: 'cookieDomain' },
    ] as const) {
      expect(fieldForPath(fieldPath(ref))).toEqual(ref);
    }
    expect(fieldForPath('configUrl')).toEqual({ field: 'configUrl' });
    expect(fieldForPath('rescueAfterMs')).toEqual({ field: 'rescueAfter' });
    expect(fieldPath({ field: 'rescueAfter' })).toBe('rescueAfterMs');
    expect(fieldPath({ network: 0, field: 'probeUrl' })).toBe('networks[0].probe.url');
    expect(fieldPath({ network: 0, field: 'timeout' })).toBe('networks[0].probe.timeoutMs');
  });

  it('leaves whole-config and whole-row issues to the summary', () => {
    const grouped = groupIssues([
      { path: '', message: 'not JSON' },
      { path: 'networks', message: 'too many' },
      { path: 'networks[0].probe', message: 'must be an object' },
      { path: 'networks[0].mappings[1]', message: 'must be an object' },
      { path: 'networks[0].mappings[1].internal', message: 'is the same as the external side' },
      { path: 'networks[0].mappings[1].internal', message: 'second' },
    ]);
    expect(grouped.general.map((issue) => issue.path)).toEqual([
      '',
      'networks',
      'networks[0].probe',
      'networks[0].mappings[1]',
    ]);
    expect(grouped.byField.get('networks[0].mappings[1].internal')).toEqual([
      'is the same as the external side',
      'second',
    ]);
  });

  it('describes paths and messages in words', () => {
    const draft = draftFromConfig(config());
    expect(describePath('networks[0].mappings[1].external', draft)).toBe(
      'Network “Home” › Mapping “Photos” › External URL',
    );
    expect(describePath('networks[0].probe.url', draft)).toBe('Network “Home” › Probe URL');
    expect(describePath('networks[3].name', draft)).toBe('Network 4 › Name');
    expect(describePath('', draft)).toBe('The configuration');
    expect(describePath('configUrl', draft)).toBe('Config URL');
    expect(fieldId({ field: 'configUrl' }, draft)).toBe('settings-configUrl');
    expect(fieldId({ network: 0, mapping: 1, field: 'external' }, draft)).toBe(
      `${draft.networks[0]!.mappings[1]!.key}-external`,
    );
    expect(fieldId({ network: 5, field: 'name' }, draft)).toBeNull();
    expect(fieldMessage('"https://x" is already claimed by networks[0].mappings[0].external', draft)).toBe(
      '"https://x" is already claimed by Network “Home” › Mapping “Jellyfin” › External URL',
    );
    expect(fieldMessage('is empty; give a URL', draft)).toBe('Is empty; give a URL');
  });
});
