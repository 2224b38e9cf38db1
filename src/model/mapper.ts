/**
 * Rows → records of one dataset. Everything that can be decided once per table (which column
 * feeds which field, how its cells are parsed) is decided in `createTableMapper`; the per-row
 * path only calls the prepared closures and builds the record.
 */
import type { Cell, RawRow, TableSource } from '../load/types.js';
import {
  ATTRIBUTE_FIELDS,
  BOOLEAN_EXTRAS,
  ENUMS,
  FIELD_NAMES,
  canonicalOf,
  substringMatch,
  type AttributeField,
  type DatasetDef,
  type EnumDef,
  type FieldDef,
  type FieldName,
  type KindAlias,
} from './aliases.js';
import { AgendaStore, type IdentityCodes } from './agenda-store.js';
import type { Detection } from './header.js';
import { cleanText, normalize, NormalizeCache } from './normalize.js';
import type {
  Affectation,
  AgendaEvent,
  DataIssue,
  DatasetName,
  EventFormat,
  EventMode,
  Exit,
  InputReport,
  ISODate,
  Origin,
  Step,
} from './types.js';
import {
  cellText,
  durationUnit,
  INVALID,
  isEmptyCell,
  parseAge,
  parseBoolean,
  parseDate,
  parseDuration,
  parseId,
  parseMonth,
  parseTime,
  parseWeeklyHours,
  weeklyHoursUnit,
} from './values.js';

export type AnyRecord = Affectation | AgendaEvent | Step | Exit;

/**
 * Slot of every field in the scratch row (an array: the per-row path stores by index, and the
 * record builders read fixed slots). Fields a dataset lacks stay null.
 */
const F = Object.fromEntries(FIELD_NAMES.map((n, i) => [n, i])) as Record<FieldName, number>;

/** Config `values:` after validation: field → normalised raw value → canonical value. */
export interface CompiledValues {
  /** For an enum field: only entries valid for that enum. */
  enumOverrides(field: string, enumName: string): ReadonlyMap<string, string> | undefined;
  booleanOverrides(field: string): ReadonlyMap<string, boolean> | undefined;
  textOverrides(field: string): ReadonlyMap<string, string> | undefined;
}

/** State shared by every table of one `readDatasets` call. */
export interface MapperContext {
  intern: Map<string, string>;
  /** Participant numbers by the text of their cells (as written, and trimmed). */
  ids: Map<string, IdEntry>;
  issues: DataIssue[];
  values: CompiledValues;
  norm: NormalizeCache;
}

/**
 * A participant number, the participant key it gives, and their codes in the agenda store (on
 * the entry itself, not in an object of their own: one memory access less per row).
 */
export interface IdEntry extends IdentityCodes {
  id: string;
  key: string;
}

export function createMapperContext(values: CompiledValues): MapperContext {
  return { intern: new Map(), ids: new Map(), issues: [], values, norm: new NormalizeCache() };
}

/**
 * The entry of a participant number written `text` (null when blank). One map for every table and
 * spelling: a network's 50 000 numbers were kept in four (interned texts, keys, raw cells, entries).
 */
function idEntryOf(ctx: MapperContext, text: string): IdEntry | null {
  let e = ctx.ids.get(text);
  if (e !== undefined) return e;
  const id = parseId(text);
  if (id === null) return null;
  if (id !== text) e = ctx.ids.get(id);
  if (e === undefined) {
    e = { id, key: `id:${canonicalId(id)}`, keyCode: -1, idCode: -1 };
    ctx.ids.set(id, e);
  }
  if (id !== text) ctx.ids.set(text, e);
  return e;
}

/** What one table produced, for the merge stage. */
export interface MappedTable {
  inputIndex: number;
  dataset: DatasetName;
  report: InputReport;
  /** This table's records, in row order, read in place in the dataset they were appended to. */
  records: TableRecords;
  /** Rows whose participant is known by name only (linkNames has nothing to do when none has any). */
  nameKeyedRows: number;
  /** Participant attributes mapped in this table (derived `cer` included). */
  attrFields: AttributeField[];
  /** Record i's value of attrFields[j]. */
  attr(i: number, j: number): unknown;
  /** field → header as written. */
  headers: Map<string, string>;
  /** Record properties filled from mapped columns (Datasets.fields). */
  fields: Set<string>;
}

/**
 * One table's range of its dataset: an array for affectations, étapes and sorties, the column
 * store for the agenda (where `record` materialises a copy).
 */
export interface TableRecords {
  readonly count: number;
  key(i: number): string | null;
  origin(i: number): Origin;
  record(i: number): AnyRecord;
  /** A name-keyed row linked to a participant known by id (or by name and birth date). */
  relink(i: number, key: string, id: string | null): void;
  /** The agenda store's participant codes (see AgendaStore.keyCode), for per-participant passes. */
  keyCodes?: { at(i: number): number; readonly size: number };
}

