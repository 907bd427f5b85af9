// What this browser has approved. Browser sync, the config URL and the household sync file may
// bring anything into the configuration, but only what a click in this browser approved takes
// effect here: the engine compiles rules, probes, fetches the config URL and mirrors cookies for
// `approvedPart(config, record)` only. Approval is by content, not by name: a mapping is approved
// as its network and its two sides, so a sync that points an approved mapping's internal side at
// another host brings something new, which waits. Narrowing (removing or disabling a mapping,
// turning keepLogin off) needs no approval. The record lives in storage.local: never synced or
// exported.
import type { Config, Mapping, Network } from './config-schema';

export interface ApprovedProbe {
  network: string;
  url: string;
  expect?: string;
}

export interface ApprovalRecord {
  /** Mapping contents approved here (mappingKey). */
  mappings: string[];
  /** Mapping contents whose keepLogin was approved here (mappingKey). */
  keepLogin: string[];
  /** Per network, the probe last approved: it stays in effect while a changed one waits. */
  probes: ApprovedProbe[];
  /** The config URL last approved, or null. */
  configUrl: string | null;
  /** Pending items (PendingApproval.id) the user declined: still unapplied, no longer announced. */
  declined: string[];
}

export const EMPTY_APPROVALS: ApprovalRecord = {
  mappings: [],
  keepLogin: [],
  probes: [],
  configUrl: null,
  declined: [],
};

interface PendingBase {
  /** Names the content: approving an id approves exactly what the user was shown. */
  id: string;
  declined: boolean;
}

export type PendingApproval = PendingBase &
  (
    | {
        kind: 'mapping';
        network: string;
        name: string;
        external: string;
        internal: string;
        /** The mapping keeps its login: approving it approves that too. */
        keepLogin: boolean;
      }
    | { kind: 'keepLogin'; network: string; name: string; external: string; internal: string }
    | { kind: 'probe'; network: string; url: string; expect: string | null; replaces: string | null }
    | { kind: 'configUrl'; url: string; replaces: string | null }
  );

/** A pending item before it is marked declined or not. */
type Undeclined = PendingApproval extends infer T ? (T extends unknown ? Omit<T, 'declined'> : never) : never;

/** A mapping's content: its network and its two sides (each in canonical form, prefix included). */
export function mappingKey(network: string, mapping: Pick<Mapping, 'external' | 'internal'>): string {
  return JSON.stringify([network, mapping.external, mapping.internal]);
}

function probeId(network: Network): string {
  return `probe:${JSON.stringify([network.name, network.probe.url, network.probe.expect ?? null])}`;
}

function approvedProbe(record: ApprovalRecord, network: string): ApprovedProbe | undefined {
  return record.probes.find((probe) => probe.network === network);
}

function sameProbe(approved: ApprovedProbe | undefined, network: Network): boolean {
  return (
    approved !== undefined &&
    approved.url === network.probe.url &&
    (approved.expect ?? null) === (network.probe.expect ?? null)
  );
}

/**
 * The part of `config` this browser applies: networks whose probe (or, while a changed probe
 * waits, the last approved one) is approved, their approved mappings, keepLogin only where
 * approved, and the approved config URL (the last approved one while a changed one waits).
 */
export function approvedPart(config: Config, record: ApprovalRecord): Config {
  const mappings = new Set(record.mappings);
  const keepLogin = new Set(record.keepLogin);
  const networks: Network[] = [];
  for (const network of config.networks) {
    const probe = approvedProbe(record, network.name);
    if (!probe) continue;
    const applied: Mapping[] = [];
    for (const mapping of network.mappings) {
      const key = mappingKey(network.name, mapping);
      if (!mappings.has(key)) continue;
      const { keepLogin: wanted, ...rest } = mapping;
      applied.push(wanted && keepLogin.has(key) ? { ...rest, keepLogin: true } : rest);
    }
    const timeout = network.probe.timeoutMs === undefined ? {} : { timeoutMs: network.probe.timeoutMs };
    const expect = probe.expect === undefined ? {} : { expect: probe.expect };
    networks.push({ name: network.name, probe: { url: probe.url, ...expect, ...timeout }, mappings: applied });
  }
  const { configUrl: wantedUrl, ...rest } = config;
  const configUrl = wantedUrl === undefined ? null : record.configUrl;
  return { ...rest, networks, ...(configUrl === null ? {} : { configUrl }) };
}

/** What `config` holds that this browser has not approved, in the order of the config. */
export function pendingApproval(config: Config, record: ApprovalRecord): PendingApproval[] {
  const mappings = new Set(record.mappings);
  const keepLogin = new Set(record.keepLogin);
  const declined = new Set(record.declined);
  const pending: PendingApproval[] = [];
  const add = (item: Undeclined) => pending.push({ ...item, declined: declined.has(item.id) });
  if (config.configUrl !== undefined && config.configUrl !== record.configUrl) {
    add({ id: `configUrl:${config.configUrl}`, kind: 'configUrl', url: config.configUrl, replaces: record.configUrl });
  }
  for (const network of config.networks) {
    const probe = approvedProbe(record, network.name);
    if (!sameProbe(probe, network)) {
      add({
        id: probeId(network),
        kind: 'probe',
        network: network.name,
        url: network.probe.url,
        expect: network.probe.expect ?? null,
        replaces: probe?.url ?? null,
      });
    }
    for (const mapping of network.mappings) {
      const key = mappingKey(network.name, mapping);
      const sides = {
        network: network.name,
        name: mapping.name,
        external: mapping.external,
        internal: mapping.internal,
      };
      if (!mappings.has(key)) {
        add({ id: `mapping:${key}`, kind: 'mapping', ...sides, keepLogin: mapping.keepLogin === true });
      } else if (mapping.keepLogin && !keepLogin.has(key)) {
        add({ id: `keepLogin:${key}`, kind: 'keepLogin', ...sides });
      }
    }
  }
  return pending;
}

