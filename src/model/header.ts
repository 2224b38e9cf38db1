/**
 * Header detection: which of the first rows is the header, and which dataset the table is.
 * A title block (« Flux mensuel des affectations… », « Période du … au … », « Édité le … »)
 * may precede the header; we score every row against every dataset's aliases.
 */
import type { Cell, RawRow } from '../load/types.js';
import { DATASETS, type DatasetDef, type FieldDef } from './aliases.js';
import {
  configHeaderMissingError,
  missingColumnError,
  unrecognisedError,
  type Where,
} from './errors.js';
import { editDistance, normalize } from './normalize.js';
import type { DatasetName } from './types.js';
import { cellText } from './values.js';

export const HEADER_SCAN_ROWS = 30;

/** Config `columns:` for one dataset: field → header as written. */
export type ColumnOverrides = ReadonlyMap<string, string>;
export type OverridesByDataset = ReadonlyMap<DatasetName, ColumnOverrides>;

export interface ColumnMatch {
  col: number;
  /** As written in the file. */
  header: string;
  normalized: string;
  field: FieldDef;
  /** -1 for a config override, else the index of the alias in the field's list. */
  priority: number;
}

export interface HeaderMapping {
  dataset: DatasetDef;
  /** One per mapped field, in column order. */
  columns: ColumnMatch[];
  /** Non-empty headers no field took, as written, with their column. */
  unmapped: { col: number; header: string }[];
  /** Columns that named a field another (better) column already took. */
  duplicates: { col: number; header: string; field: string; keptHeader: string }[];
  /** Config overrides whose header is not in the row: field → header. */
  missingOverrides: [string, string][];
}

interface HeaderCell {
  col: number;
  header: string;
  normalized: string;
}

function headerCells(cells: readonly Cell[]): HeaderCell[] {
  const out: HeaderCell[] = [];
  for (let col = 0; col < cells.length; col++) {
    const header = cellText(cells[col]);
    if (header === null) continue;
    out.push({ col, header, normalized: normalize(header) });
  }
  return out;
}

/** Maps one row, read as a header, onto one dataset. Config overrides win over aliases. */
export function mapHeader(cells: readonly Cell[], ds: DatasetDef, overrides?: ColumnOverrides): HeaderMapping {
  const hc = headerCells(cells);
  const best = new Map<string, ColumnMatch>();
  const taken = new Set<number>();
  const missingOverrides: [string, string][] = [];
  if (overrides) {
    for (const [fieldName, header] of overrides) {
      const field = ds.byName.get(fieldName);
      if (!field) continue;
      const wanted = normalize(header);
      const cell = hc.find((c) => !taken.has(c.col) && c.normalized === wanted);
      if (!cell) {
        missingOverrides.push([fieldName, header]);
        continue;
      }
      taken.add(cell.col);
      best.set(fieldName, { ...cell, field, priority: -1 });
    }
  }
  const duplicates: HeaderMapping['duplicates'] = [];
  const rejected: ColumnMatch[] = [];
  for (const cell of hc) {
    if (taken.has(cell.col)) continue;
    const hit = ds.aliasIndex.get(cell.normalized);
    if (!hit) continue;
    const current = best.get(hit.field.name);
    const candidate: ColumnMatch = { ...cell, field: hit.field, priority: hit.priority };
    if (!current) {
      best.set(hit.field.name, candidate);
    } else if (current.priority > hit.priority) {
      best.set(hit.field.name, candidate);
      rejected.push(current);
    } else {
      rejected.push(candidate);
    }
  }
  const columns = [...best.values()].sort((a, b) => a.col - b.col);
  const used = new Set(columns.map((c) => c.col));
  for (const r of rejected) {
    duplicates.push({ col: r.col, header: r.header, field: r.field.name, keptHeader: best.get(r.field.name)!.header });
  }
  duplicates.sort((a, b) => a.col - b.col);
  const unmapped = hc.filter((c) => !used.has(c.col)).map((c) => ({ col: c.col, header: c.header }));
  return { dataset: ds, columns, unmapped, duplicates, missingOverrides };
}

/** Requirements of `ds` that the mapped fields do not meet. */
export function unmetRequirements(ds: DatasetDef, mapped: ReadonlySet<string>): (readonly (readonly string[])[])[] {
  return ds.requirements.filter((req) => !req.some((alt) => alt.every((f) => mapped.has(f))));
}

export interface Detection {
  mapping: HeaderMapping;
  /** Index of the header in the rows given. */
  index: number;
  /** 1-based line as the user sees it. */
  line: number;
  /** Other datasets the header fits just as well (reported as a warning). */
  alsoFits: DatasetName[];
}

