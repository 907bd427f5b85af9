// Hairpin's mark as the pages draw it (src/ui/hairpin-mark.tsx) is the drawing of assets/icon.svg,
// the source of the toolbar PNGs: the same shapes with the same attributes, in the same order.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/preact';
import { HairpinMark } from '../../src/ui/hairpin-mark';

afterEach(cleanup);

/** Each shape of an <svg> as its tag and attributes, comments and whitespace left out. */
function shapes(svg: Element): Array<{ tag: string; attributes: Record<string, string> }> {
  return [...svg.children].map((shape) => ({
    tag: shape.tagName.toLowerCase(),
    attributes: Object.fromEntries([...shape.attributes].map((attribute) => [attribute.name, attribute.value])),
  }));
}

describe('HairpinMark', () => {
  const source = new DOMParser().parseFromString(readFileSync('assets/icon.svg', 'utf8'), 'image/svg+xml');
  const icon = source.querySelector('svg')!;

  it('draws the shapes of assets/icon.svg, on its view box', () => {
    const { container } = render(<HairpinMark size={20} />);
    const mark = container.querySelector('svg')!;
    expect(shapes(icon).length).toBeGreaterThan(1);
    expect(shapes(mark)).toEqual(shapes(icon));
    expect(mark.getAttribute('viewBox')).toBe(icon.getAttribute('viewBox'));
  });

  it('is the size asked and hidden from screen readers (the title beside it says Hairpin)', () => {
    const { container } = render(<HairpinMark size={24} />);
    const mark = container.querySelector('svg')!;
    expect([mark.getAttribute('width'), mark.getAttribute('height')]).toEqual(['24', '24']);
    expect(mark.getAttribute('aria-hidden')).toBe('true');
  });
});
