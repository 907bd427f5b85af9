// Validates anything claiming to be a Hairpin config. Never throws; every problem names its
// field path (`networks[0].mappings[2].internal: port 70000 is out of range (1–65535)`).
import * as v from 'valibot';
import {
  CONFIG_FORMAT,
  ConfigSchema,
  LIMITS,
  MappingSchema,
  NetworkSchema,
  ProbeSchema,
  type Config,
} from './config-schema';
import { httpsForm, originOf, parseSide, sidesOverlap, sideToString, type Side } from './side';
import { isRecord } from './is-record';
import { errorMessage } from './error-message';

export interface ConfigIssue {
  /** Field path such as `networks[0].mappings[2].internal`; '' for the whole file. */
  path: string;
  message: string;
}

export type ValidationResult =
  { ok: true; config: Config; warnings: ConfigIssue[] } | { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] };

/** Largest config file Hairpin reads (import, config URL). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export function formatIssue(issue: ConfigIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

/** Parses and validates the text of a config file. */
export function parseConfigText(text: string): ValidationResult {
  if (new TextEncoder().encode(text).length > MAX_CONFIG_BYTES) {
    return failure([{ path: '', message: `the file is larger than ${MAX_CONFIG_BYTES / 1024} KiB` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = errorMessage(error);
    return failure([{ path: '', message: `not JSON: ${detail}` }]);
  }
  return validateConfig(json);
}

export function validateConfig(input: unknown): ValidationResult {
  try {
    return validateUnsafe(input);
  } catch (error) {
    // The schema does not recurse into unknown data, so this is a last line of defence
    // (e.g. a value nested too deeply to measure).
    const detail = error instanceof RangeError ? 'it is nested too deeply' : errorMessage(error);
    return failure([{ path: '', message: `could not be read: ${detail}` }]);
  }
}

function validateUnsafe(input: unknown): ValidationResult {
  if (isRecord(input)) {
    // Someone else's JSON: say so once, rather than list every field it lacks.
    if (input.format !== CONFIG_FORMAT) {
      return failure([{ path: 'format', message: `not a Hairpin config: "format" must be "${CONFIG_FORMAT}"` }]);
    }
    // The same limit as for files, for configs that arrive already parsed (messages, sync).
    if (JSON.stringify(input).length > MAX_CONFIG_BYTES) {
      return failure([{ path: '', message: `the configuration is larger than ${MAX_CONFIG_BYTES / 1024} KiB` }]);
    }
  }
  const warnings = unknownFieldWarnings(input);
  // One message per field: `""` as a cookie domain is empty, not also "not a domain name".
  const parsed = v.safeParse(ConfigSchema, input, { abortPipeEarly: true });
  if (!parsed.success) {
    return failure(parsed.issues.map(toConfigIssue), warnings);
  }
  const errors = crossFieldErrors(parsed.output);
  if (errors.length > 0) return failure(errors, warnings);
  return { ok: true, config: parsed.output, warnings };
}

function failure(errors: ConfigIssue[], warnings: ConfigIssue[] = []): ValidationResult {
  return { ok: false, errors, warnings };
}

function toConfigIssue(issue: v.BaseIssue<unknown>): ConfigIssue {
  const path = formatPath((issue.path ?? []).map((item) => item.key as string | number));
  const missing = issue.input === undefined && issue.kind === 'schema' && path !== '';
  return { path, message: missing ? 'is missing' : issue.message };
}

export function formatPath(keys: readonly (string | number)[]): string {
  let out = '';
  for (const key of keys) {
    out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  }
  return out;
}

/** Unknown fields are dropped from the result; say so rather than drop them silently. */
function unknownFieldWarnings(input: unknown): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  const check = (value: unknown, known: object, path: (string | number)[]) => {
    if (!isRecord(value)) return;
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(known, key)) {
        warnings.push({ path: formatPath([...path, key]), message: 'unknown field, ignored' });
      }
    }
  };
  check(input, ConfigSchema.entries, []);
  if (!isRecord(input) || !Array.isArray(input.networks)) return warnings;
  input.networks.forEach((network: unknown, n) => {
    check(network, NetworkSchema.entries, ['networks', n]);
    if (!isRecord(network)) return;
    check(network.probe, ProbeSchema.entries, ['networks', n, 'probe']);
    if (!Array.isArray(network.mappings)) return;
    network.mappings.forEach((mapping: unknown, m) => {
      check(mapping, MappingSchema.entries, ['networks', n, 'mappings', m]);
    });
  });
  return warnings;
}

interface PlacedSide {
  side: Side;
  network: number;
  role: 'external' | 'internal';
  path: string;
}

