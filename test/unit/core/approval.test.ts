import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EMPTY_APPROVALS,
  approve,
  approveAll,
  approveLocalSave,
  approvedPart,
  decline,
  mappingKey,
  pendingApproval,
  readApprovals,
  type ApprovalRecord,
} from '../../../src/core/approval';
import { EMPTY_CONFIG, type Config } from '../../../src/core/config-schema';
import { compileRules } from '../../../src/core/rule-compiler';
import { mirrorPairs } from '../../../src/core/login-mirror';
import { homeConfig, sampleConfig } from '../../support/sample-config';

const EVIL = 'https://evil.example';

function withInternal(config: Config, internal: string): Config {
  const copy = structuredClone(config);
  copy.networks[0]!.mappings[0]!.internal = internal;
  return copy;
}

describe('approvedPart', () => {
  it('applies nothing of a config this browser never approved', () => {
    expect(approvedPart(sampleConfig(), EMPTY_APPROVALS).networks).toEqual([]);
    expect(pendingApproval(sampleConfig(), EMPTY_APPROVALS).map((item) => item.kind)).toEqual([
      'probe',
      'mapping',
      'mapping',
    ]);
  });

  it('applies everything approved, unchanged', () => {
    const config = { ...sampleConfig(), configUrl: 'https://home.example.com/hairpin.json' };
    const record = approveAll(config);
    expect(approvedPart(config, record)).toEqual(config);
    expect(pendingApproval(config, record)).toEqual([]);
  });

  it('a mapping whose internal side changed elsewhere is new: it waits, the rest stays applied', () => {
    const record = approveAll(sampleConfig());
    const synced = withInternal(sampleConfig(), EVIL);
    const applied = approvedPart(synced, record);
    expect(applied.networks[0]!.mappings.map((mapping) => mapping.name)).toEqual(['Photos']);
    expect(pendingApproval(synced, record)).toEqual([
      expect.objectContaining({ kind: 'mapping', name: 'Jellyfin', internal: EVIL, declined: false }),
    ]);
  });

  it('keeps the last approved probe in effect while a changed one waits', () => {
    const record = approveAll(sampleConfig());
    const synced = structuredClone(sampleConfig());
    synced.networks[0]!.probe = { url: 'http://203.0.113.9/hairpin', expect: 'attacker-token' };
    expect(approvedPart(synced, record).networks[0]!.probe).toEqual({
      url: 'http://192.168.1.10:8080/hairpin',
      expect: 'hairpin-7f3a',
    });
    expect(pendingApproval(synced, record)).toEqual([
      expect.objectContaining({
        kind: 'probe',
        url: 'http://203.0.113.9/hairpin',
        replaces: 'http://192.168.1.10:8080/hairpin',
      }),
    ]);
  });

  it('keeps the last approved config URL in effect while a changed one waits; a removed one is gone', () => {
    const approved = { ...sampleConfig(), configUrl: 'https://home.example.com/a.json' };
    const record = approveAll(approved);
    const changed = { ...approved, configUrl: 'https://evil.example/c.json' };
    expect(approvedPart(changed, record).configUrl).toBe('https://home.example.com/a.json');
    expect(pendingApproval(changed, record)).toEqual([
      expect.objectContaining({ kind: 'configUrl', url: 'https://evil.example/c.json' }),
    ]);
    expect(approvedPart(sampleConfig(), record).configUrl).toBeUndefined();
  });

  it('a keepLogin that arrives from elsewhere mirrors nothing until approved; narrowing needs nothing', () => {
    const config = homeConfig([{ name: 'Jellyfin', external: 'https://jellyfin.example.com' }]);
    const record = approveAll(config);
    const synced = homeConfig([{ name: 'Jellyfin', external: 'https://jellyfin.example.com', keepLogin: true }]);
    expect(mirrorPairs(approvedPart(synced, record))).toEqual([]);
    const pending = pendingApproval(synced, record);
    expect(pending).toEqual([expect.objectContaining({ kind: 'keepLogin', name: 'Jellyfin' })]);
    const allowed = approve(synced, record, [pending[0]!.id]);
    expect(mirrorPairs(approvedPart(synced, allowed))).toHaveLength(1);
    // Turned off elsewhere: off here at once.
    expect(mirrorPairs(approvedPart(config, allowed))).toEqual([]);
    const disabled = homeConfig([{ name: 'Jellyfin', external: 'https://jellyfin.example.com', enabled: false }]);
    expect(compileRules(approvedPart(disabled, allowed), { Home: 'home' })).toEqual([]);
  });

  it('approves only what the ids name: a config changed since the user looked approves nothing new', () => {
    const record = approveAll(sampleConfig());
    const first = withInternal(sampleConfig(), 'http://192.168.1.21:8096');
    const ids = pendingApproval(first, record).map((item) => item.id);
    const second = withInternal(sampleConfig(), EVIL);
    const after = approve(second, record, ids);
    expect(approvedPart(second, after).networks[0]!.mappings.map((mapping) => mapping.name)).toEqual(['Photos']);
  });

  it('a declined item stays unapplied and is marked declined; approving it later works', () => {
    const record = approveAll(sampleConfig());
    const synced = withInternal(sampleConfig(), EVIL);
    const [item] = pendingApproval(synced, record);
    const declined = decline(record, [item!.id]);
    expect(pendingApproval(synced, declined)).toEqual([expect.objectContaining({ id: item!.id, declined: true })]);
    expect(approvedPart(synced, declined).networks[0]!.mappings).toHaveLength(1);
    const allowed = approve(synced, declined, [item!.id]);
    expect(pendingApproval(synced, allowed)).toEqual([]);
    expect(allowed.declined).toEqual([]);
  });
});

