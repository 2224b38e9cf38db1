/** Deep merge of params: objects merge key by key, arrays and scalars replace (ruleset-format.md). */

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// defineProperty, not assignment: a key named `__proto__` in a YAML file is data, not a prototype.
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) put(out, key, base[key]);
  for (const key of Object.keys(over)) {
    const b = Object.hasOwn(base, key) ? base[key] : undefined;
    const o = over[key];
    put(out, key, isPlainObject(b) && isPlainObject(o) ? deepMerge(b, o) : o);
  }
  return out;
}

/** Whether `path` leads to a value in `obj` (used to say which file a param error comes from). */
export function hasPath(obj: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = obj;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') {
      if (seg >= cur.length) return false;
      cur = cur[seg];
    } else if (isPlainObject(cur) && typeof seg === 'string' && Object.hasOwn(cur, seg)) {
      cur = cur[seg];
    } else return false;
  }
  return true;
}

/**
 * Whether the value an issue is about was written in `source` (a lotParams entry, a config
 * override): for unknown keys, the keys themselves; otherwise the value at the issue's path.
 */
export function writtenIn(source: unknown, issue: { path: readonly PropertyKey[]; keys?: readonly string[] }): boolean {
  if (issue.keys && issue.keys.length > 0) return issue.keys.some((k) => hasPath(source, [...issue.path, k]));
  return issue.path.length > 0 && hasPath(source, issue.path);
}
