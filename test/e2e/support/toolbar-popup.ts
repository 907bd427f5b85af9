// The real toolbar popup (Chromium's bubble, Firefox desktop's panel), read from one of Hairpin's
// own pages through extension.getViews: both browsers size it to the page, starting small, so a
// layout whose width follows the viewport stays at the starting width (158 px in Chromium, 10 px
// in Firefox, before the narrow layout's max-width was kept to touch screens).
import { waitFor } from './poll';

/** The popup layout's width. */
export const POPUP_WIDTH = 360;

export interface ToolbarPopup {
  open: boolean;
  /** The first-run or the state view is drawn (not only the header). */
  drawn: boolean;
  width: number;
  bodyWidth: number;
  scrollWidth: number;
}

/** An expression, for an extension page, of what the open popup shows (`api`: chrome or browser). */
export function toolbarPopupExpression(api: 'chrome' | 'browser'): string {
  return `(() => {
    const view = ${api}.extension.getViews({ type: 'popup' })[0];
    if (!view) return { open: false, drawn: false, width: 0, bodyWidth: 0, scrollWidth: 0 };
    return {
      open: true,
      drawn: view.document.querySelector('.networks, .first-run') !== null,
      width: view.innerWidth,
      bodyWidth: view.document.body.getBoundingClientRect().width,
      scrollWidth: view.document.documentElement.scrollWidth,
    };
  })()`;
}

/** An expression that closes the open popup. */
export function closeToolbarPopupExpression(api: 'chrome' | 'browser'): string {
  return `${api}.extension.getViews({ type: 'popup' })[0]?.close()`;
}

/** Waits until the popup just opened is drawn at its layout's width; what it shows then. */
export async function untilDrawnAtLayoutWidth(read: () => Promise<ToolbarPopup>): Promise<ToolbarPopup> {
  let last: ToolbarPopup | null = null;
  await waitFor(
    async () => {
      last = await read();
      return last.drawn && last.width === POPUP_WIDTH;
    },
    { timeoutMs: 10_000, message: `the toolbar popup to be drawn ${POPUP_WIDTH} px wide` },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; popup: ${JSON.stringify(last)}`);
  });
  return last!;
}

/** Waits until no popup is open. */
export async function untilClosed(read: () => Promise<ToolbarPopup>): Promise<void> {
  await waitFor(async () => !(await read()).open, { message: 'the toolbar popup to close' });
}