/** The dataset a table's records are appended to. */
export type RecordTarget = AnyRecord[] | AgendaStore;

function tableRecords(target: RecordTarget, first: number, count: number): TableRecords {
  if (target instanceof AgendaStore) {
    return {
      count,
      key: (i) => target.participantKey(first + i),
      origin: (i) => target.origin(first + i),
      record: (i) => target.get(first + i),
      relink: (i, key, id) => target.relink(first + i, key, id),
      keyCodes: {
        at: (i) => target.keyCode(first + i),
        get size() {
          return target.keyCodeCount;
        },
      },
    };
  }
  return {
    count,
    key: (i) => target[first + i]!.participantKey,
    origin: (i) => target[first + i]!.origin,
    record: (i) => target[first + i]!,
    relink: (i, key, id) => {
      const rec = target[first + i] as { participantKey: string | null; participantId: string | null };
      rec.participantKey = key;
      rec.participantId = id;
    },
  };
}

/** Detailed 'valeur-invalide' issues per input and field; beyond, counted in a warning. */
export const MAX_KEPT_ISSUES_PER_FIELD = 200;
/**
 * Detailed rows left out, per input, cause and field; beyond, counted in a warning. An export
 * whose date column is broken on every one of a million rows would otherwise make a million
 * findings: gigabytes of report nobody reads, and more memory than the audit itself.
 */
export const MAX_EXCLUDED_ISSUES_PER_FIELD = 10_000;
const MAX_APPROX_WARNINGS = 20;

type Parser = (cell: Cell) => unknown;

interface ColumnPlan {
  col: number;
  field: FieldDef;
  name: FieldName;
  slot: number;
  header: string;
  parse: Parser;
  groupable: boolean;
}

// Normalised (elision dropped): « Nombre d'entretiens » reads « nombre entretiens ».
const TOTAL_LABEL = /^(?:(?:sous total|total|totaux)(?: |$)|(?:nombre|nb) )/;

/** « Total », « Sous-total », « Total général », « Nombre de … » open a summary row. */
export function isTotalLabel(cell: Cell | undefined): boolean {
  if (typeof cell !== 'string') return false;
  const c = cell.trimStart().charAt(0);
  if (c !== 'T' && c !== 't' && c !== 'S' && c !== 's' && c !== 'N' && c !== 'n') return false;
  return TOTAL_LABEL.test(normalize(cell));
}

const UPPER_WORD = /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u;

/**
 * « DUPONT Marie » → ['DUPONT', 'Marie']: the leading upper-case words are the family name
 * (Viesion's convention); « Dupont, Marie » splits at the comma; otherwise the first word is the
 * family name (« Nom Prénom » order of French lists).
 */
export function splitFullName(full: string): [string, string | null] {
  const comma = full.indexOf(',');
  if (comma > 0) {
    const first = full.slice(comma + 1).trim();
    return [full.slice(0, comma).trim(), first.length > 0 ? first : null];
  }
  const words = full.split(' ').filter((w) => w.length > 0);
  if (words.length <= 1) return [full.trim(), null];
  let k = 0;
  while (k < words.length && UPPER_WORD.test(words[k]!)) k++;
  if (k === 0 || k === words.length) k = 1;
  return [words.slice(0, k).join(' '), words.slice(k).join(' ')];
}

export interface TableMapper {
  push(row: RawRow): void;
  finish(): MappedTable;
}

/** What mapping a table's rows counted beside the records, for its report and warnings. */
interface MapperTally {
  rows: number;
  skipped: number;
  carried: number;
  impliedModes: number;
  impliedFormats: number;
  nameKeyedRows: number;
  firstNameKeyed: Origin | null;
  /** field → raw value → rows. */
  unmappedValues: Map<string, Map<string, number>>;
  /** `field \0 raw` → warning. */
  approximations: Map<string, string>;
  /** field → invalid values kept. */
  keptIssueCount: Map<string, number>;
  /** `code \0 field` → rows excluded for that cause. */
  excludedCount: Map<string, number>;
}

function newTally(): MapperTally {
  return {
    rows: 0,
    skipped: 0,
    carried: 0,
    impliedModes: 0,
    impliedFormats: 0,
    nameKeyedRows: 0,
    firstNameKeyed: null,
    unmappedValues: new Map(),
    approximations: new Map(),
    keptIssueCount: new Map(),
    excludedCount: new Map(),
  };
}

/**
 * Prepares the mapping of one table whose header was detected. `target` is the dataset (array or store)
 * the records are appended to (no intermediate copies of a million rows).
 */
