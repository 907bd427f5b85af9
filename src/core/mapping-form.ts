// The popup editor's form for one mapping, as typed: this tab's side (its origin, fixed, plus
// a path prefix), the other address, a name, the network. Made from a proposal (a new mapping)
// or from the mapping the tab is on, and turned back into a mapping for the validator. Pure.
import type { Mapping } from './config-schema';
import { matchSide, originOf, parseSide, urlOnSide } from './side';
import type { SiteProposal } from './site-proposal';
import type { MappingMatch, SideName } from './url-mapping';

export interface MappingForm {
  /** Which side of the mapping this tab's address is. */
  thisSide: SideName;
  /** This tab's origin, `scheme://host[:port]`: not editable (it is where the user is). */
  origin: string;
  /** As typed; '' for none. */
  prefix: string;
  /** The other address, as typed. */
  other: string;
  name: string;
  /** Index of the network in the config. */
  network: number;
}

export function formFromProposal(proposal: SiteProposal): MappingForm {
  return { thisSide: proposal.side, origin: proposal.origin, prefix: '', other: '', name: proposal.name, network: 0 };
}

export function formFromMatch(match: MappingMatch, network: number): MappingForm {
  const here = match.side === 'external' ? match.external : match.internal;
  return {
    thisSide: match.side,
    origin: originOf(here),
    prefix: here.prefix,
    other: match.mapping[match.side === 'external' ? 'internal' : 'external'],
    name: match.mapping.name,
    network,
  };
}

export function otherSideOf(side: SideName): SideName {
  return side === 'external' ? 'internal' : 'external';
}

/** `jellyfin`, `/jellyfin/` → `/jellyfin`; '' stays ''. The validator judges the rest. */
export function normalizePrefix(text: string): string {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** This tab's side as a URL: its origin and the prefix. */
export function thisSideUrl(form: MappingForm): string {
  return form.origin + normalizePrefix(form.prefix);
}

/**
 * The mapping the form stands for; `base` is the mapping being edited, whose other fields
 * (cookie domain, keep login, enabled) are kept.
 */
export function mappingFromForm(form: MappingForm, base?: Mapping): Mapping {
  const here = thisSideUrl(form);
  const other = form.other.trim();
  return {
    ...base,
    name: form.name,
    external: form.thisSide === 'external' ? here : other,
    internal: form.thisSide === 'internal' ? here : other,
  };
}

/** The same place as `url` (a page under this side) on the other side, or null. */
export function samePageElsewhere(url: string, mapping: Mapping, from: SideName): string | null {
  const source = parseSide(mapping[from]);
  const target = parseSide(mapping[otherSideOf(from)]);
  if (!source.ok || !target.ok) return null;
  const matched = matchSide(source.side, url);
  return matched ? urlOnSide(target.side, matched.rest) : null;
}