describe('approveLocalSave', () => {
  it('a first config made here is approved whole', () => {
    const record = approveLocalSave(EMPTY_APPROVALS, EMPTY_CONFIG, sampleConfig());
    expect(pendingApproval(sampleConfig(), record)).toEqual([]);
  });

  it('approves what the save adds or changes, never what was already waiting', () => {
    const base = sampleConfig();
    const record = approveAll(base);
    const synced = withInternal(base, EVIL); // from sync: Jellyfin → evil waits
    const edited = structuredClone(synced);
    edited.networks[0]!.mappings.push({
      name: 'Sonarr',
      external: 'https://sonarr.example.com',
      internal: 'http://192.168.1.40',
    });
    edited.networks[0]!.mappings[1]!.name = 'Pictures';
    const after = approveLocalSave(record, synced, edited);
    expect(approvedPart(edited, after).networks[0]!.mappings.map((mapping) => mapping.name)).toEqual([
      'Pictures',
      'Sonarr',
    ]);
    expect(pendingApproval(edited, after).map((item) => item.kind === 'mapping' && item.internal)).toEqual([EVIL]);
  });

  it('a keepLogin ticked here is approved; one that was waiting still waits', () => {
    const base = homeConfig([{ name: 'A', external: 'https://a.example.com', internal: 'http://192.168.1.2' }]);
    const record = approveAll(base);
    const ticked = homeConfig([
      { name: 'A', external: 'https://a.example.com', internal: 'http://192.168.1.2', keepLogin: true },
    ]);
    expect(mirrorPairs(approvedPart(ticked, approveLocalSave(record, base, ticked)))).toHaveLength(1);
    const renamed = homeConfig([
      { name: 'B', external: 'https://a.example.com', internal: 'http://192.168.1.2', keepLogin: true },
    ]);
    expect(mirrorPairs(approvedPart(renamed, approveLocalSave(record, ticked, renamed)))).toEqual([]);
  });

  it('a network renamed here keeps its mappings and probe approved; a probe that was waiting keeps waiting', () => {
    const base = sampleConfig();
    const record = approveAll(base);
    const renamed = structuredClone(base);
    renamed.networks[0]!.name = 'House';
    expect(pendingApproval(renamed, approveLocalSave(record, base, renamed))).toEqual([]);
    const synced = structuredClone(base);
    synced.networks[0]!.probe = { url: 'http://192.168.1.99/hairpin', expect: 'other-token' };
    const edited = structuredClone(synced);
    edited.networks[0]!.mappings.pop();
    expect(pendingApproval(edited, approveLocalSave(record, synced, edited)).map((item) => item.kind)).toEqual([
      'probe',
    ]);
  });

  it('forgets approvals of content the save removed: brought back from elsewhere, it waits again', () => {
    const base = sampleConfig();
    const record = approveAll(base);
    const removed = structuredClone(base);
    removed.networks[0]!.mappings.shift();
    const after = approveLocalSave(record, base, removed);
    expect(pendingApproval(base, after).map((item) => item.kind === 'mapping' && item.name)).toEqual(['Jellyfin']);
  });
});

describe('readApprovals', () => {
  it('reads a stored record, and anything else as approving nothing', () => {
    const record = approveAll(sampleConfig());
    expect(readApprovals(JSON.parse(JSON.stringify(record)))).toEqual(record);
    for (const junk of [undefined, null, 'x', [], { mappings: 'x', probes: [null, { url: 1 }] }]) {
      expect(readApprovals(junk)).toEqual(EMPTY_APPROVALS);
    }
  });
});