export function createTableMapper(
  src: TableSource,
  detection: Detection,
  inputIndex: number,
  target: RecordTarget,
  ctx: MapperContext,
): TableMapper {
  const ds: DatasetDef = detection.mapping.dataset;
  const name = ds.name;
  const warnings: string[] = [...src.warnings];
  // The loader may add warnings once a sheet is fully streamed (formulas without a cached value).
  const loaderWarningsSeen = src.warnings.length;
  const t = newTally();
  const first = target.length;
  const originAt = (line: number): Origin => ({ input: inputIndex, row: line });
  const scratchOrigin: Origin = originAt(0);
  const scratchEvent = emptyEvent(scratchOrigin);
  const attrRows: unknown[][] = [];
  const headers = new Map<string, string>();
  if (target instanceof AgendaStore && src.rowsHint !== undefined) target.reserve(target.length + src.rowsHint);

  if (detection.alsoFits.length > 0) {
    warnings.push(
      `Les en-têtes (ligne ${detection.line}) conviennent aussi au jeu ${detection.alsoFits
        .map((d) => `« ${d} »`)
        .join(', ')} ; jeu retenu : « ${name} ». Précisez les colonnes dans plie-audit.yaml si ce n'est pas le bon.`,
    );
  }
  for (const d of detection.mapping.duplicates) {
    warnings.push(`Colonne « ${d.header} » ignorée : « ${d.keptHeader} » est déjà retenue pour le champ ${d.field}.`);
  }

  const countUnmapped = (field: string, raw: string): void => {
    let m = t.unmappedValues.get(field);
    if (!m) t.unmappedValues.set(field, (m = new Map()));
    m.set(raw, (m.get(raw) ?? 0) + 1);
  };

  const intern = (s: string): string => {
    const hit = ctx.intern.get(s);
    if (hit !== undefined) return hit;
    ctx.intern.set(s, s);
    return s;
  };

  // Event kinds may say more than the kind (« Entretien téléphonique »): the parser leaves it here.
  let impliedMode: EventMode | undefined;
  // The participant number's entry, left by the id parser for the row being mapped.
  let rowId: IdEntry | null = null;
  let impliedFormat: EventFormat | undefined;

  function enumParser(f: FieldDef, def: EnumDef): Parser {
    interface Resolved {
      value: unknown;
      unmapped: boolean;
      alias?: KindAlias;
    }
    const overrides = ctx.values.enumOverrides(f.name, def.name);
    const memo = new Map<string, Resolved>();
    const isKind = def.name === 'kind';
    const resolve = (raw: string): Resolved => {
      const n = ctx.norm.get(raw);
      if (n.length === 0) return { value: null, unmapped: false };
      const o = overrides?.get(n);
      if (o !== undefined) return isKind ? { value: o, unmapped: false, alias: { kind: o as KindAlias['kind'] } } : { value: o, unmapped: false };
      const hit = def.aliases.get(n);
      if (hit !== undefined) {
        return isKind ? { value: canonicalOf(def, hit), unmapped: false, alias: hit as KindAlias } : { value: hit, unmapped: false };
      }
      if (def.substring) {
        const sub = substringMatch(def, n);
        if (sub) {
          const value = canonicalOf(def, sub.value);
          if (!t.approximations.has(`${f.name}\u0000${raw}`)) {
            t.approximations.set(`${f.name}\u0000${raw}`, `Valeur « ${raw} » (${f.name}) rattachée à « ${value} » par approximation (elle contient « ${sub.alias} ») : confirmez-la dans plie-audit.yaml (\`values: { ${f.name}: { "${raw}": ${value} } }\`).`);
          }
          return isKind ? { value, unmapped: true, alias: sub.value as KindAlias } : { value, unmapped: true };
        }
      }
      return def.fallback !== null
        ? { value: def.fallback, unmapped: true, alias: isKind ? { kind: 'autre' } : undefined }
        : { value: INVALID, unmapped: true };
    };
    return (cell) => {
      if (isKind) {
        impliedMode = undefined;
        impliedFormat = undefined;
      }
      const raw = cellText(cell);
      if (raw === null) return null;
      let r = memo.get(raw);
      if (r === undefined) {
        r = resolve(raw);
        if (memo.size < 5000) memo.set(raw, r);
      }
      if (r.unmapped) countUnmapped(f.name, raw);
      if (isKind && r.alias) {
        impliedMode = r.alias.mode;
        impliedFormat = r.alias.format;
      }
      return r.value;
    };
  }

  function booleanParser(f: FieldDef): Parser {
    const overrides = ctx.values.booleanOverrides(f.name);
    const extra = BOOLEAN_EXTRAS[f.name];
    const words = overrides && extra ? new Map([...extra, ...overrides]) : (overrides ?? extra);
    // Oui/Non columns take a handful of spellings: each is folded once (the fold is most of the cost).
    const parse = memoized((cell) => parseBoolean(cell, words));
    return (cell) => {
      const v = parse(cell);
      if (v === INVALID) countUnmapped(f.name, cellText(cell) ?? '');
      return v;
    };
  }

  function textParser(f: FieldDef): Parser {
    const overrides = ctx.values.textOverrides(f.name);
    const shared = f.intern === true;
    // Repeated values (référents, lots, communes): raw cell → final string, computed once. Free
    // text (« Objet ») repeats too (« Entretien de suivi » on half the rows), and a million
    // copies of it would be the largest thing in memory: memoised as well, until the memo has
    // shown it rarely hits (truly free text), when it is dropped to spare the lookups.
    let memo: Map<string, string> | null = new Map<string, string>();
    let lookups = 0;
    let hits = 0;
    const finalText = (raw: string): string => {
      let t = cleanText(raw);
      if (overrides) {
        const o = overrides.get(ctx.norm.get(t));
        if (o !== undefined) t = o;
      }
      return shared ? intern(t) : t;
    };
    return (cell) => {
      const raw = cellText(cell);
      if (raw === null) return null;
      if (memo === null) return finalText(raw);
      let t = memo.get(raw);
      if (t === undefined) {
        t = finalText(raw);
        if (memo.size < 10_000) memo.set(raw, t);
      } else {
        hits++;
      }
      // Judged early: a typical PLIE's whole agenda is 50 000 rows.
      if (!shared && ++lookups === 5_000 && hits < 1_000) memo = null;
      return t;
    };
  }

  /**
   * Dates, times and durations take few distinct spellings in a file: a bounded memo of string
   * cells spares a parse and an allocation per row. A parser never returns undefined, so one
   * lookup tells a miss. A column of date-times (« Date de saisie ») hardly repeats: once the memo
   * has shown it rarely hits, it is dropped and the (fast) parse runs alone.
   */
  function memoized(parse: Parser): Parser {
    let memo: Map<string, unknown> | null = new Map<string, unknown>();
    let lookups = 0;
    let hits = 0;
    return (cell) => {
      if (typeof cell !== 'string' || memo === null) return parse(cell);
      let v = memo.get(cell);
      if (v === undefined) {
        v = parse(cell);
        if (memo.size < 20_000) memo.set(cell, v);
      } else {
        hits++;
      }
      if (++lookups === 5_000 && hits < 1_000) memo = null;
      return v;
    };
  }

  function parserFor(f: FieldDef, normalizedHeader: string): Parser {
    const date1904 = src.date1904;
    switch (f.kind) {
      case 'id': {
        // A participant number is looked up once per row, cell text → entry: each lookup in a
        // map of a network's 50 000 numbers is a cache miss.
        const byNumber = new Map<number, IdEntry | null>();
        return (cell) => {
          let entry: IdEntry | null | undefined;
          if (typeof cell === 'string') {
            entry = idEntryOf(ctx, cell);
          } else if (typeof cell === 'number') {
            // Workbooks often hold dossier numbers as numbers: their text is made once per number.
            entry = byNumber.get(cell);
            if (entry === undefined) {
              const text = parseId(cell);
              entry = text === null ? null : idEntryOf(ctx, text);
              if (byNumber.size < 200_000) byNumber.set(cell, entry);
            }
          } else {
            const text = parseId(cell);
            entry = text === null ? null : idEntryOf(ctx, text);
          }
          rowId = entry;
          return entry === null ? null : entry.id;
        };
      }
      case 'text':
        return textParser(f);
      case 'date':
        return memoized((cell) => parseDate(cell, date1904));
      case 'month':
        return memoized((cell) => parseMonth(cell, date1904));
      case 'time':
        return memoized(parseTime);
      case 'duration': {
        const unit = durationUnit(normalizedHeader);
        return memoized((cell) => parseDuration(cell, unit));
      }
      case 'age':
        return parseAge;
      case 'weeklyHours': {
        const unit = weeklyHoursUnit(normalizedHeader);
        return (cell) => parseWeeklyHours(cell, unit);
      }
      case 'boolean':
        return booleanParser(f);
      case 'enum':
        return enumParser(f, ENUMS[f.enumName!]);
    }
  }

  const plan: ColumnPlan[] = detection.mapping.columns.map((c) => {
    headers.set(c.field.name, c.header);
    return {
      col: c.col,
      field: c.field,
      name: c.field.name,
      slot: F[c.field.name],
      header: c.header,
      parse: parserFor(c.field, c.normalized),
      groupable: c.field.groupable === true,
    };
  });
  const has = (f: string) => headers.has(f);
  const groupableCol: boolean[] = [];
  const groupPlans = plan.filter((p) => p.groupable);
  for (const p of groupPlans) groupableCol[p.col] = true;
  const carry: Cell[] = [];

  // Fields of the records (Datasets.fields): mapped columns, named as the record names them.
  const fields = new Set<string>();
  for (const p of plan) {
    fields.add(p.name);
    if (p.field.recordField) fields.add(p.field.recordField);
  }
  if (fields.has('cerDate')) fields.add('cer');
  if (fields.has('droitCommun')) fields.add('plie');
  if (fields.has('plannedEnd')) fields.add('end');
  // ACI can be read from the operator or label (« ACI Les Jardins »).
  if (name === 'etapes' && (fields.has('operator') || fields.has('label'))) fields.add('aci');
  if (fields.has('fullName')) {
    fields.add('lastName');
    fields.add('firstName');
  }
  if (has('participantId') || has('lastName') || has('firstName') || has('fullName')) fields.add('participantKey');

  const attrFields: AttributeField[] = name === 'agenda' ? [] : ATTRIBUTE_FIELDS.filter((f) => has(f) || (f === 'cer' && has('cerDate')));

  const shape: 'dates' | 'mensuel' | null =
    name !== 'affectations' ? null : has('start') ? 'dates' : has('month') ? 'mensuel' : 'dates';
  const requiredDate: string | null =
    name === 'agenda' ? 'date' : name === 'etapes' ? 'start' : name === 'sorties' ? 'exitDate' : shape === 'mensuel' ? 'month' : 'start';
  const participantRequired = name !== 'agenda';
  const hasIdColumn = has('participantId');
  const identityColumn = headers.get('participantId') ?? headers.get('lastName') ?? headers.get('fullName') ?? null;

  // Scratch values of the current row: one fixed-shape object, reused.
  const s: unknown[] = new Array<unknown>(FIELD_NAMES.length).fill(null);

  const invalid: { plan: ColumnPlan; raw: Cell }[] = [];
  const exclude = (code: DataIssue['code'], key: string | null, referent: string | null, date: ISODate | null, field: string, column: string | null, value: string | null, line: number): void => {
    const k = `${code}\u0000${field}`;
    const n = (t.excludedCount.get(k) ?? 0) + 1;
    t.excludedCount.set(k, n);
    if (n <= MAX_EXCLUDED_ISSUES_PER_FIELD) ctx.issues.push(makeIssue(code, key, referent, date, field, column, value, originAt(line), 'excluded'));
  };
  const nameKeys = new Map<string, string>();


  function nameKey(last: string | null, first: string | null, birth: ISODate | null): string {
    const raw = `${last ?? ''}\u0000${first ?? ''}\u0000${birth ?? ''}`;
    let k = nameKeys.get(raw);
    if (k === undefined) {
      k = `name:${last === null ? '' : normalize(last)}|${first === null ? '' : normalize(first)}${birth ? `|${birth}` : ''}`;
      k = intern(k);
      if (nameKeys.size < 100_000) nameKeys.set(raw, k);
    }
    return k;
  }

  const requiredFields: readonly FieldName[] =
    name === 'agenda' ? ['date', 'referent', 'kind'] : name === 'etapes' ? ['category', 'start'] : name === 'affectations' ? ['referent'] : [];
  const isInvalid = (f: FieldName): boolean => {
    for (let i = 0; i < invalid.length; i++) if (invalid[i]!.plan.name === f) return true;
    return false;
  };

  function push(row: RawRow): void {
    const cells = row.cells;
    let first = -1;
    let dataCells = 0;
    for (let c = 0; c < cells.length; c++) {
      if (!isEmptyCell(cells[c])) {
        if (first < 0) first = c;
        if (groupableCol[c] !== true) dataCells++;
      }
    }
    if (first < 0 || isTotalLabel(cells[first])) {
      t.skipped++;
      return;
    }
    if (dataCells === 0) {
      // A group label (« Marie Dupont » alone above her participants): remember it, no record.
      for (const p of groupPlans) {
        const cell = cells[p.col];
        if (cell !== undefined && !isEmptyCell(cell)) carry[p.col] = cell;
      }
      t.skipped++;
      return;
    }

    invalid.length = 0;
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i]!;
      let cell = cells[p.col];
      if (cell === undefined) cell = null;
      if (p.groupable) {
        if (isEmptyCell(cell)) {
          const c = carry[p.col];
          if (c !== undefined && c !== null) {
            cell = c;
            t.carried++;
          }
        } else {
          carry[p.col] = cell;
        }
      }
      const v = p.parse(cell);
      if (v === INVALID) {
        s[p.slot] = null;
        invalid.push({ plan: p, raw: cell });
      } else {
        s[p.slot] = v;
      }
    }

    const line = row.line;

    // Identity.
    const id = s[F.participantId] as string | null;
    let last = s[F.lastName] as string | null;
    let firstName = s[F.firstName] as string | null;
    if (last === null && firstName === null && s[F.fullName] !== null) {
      [last, firstName] = splitFullName(s[F.fullName] as string);
      if (last !== null) last = intern(last);
      if (firstName !== null) firstName = intern(firstName);
    }
    let key: string | null = null;
    if (id !== null) {
      // The id parser ran on this row's cell and left its entry.
      key = rowId!.key;
    }
    else if (last !== null || firstName !== null) {
      key = nameKey(last, firstName, s[F.birthDate] as ISODate | null);
      t.nameKeyedRows++;
      if (t.firstNameKeyed === null) t.firstNameKeyed = originAt(line);
    }

    const referent = s[F.referent] as string | null;
    const mainDate: ISODate | null =
      name === 'agenda'
        ? (s[F.date] as ISODate | null)
        : name === 'etapes'
          ? (s[F.start] as ISODate | null)
          : name === 'sorties'
            ? (s[F.exitDate] as ISODate | null)
            : ((s[F.start] as ISODate | null) ?? (s[F.month] !== null ? `${s[F.month] as string}-01` : null));

    // Excluding problems first: a row left out reports why, once per cause.
    let excluded = false;
    for (let i = 0; i < invalid.length; i++) {
      const { plan: p, raw } = invalid[i]!;
      if (p.name === requiredDate) {
        exclude('date-invalide', key, referent, mainDate, p.name, p.header, cellText(raw), line);
        excluded = true;
      }
    }
    if (participantRequired && key === null) {
      exclude('champ-obligatoire-vide', key, referent, mainDate, 'participantId', identityColumn, null, line);
      excluded = true;
    }
    for (let i = 0; i < requiredFields.length; i++) {
      const f = requiredFields[i]!;
      if (s[F[f]] === null && !isInvalid(f)) {
        exclude('champ-obligatoire-vide', key, referent, mainDate, f, headers.get(f) ?? null, null, line);
        excluded = true;
      }
    }
    if (name === 'affectations' && s[F.start] === null && s[F.month] === null && !isInvalid('start') && !isInvalid('month')) {
      const f = shape === 'mensuel' ? 'month' : 'start';
      exclude('champ-obligatoire-vide', key, referent, mainDate, f, headers.get(f) ?? null, null, line);
      excluded = true;
    }
    if (excluded) return;
    for (let i = 0; i < invalid.length; i++) {
      const { plan: p, raw } = invalid[i]!;
      const n = (t.keptIssueCount.get(p.name) ?? 0) + 1;
      t.keptIssueCount.set(p.name, n);
      if (n <= MAX_KEPT_ISSUES_PER_FIELD) {
        ctx.issues.push(makeIssue('valeur-invalide', key, referent, mainDate, p.name, p.header, cellText(raw), originAt(line), 'kept'));
      }
    }

    switch (name) {
      case 'agenda':
        // The store copies the fields into its columns: one event object serves every row.
        scratchOrigin.row = line;
        fillEvent(scratchEvent, s, key, id, last, firstName, impliedMode, impliedFormat);
        if (id !== null) {
          // rowId names this row's participant (key and id come from it, see above).
          if (rowId!.keyCode < 0) (target as AgendaStore).identityCodes(key, id, rowId!);
          (target as AgendaStore).push(scratchEvent, rowId!);
        } else {
          (target as AgendaStore).push(scratchEvent);
        }
        if (impliedMode !== undefined && s[F.mode] === null) t.impliedModes++;
        if (impliedFormat !== undefined && s[F.format] === null) t.impliedFormats++;
        break;
      case 'affectations':
        (target as AnyRecord[]).push(buildAffectation(s, key!, id, last, firstName, originAt(line)));
        break;
      case 'etapes':
        (target as AnyRecord[]).push(buildStep(s, key!, id, last, firstName, originAt(line)));
        break;
      case 'sorties':
        (target as AnyRecord[]).push(buildExit(s, key!, id, last, firstName, originAt(line)));
        break;
    }
    // An affectation record carries its attributes already (see buildAffectation); étapes and
    // sorties records do not, so their values are kept aside for the participants' merge.
    if (attrFields.length > 0 && name !== 'affectations') {
      const values = new Array<unknown>(attrFields.length);
      for (let i = 0; i < attrFields.length; i++) {
        const f = attrFields[i]!;
        values[i] = f === 'cer' ? cerOf(s) : s[F[f]];
      }
      attrRows.push(values);
    }
    t.rows++;
  }

  function finish(): MappedTable {
    if (t.nameKeyedRows > 0) {
      ctx.issues.push({
        code: 'identite-par-nom',
        participant: null,
        referent: null,
        date: null,
        field: hasIdColumn ? 'participantId' : 'lastName',
        column: identityColumn,
        args: { rows: t.nameKeyedRows, idColumn: hasIdColumn ? 'oui' : 'non' },
        evidence: t.firstNameKeyed ? [t.firstNameKeyed] : [],
        effect: 'kept',
      });
    }
    // A mode or format read from the kind's spelling makes the field usable by the rules.
    if (t.impliedModes > 0) {
      fields.add('mode');
      warnings.push(`Modalité déduite du type d'événement pour ${t.impliedModes} ligne(s) (ex. « Entretien téléphonique » → téléphone).`);
    }
    if (t.impliedFormats > 0) {
      fields.add('format');
      warnings.push(`Format individuel/collectif déduit du type d'événement pour ${t.impliedFormats} ligne(s) (ex. « Entretien individuel »).`);
    }
    if (t.carried > 0) {
      const labels = groupPlans.map((p) => `« ${p.header} »`).join(', ');
      warnings.push(`${t.carried} cellule(s) vide(s) de ${labels} complétée(s) par la valeur de la ligne précédente (rapport groupé).`);
    }
    for (const [k, n] of t.excludedCount) {
      if (n <= MAX_EXCLUDED_ISSUES_PER_FIELD) continue;
      const [code, field] = k.split('\u0000') as [string, string];
      const column = field === 'participantId' ? identityColumn : (headers.get(field) ?? null);
      const cause = code === 'date-invalide' ? 'date invalide' : 'champ obligatoire vide';
      warnings.push(
        `${n} lignes écartées (${cause}${column ? ` dans « ${column} »` : ''}) ; seules les ${MAX_EXCLUDED_ISSUES_PER_FIELD.toLocaleString('fr-FR')} premières sont détaillées.`,
      );
    }
    for (const [field, n] of t.keptIssueCount) {
      if (n > MAX_KEPT_ISSUES_PER_FIELD) {
        warnings.push(`${n} valeurs invalides dans « ${headers.get(field) ?? field} » ; seules les ${MAX_KEPT_ISSUES_PER_FIELD} premières sont détaillées.`);
      }
    }
    let a = 0;
    for (const w of t.approximations.values()) {
      if (a++ < MAX_APPROX_WARNINGS) warnings.push(w);
    }
    if (t.approximations.size > MAX_APPROX_WARNINGS) {
      warnings.push(`… et ${t.approximations.size - MAX_APPROX_WARNINGS} autres valeurs rattachées par approximation.`);
    }
    for (const w of src.warnings.slice(loaderWarningsSeen)) warnings.push(w);
    const columns: Record<string, string> = Object.create(null);
    for (const [f, h] of headers) columns[f] = h;
    const unmapped: Record<string, Record<string, number>> = Object.create(null);
    for (const [f, m] of t.unmappedValues) {
      const inner: Record<string, number> = Object.create(null);
      for (const [raw, n] of m) inner[raw] = n;
      unmapped[f] = inner;
    }
    const report: InputReport = {
      path: src.path,
      sheet: src.sheet,
      container: src.container,
      dataset: name,
      rows: t.rows,
      headerRow: detection.line,
      encoding: src.encoding,
      delimiter: src.delimiter,
      skippedRows: t.skipped,
      warnings,
      columns,
      unmappedColumns: [...detection.mapping.unmapped, ...detection.mapping.duplicates]
        .sort((x, y) => x.col - y.col)
        .map((u) => u.header),
      unmappedValues: unmapped,
      affectationShape: shape,
    };
    const records = tableRecords(target, first, target.length - first);
    return {
      inputIndex,
      dataset: name,
      report,
      records,
      nameKeyedRows: t.nameKeyedRows,
      attrFields,
      attr:
        name === 'affectations'
          ? (i, j) => (records.record(i) as unknown as Record<AttributeField, unknown>)[attrFields[j]!]
          : (i, j) => attrRows[i]![j],
      headers,
      fields,
    };
  }

  return { push, finish };
}