/** Rules that span fields: unique names, no loops or chains between mapping sides, limits. */
function crossFieldErrors(config: Config): ConfigIssue[] {
  const errors: ConfigIssue[] = [];
  const networkNames = new Map<string, number>();
  const placed: PlacedSide[] = [];
  let enabledMappings = 0;

  config.networks.forEach((network, n) => {
    const key = network.name.toLowerCase();
    const earlier = networkNames.get(key);
    if (earlier !== undefined) {
      errors.push({
        path: `networks[${n}].name`,
        message: `"${network.name}" is already the name of networks[${earlier}]`,
      });
    } else {
      networkNames.set(key, n);
    }
    const token = network.probe.expect;
    if (token !== undefined && tokenInUrl(token, network.probe.url)) {
      errors.push({
        path: `networks[${n}].probe.expect`,
        message:
          'appears in the probe URL: a page that echoes its address (an error page, a captive portal) would count as home; use a token the URL does not contain',
      });
    }
    network.mappings.forEach((mapping, m) => {
      if (mapping.enabled !== false) enabledMappings += 1;
      const base = `networks[${n}].mappings[${m}]`;
      const external = mustParse(mapping.external);
      const internal = mustParse(mapping.internal);
      if (sidesOverlap(external, internal)) {
        errors.push({
          path: `${base}.internal`,
          message:
            sideToString(external) === sideToString(internal)
              ? 'is the same as the external side'
              : 'overlaps the external side of the same mapping, which would redirect in a loop',
        });
        return;
      }
      if (sidesOverlap(httpsForm(external), httpsForm(internal))) {
        // http://h/x and https://h, or http://h:443: with HSTS or an automatic https upgrade the
        // browser sends the http side's URLs straight back onto the other side.
        errors.push({
          path: `${base}.internal`,
          message:
            'overlaps the external side once the browser upgrades http to https (HSTS, automatic upgrades): the redirect would loop',
        });
        return;
      }
      if (mapping.keepLogin && (external.prefix !== '' || internal.prefix !== '')) {
        errors.push({
          path: `${base}.keepLogin`,
          message: 'is not supported for a mapping with a path prefix: cookies would be copied onto the wrong paths',
        });
      }
      placed.push({ side: external, network: n, role: 'external', path: `${base}.external` });
      placed.push({ side: internal, network: n, role: 'internal', path: `${base}.internal` });
    });
  });

  // Only sides of one origin can overlap: compare within each origin, not every pair (a
  // thousand mappings would otherwise cost millions of comparisons on every load).
  const byOrigin = new Map<string, PlacedSide[]>();
  // Grouped by the https form's origin, so that http://h and https://h meet (see conflict).
  const upgradedOrigin = (side: PlacedSide) => originOf(httpsForm(side.side));
  for (const side of placed) {
    const origin = upgradedOrigin(side);
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), side]);
  }
  const reported = new Set<string>();
  for (const a of placed) {
    for (const b of byOrigin.get(upgradedOrigin(a))!) {
      if (b === a) break; // compare each side with those placed before it, as the paths read
      const problem = conflict(a, b);
      if (problem && !reported.has(a.path)) {
        reported.add(a.path);
        errors.push({ path: a.path, message: problem });
      }
    }
  }

  if (enabledMappings > LIMITS.enabledMappings) {
    errors.push({
      path: 'networks',
      message: `${enabledMappings} enabled mappings; browsers allow at most ${LIMITS.enabledMappings} redirect rules of this kind`,
    });
  }
  return errors;
}

/**
 * Two sides may share URLs only when they can never chain: both on the same side (role) of
 * mappings of one network, where only one redirect direction is active at a time and the
 * longest prefix wins. Anything else could send a redirected URL into a second redirect.
 */
function conflict(a: PlacedSide, b: PlacedSide): string | null {
  if (!sidesOverlap(a.side, b.side)) {
    // Opposite sides that meet once the browser upgrades http to https chain the same way.
    if (a.role === b.role || !sidesOverlap(httpsForm(a.side), httpsForm(b.side))) return null;
    return `${sideToString(a.side)} overlaps ${b.path}, the ${b.role} side of another mapping, once the browser upgrades http to https, which would chain redirects`;
  }
  const same = sideToString(a.side) === sideToString(b.side);
  if (same && a.role === b.role) return `${sideToString(a.side)} is already claimed by ${b.path}`;
  if (a.role !== b.role) {
    return `${sideToString(a.side)} overlaps ${b.path}, the ${b.role} side of another mapping, which would chain redirects`;
  }
  if (a.network !== b.network) {
    return `${sideToString(a.side)} overlaps ${b.path} in another network; mappings of different networks must not share URLs`;
  }
  return null; // nested prefixes on the same side of one network: the longest prefix wins
}

/** Whether `token` appears in the probe URL as typed, decoded or in any case (pages echo all three). */
function tokenInUrl(token: string, url: string): boolean {
  const lower = token.toLowerCase();
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // a stray % is no token
  }
  return [url, decoded].some((text) => text.toLowerCase().includes(lower));
}

function mustParse(text: string): Side {
  const result = parseSide(text);
  if (!result.ok) throw new Error(`unreachable: schema accepted an invalid side: ${result.message}`);
  return result.side;
}
