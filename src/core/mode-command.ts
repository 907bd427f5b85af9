// The keyboard shortcut's decision: which network changes to which mode. Pure.
import type { NetworkState } from './messages';
import { nextMode, type Mode } from './verdict';

/** The first network moves to its next mode (Auto → Home → Away → Auto); null when none exists. */
export function cycleFirstNetwork(networks: readonly NetworkState[]): { network: string; mode: Mode } | null {
  const first = networks[0];
  return first ? { network: first.name, mode: nextMode(first.mode) } : null;
}
