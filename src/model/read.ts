/**
 * The model stage: raw tables (TableSource) → canonical Datasets.
 */
import path from 'node:path';
import type { BatchedRows, RawRow, TableSource } from '../load/types.js';
import { DATASETS, ENUMS, FIELD_NAME_SYNONYMS, type EnumName, type FieldDef } from './aliases.js';
import { configError } from './errors.js';
import { detectHeader, HEADER_SCAN_ROWS, type OverridesByDataset } from './header.js';
import { createMapperContext, createTableMapper, type AnyRecord, type CompiledValues, type MappedTable } from './mapper.js';
import { normalize } from './normalize.js';
import { AgendaStore } from './agenda-store.js';
import { buildParticipants, linkNames, reportUnknownAgendaParticipants } from './participants.js';
import { DATASET_NAMES, type DatasetName, type Datasets } from './types.js';
import { isEmptyCell } from './values.js';

export interface MappingOptions {
  /** field → header as written (config `columns:`), per dataset. */
  columns?: Partial<Record<DatasetName, Record<string, string>>>;
  /** field → raw value → canonical value (config `values:`). */
  values?: Record<string, Record<string, string>>;
}

function ownEntries<T>(o: Record<string, T> | undefined | null): [string, T][] {
  if (!o || typeof o !== 'object') return [];
  return Object.keys(o).map((k) => [k, o[k]!]);
}

/** Validates config `columns:` (dataset and field names) into field → header maps. */
export function compileColumns(columns: MappingOptions['columns']): OverridesByDataset {
  const out = new Map<DatasetName, Map<string, string>>();
  for (const [dsName, mapping] of ownEntries(columns as Record<string, Record<string, string>> | undefined)) {
    if (!(DATASET_NAMES as readonly string[]).includes(dsName)) {
      throw configError(`columns.${dsName} : jeu de données inconnu (jeux possibles : ${DATASET_NAMES.join(', ')}).`);
    }
    const ds = DATASETS[dsName as DatasetName];
    const m = new Map<string, string>();
    for (const [rawField, header] of ownEntries(mapping)) {
      const fieldName = FIELD_NAME_SYNONYMS[rawField] ?? rawField;
      if (!ds.byName.has(fieldName)) {
        throw configError(
          `columns.${dsName}.${rawField} : champ inconnu (champs possibles : ${ds.fields.map((f) => f.name).join(', ')}).`,
        );
      }
      if (typeof header !== 'string' || normalize(header).length === 0) {
        throw configError(`columns.${dsName}.${rawField} : en-tête de colonne attendu (texte non vide).`);
      }
      m.set(fieldName, header);
    }
    out.set(dsName as DatasetName, m);
  }
  return out;
}

const TRUE_WORDS = new Set(['oui', 'true', 'vrai', '1', 'o', 'yes']);
const FALSE_WORDS = new Set(['non', 'false', 'faux', '0', 'n', 'no']);

/**
 * Validates config `values:`. Each field's canonical values must be allowed for that field (for
 * `status`, by the affectation or the étape statuses); booleans take oui/non; text fields take any text.
 */
