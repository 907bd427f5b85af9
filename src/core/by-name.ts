// Records keyed by a name the user chose (a network called `constructor`, `__proto__` or
// `toString` is a fine name). A plain object would answer such a key from Object.prototype (a
// function as a mode) or treat `__proto__` as its prototype: these records have no prototype,
// and reads look at own properties only, whatever object they are given.

export type ByName<T> = Record<string, T>;

/** An empty record with no prototype, optionally filled from `from`'s own entries. */
export function byName<T>(from?: Readonly<Record<string, T>> | Iterable<[string, T]>): ByName<T> {
  const out = Object.create(null) as ByName<T>;
  if (!from) return out;
  const entries = Symbol.iterator in from ? from : Object.entries(from);
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** `record[name]` if it is the record's own entry, else undefined (never an inherited member). */
export function valueFor<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}
