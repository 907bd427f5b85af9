// How the pages name an item that waits for approval in this browser (core/approval.ts): what it
// is and which hosts it involves. Pure, and small: the popup's entry carries it for the cookie
// access notice, while the pending notice itself loads on demand.
import type { PendingApproval } from './approval';

/** One line per item: what it is and which hosts it involves. */
export function describePending(item: PendingApproval): string {
  switch (item.kind) {
    case 'mapping':
      return `“${item.name}”: ${item.external} ↔ ${item.internal} (network “${item.network}”)${item.keepLogin ? ', keeping its login across the two' : ''}`;
    case 'keepLogin':
      return `Keep login for “${item.name}”: copy its cookies between ${item.external} and ${item.internal}`;
    case 'probe':
      return `Network “${item.network}” checks whether you are home at ${item.url}${item.replaces ? ` (instead of ${item.replaces})` : ''}`;
    case 'configUrl':
      return `Follow the config file at ${item.url}${item.replaces ? ` (instead of ${item.replaces})` : ''}`;
  }
}
