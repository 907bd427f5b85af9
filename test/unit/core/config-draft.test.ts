// The draft ↔ config conversions of the options page's form.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config-validate';
import { configFromDraft, draftFromConfig, parseTimeout } from '../../../src/core/config-draft';
import { updateMapping, updateNetwork } from '../../../src/core/draft-edits';
import { draftTestConfig as config } from '../support/draft-config';

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
});
