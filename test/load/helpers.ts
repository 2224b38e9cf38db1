import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openInputs } from '../../src/load/index.js';
import { InputError, type Cell, type LoadOptions, type RawRow, type TableSource } from '../../src/load/types.js';

export interface TempDir {
  dir: string;
  file(name: string, content: string | Buffer | Uint8Array): string;
  cleanup(): void;
}

export function tempDir(): TempDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-load-'));
  return {
    dir,
    file(name, content) {
      const p = path.join(dir, name);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function collect(source: TableSource): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of source.rows()) rows.push(row);
  return rows;
}

/** The only table of a file, with all its rows. */
export async function readOne(file: string, opts: LoadOptions = {}): Promise<{ source: TableSource; rows: RawRow[] }> {
  const sources = await openInputs([file], opts);
  if (sources.length !== 1) throw new Error(`expected one table, got ${sources.length}`);
  const source = sources[0] as TableSource;
  return { source, rows: await collect(source) };
}

export const cellsOf = (rows: RawRow[]): Cell[][] => rows.map((r) => r.cells);

/** Runs `fn` and returns the InputError it throws (fails otherwise). */
export async function inputError(fn: () => Promise<unknown>): Promise<InputError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw new Error(`expected an InputError, got: ${String(err)}`, { cause: err });
  }
  throw new Error('expected an InputError, nothing was thrown');
}
