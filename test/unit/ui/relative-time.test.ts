import { describe, expect, it } from 'vitest';
import { formatRelative } from '../../../src/ui/relative-time';

describe('formatRelative', () => {
  const now = 1_000_000_000;
  it.each([
    [0, 'just now'],
    [1_999, 'just now'],
    [-5_000, 'just now'],
    [2_000, '2 s ago'],
    [12_400, '12 s ago'],
    [59_999, '59 s ago'],
    [60_000, '1 min ago'],
    [59 * 60_000, '59 min ago'],
    [60 * 60_000, '1 h ago'],
    [23 * 3_600_000, '23 h ago'],
    [49 * 3_600_000, '2 d ago'],
  ])('%i ms ago reads "%s"', (ago, text) => {
    expect(formatRelative(now - ago, now)).toBe(text);
  });
});
