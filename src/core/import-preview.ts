// What importing a dashboard file would do: one row per service (the mapping it gives, the
// mapping that already exists, or why no pair could be formed), then, for the rows the user
// ticks, the merged configuration checked by the one validator with its errors put back on
// the rows they concern. Pure.
import { LIMITS, type Config, type Mapping } from './config-schema';
import { formatIssue, validateConfig } from './config-validate';
import { dashyEntries, looksLikeDashy, type DashboardEntries } from './dashy-entries';
import { homepageEntries, looksLikeHomepage } from './homepage-entries';
import { findExisting, mergeMappings, pairKey } from './import-merge';
import { pairService, sidesOf, type DashboardService } from './service-pairing';
import { shownUrl } from './dashboard-address';
import { isRecord } from './is-record';
import { loadYaml } from './yaml-load';

export type DashboardFormat = 'dashy' | 'homepage';

export const FORMAT_NAMES: Record<DashboardFormat, string> = {
  dashy: 'Dashy conf.yml',
  homepage: 'Homepage services.yaml',
};

export type RowState =
  /** A new mapping, ticked to start with. */
  | 'new'
  /** The same two sides are mapped already. */
  | 'exists'
  /** Another row of the file gives the same two sides. */
  | 'duplicate'
  /** No external/internal pair could be formed. */
  | 'unpaired';

export interface PreviewRow {
  key: number;
  name: string;
  group: string;
  /** Every URL the file gives for the service, `field` as the format names it. */
  urls: { field: string; text: string }[];
  state: RowState;
  /** The mapping it would add (for `new`, `exists` and `duplicate`). */
  mapping: Mapping | null;
  /** Which fields gave the two sides. */
  fields: { external: string; internal: string } | null;
  /** Why it is not new: no pair, or where the mapping already is. */
  reason: string | null;
}

export type DashboardPreview =
  { ok: true; format: DashboardFormat; rows: PreviewRow[]; notes: string[] } | { ok: false; message: string };

const NEITHER =
  'it is neither a Dashy conf.yml (an object with "sections") nor a Homepage services.yaml (a list of groups such as "- Media:")';

/** Reads a dashboard file against `config` (for the mappings that already exist). */
export function previewDashboard(text: string, config: Config): DashboardPreview {
  const loaded = loadYaml(text);
  if (!loaded.ok) return loaded;
  const doc = loaded.value;
  let format: DashboardFormat;
  let entries: DashboardEntries;
  if (looksLikeDashy(doc)) {
    format = 'dashy';
    entries = dashyEntries(doc);
  } else if (looksLikeHomepage(doc)) {
    format = 'homepage';
    entries = homepageEntries(doc);
  } else {
    return {
      ok: false,
      message: isRecord(doc) && isRecord(doc.pageInfo) ? 'it is a Dashy file without "sections"' : NEITHER,
    };
  }
  if (entries.services.length === 0) {
    return { ok: false, message: `it is a ${FORMAT_NAMES[format]} with no services in it` };
  }
  return { ok: true, format, rows: rowsOf(entries.services, format, config), notes: entries.notes };
}

function rowsOf(services: DashboardService[], format: DashboardFormat, config: Config): PreviewRow[] {
  const hint = format === 'dashy' ? 'statusCheckUrl' : 'siteMonitor';
  const pairings = services.map((service) => pairService(service, hint));
  const pairs = pairings.flatMap((pairing) => (pairing.ok ? [pairing] : []));
  const sides = sidesOf(pairs);
  const seen = new Map<string, string>();
  let next = 0;
  return services.map((service, key) => {
    const pairing = pairings[key]!;
    const base = {
      key,
      name: service.name,
      group: service.group,
      urls: service.urls.map(({ field, text }) => ({ field, text: shownUrl(text) })),
    };
    if (!pairing.ok) return { ...base, state: 'unpaired', mapping: null, fields: null, reason: pairing.reason };
    const mapping: Mapping = { name: clip(service.name), ...sides[next++]! };
    const fields = pairing.fields;
    const existing = findExisting(config, mapping);
    if (existing) {
      const reason = `already mapped as “${existing.mapping.name}” in ${existing.network}`;
      return { ...base, state: 'exists', mapping, fields, reason };
    }
    const key2 = pairKey(mapping) ?? `${mapping.external} ${mapping.internal}`;
    const earlier = seen.get(key2);
    if (earlier !== undefined) {
      return { ...base, state: 'duplicate', mapping, fields, reason: `the same two addresses as “${earlier}” above` };
    }
    seen.set(key2, service.name);
    return { ...base, state: 'new', mapping, fields, reason: null };
  });
}

