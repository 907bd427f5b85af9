// What the toolbar shows at a glance, derived from the state. Pure.
import type { HairpinState } from './messages';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

export const BADGE_COLORS = { home: '#1a7f37', away: '#0969da', unknown: '#6e7781', problem: '#cf222e' } as const;

/**
 * The first network decides the letter (H / A / ?); a trailing "!" marks a forced mode, so a
 * user who forced Home last week sees at once that Hairpin is not following the probe.
 */
export function badgeFor(state: HairpinState): Badge {
  const first = state.networks[0];
  if (!first) return { text: '', color: BADGE_COLORS.unknown, title: 'Hairpin: not configured' };
  if (!state.hostAccess) {
    return { text: '!', color: BADGE_COLORS.problem, title: 'Hairpin: site access is withheld, redirects cannot work' };
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
  };
}
