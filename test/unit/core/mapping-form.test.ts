import { describe, expect, it } from 'vitest';
import {
  formFromMatch,
  formFromProposal,
  mappingFromForm,
  normalizePrefix,
  samePageElsewhere,
} from '../../../src/core/mapping-form';
import { proposeSite } from '../../../src/core/site-proposal';
import { findMapping } from '../../../src/core/url-mapping';
import { sampleConfig } from '../../support/hairpin-state';

describe('the popup’s mapping form', () => {
  it('makes a new mapping from a proposal, this tab on the proposed side', () => {
    const form = formFromProposal(proposeSite('http://192.168.1.40:8123/lovelace/0', 'Overview – Home Assistant')!);
    expect(form).toMatchObject({ thisSide: 'internal', origin: 'http://192.168.1.40:8123', name: 'Home Assistant' });
    expect(mappingFromForm({ ...form, other: ' https://ha.example.com ', prefix: 'lovelace/' })).toEqual({
      name: 'Home Assistant',
      external: 'https://ha.example.com',
      internal: 'http://192.168.1.40:8123/lovelace',
    });
  });

  it('edits the mapping the tab is on, keeping its other fields', () => {
    const config = sampleConfig();
    const match = findMapping(config, 'https://example.com/photos/album?x=1')!;
    const form = formFromMatch(match, 0);
    expect(form).toEqual({
      thisSide: 'external',
      origin: 'https://example.com',
      prefix: '/photos',
      other: 'http://192.168.1.30:2342',
      name: 'Photos',
      network: 0,
    });
    expect(mappingFromForm({ ...form, prefix: '/pictures', name: 'Pictures' }, match.mapping)).toEqual({
      name: 'Pictures',
      external: 'https://example.com/pictures',
      internal: 'http://192.168.1.30:2342',
      cookieDomain: 'example.com',
    });
  });

  it('normalises a typed prefix', () => {
    expect(normalizePrefix('')).toBe('');
    expect(normalizePrefix(' / ')).toBe('');
    expect(normalizePrefix('jellyfin')).toBe('/jellyfin');
    expect(normalizePrefix('/a/b//')).toBe('/a/b');
  });

  it('finds the same page on the other side, or nothing outside the side', () => {
    const mapping = { name: 'P', external: 'https://example.com/photos', internal: 'http://192.168.1.30:2342' };
    expect(samePageElsewhere('https://example.com/photos/a?b#c', mapping, 'external')).toBe(
      'http://192.168.1.30:2342/a?b#c',
    );
    expect(samePageElsewhere('http://192.168.1.30:2342/x', mapping, 'internal')).toBe('https://example.com/photos/x');
    expect(samePageElsewhere('https://example.com/other', mapping, 'external')).toBeNull();
  });
});