export function compileValues(values: MappingOptions['values']): CompiledValues {
  const defsByField = new Map<string, FieldDef[]>();
  for (const ds of Object.values(DATASETS)) {
    for (const f of ds.fields) {
      const list = defsByField.get(f.name) ?? [];
      if (!list.some((x) => x.kind === f.kind && x.enumName === f.enumName)) list.push(f);
      defsByField.set(f.name, list);
    }
  }
  const enumMaps = new Map<string, Map<string, string>>();
  const boolMaps = new Map<string, Map<string, boolean>>();
  const textMaps = new Map<string, Map<string, string>>();
  for (const [rawField, mapping] of ownEntries(values)) {
    const fieldName = FIELD_NAME_SYNONYMS[rawField] ?? rawField;
    const defs = defsByField.get(fieldName);
    const valueFields = defs?.filter((d) => d.kind === 'enum' || d.kind === 'boolean' || d.kind === 'text') ?? [];
    if (valueFields.length === 0) {
      const allowed = [...defsByField.entries()]
        .filter(([, ds]) => ds.some((d) => d.kind === 'enum' || d.kind === 'boolean' || d.kind === 'text'))
        .map(([n]) => n);
      throw configError(`values.${rawField} : champ inconnu ou sans valeurs à traduire (champs possibles : ${allowed.join(', ')}).`);
    }
    for (const [raw, canonical] of ownEntries(mapping)) {
      const key = normalize(raw);
      let accepted = false;
      for (const d of valueFields) {
        if (d.kind === 'enum') {
          const def = ENUMS[d.enumName!];
          if (typeof canonical === 'string' && def.values.includes(canonical)) {
            const mk = `${fieldName}\u0000${def.name}`;
            if (!enumMaps.has(mk)) enumMaps.set(mk, new Map());
            enumMaps.get(mk)!.set(key, canonical);
            accepted = true;
          }
        } else if (d.kind === 'boolean') {
          const c = normalize(String(canonical));
          if (TRUE_WORDS.has(c) || FALSE_WORDS.has(c)) {
            if (!boolMaps.has(fieldName)) boolMaps.set(fieldName, new Map());
            boolMaps.get(fieldName)!.set(key, TRUE_WORDS.has(c));
            accepted = true;
          }
        } else if (typeof canonical === 'string' && canonical.trim().length > 0) {
          if (!textMaps.has(fieldName)) textMaps.set(fieldName, new Map());
          textMaps.get(fieldName)!.set(key, canonical.trim());
          accepted = true;
        }
      }
      if (!accepted) {
        const allowed = valueFields
          .flatMap((d) => (d.kind === 'enum' ? ENUMS[d.enumName!].values : d.kind === 'boolean' ? ['oui', 'non'] : ['un texte']))
          .join(', ');
        throw configError(`values.${rawField}.« ${raw} » : « ${String(canonical)} » n'est pas une valeur possible (valeurs possibles : ${allowed}).`);
      }
    }
  }
  return {
    enumOverrides: (field: string, enumName: string) => enumMaps.get(`${field}\u0000${enumName as EnumName}`),
    booleanOverrides: (field: string) => boolMaps.get(field),
    textOverrides: (field: string) => textMaps.get(field),
  };
}

/** How tables are read: progress reported to a terminal. */
export interface ReadOptions {
  /**
   * Rows read so far over all inputs, called every PROGRESS_EVERY rows and at the end of each
   * table (a progress display: nothing knows the count before the end).
   */
  onProgress?: (rows: number, file: string) => void;
}

export const PROGRESS_EVERY = 1000;

/** Batches from a row iterator: its own when it has them, else one row at a time. */
function nextBatchOf(it: AsyncIterator<RawRow> & Partial<Pick<BatchedRows, 'nextBatch'>>): () => Promise<RawRow[] | null> {
  if (typeof it.nextBatch === 'function') return it.nextBatch.bind(it);
  return async () => {
    const r = await it.next();
    return r.done ? null : [r.value];
  };
}

function emptyDatasets(): Datasets {
  return {
    inputs: [],
    participants: new Map(),
    affectations: [],
    agenda: new AgendaStore(),
    etapes: [],
    sorties: [],
    issues: [],
    present: new Set(),
    fields: { affectations: new Set(), agenda: new Set(), etapes: new Set(), sorties: new Set() },
  };
}

/**
 * Reads every table into the canonical datasets. Throws InputError for file-level problems
 * (unrecognised table, missing required column, configured header absent, invalid config
 * `columns:`/`values:`). A sheet with no non-blank row at all is left out (nothing to audit).
 */
