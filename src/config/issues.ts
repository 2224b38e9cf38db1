/**
 * French wording of zod issues and YAML syntax errors, shared by plie-audit.yaml and the rule set
 * loader. The messages are produced by a per-parse error map (so every issue, including those of
 * the check kinds' param schemas, is worded here); schema-level messages of our own schemas win.
 */
import YAML from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';

type PathSegment = PropertyKey;

/** A value as quoted in a message: « un », 12, true, une liste… */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'rien';
  if (value === null) return 'une valeur vide (null)';
  if (typeof value === 'string') {
    const s = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return `« ${s.replace(/\s+/g, ' ')} »`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'une liste';
  if (value instanceof Date) return 'une date';
  if (typeof value === 'object') return 'un objet';
  return 'une valeur inattendue';
}

function expectedNoun(expected: string): string {
  switch (expected) {
    case 'string':
      return 'un texte';
    case 'number':
      return 'un nombre';
    case 'int':
      return 'un nombre entier';
    case 'boolean':
      return 'true ou false';
    case 'array':
    case 'tuple':
      return 'une liste';
    case 'object':
    case 'record':
    case 'map':
      return 'un objet (clé: valeur)';
    case 'null':
      return 'null';
    default:
      return expected;
  }
}

function expectedPhrase(expected: string): string {
  switch (expected) {
    case 'string':
      return 'texte attendu';
    case 'number':
      return 'nombre attendu';
    case 'int':
      return 'nombre entier attendu';
    case 'boolean':
      return 'true ou false attendu';
    case 'array':
    case 'tuple':
      return 'liste attendue';
    case 'object':
    case 'record':
    case 'map':
      return 'objet attendu (clé: valeur)';
    case 'null':
      return 'null attendu';
    default:
      return `${expected} attendu`;
  }
}

