/**
 * A small JSON Schema (draft-07 subset) checker for the tests: the keywords our generated schemas
 * use. Returns the JSON pointers of the failures (empty when valid).
 */
type Schema = Record<string, unknown> | boolean;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

export function validate(schema: Schema, value: unknown, root: Schema = schema, at = ''): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: false schema`];
  const s = schema;
  const errs: string[] = [];
  if (typeof s.$ref === 'string') {
    const target = s.$ref.replace(/^#\//, '').split('/').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], root);
    errs.push(...validate(target as Schema, value, root, at));
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(value, t))) return [`${at}: type ${types.join('|')}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) errs.push(`${at}: enum`);
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) errs.push(`${at}: const`);
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && value.length < s.minLength) errs.push(`${at}: minLength`);
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) errs.push(`${at}: maxLength`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) errs.push(`${at}: pattern`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errs.push(`${at}: minimum`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) errs.push(`${at}: exclusiveMinimum`);
    if (typeof s.maximum === 'number' && value > s.maximum) errs.push(`${at}: maximum`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errs.push(`${at}: minItems`);
    if (s.items !== undefined) value.forEach((v, i) => errs.push(...validate(s.items as Schema, v, root, `${at}/${i}`)));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const k of (s.required ?? []) as string[]) if (!(k in obj)) errs.push(`${at}/${k}: required`);
    for (const [k, v] of Object.entries(obj)) {
      if (s.propertyNames !== undefined) errs.push(...validate(s.propertyNames as Schema, k, root, `${at}/${k}(key)`));
      if (k in props) errs.push(...validate(props[k]!, v, root, `${at}/${k}`));
      else if (s.additionalProperties !== undefined) errs.push(...validate(s.additionalProperties as Schema, v, root, `${at}/${k}`));
    }
  }
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => validate(sub as Schema, value, root, at).length === 0)) errs.push(`${at}: anyOf`);
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) errs.push(...validate(sub as Schema, value, root, at));
  if (s.if !== undefined && validate(s.if as Schema, value, root, at).length === 0 && s.then !== undefined) {
    errs.push(...validate(s.then as Schema, value, root, at));
  }
  return errs;
}
