// Immutable edits of the options page's draft.
import { describe, expect, it } from 'vitest';
import { draftFromConfig, emptyDraft, emptyMapping, unusedNetworkName } from '../../../src/core/config-draft';
import { addMapping, removeNetwork } from '../../../src/core/draft-edits';
import { draftTestConfig as config } from '../support/draft-config';

describe('draft edits', () => {
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
