/** In-memory TableSource for model tests: rows given as arrays, line numbers from 1. */
import type { Cell, RawRow, TableSource } from '../../src/load/types.js';

export interface SourceOptions {
  path?: string;
  sheet?: string | null;
  date1904?: boolean;
  warnings?: string[];
  container?: TableSource['container'];
}

export function source(rows: Cell[][], opts: SourceOptions = {}): TableSource {
  const container = opts.container ?? (opts.sheet ? 'xlsx' : 'csv');
  return {
    path: opts.path ?? 'export.csv',
    sheet: opts.sheet ?? null,
    container,
    encoding: container === 'csv' ? 'utf-8' : null,
    delimiter: container === 'csv' ? ';' : null,
    date1904: opts.date1904 ?? false,
    warnings: opts.warnings ?? [],
    async *rows(): AsyncIterable<RawRow> {
      let line = 0;
      for (const cells of rows) yield { cells, line: ++line };
    },
  };
}

/** Semicolon-separated lines, for readability: 'a;b;c' → ['a', 'b', 'c'] (empty → null). */
export function csv(text: string, opts: SourceOptions = {}): TableSource {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  return source(
    lines.map((l) => l.trim()).map((l) => (l.length === 0 ? [] : l.split(';').map((c) => (c.trim() === '' ? null : c.trim())))),
    opts,
  );
}
