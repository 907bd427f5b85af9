// What the network and mapping editors may do to the draft, handed down from the options view.
import type { Draft, DraftMapping, DraftNetwork } from '../core/config-draft';

export interface EditorApi {
  draft: Draft;
  /** Messages to show next to a field (none while a freshly added field is untouched). */
  errorsFor(path: string, rowKey: string, field: string): string[];
  touch(rowKey: string, field: string): void;
  changeNetwork(networkKey: string, patch: Partial<DraftNetwork>, field: string): void;
  changeMapping(networkKey: string, mappingKey: string, patch: Partial<DraftMapping>, field: string): void;
  addMapping(networkKey: string): void;
  removeMapping(networkKey: string, mappingKey: string): void;
  removeNetwork(networkKey: string): void;
}
