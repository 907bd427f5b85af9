// Validation issues ↔ the options page's form fields, and paths and messages in words.
import { describe, expect, it } from 'vitest';
import { draftFromConfig } from '../../../src/core/config-draft';
import {
  describePath,
  fieldForPath,
  fieldId,
  fieldMessage,
  fieldPath,
  groupIssues,
} from '../../../src/core/draft-fields';
import { draftTestConfig as config } from '../support/draft-config';

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