function makeIssue(
  code: DataIssue['code'],
  participant: string | null,
  referent: string | null,
  date: ISODate | null,
  field: string,
  column: string | null,
  value: string | null,
  origin: Origin,
  effect: DataIssue['effect'],
): DataIssue {
  return { code, participant, referent, date, field, column, args: { value }, evidence: [origin], effect };
}

function cerOf(s: S): boolean | null {
  const cer = s[F.cer] as boolean | null;
  if (cer !== null) return cer;
  return s[F.cerDate] !== null ? true : null;
}

type S = unknown[];

function buildAffectation(s: S, key: string, id: string | null, last: string | null, first: string | null, origin: Origin): Affectation {
  return {
    participantKey: key,
    participantId: id,
    lastName: last,
    firstName: first,
    sex: s[F.sex] as Affectation['sex'],
    birthDate: s[F.birthDate] as ISODate | null,
    age: s[F.age] as number | null,
    commune: s[F.commune] as string | null,
    epci: s[F.epci] as string | null,
    qpv: s[F.qpv] as boolean | null,
    brsa: s[F.brsa] as boolean | null,
    cer: cerOf(s),
    deld: s[F.deld] as boolean | null,
    th: s[F.th] as boolean | null,
    educationLevel: s[F.educationLevel] as string | null,
    healthStart: s[F.healthStart] as ISODate | null,
    referent: s[F.referent] as string,
    structure: s[F.structure] as string | null,
    lot: s[F.lot] as string | null,
    start: s[F.start] as ISODate | null,
    end: s[F.end] as ISODate | null,
    month: s[F.month] as string | null,
    status: s[F.status] as Affectation['status'],
    veilleStart: s[F.veilleStart] as ISODate | null,
    veilleEnd: s[F.veilleEnd] as ISODate | null,
    orientationDate: s[F.orientationDate] as ISODate | null,
    entryDate: s[F.entryDate] as ISODate | null,
    exitDate: s[F.exitDate] as ISODate | null,
    exitType: s[F.exitType] as Affectation['exitType'],
    exitReason: s[F.exitReason] as string | null,
    origin,
  };
}

