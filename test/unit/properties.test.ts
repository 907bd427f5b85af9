// Property-based tests (fast-check) of the pure core: redirects never loop or chain, never
// leave a mapping's origin and prefix, and keep path, query and fragment; the validator never
// throws and always answers with a config or field-path errors; import → export → import holds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileRules } from '../../src/core/rule-compiler';
import { validateConfig, parseConfigText } from '../../src/core/config-validate';
import { matchSide, parseSide, urlOnSide, type Side } from '../../src/core/side';
import type { Config } from '../../src/core/config-schema';
import type { Location } from '../../src/core/verdict';
import { redirect } from './support/dnr-sim';

const RUNS = 300;

// Hosts come from a small pool so that generated configs often share hosts and nest prefixes:
// the interesting (and dangerous) cases.
const host = fc.constantFrom(
  'app.example.com',
  'example.com',
  'media.example.org',
  '192.168.1.20',
  '10.0.0.5',
  '[fd00::20]',
  'nas.lan',
  'xn--jllyfin-cya.example.com',
);
const segment = fc.constantFrom('a', 'jellyfin', 'x.y', 'a+b', 'c(d)', '%20', 'media', '$1', 'q?'.replace('?', ''));
const prefix = fc.array(segment, { maxLength: 2 }).map((parts) => (parts.length ? `/${parts.join('/')}` : ''));
const sideText = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host,
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    prefix,
  })
  .map(({ scheme, host: h, port, prefix: p }) => `${scheme}://${h}${port === undefined ? '' : `:${port}`}${p}`);

const rawConfig = fc
  .array(
    fc.record({
      mappings: fc.array(
        fc.record({ external: sideText, internal: sideText, enabled: fc.option(fc.boolean(), { nil: undefined }) }),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((networks) => ({
    format: 'hairpin-config',
    version: 1,
    networks: networks.map((network, n) => ({
      name: `Net ${n}`,
      probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'tok-7f3a9c' },
      mappings: network.mappings.map((mapping, m) => ({ name: `M${m}`, ...mapping })),
    })),
  }));

/** Only configs the validator accepts: those are the ones rules are ever compiled from. */
const validConfig = rawConfig
  .map((raw) => validateConfig(raw))
  .filter((result): result is { ok: true; config: Config; warnings: [] } => result.ok)
  .map((result) => result.config);

const locationsFor = (config: Config) =>
  fc
    .tuple(...config.networks.map(() => fc.constantFrom<Location | 'unknown'>('home', 'away', 'unknown')))
    .map((list) => Object.fromEntries(config.networks.map((network, i) => [network.name, list[i]!])));

const rest = fc
  .record({
    path: fc.array(fc.constantFrom('x', 'web', 'index.html', 'a b', 'ü', '..x', 'jellyfin'), { maxLength: 3 }),
    query: fc.option(fc.constantFrom('?q=1', '?a=b&c=%20', '?'), { nil: '' }),
    hash: fc.option(fc.constantFrom('#d', '#/route?x=1', '#'), { nil: '' }),
  })
  .map(({ path, query, hash }) => `${path.length ? `/${path.join('/')}` : ''}${query}${hash}`);

function side(text: string): Side {
  const result = parseSide(text);
  if (!result.ok) throw new Error(result.message);
  return result.side;
}

/** URLs under every side of the config, as the browser would write them. */
function urlsUnder(config: Config, tail: string): string[] {
  return config.networks.flatMap((network) =>
    network.mappings.flatMap((mapping) =>
      [mapping.external, mapping.internal].map((text) => urlOnSide(side(text), tail)),
    ),
  );
}

describe('compiled rules, for any valid config and any combination of modes', () => {
  it('never chain: a redirected URL is not redirected again', () => {
    fc.assert(
      fc.property(
        validConfig.chain((config) => fc.tuple(fc.constant(config), locationsFor(config), rest)),
        ([config, locations, tail]) => {
          const rules = compileRules(config, locations);
          for (const url of urlsUnder(config, tail)) {
            const once = redirect(rules, url);
            if (once !== null) expect(redirect(rules, new URL(once).href)).toBeNull();
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('only redirect URLs under a mapping side, to the same place on its other side', () => {
    fc.assert(
      fc.property(
        validConfig.chain((config) => fc.tuple(fc.constant(config), locationsFor(config), rest)),
        ([config, locations, tail]) => {
          const rules = compileRules(config, locations);
          const probes = [
            ...urlsUnder(config, tail),
            `https://unrelated.example.net${tail || '/'}`,
            `http://example.com.evil.net${tail || '/'}`,
          ];
          for (const url of probes) {
            const target = redirect(rules, url);
            if (target === null) continue;
            // Some enabled mapping of a decided network claims the URL on its "from" side, and the
            // target is exactly its other side with the same rest (path after prefix, query, fragment).
            const explanations = config.networks.flatMap((network) => {
              const location = locations[network.name];
              if (location === 'unknown' || location === undefined) return [];
              return network.mappings
                .filter((mapping) => mapping.enabled !== false)
                .map((mapping) => {
                  const from = side(location === 'home' ? mapping.external : mapping.internal);
                  const to = side(location === 'home' ? mapping.internal : mapping.external);
                  const matched = matchSide(from, url);
                  return matched ? { prefix: from.prefix.length, expected: urlOnSide(to, matched.rest) } : null;
                })
                .filter((value): value is { prefix: number; expected: string } => value !== null);
            });
            expect(explanations.length).toBeGreaterThan(0);
            const longest = Math.max(...explanations.map((e) => e.prefix));
            const expected = explanations.filter((e) => e.prefix === longest).map((e) => e.expected);
            expect(expected).toContain(new URL(target).href);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('validateConfig', () => {
  it('never throws on any JSON value, and answers with a config or field-path errors', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          rawConfig,
          rawConfig.map((c) => ({ ...c, networks: [...c.networks, 42] })),
        ),
        (value) => {
          const result = validateConfig(value);
          if (result.ok) {
            expect(result.config.format).toBe('hairpin-config');
          } else {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const error of result.errors) {
              expect(error.path).toMatch(/^([A-Za-z]\w*|\[\d+\])?(\.[A-Za-z]\w*|\[\d+\])*$/);
              expect(error.message.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('import → export → import is the identity', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const exported = JSON.stringify(config, null, 2);
        const again = parseConfigText(exported);
        expect(again.ok && again.config).toEqual(config);
        expect(again.ok && JSON.stringify(again.config, null, 2)).toBe(exported);
      }),
      { numRuns: RUNS },
    );
  });
});
