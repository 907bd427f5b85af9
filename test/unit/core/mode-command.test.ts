import { describe, expect, it } from 'vitest';
import { cycleFirstNetwork } from '../../../src/core/mode-command';
import type { NetworkState } from '../../../src/core/messages';

const network = (name: string, mode: NetworkState['mode']): NetworkState => ({
  name,
  mode,
  pinned: false,
  verdict: null,
  location: 'unknown',
});

describe('cycleFirstNetwork', () => {
  it('moves the first network Auto → Home → Away → Auto', () => {
    expect(cycleFirstNetwork([network('A', 'auto'), network('B', 'away')])).toEqual({ network: 'A', mode: 'home' });
    expect(cycleFirstNetwork([network('A', 'home')])).toEqual({ network: 'A', mode: 'away' });
    expect(cycleFirstNetwork([network('A', 'away')])).toEqual({ network: 'A', mode: 'auto' });
  });

  it('does nothing without networks', () => {
    expect(cycleFirstNetwork([])).toBeNull();
  });
});