function emptyEvent(origin: Origin): AgendaEvent {
  return {
    participantKey: null,
    participantId: null,
    lastName: null,
    firstName: null,
    date: '',
    startTime: null,
    endTime: null,
    durationMin: null,
    referent: '',
    role: null,
    kind: 'autre',
    mode: null,
    format: null,
    attendance: null,
    subject: null,
    timeCategory: null,
    enteredAt: null,
    signed: null,
    location: null,
    origin,
  };
}

function fillEvent(
  e: AgendaEvent,
  s: S,
  key: string | null,
  id: string | null,
  last: string | null,
  first: string | null,
  impliedMode: EventMode | undefined,
  impliedFormat: EventFormat | undefined,
): void {
  e.participantKey = key;
  e.participantId = id;
  e.lastName = last;
  e.firstName = first;
  e.date = s[F.date] as ISODate;
  e.startTime = s[F.startTime] as string | null;
  e.endTime = s[F.endTime] as string | null;
  e.durationMin = s[F.duration] as number | null;
  e.referent = s[F.referent] as string;
  e.role = s[F.role] as AgendaEvent['role'];
  e.kind = s[F.kind] as AgendaEvent['kind'];
  // The kind's spelling fills a mode/format the row leaves empty, never overrides one.
  e.mode = (s[F.mode] as EventMode | null) ?? impliedMode ?? null;
  e.format = (s[F.format] as EventFormat | null) ?? impliedFormat ?? null;
  e.attendance = s[F.attendance] as AgendaEvent['attendance'];
  e.subject = s[F.subject] as string | null;
  e.timeCategory = s[F.timeCategory] as AgendaEvent['timeCategory'];
  e.enteredAt = s[F.enteredAt] as ISODate | null;
  e.signed = s[F.signed] as boolean | null;
  e.location = s[F.location] as string | null;
}