function clip(name: string): string {
  return name.length > LIMITS.name ? `${name.slice(0, LIMITS.name - 1)}…` : name;
}

export interface SelectionCheck {
  /** The merged configuration when it is valid, else null. */
  config: Config | null;
  /** Mappings the merge adds. */
  added: number;
  /** The validator's errors on each ticked row, said with names instead of paths. */
  rowErrors: Map<number, string[]>;
  /** Errors that concern no single row (the rule limit). */
  general: string[];
}

/** Merges the ticked new rows into network `networkIndex` and validates the result. */
export function checkSelection(
  config: Config,
  networkIndex: number,
  rows: readonly PreviewRow[],
  ticked: ReadonlySet<number>,
): SelectionCheck {
  const chosen = rows.filter((row) => row.state === 'new' && row.mapping && ticked.has(row.key));
  const merged = mergeMappings(
    config,
    networkIndex,
    chosen.map((row) => row.mapping!),
  );
  const rowAt = new Map<number, PreviewRow>();
  merged.placed.forEach((index, i) => index !== null && rowAt.set(index, chosen[i]!));
  const result = validateConfig(merged.config);
  const added = merged.placed.filter((index) => index !== null).length;
  if (result.ok) return { config: result.config, added, rowErrors: new Map(), general: [] };

  const name = (n: number, m: number) => {
    const row = n === networkIndex ? rowAt.get(m) : undefined;
    if (row) return `“${row.name}” (imported)`;
    const network = merged.config.networks[n];
    const mapping = network?.mappings[m];
    return mapping && network ? `“${mapping.name}” in ${network.name}` : `networks[${n}].mappings[${m}]`;
  };
  const named = (message: string) =>
    message.replace(
      /networks\[(\d+)\]\.mappings\[(\d+)\](?:\.(external|internal))?/g,
      (_all, n: string, m: string, side?: string) =>
        side ? `the ${side} side of ${name(Number(n), Number(m))}` : name(Number(n), Number(m)),
    );
  const rowErrors = new Map<number, string[]>();
  const general: string[] = [];
  for (const issue of result.errors) {
    const at = /^networks\[(\d+)\]\.mappings\[(\d+)\](?:\.(\w+))?/.exec(issue.path);
    const row = at && Number(at[1]) === networkIndex ? rowAt.get(Number(at[2])) : undefined;
    if (row) {
      const field = at?.[3] ? `${at[3]}: ` : '';
      rowErrors.set(row.key, [...(rowErrors.get(row.key) ?? []), `${field}${named(issue.message)}`]);
      continue;
    }
    // An error on a mapping already there (in a network checked after this one) that names a
    // ticked row: it belongs to that row too.
    const mentioned = [...formatIssue(issue).matchAll(/networks\[(\d+)\]\.mappings\[(\d+)\]/g)]
      .map((match) => (Number(match[1]) === networkIndex ? rowAt.get(Number(match[2])) : undefined))
      .find((each) => each !== undefined);
    if (mentioned) rowErrors.set(mentioned.key, [...(rowErrors.get(mentioned.key) ?? []), named(formatIssue(issue))]);
    else general.push(named(formatIssue(issue)));
  }
  return { config: null, added, rowErrors, general };
}
