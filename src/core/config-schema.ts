// The Hairpin configuration: the import/export format and the engine's only input.
// Shape and per-field rules are a valibot schema; cross-field rules live in config-validate.ts.
import * as v from 'valibot';
import { parseSide, sideToString } from './side';
import { RESCUE_AFTER } from './navigation';
import { configUrlProblem } from './config-url-policy';
import { isRecord } from './is-record';
import { canonicalUrl, urlTextProblem } from './url-text';

export const CONFIG_FORMAT = 'hairpin-config';
export const CONFIG_VERSION = 1;

export const PROBE_TIMEOUT = { default: 1500, min: 100, max: 10_000 } as const;
export const LIMITS = {
  networks: 20,
  /** Chrome and Firefox allow 1,000 regex rules per extension; each enabled mapping needs one. */
  enabledMappings: 1000,
  name: 64,
  expect: 256,
  /** A probe token shorter than this is too easy for another device's page to contain. */
  minExpect: 8,
  url: 512,
} as const;

const name = (what: string) =>
  v.pipe(
    v.string(`${what} must be text`),
    v.trim(),
    v.nonEmpty(`${what} is empty`),
    v.maxLength(LIMITS.name, `${what} is longer than ${LIMITS.name} characters`),
  );

/** URL text that is refused before parsing (see url-text.ts), with its message. */
const urlText = v.check(
  (text: string) => urlTextProblem(text) === null,
  (issue: v.CheckIssue<string>) => urlTextProblem(String(issue.input)) ?? 'is not a valid URL',
);

/** A mapping side, stored in its canonical form (`HTTPS://Example.com/x/` → `https://example.com/x`). */
const sideUrl = v.pipe(
  v.string('must be a URL such as https://jellyfin.example.com'),
  v.maxLength(LIMITS.url, `is longer than ${LIMITS.url} characters`),
  urlText,
  v.check(
    (text) => parseSide(text).ok,
    (issue) => {
      const result = parseSide(String(issue.input));
      return result.ok ? 'is not a valid URL' : result.message;
    },
  ),
  v.transform((text) => canonicalSide(text)),
);

/** The canonical text of a side that parses (`sideToString`); unchanged otherwise. */
export function canonicalSide(text: string): string {
  const result = parseSide(text);
  return result.ok ? sideToString(result.side) : text;
}

/** A probe URL, stored as the browser writes it. */
const probeUrl = v.pipe(
  v.string('must be a URL such as http://192.168.1.10:8080/hairpin'),
  v.maxLength(LIMITS.url, `is longer than ${LIMITS.url} characters`),
  v.check(
    (text) => probeUrlProblem(text) === null,
    (issue) => probeUrlProblem(String(issue.input)) ?? 'is not a valid URL',
  ),
  v.transform((text) => canonicalUrl(text) ?? text),
);

/** Why a probe URL cannot be used, or null. Unlike a side it may carry a query. */
export function probeUrlProblem(text: string): string | null {
  const textProblem = urlTextProblem(text);
  if (textProblem) return textProblem;
  const beforeQuery = text.trim().split(/[?#]/, 1)[0] ?? '';
  const side = parseSide(beforeQuery);
  if (!side.ok) return side.message;
  if (text.includes('#')) return 'a fragment (#) is not allowed in a probe URL';
  return null;
}

/**
 * An object schema that also refuses JSON lists: valibot's object() takes `[]` for an object
 * and would then report each of its fields as missing, hiding the actual mistake.
 */
function record<const TEntries extends v.ObjectEntries>(entries: TEntries, message: string) {
  return Object.assign(v.pipe(v.custom<unknown>(isRecord, message), v.object(entries, message)), { entries });
}

/** A whole number of milliseconds within `range`. */
function milliseconds(range: { min: number; max: number }) {
  return v.pipe(
    v.number('must be a number of milliseconds'),
    v.integer('must be a whole number of milliseconds'),
    v.minValue(range.min, `must be at least ${range.min} ms`),
    v.maxValue(range.max, `must be at most ${range.max} ms`),
  );
}

export const ProbeSchema = record(
  {
    url: probeUrl,
    expect: v.optional(
      v.pipe(
        v.string('must be text'),
        v.nonEmpty('is empty; remove it or give the token your endpoint returns'),
        v.minLength(
          LIMITS.minExpect,
          `is shorter than ${LIMITS.minExpect} characters: a short token is easy to hit by chance; use a longer one (the setup wizard makes one)`,
        ),
        v.maxLength(LIMITS.expect, `is longer than ${LIMITS.expect} characters`),
      ),
    ),
    timeoutMs: v.optional(milliseconds(PROBE_TIMEOUT)),
  },
  'must be an object with a "url"',
);

const hostLike = v.pipe(
  v.string('must be a domain name such as example.com'),
  v.trim(),
  v.nonEmpty('is empty; remove it or give a domain such as example.com'),
  v.maxLength(253, 'is longer than 253 characters'),
  v.regex(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/i, 'must be a domain name such as example.com'),
);

export const MappingSchema = record(
  {
    name: name('the mapping name'),
    external: sideUrl,
    internal: sideUrl,
    cookieDomain: v.optional(hostLike),
    enabled: v.optional(v.boolean('must be true or false')),
    keepLogin: v.optional(v.boolean('must be true or false')),
  },
  'must be an object with a "name", an "external" and an "internal" URL',
);

export const NetworkSchema = record(
  {
    name: name('the network name'),
    probe: ProbeSchema,
    mappings: v.array(MappingSchema, 'must be a list of mappings'),
  },
  'must be an object with a "name", a "probe" and "mappings"',
);

export const ConfigSchema = record(
  {
    format: v.literal(CONFIG_FORMAT, `not a Hairpin config: "format" must be "${CONFIG_FORMAT}"`),
    version: v.literal(CONFIG_VERSION, (issue) =>
      issue.input === undefined
        ? `is missing; this Hairpin reads version ${CONFIG_VERSION}`
        : `version ${JSON.stringify(issue.input)} is not supported; this Hairpin reads version ${CONFIG_VERSION}`,
    ),
    networks: v.pipe(
      v.array(NetworkSchema, 'must be a list of networks'),
      v.maxLength(LIMITS.networks, `has more than ${LIMITS.networks} networks`),
    ),
    /** A whole config served by the home server; fetched at home and replacing this one. */
    configUrl: v.optional(
      v.pipe(
        v.string('must be a URL such as https://home.example.com/hairpin.json'),
        v.maxLength(LIMITS.url, `is longer than ${LIMITS.url} characters`),
        v.check(
          (text) => configUrlProblem(text) === null,
          (issue) => configUrlProblem(String(issue.input)) ?? 'is not a valid URL',
        ),
        v.transform((text) => canonicalUrl(text) ?? text),
      ),
    ),
    /** How long a navigation to a mapped host may go unanswered before Hairpin re-probes. */
    rescueAfterMs: v.optional(milliseconds(RESCUE_AFTER)),
  },
  'not a Hairpin config: expected a JSON object',
);

export type Config = v.InferOutput<typeof ConfigSchema>;
export type Network = Config['networks'][number];
export type Mapping = Network['mappings'][number];

export const EMPTY_CONFIG: Config = { format: CONFIG_FORMAT, version: CONFIG_VERSION, networks: [] };
