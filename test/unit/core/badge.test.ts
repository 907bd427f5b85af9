import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { badgeFor, BADGE_COLORS, TOOLBAR_ICONS, toolbarIconFor, toolbarIconPaths } from '../../../src/core/badge';
import { EMPTY_CONFIG } from '../../../src/core/config-schema';
import type { HairpinState, NetworkState } from '../../../src/core/messages';
import { stateFor } from '../../support/hairpin-state';

/** Networks as the badge sees them (the config does not matter to it). */
function state(networks: Partial<NetworkState>[], extra: Partial<HairpinState> = {}): HairpinState {
  return stateFor(EMPTY_CONFIG, [], {
    networks: networks.map((network, i) => ({
      name: `Net ${i}`,
      mode: 'auto',
      pinned: false,
      verdict: null,
      location: 'unknown',
      ...network,
    })),
    ...extra,
  });
}

describe('badgeFor', () => {
  it('shows nothing without networks', () => {
    expect(badgeFor(state([]))).toEqual({
      text: '',
      color: BADGE_COLORS.unknown,
      title: 'Hairpin: not configured',
      icon: 'unconfigured',
    });
    expect(badgeFor(state([], { hostAccess: false })).text).toBe('');
  });

  it('shows H at home, A away and ? before the first check', () => {
    expect(badgeFor(state([{ name: 'Home', location: 'home' }]))).toEqual({
      text: 'H',
      color: '#1a7f37',
      title: 'Hairpin\nHome: Home',
      icon: 'home',
    });
    expect(badgeFor(state([{ name: 'Home', location: 'away' }]))).toEqual({
      text: 'A',
      color: '#0969da',
      title: 'Hairpin\nHome: Away',
      icon: 'away',
    });
    expect(badgeFor(state([{ name: 'Home', location: 'unknown' }]))).toEqual({
      text: '?',
      color: '#6e7781',
      title: 'Hairpin\nHome: not checked yet',
      icon: 'default',
    });
  });

  it('marks a forced mode with "!"', () => {
    expect(badgeFor(state([{ name: 'Home', mode: 'home', location: 'home' }]))).toEqual({
      text: 'H!',
      color: BADGE_COLORS.home,
      title: 'Hairpin\nHome: Home (forced)',
      icon: 'forced',
    });
    expect(badgeFor(state([{ name: 'Home', mode: 'away', location: 'away' }]))).toEqual({
      text: 'A!',
      color: BADGE_COLORS.away,
      title: 'Hairpin\nHome: Away (forced)',
      icon: 'forced',
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
      icon: 'away',
    });
  });

  it('warns when site access is withheld, whatever the location', () => {
    expect(badgeFor(state([{ name: 'Home', mode: 'home', location: 'home' }], { hostAccess: false }))).toEqual({
      text: '!',
      color: BADGE_COLORS.problem,
      title: 'Hairpin: site access is withheld, redirects cannot work',
      icon: 'unconfigured',
    });
  });
});

describe('toolbarIconFor', () => {
  it('gives each toolbar state its own icon', () => {
    expect(toolbarIconFor(state([]))).toBe('unconfigured');
    expect(toolbarIconFor(state([{ location: 'home' }]))).toBe('home');
    expect(toolbarIconFor(state([{ location: 'away' }]))).toBe('away');
    expect(toolbarIconFor(state([{ location: 'unknown' }]))).toBe('default');
  });

  it('shows a forced mode whatever the location, and withheld access as unconfigured', () => {
    expect(toolbarIconFor(state([{ mode: 'home', location: 'home' }]))).toBe('forced');
    expect(toolbarIconFor(state([{ mode: 'away', location: 'unknown' }]))).toBe('forced');
    expect(toolbarIconFor(state([{ mode: 'home', location: 'home' }], { hostAccess: false }))).toBe('unconfigured');
  });

  it('follows the first network only, like the badge letter', () => {
    expect(toolbarIconFor(state([{ location: 'home' }, { mode: 'away', location: 'away' }]))).toBe('home');
  });
});

describe('toolbarIconPaths', () => {
  it('names a 16 and a 32 px PNG from the extension root', () => {
    expect(toolbarIconPaths('home')).toEqual({ 16: '/icons/state-home-16.png', 32: '/icons/state-home-32.png' });
    expect(toolbarIconPaths('default')).toEqual({ 16: '/icons/hairpin-16.png', 32: '/icons/hairpin-32.png' });
  });

  it('names only icons that are rendered into public/ and have an SVG source', () => {
    for (const icon of TOOLBAR_ICONS) {
      for (const path of Object.values(toolbarIconPaths(icon))) expect(existsSync(`public${path}`), path).toBe(true);
      expect(existsSync(icon === 'default' ? 'assets/icon.svg' : `assets/icon-${icon}.svg`), icon).toBe(true);
    }
  });
});
