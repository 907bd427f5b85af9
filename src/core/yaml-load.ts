// Reads a dashboard's YAML file (a Dashy conf.yml, a Homepage services.yaml) into plain data,
// refusing what could hang or exhaust the page. Pure; never throws.
// js-yaml is the parser Dashy and Homepage use themselves, so a file they read reads the same
// here (with merge keys, `<<: *defaults`, as their js-yaml 4 reads them). Its limits cap the
// nesting and the aliases; aliases share one object, so a "billion laughs" file is small in
// memory but huge to walk: the walk below counts every value it would visit and stops at a
// budget, so the modules reading the result never walk an expanded bomb.
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { errorMessage } from './error-message';
import { markHomepageVariables } from './dashboard-address';

/** Largest dashboard file read: the same cap as a Hairpin config file. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Values (scalars, lists, maps) the document may hold once its aliases are expanded. */
export const MAX_YAML_VALUES = 100_000;
const MAX_DEPTH = 64;
const MAX_ALIASES = 1000;

const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

export type YamlResult = { ok: true; value: unknown } | { ok: false; message: string };

export function loadYaml(text: string): YamlResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_YAML_BYTES) {
    return { ok: false, message: `the file is larger than ${MAX_YAML_BYTES / 1024} KiB` };
  }
  if (text.trim() === '') return { ok: false, message: 'the file is empty' };
  let value: unknown;
  try {
    value = load(markHomepageVariables(text), {
      schema: SCHEMA,
      maxDepth: MAX_DEPTH,
      maxAliases: MAX_ALIASES,
    });
  } catch (error) {
    return { ok: false, message: `it is not valid YAML (${firstLine(errorMessage(error))})` };
  }
  if (countValues(value, MAX_YAML_VALUES) > MAX_YAML_VALUES) {
    return {
      ok: false,
      message: `it expands to more than ${MAX_YAML_VALUES.toLocaleString('en')} values (YAML aliases that repeat each other)`,
    };
  }
  return { ok: true, value };
}

/** js-yaml's messages go on with an excerpt of the file: the first line says what and where. */
function firstLine(message: string): string {
  const line = message.split('\n', 1)[0]!.trim();
  return line.replace(/\s*\((\d+):(\d+)\)$/, ', line $1, column $2');
}

/** How many values a walk of `value` visits, counting shared (aliased) ones each time; stops past `budget`. */
function countValues(value: unknown, budget: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= budget) {
    const next = stack.pop();
    count += 1;
    // One by one, not push(...list): a list of a million items would overflow the arguments.
    if (typeof next === 'object' && next !== null) for (const item of Object.values(next)) stack.push(item);
  }
  return count;
}