// Arbitrary configs (not validated: the function must hold for whatever it is handed) and records
// drawn from the same small pools, so that they often approve some of what the config holds.
const networkName = fc.constantFrom('Home', 'Office', '__proto__');
const side = fc.constantFrom(
  'https://a.example.com',
  'http://192.168.1.20:8096',
  EVIL,
  'http://10.0.0.5/x',
  'https://b.example.org/p',
);
const probeUrl = fc.constantFrom('http://192.168.1.10/h', 'http://203.0.113.9/h', 'https://a.example.com/h');
const token = fc.option(fc.constantFrom('token-aaaaaaaa', 'token-bbbbbbbb'), { nil: undefined });
const configUrl = fc.option(
  fc.constantFrom('https://home.example.com/c.json', 'http://192.168.1.10/c.json', 'https://evil.example/c'),
  { nil: undefined },
);
const arbitraryConfig: fc.Arbitrary<Config> = fc
  .record({
    networks: fc.uniqueArray(
      fc.record({
        name: networkName,
        probe: fc.record({ url: probeUrl, expect: token }),
        mappings: fc.array(
          fc.record({
            name: fc.constant('M'),
            external: side,
            internal: side,
            keepLogin: fc.boolean(),
            enabled: fc.boolean(),
          }),
          { maxLength: 4 },
        ),
      }),
      { selector: (network) => network.name, maxLength: 3 },
    ),
    configUrl,
  })
  .map(
    ({ networks, configUrl: url }) =>
      JSON.parse(
        JSON.stringify({
          format: 'hairpin-config',
          version: 1,
          networks,
          ...(url === undefined ? {} : { configUrl: url }),
        }),
      ) as Config,
  );
const arbitraryRecord: fc.Arbitrary<ApprovalRecord> = fc.record({
  mappings: fc.array(fc.tuple(networkName, side, side).map(([n, e, i]) => mappingKey(n, { external: e, internal: i }))),
  keepLogin: fc.array(
    fc.tuple(networkName, side, side).map(([n, e, i]) => mappingKey(n, { external: e, internal: i })),
  ),
  probes: fc.uniqueArray(
    fc
      .record({ network: networkName, url: probeUrl, expect: token })
      .map((probe) => JSON.parse(JSON.stringify(probe)) as ApprovalRecord['probes'][number]),
    { selector: (probe) => probe.network },
  ),
  configUrl: fc.option(fc.constantFrom('https://home.example.com/c.json', 'http://192.168.1.10/c.json'), { nil: null }),
  declined: fc.constant([]),
});

describe('approvedPart (property)', () => {
  it('never redirects a host pair, probes a URL, fetches a config URL or mirrors a keepLogin the record does not approve', () => {
    fc.assert(
      fc.property(arbitraryConfig, arbitraryRecord, (config, record) => {
        const applied = approvedPart(config, record);
        const locations = Object.fromEntries(applied.networks.map((network) => [network.name, 'home' as const]));
        for (const network of applied.networks) {
          const probe = record.probes.find((candidate) => candidate.network === network.name);
          expect(probe).toBeDefined();
          expect([network.probe.url, network.probe.expect]).toEqual([probe!.url, probe!.expect]);
          for (const mapping of network.mappings) {
            expect(record.mappings).toContain(mappingKey(network.name, mapping));
            if (mapping.keepLogin) expect(record.keepLogin).toContain(mappingKey(network.name, mapping));
          }
        }
        // Every rule's pair is an approved mapping's pair, with both sides as approved.
        const approvedPairs = new Set(record.mappings);
        const rules = compileRules(applied, locations);
        expect(rules.length).toBeLessThanOrEqual(applied.networks.flatMap((network) => network.mappings).length);
        for (const network of applied.networks) {
          for (const mapping of network.mappings)
            expect(approvedPairs.has(mappingKey(network.name, mapping))).toBe(true);
        }
        const mirrored = applied.networks.flatMap((network) =>
          network.mappings.filter((mapping) => mapping.keepLogin).map((mapping) => mappingKey(network.name, mapping)),
        );
        for (const key of mirrored) expect(record.keepLogin).toContain(key);
        expect(mirrorPairs(applied).length).toBeLessThanOrEqual(mirrored.length);
        if (applied.configUrl !== undefined) expect(applied.configUrl).toBe(record.configUrl);
        // Approving everything pending makes the whole config applicable, and nothing is left.
        const all = approve(
          config,
          record,
          pendingApproval(config, record).map((item) => item.id),
        );
        expect(pendingApproval(config, all)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
