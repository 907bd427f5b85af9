// In place of an "Allow" button where the browser cannot ask from Hairpin's pages (Firefox for
// Android): where the user turns the access on instead.
import { GRANT_ACCESS_PATH } from '../core/grant-access';

export function GrantElsewhere({ what }: { what: string }) {
  return (
    <p class="notice-detail grant-elsewhere">
      To allow {what}, open <strong>{GRANT_ACCESS_PATH}</strong> in the browser and turn it on.
    </p>
  );
}
