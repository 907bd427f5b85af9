// What a narrow, touch-screen layout must hold, measured in the page itself (the same script in
// Chromium through Playwright and in Firefox through WebDriver BiDi): no horizontal scroll, and
// every visible control at least 44 × 44 CSS px to touch (WCAG 2.5.5; a checkbox or file input
// counts with its label, and a link inside a sentence is exempt, as WCAG exempts inline links).

export const MIN_TARGET_PX = 44;

export interface LayoutReport {
  scrollWidth: number;
  clientWidth: number;
  /** How many controls were measured (so a test can tell it measured something). */
  controls: number;
  /** Controls smaller than MIN_TARGET_PX in either direction. */
  small: { control: string; width: number; height: number }[];
  /** Elements whose right edge is past the viewport (what makes it scroll sideways). */
  overflowing: string[];
}

/** A self-contained function expression: evaluate `(${MEASURE_LAYOUT})()` in the page. */
export const MEASURE_LAYOUT = `() => {
  const MIN = ${MIN_TARGET_PX};
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const describe = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.getAttribute('type') || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + text + '"';
  };
  const inlineLink = (el) => {
    if (el.tagName !== 'A') return false;
    const block = el.parentElement;
    return !!block && block.textContent.trim().length > el.textContent.trim().length + 1 && getComputedStyle(el).display === 'inline';
  };
  const controls = [...document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=radio], [role=tab]')];
  const small = [];
  let measured = 0;
  for (const el of controls) {
    const label = el.closest('label') || (el.id ? document.querySelector('label[for="' + el.id + '"]') : null);
    const target = label && (el.type === 'checkbox' || el.type === 'radio' || el.type === 'file') ? label : el;
    if (!visible(target) || inlineLink(el)) continue;
    measured += 1;
    const box = target.getBoundingClientRect();
    if (box.width < MIN - 0.5 || box.height < MIN - 0.5) small.push({ control: describe(el), width: Math.round(box.width), height: Math.round(box.height) });
  }
  const root = document.documentElement;
  const overflowing = [...document.body.querySelectorAll('*')]
    .filter((el) => visible(el) && el.getBoundingClientRect().right > root.clientWidth + 0.5)
    .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= root.clientWidth + 0.5)
    .slice(0, 10)
    .map(describe);
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, controls: measured, small, overflowing };
}`;
