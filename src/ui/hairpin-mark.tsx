// Hairpin's mark beside a page's title, drawn inline from the icon's source (the toolbar PNGs are
// rendered from the same file). Not an <img>: an image is one more file the page waits for before
// its load event, and Chromium shows the toolbar popup only after that event.
import markup from '../../assets/icon.svg?raw';

export function HairpinMark({ size }: { size: number }) {
  return (
    <span
      class="hairpin-mark"
      style={{ width: `${size}px`, height: `${size}px` }}
      aria-hidden="true"
      dangerouslySetInnerHTML={{ __html: markup }}
    />
  );
}