export async function readDatasets(sources: TableSource[], opts: MappingOptions = {}, read: ReadOptions = {}): Promise<Datasets> {
  const onProgress = read.onProgress;
  let total = 0;
  const overrides = compileColumns(opts.columns);
  const ctx = createMapperContext(compileValues(opts.values));
  const out = emptyDatasets();
  const tables: MappedTable[] = [];

  /** One table into its dataset; null for a sheet without any non-blank row. */
  const readTable = async (src: TableSource, iterator: AsyncIterator<RawRow>): Promise<MappedTable | null> => {
    let done = false;
    const file = src.sheet ? `${path.basename(src.path)} [${src.sheet}]` : path.basename(src.path);
    const counted = (n: number): void => {
      const before = total;
      total += n;
      // Rows arrive in batches: the count shown is the thousand just passed, as row by row.
      const passed = Math.floor(total / PROGRESS_EVERY);
      if (onProgress && passed !== Math.floor(before / PROGRESS_EVERY)) onProgress(passed * PROGRESS_EVERY, file);
    };
    const nextBatch = nextBatchOf(iterator);
    try {
      const head: RawRow[] = [];
      while (head.length < HEADER_SCAN_ROWS) {
        const r = await iterator.next();
        if (r.done) {
          done = true;
          break;
        }
        counted(1);
        head.push(r.value);
      }
      if (done && src.sheet !== null && head.every((r) => r.cells.every((c) => isEmptyCell(c)))) return null;
      const detection = detectHeader(head, { path: src.path, sheet: src.sheet }, overrides);
      const target = out[detection.mapping.dataset.name] as AnyRecord[];
      const mapper = createTableMapper(src, detection, tables.length, target, ctx);
      for (let i = detection.index + 1; i < head.length; i++) mapper.push(head[i]!);
      while (!done) {
        const batch = await nextBatch();
        if (batch === null) {
          done = true;
          break;
        }
        for (let i = 0; i < batch.length; i++) mapper.push(batch[i]!);
        counted(batch.length);
      }
      onProgress?.(total, file);
      return mapper.finish();
    } finally {
      // Release the file when we stop early (an InputError, an empty sheet).
      if (!done) await iterator.return?.();
    }
  };

  // The next table starts reading (on its worker thread, for a large file) while this one is
  // mapped; one started but never reached (an error stopped us) is released.
  const iterators: (AsyncIterator<RawRow> | undefined)[] = [];
  const open = (i: number): AsyncIterator<RawRow> => (iterators[i] ??= sources[i]!.rows()[Symbol.asyncIterator]());
  let current = 0;
  try {
    for (; current < sources.length; current++) {
      const iterator = open(current);
      if (current + 1 < sources.length) open(current + 1);
      const table = await readTable(sources[current]!, iterator);
      if (table === null) continue;
      const ds = table.dataset;
      tables.push(table);
      out.inputs.push(table.report);
      out.present.add(ds);
      for (const f of table.fields) out.fields[ds].add(f);
    }
  } finally {
    for (let i = current + 1; i < iterators.length; i++) await iterators[i]?.return?.();
  }

  linkNames(tables, ctx.issues);
  out.participants = buildParticipants(tables, ctx.issues);
  reportUnknownAgendaParticipants(tables, ctx.issues);
  out.agenda.seal();
  if (!out.present.has('sorties')) exitsFromAffectations(out);
  out.issues = ctx.issues;
  return out;
}

/**
 * Without a sorties export, the exit columns of the affectations export are the exits (exports.md:
 * « may also come as columns of affectations »): one exit per participant and exit date, from the
 * first row that carries it, so the exit rules run on what the flux mensuel says.
 */
function exitsFromAffectations(out: Datasets): void {
  const seen = new Set<string>();
  for (const a of out.affectations) {
    if (a.exitDate === null) continue;
    const key = `${a.participantKey}|${a.exitDate}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.sorties.push({
      participantKey: a.participantKey,
      participantId: a.participantId,
      lastName: a.lastName,
      firstName: a.firstName,
      exitDate: a.exitDate,
      exitType: a.exitType,
      exitReason: a.exitReason,
      forecastDate: null,
      commissionDate: null,
      proofDate: null,
      proofKind: null,
      origin: a.origin,
    });
  }
  if (out.sorties.length === 0) return;
  out.present.add('sorties');
  for (const f of ['exitDate', 'exitType', 'exitReason'] as const) {
    if (out.fields.affectations.has(f)) out.fields.sorties.add(f);
  }
}
