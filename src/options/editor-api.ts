// What the network and mapping editors may do to the draft, handed down from the options view.
import type { Draft, DraftMapping, DraftNetwork } from '../core/config-draft';
import type { CookieHints } from '../ui/cookie-hints-loader';

export interface EditorApi {
  draft: Draft;
  /** Messages to show next to a field (none while a freshly added field is untouched). */
  errorsFor: (path: string, rowKey: string, field: string) => string[];
  touch: (rowKey: string, field: string) => void;
  changeNetwork: (networkKey: string, patch: Partial<DraftNetwork>, field: string) => void;
  changeMapping: (networkKey: string, mappingKey: string, patch: Partial<DraftMapping>, field: string) => void;
  addMapping: (networkKey: string) => void;
  removeMapping: (networkKey: string, mappingKey: string) => void;
  removeNetwork: (networkKey: string) => void;
  /** Login hints (they need the public suffix list): null if they could not be loaded. */
  hints: CookieHints | null;
  /** Mappings (by external URL) whose Secure cookies may be copied onto their http side. */
  secureConsent: readonly string[];
  /** Records the user's (confirmed) choice in the background; rejects with a message. */
  setSecureConsent: (mapping: string, allowed: boolean) => Promise<void>;
}
