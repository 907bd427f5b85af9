// Hairpin's mark beside a page's title: the drawing of assets/icon.svg, which the toolbar PNGs are
// rendered from (test/components/hairpin-mark.test.tsx keeps the two the same), drawn inline. Not
// an <img>: an image is one more file the page waits for before its load event, and Chromium shows
// the toolbar popup only after that event. Nor markup set as HTML (addons.mozilla.org flags that).
export function HairpinMark({ size }: { size: number }) {
  return (
    <svg class="hairpin-mark" width={size} height={size} viewBox="0 0 128 128" aria-hidden="true" focusable="false">
      <rect x="4" y="4" width="120" height="120" rx="28" fill="#1f6feb" />
      <path d="M40 100 V52 a24 24 0 0 1 48 0 V84" fill="none" stroke="#fff" stroke-width="14" stroke-linecap="round" />
      <path
        d="M70 76 L88 100 L106 76"
        fill="none"
        stroke="#fff"
        stroke-width="14"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