function listValues(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

/** The keys an object (or a record with an enum of keys) accepts, read from the schema at fault. */
function allowedKeys(inst: unknown): string[] | null {
  const def = (inst as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  if (!def) return null;
  if (def.type === 'object' && def.shape && typeof def.shape === 'object') return Object.keys(def.shape);
  if (def.type === 'record') {
    const keyDef = (def.keyType as { _zod?: { def?: { type?: string; entries?: Record<string, unknown> } } })?._zod?.def;
    if (keyDef?.type === 'enum' && keyDef.entries) return Object.values(keyDef.entries).map(String);
  }
  return null;
}

type RawIssue = z.core.$ZodRawIssue;

function smallBig(iss: RawIssue & { code: 'too_small' | 'too_big' }): string {
  const small = iss.code === 'too_small';
  const bound = small ? (iss as { minimum: number | bigint }).minimum : (iss as { maximum: number | bigint }).maximum;
  const inclusive = iss.inclusive !== false;
  const got = `, reçu ${describeValue(iss.input)}`;
  switch (iss.origin) {
    case 'array':
    case 'set': {
      const n = Number(bound);
      if (small && n === 1 && inclusive) return 'la liste ne doit pas être vide';
      const count = `${n} élément${n > 1 ? 's' : ''}`;
      if (iss.exact) return `exactement ${count} attendu${n > 1 ? 's' : ''}`;
      return small ? `au moins ${count} attendu${n > 1 ? 's' : ''}` : `au plus ${count} attendu${n > 1 ? 's' : ''}`;
    }
    case 'string': {
      const n = Number(bound);
      if (small && n === 1 && inclusive) return 'le texte ne doit pas être vide';
      const count = `${n} caractère${n > 1 ? 's' : ''}`;
      if (iss.exact) return `exactement ${count} attendu${n > 1 ? 's' : ''}${got}`;
      return `${small ? 'au moins' : 'au plus'} ${count} attendu${n > 1 ? 's' : ''}${got}`;
    }
    default:
      if (small) return `${inclusive ? 'nombre supérieur ou égal à' : 'nombre strictement supérieur à'} ${bound} attendu${got}`;
      return `${inclusive ? 'nombre inférieur ou égal à' : 'nombre strictement inférieur à'} ${bound} attendu${got}`;
  }
}

/**
 * Per-parse zod error map: `schema.safeParse(x, { error: frenchErrorMap, reportInput: true })`.
 * Schema-level messages (our own French refinements) take precedence over it.
 */
export function frenchErrorMap(iss: RawIssue): string {
  if (iss.input === undefined && (iss.code === 'invalid_type' || iss.code === 'invalid_value')) return 'champ requis';
  switch (iss.code) {
    case 'invalid_type': {
      return `${expectedPhrase(iss.expected)}, reçu ${describeValue(iss.input)}`;
    }
    case 'invalid_value': {
      if (iss.values.length === 1) return `${listValues(iss.values)} attendu, reçu ${describeValue(iss.input)}`;
      return `valeur ${describeValue(iss.input)} non reconnue ; valeurs permises : ${listValues(iss.values)}`;
    }
    case 'unrecognized_keys': {
      const keys = iss.keys.map((k) => `« ${k} »`).join(', ');
      const allowed = allowedKeys(iss.inst);
      const head = iss.keys.length > 1 ? `clés inconnues ${keys}` : `clé inconnue ${keys}`;
      return allowed ? `${head} ; clés permises : ${allowed.join(', ')}` : head;
    }
    case 'too_small':
    case 'too_big':
      return smallBig(iss);
    case 'not_multiple_of':
      return `multiple de ${iss.divisor} attendu, reçu ${describeValue(iss.input)}`;
    case 'invalid_format': {
      const pattern = (iss as { pattern?: string }).pattern;
      return `format non valide${pattern ? ` (motif ${pattern})` : ''}, reçu ${describeValue(iss.input)}`;
    }
    case 'invalid_key': {
      const inner = iss.issues[0]?.message;
      return `clé ${describeValue(iss.input)} non valide${inner ? ` : ${inner}` : ''}`;
    }
    case 'invalid_element':
      return 'élément non valide';
    case 'invalid_union':
      return `valeur ${describeValue(iss.input)} non valide`;
    case 'custom':
      return iss.message ?? `valeur ${describeValue(iss.input)} non valide`;
    default:
      return 'valeur non valide';
  }
}

/** A schema-level message that still says « champ requis » for a missing key. */
export function orRequired(message: (input: unknown) => string): (iss: { input?: unknown }) => string {
  return (iss) => (iss.input === undefined ? 'champ requis' : message(iss.input));
}

export const PARSE_OPTIONS = { error: frenchErrorMap, reportInput: true } as const;

/** `referents[1].etp`, `columns.agenda.kind`, `values.kind["RDV physique"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (/^[A-Za-z_][\w-]*$/.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

export interface LocatedIssue {
  path: PathSegment[];
  message: string;
  /** For unknown keys: the keys, which are what is at fault (not the object at `path`). */
  keys?: string[];
}

/**
 * Flattens zod issues into (path, French message). A union failure is reported through the
 * alternative whose shape matches the value (e.g. the object form of a rule override), or, when
 * none does, as the list of what was expected.
 */
export function flattenIssues(issues: readonly z.core.$ZodIssue[], base: PathSegment[] = []): LocatedIssue[] {
  const out: LocatedIssue[] = [];
  for (const iss of issues) {
    const path = [...base, ...iss.path];
    if (iss.code === 'invalid_union' && iss.errors.length > 0) {
      const isRootMismatch = (i: z.core.$ZodIssue) =>
        i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value');
      const matching = iss.errors.find((branch) => branch.length > 0 && !branch.some(isRootMismatch));
      if (matching) {
        out.push(...flattenIssues(matching, path));
        continue;
      }
      const alternatives: string[] = [];
      for (const branch of iss.errors) {
        for (const i of branch) {
          if (i.path.length !== 0) continue;
          if (i.code === 'invalid_value') alternatives.push(listValues(i.values));
          else if (i.code === 'invalid_type') alternatives.push(expectedNoun(i.expected));
        }
      }
      const last = alternatives.pop();
      const expected = alternatives.length ? `${alternatives.join(', ')} ou ${last}` : last;
      out.push({
        path,
        message: `valeur ${describeValue(iss.input)} non valide${expected ? ` ; attendu : ${expected}` : ''}`,
      });
      continue;
    }
    if (iss.code === 'invalid_key') {
      // The key itself is at fault: name its container, the message quotes the key.
      out.push({ path: path.slice(0, -1), message: iss.message });
      continue;
    }
    if (iss.code === 'unrecognized_keys') {
      out.push({ path, message: iss.message, keys: [...iss.keys] });
      continue;
    }
    out.push({ path, message: iss.message });
  }
  return out;
}

/** `file › a.b : message`, or `file › rule › params.x : message` with a rule segment. */
export function issueLine(file: string, segments: readonly string[], issue: LocatedIssue): string {
  const p = formatPath(issue.path);
  const parts = [file, ...segments];
  if (p) parts.push(p);
  return `${parts.join(' › ')} : ${issue.message}`;
}

export function zodErrorLines(file: string, error: z.ZodError, segments: readonly string[] = []): string[] {
  return flattenIssues(error.issues).map((i) => issueLine(file, segments, i));
}

// The yaml library's messages are English; the common ones are recognised by their text first.
const YAML_MESSAGES: [RegExp, string][] = [
  [/^Sequence item without - indicator/, 'élément de liste sans tiret « - », ou indentation incorrecte'],
  [/^Missing closing "?quote/, 'guillemet fermant manquant'],
  [/^Flow sequence .* end with a \]/, 'crochet fermant « ] » manquant, ou indentation incorrecte'],
  [/^Flow mapping .* end with a \}/, 'accolade fermante « } » manquante, ou indentation incorrecte'],
  [/^Nested mappings are not allowed in compact mappings/, 'indentation incorrecte, ou valeur à mettre entre guillemets'],
  [/^Implicit keys need to be on a single line/, 'clé sur plusieurs lignes (un « : » manque-t-il ?)'],
];