/** The record after approving the pending items named by `ids` (ids no longer pending do nothing). */
export function approve(config: Config, record: ApprovalRecord, ids: readonly string[]): ApprovalRecord {
  const wanted = new Set(ids);
  const next = copy(record);
  for (const network of config.networks) {
    if (wanted.has(probeId(network))) setProbe(next, network);
    for (const mapping of network.mappings) {
      const key = mappingKey(network.name, mapping);
      if (wanted.has(`mapping:${key}`)) {
        addOnce(next.mappings, key);
        if (mapping.keepLogin) addOnce(next.keepLogin, key);
      }
      if (wanted.has(`keepLogin:${key}`)) addOnce(next.keepLogin, key);
    }
  }
  if (config.configUrl !== undefined && wanted.has(`configUrl:${config.configUrl}`)) next.configUrl = config.configUrl;
  next.declined = next.declined.filter((id) => !wanted.has(id));
  return next;
}

/** The record after declining `ids`: they stay unapplied and are no longer announced. */
export function decline(record: ApprovalRecord, ids: readonly string[]): ApprovalRecord {
  const next = copy(record);
  for (const id of ids) addOnce(next.declined, id);
  return next;
}

/**
 * The record after a save made in this browser (an edit, an import, the wizard, an undo): what
 * `after` adds or changes over `before` is approved; what was already waiting in `before` still
 * waits. Approvals of content `after` no longer holds are dropped, so content deleted here and
 * brought back from elsewhere waits again.
 */
export function approveLocalSave(record: ApprovalRecord, before: Config, after: Config): ApprovalRecord {
  const next = copy(record);
  const approvedBefore = approvedPart(before, record);
  const live = new Set<string>();
  for (const network of after.networks) {
    // A probe (url, token) is this save's if no network had it before, or it was approved there
    // (a network renamed here keeps its approved probe); one still waiting keeps waiting.
    const probeBefore = before.networks.filter((candidate) => sameProbe({ network: '', ...candidate.probe }, network));
    const probeApproved = approvedBefore.networks.some((candidate) =>
      sameProbe({ network: '', ...candidate.probe }, network),
    );
    if (probeBefore.length === 0 || probeApproved) setProbe(next, network);
    for (const mapping of network.mappings) {
      const key = mappingKey(network.name, mapping);
      live.add(key);
      // The same for a mapping's two sides (moved to another network here: still approved).
      const was = mappingsWithSides(before, mapping);
      const wasApproved = mappingsWithSides(approvedBefore, mapping);
      if (was.length === 0 || wasApproved.length > 0) addOnce(next.mappings, key);
      if (mapping.keepLogin) {
        const kept = was.some((other) => other.keepLogin);
        const keptApproved = wasApproved.some((other) => other.keepLogin);
        if (!kept || keptApproved) addOnce(next.keepLogin, key);
      }
    }
  }
  next.mappings = next.mappings.filter((key) => live.has(key));
  next.keepLogin = next.keepLogin.filter((key) => live.has(key));
  next.probes = next.probes.filter((probe) => after.networks.some((network) => network.name === probe.network));
  if (after.configUrl === undefined) next.configUrl = null;
  else if (after.configUrl !== before.configUrl) next.configUrl = after.configUrl;
  const stillPending = new Set(pendingApproval(after, next).map((item) => item.id));
  next.declined = next.declined.filter((id) => stillPending.has(id));
  return next;
}

function mappingsWithSides(config: Config, mapping: Pick<Mapping, 'external' | 'internal'>): Mapping[] {
  return config.networks.flatMap((network) =>
    network.mappings.filter(
      (candidate) => candidate.external === mapping.external && candidate.internal === mapping.internal,
    ),
  );
}

/** Everything in `config` approved: a storage update (what was in effect stays in effect). */
export function approveAll(config: Config): ApprovalRecord {
  return approve(
    config,
    EMPTY_APPROVALS,
    pendingApproval(config, EMPTY_APPROVALS).map((item) => item.id),
  );
}

/** A stored record, or the empty one (approves nothing) when it is missing or malformed. */
export function readApprovals(stored: unknown): ApprovalRecord {
  if (!stored || typeof stored !== 'object') return copy(EMPTY_APPROVALS);
  const raw = stored as Record<string, unknown>;
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  const probes = Array.isArray(raw.probes)
    ? raw.probes.flatMap((probe: unknown): ApprovedProbe[] => {
        if (!probe || typeof probe !== 'object') return [];
        const { network, url, expect } = probe as Record<string, unknown>;
        if (typeof network !== 'string' || typeof url !== 'string') return [];
        return [typeof expect === 'string' ? { network, url, expect } : { network, url }];
      })
    : [];
  return {
    mappings: strings(raw.mappings),
    keepLogin: strings(raw.keepLogin),
    probes,
    configUrl: typeof raw.configUrl === 'string' ? raw.configUrl : null,
    declined: strings(raw.declined),
  };
}

function setProbe(record: ApprovalRecord, network: Network): void {
  const probe: ApprovedProbe = { network: network.name, url: network.probe.url };
  if (network.probe.expect !== undefined) probe.expect = network.probe.expect;
  record.probes = [...record.probes.filter((candidate) => candidate.network !== network.name), probe];
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

function copy(record: ApprovalRecord): ApprovalRecord {
  return {
    mappings: [...record.mappings],
    keepLogin: [...record.keepLogin],
    probes: record.probes.map((probe) => ({ ...probe })),
    configUrl: record.configUrl,
    declined: [...record.declined],
  };
}
