import { describe, expect, it } from 'vitest';
import { badgeFor, BADGE_COLORS } from '../../src/core/badge';
import { EMPTY_CONFIG } from '../../src/core/config-schema';
import type { HairpinState, NetworkState } from '../../src/core/messages';

function state(networks: Partial<NetworkState>[], extra: Partial<HairpinState> = {}): HairpinState {
  return {
    config: EMPTY_CONFIG,
    configStore: 'sync',
    storageProblem: null,
    sync: null,
    hostAccess: true,
    lastSwitch: null,
    configFetch: null,
    secureConsent: [],
    networks: networks.map((network, i) => ({
      name: `Net ${i}`,
      mode: 'auto',
      verdict: null,
      location: 'unknown',
      ...network,
    })),
    ...extra,
  };
}

describe('badgeFor', () => {
  it('shows nothing without networks', () => {
    expect(badgeFor(state([]))).toEqual({ text: '', color: BADGE_COLORS.unknown, title: 'Hairpin: not configured' });
    expect(badgeFor(state([], { hostAccess: false })).text).toBe('');
  });

  it('shows H at home, A away and ? before the first check', () => {
    expect(badgeFor(state([{ name: 'Home', location: 'home' }]))).toEqual({
      text: 'H',
      color: '#1a7f37',
      title: 'Hairpin\nHome: Home',
    });
    expect(badgeFor(state([{ name: 'Home', location: 'away' }]))).toEqual({
      text: 'A',
      color: '#0969da',
      title: 'Hairpin\nHome: Away',
    });
    expect(badgeFor(state([{ name: 'Home', location: 'unknown' }]))).toEqual({
      text: '?',
      color: '#6e7781',
      title: 'Hairpin\nHome: not checked yet',
    });
  });

  it('marks a forced mode with "!"', () => {
    expect(badgeFor(state([{ name: 'Home', mode: 'home', location: 'home' }]))).toEqual({
      text: 'H!',
      color: BADGE_COLORS.home,
      title: 'Hairpin\nHome: Home (forced)',
    });
    expect(badgeFor(state([{ name: 'Home', mode: 'away', location: 'away' }]))).toEqual({
      text: 'A!',
      color: BADGE_COLORS.away,
      title: 'Hairpin\nHome: Away (forced)',
    });
  });

  it('takes letter and colour from the first network and lists every network in the title', () => {
    const badge = badgeFor(
      state([
        { name: 'Home', location: 'away' },
        { name: 'Office', mode: 'home', location: 'home' },
        { name: 'Cabin', location: 'unknown' },
      ]),
    );
    expect(badge).toEqual({
      text: 'A',
      color: BADGE_COLORS.away,
      title: 'Hairpin\nHome: Away\nOffice: Home (forced)\nCabin: not checked yet',
    });
  });

  it('warns when site access is withheld, whatever the location', () => {
    expect(badgeFor(state([{ name: 'Home', mode: 'home', location: 'home' }], { hostAccess: false }))).toEqual({
      text: '!',
      color: BADGE_COLORS.problem,
      title: 'Hairpin: site access is withheld, redirects cannot work',
    });
  });
});