const YAML_CODES: Partial<Record<string, string>> = {
  BAD_INDENT: 'indentation incorrecte',
  TAB_AS_INDENT: 'tabulation utilisée pour indenter (utilisez des espaces)',
  DUPLICATE_KEY: 'clé en double',
  MISSING_CHAR: 'caractère fermant manquant (guillemet, crochet ou accolade)',
  BLOCK_AS_IMPLICIT_KEY: 'bloc utilisé comme clé',
  MULTILINE_IMPLICIT_KEY: 'clé sur plusieurs lignes (un « : » manque-t-il ?)',
  UNEXPECTED_TOKEN: 'élément inattendu',
  BAD_SCALAR_START: 'valeur qui commence par un caractère réservé (mettez-la entre guillemets)',
  BAD_DQ_ESCAPE: 'séquence d’échappement non valide entre guillemets',
  BLOCK_IN_FLOW: 'bloc à l’intérieur de crochets ou d’accolades',
  MULTIPLE_DOCS: 'plusieurs documents YAML dans le même fichier',
  BAD_ALIAS: 'alias non défini',
  KEY_OVER_1024_CHARS: 'clé de plus de 1024 caractères',
  NON_STRING_KEY: 'clé qui n’est pas un texte',
  RESOURCE_EXHAUSTION: 'trop d’alias',
};

function yamlProblem(code: string, message: string): string {
  for (const [re, fr] of YAML_MESSAGES) if (re.test(message)) return fr;
  return YAML_CODES[code] ?? 'syntaxe YAML non valide';
}

/**
 * Parses YAML 1.2 with the core schema (dates such as 2019-01-01 stay strings, `off` stays the
 * string "off"). Syntax errors become a ConfigError naming the line and column.
 */
export function parseYaml(text: string, file: string): unknown {
  const doc = YAML.parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true });
  // Only the first syntax error: the following ones are usually its consequences.
  const e = doc.errors[0];
  if (e) {
    const pos = e.linePos?.[0];
    const where = pos ? `, ligne ${pos.line}, colonne ${pos.col}` : '';
    throw new ConfigError(`${file}${where} : ${yamlProblem(e.code, e.message)}`, file);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw new ConfigError(`${file} : trop d’alias YAML (*ancre) imbriqués`, file);
  }
}
