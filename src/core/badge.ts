// What the toolbar shows at a glance, derived from the state. Pure.
import type { HairpinState } from './messages';

export interface Badge {
  text: string;
  color: string;
  title: string;
  icon: ToolbarIcon;
}

/**
 * The toolbar icon variants (assets/icon-<state>.svg, rendered by scripts/render-icons.mjs).
 * `default` is the plain Hairpin icon, shown until the first probe has answered.
 */
export const TOOLBAR_ICONS = ['default', 'home', 'away', 'forced', 'unconfigured'] as const;
export type ToolbarIcon = (typeof TOOLBAR_ICONS)[number];

export const BADGE_COLORS = { home: '#1a7f37', away: '#0969da', unknown: '#6e7781', problem: '#cf222e' } as const;

/**
 * The first network decides the letter (H / A / ?); a trailing "!" marks a forced mode, so a
 * user who forced Home last week sees at once that Hairpin is not following the probe.
 */
export function badgeFor(state: HairpinState): Badge {
  const first = state.networks[0];
  const icon = toolbarIconFor(state);
  if (!first) return { text: '', color: BADGE_COLORS.unknown, title: 'Hairpin: not configured', icon };
  if (!state.hostAccess) {
    return {
      text: '!',
      color: BADGE_COLORS.problem,
      title: 'Hairpin: site access is withheld, redirects cannot work',
      icon,
    };
  }
  const forced = first.mode !== 'auto';
  const letter = first.location === 'home' ? 'H' : first.location === 'away' ? 'A' : '?';
  const lines = state.networks.map((network) => {
    const where = network.location === 'unknown' ? 'not checked yet' : network.location === 'home' ? 'Home' : 'Away';
    return `${network.name}: ${where}${network.mode === 'auto' ? '' : ' (forced)'}`;
  });
  return {
    text: forced ? `${letter}!` : letter,
    color: BADGE_COLORS[first.location],
    title: `Hairpin\n${lines.join('\n')}`,
    icon,
  };
}

/**
 * The icon follows the first network, like the badge letter, so that the two never disagree.
 * Withheld site access counts as not configured: Hairpin cannot act (the red "!" says why).
 * A forced mode wins over the location: it is the thing a user forgets they did.
 */
export function toolbarIconFor(state: HairpinState): ToolbarIcon {
  const first = state.networks[0];
  if (!first || !state.hostAccess) return 'unconfigured';
  if (first.mode !== 'auto') return 'forced';
  return first.location === 'unknown' ? 'default' : first.location;
}

/** The `action.setIcon` paths (from the extension root) of an icon variant. */
export function toolbarIconPaths(icon: ToolbarIcon): Record<16 | 32, string> {
  const name = icon === 'default' ? 'hairpin' : `state-${icon}`;
  return { 16: `/icons/${name}-16.png`, 32: `/icons/${name}-32.png` };
}