interface Candidate {
  mapping: HeaderMapping;
  index: number;
  score: number;
  unmet: (readonly (readonly string[])[])[];
}

const ORDER = (Object.values(DATASETS) as DatasetDef[]).sort((a, b) => a.precedence - b.precedence);

/**
 * Picks the header: among the rows given (the first 30), the first row with the most matching
 * cells for a dataset whose requirements are all met; on equal scores in that row, dataset
 * precedence decides (étapes, sorties, agenda, then affectations). Throws InputError when no
 * row fits: « missing column » when one dataset lacks exactly one requirement, else
 * « unrecognised ».
 */
export function detectHeader(rows: readonly RawRow[], where: Where, overrides?: OverridesByDataset): Detection {
  let best: Candidate | null = null;
  let bestPartial: Candidate | null = null;
  const complete: Candidate[] = [];
  const limit = Math.min(rows.length, HEADER_SCAN_ROWS);
  for (let index = 0; index < limit; index++) {
    const cells = rows[index]!.cells;
    if (!cells.some((c) => cellText(c) !== null)) continue;
    for (const ds of ORDER) {
      const mapping = mapHeader(cells, ds, overrides?.get(ds.name));
      const score = mapping.columns.length;
      if (score === 0) continue;
      const unmet = unmetRequirements(ds, new Set(mapping.columns.map((c) => c.field.name)));
      const cand: Candidate = { mapping, index, score, unmet };
      if (unmet.length === 0) {
        complete.push(cand);
        if (!best || score > best.score) best = cand;
      } else if (
        !bestPartial ||
        unmet.length < bestPartial.unmet.length ||
        (unmet.length === bestPartial.unmet.length && score > bestPartial.score)
      ) {
        bestPartial = cand;
      }
    }
  }

  if (best) {
    const chosen = best;
    const alsoFits = complete
      .filter((c) => c !== chosen && c.index === chosen.index && c.score === chosen.score)
      .map((c) => c.mapping.dataset.name);
    const line = rows[chosen.index]!.line;
    const miss = chosen.mapping.missingOverrides[0];
    if (miss) {
      throw configHeaderMissingError(where, chosen.mapping.dataset, miss[0], miss[1], found(rows[chosen.index]!), line);
    }
    return { mapping: chosen.mapping, index: chosen.index, line, alsoFits };
  }

  if (bestPartial && bestPartial.unmet.length === 1) {
    const { mapping, index, unmet } = bestPartial;
    const row = rows[index]!;
    const miss = mapping.missingOverrides[0];
    if (miss) throw configHeaderMissingError(where, mapping.dataset, miss[0], miss[1], found(row), row.line);
    const suggestion = suggest(mapping, unmet[0]!);
    throw missingColumnError(where, mapping.dataset, unmet[0]!, found(row), row.line, suggestion);
  }

  // Show the row that looked most like a header, else the fullest row.
  let showIndex = bestPartial?.index ?? -1;
  if (showIndex < 0) {
    let most = 0;
    for (let i = 0; i < limit; i++) {
      const n = rows[i]!.cells.filter((c) => cellText(c) !== null).length;
      if (n > most) {
        most = n;
        showIndex = i;
      }
    }
  }
  if (showIndex < 0) throw unrecognisedError(where, [], null);
  throw unrecognisedError(where, found(rows[showIndex]!), rows[showIndex]!.line);
}

function found(row: RawRow): string[] {
  return headerCells(row.cells).map((c) => c.header);
}

/**
 * The unmapped header closest (edit distance on normalised strings) to an alias of a field of
 * the missing requirement; null when nothing is reasonably close.
 */
export function suggest(
  mapping: HeaderMapping,
  missing: readonly (readonly string[])[],
): { field: string; header: string } | null {
  let best: { field: string; header: string; d: number } | null = null;
  const candidates = [...mapping.unmapped, ...mapping.duplicates];
  for (const alt of missing) {
    for (const fieldName of alt) {
      if (mapping.columns.some((c) => c.field.name === fieldName)) continue;
      const field = mapping.dataset.byName.get(fieldName);
      if (!field) continue;
      for (const cand of candidates) {
        const n = normalize(cand.header);
        if (n.length === 0) continue;
        for (const alias of field.aliases) {
          const d = editDistance(n, alias);
          const limit = Math.max(2, Math.floor(0.45 * Math.max(n.length, alias.length)));
          if (d <= limit && (!best || d < best.d)) best = { field: fieldName, header: cand.header, d };
        }
      }
    }
  }
  return best ? { field: best.field, header: best.header } : null;
}