const ACI_WORDS = /(^| )(aci|chantier d insertion|atelier chantier d insertion|ateliers chantiers d insertion)( |$)/;

function buildStep(s: S, key: string, id: string | null, last: string | null, first: string | null, origin: Origin): Step {
  const droitCommun = s[F.droitCommun] as boolean | null;
  let aci = s[F.aci] as boolean | null;
  if (aci === null) {
    // « or operator/contract type says so » (exports.md): an ACI named in the operator or label.
    const op = s[F.operator] as string | null;
    const label = s[F.label] as string | null;
    if ((op !== null && ACI_WORDS.test(normalize(op))) || (label !== null && ACI_WORDS.test(normalize(label)))) aci = true;
  }
  return {
    participantKey: key,
    participantId: id,
    lastName: last,
    firstName: first,
    category: s[F.category] as Step['category'],
    contract: s[F.contract] as Step['contract'],
    label: s[F.label] as string | null,
    operator: s[F.operator] as string | null,
    start: s[F.start] as ISODate,
    end: (s[F.end] as ISODate | null) ?? (s[F.plannedEnd] as ISODate | null),
    weeklyHours: s[F.weeklyHours] as number | null,
    qualifying: s[F.qualifying] as boolean | null,
    plie: (s[F.plie] as boolean | null) ?? (droitCommun === null ? null : !droitCommun),
    clause: s[F.clause] as boolean | null,
    aci,
    status: s[F.status] as Step['status'],
    proofDate: s[F.proofDate] as ISODate | null,
    origin,
  };
}

function buildExit(s: S, key: string, id: string | null, last: string | null, first: string | null, origin: Origin): Exit {
  return {
    participantKey: key,
    participantId: id,
    lastName: last,
    firstName: first,
    exitDate: s[F.exitDate] as ISODate | null,
    exitType: s[F.exitType] as Exit['exitType'],
    exitReason: s[F.exitReason] as string | null,
    forecastDate: s[F.forecastDate] as ISODate | null,
    commissionDate: s[F.commissionDate] as ISODate | null,
    proofDate: s[F.proofDate] as ISODate | null,
    proofKind: s[F.proofKind] as string | null,
    origin,
  };
}


/**
 * The merge key of a dossier number. Excel turns « 004512 » into 4512 when a file went through a
 * numeric column: all-digit ids therefore match without their leading zeros (the reports keep the
 * id as first written).
 */
export function canonicalId(id: string): string {
  return /^\d+$/.test(id) ? id.replace(/^0+(?=\d)/, '') : id;
}
