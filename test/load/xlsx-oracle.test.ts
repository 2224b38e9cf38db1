/**
 * Our sheet reader (sheet-xml.ts) against exceljs's own, complete reader on the same workbooks:
 * random cells of every kind, written by exceljs with shared strings and with inline strings.
 * Where exceljs's reader is known to be wrong, the generator stays clear: rich inline strings
 * (it keeps the last run; xlsx.test.ts), and formulas whose cached result is 0 (it drops the
 * result, reading <f>B1+1</f><v>0</v> as a formula without value).
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { convertCell } from '../../src/load/excel-cells.js';
import type { Cell } from '../../src/load/types.js';
import { readOne, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

type Written = { value: ExcelJS.CellValue; numFmt?: string } | null;

const text = fc
  .string({ unit: fc.constantFrom('a', 'é', ' ', '<', '>', '&', '"', "'", ';', '\t', '\n', '€', '’', 'œ', '1', '-', ':', '/', '😀'), maxLength: 12 })
  .filter((s) => s.length > 0);
const minuteDate = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 })
  .map((m) => new Date(m * 60_000));

const cell: fc.Arbitrary<Written> = fc.oneof(
  fc.constant(null),
  text.map((value) => ({ value })),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((value) => ({ value })),
  fc.integer({ min: -100_000, max: 100_000 }).map((value) => ({ value })),
  fc.boolean().map((value) => ({ value })),
  fc.tuple(minuteDate, fc.constantFrom('dd/mm/yyyy', 'dd/mm/yyyy hh:mm', 'hh:mm', 'yyyy-mm-dd')).map(([value, numFmt]) => ({ value, numFmt })),
  fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.constantFrom('0.00', 'dd/mm/yyyy')).map(([value, numFmt]) => ({ value, numFmt })),
  text.map((result) => ({ value: { formula: 'A1&""', result } as ExcelJS.CellFormulaValue })),
  fc.integer({ min: 1, max: 1000 }).map((result) => ({ value: { formula: 'B1+1', result } as ExcelJS.CellFormulaValue })),
);

// A workbook without any filled cell is refused, rightly (xlsx.test.ts).
const sheet = fc
  .array(fc.array(cell, { maxLength: 8 }), { minLength: 1, maxLength: 25 })
  .filter((rows) => rows.some((cells) => cells.some((c) => c !== null)));

function fill(ws: ExcelJS.Worksheet, rows: Written[][]): void {
  rows.forEach((cells, r) => {
    cells.forEach((w, c) => {
      if (w === null) return;
      const target = ws.getCell(r + 1, c + 1);
      target.value = w.value;
      if (w.numFmt) target.numFmt = w.numFmt;
    });
  });
}

/** Rows as exceljs's complete reader sees them, cells converted as the loader converts them. */
async function exceljsRows(file: string): Promise<Cell[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const out: Cell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const cells: Cell[] = [];
    ws.getRow(r).eachCell({ includeEmpty: false }, (c, col) => {
      while (cells.length < col - 1) cells.push(null);
      cells[col - 1] = convertCell(c.value, c.numFmt, false);
    });
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    out.push(cells);
  }
  return out;
}

async function ourRows(file: string): Promise<Cell[][]> {
  const { rows } = await readOne(file);
  return rows.map((r) => r.cells);
}

describe('sheet XML read as exceljs reads it', () => {
  it('with shared strings (a workbook saved by Excel)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(sheet, async (rows) => {
        const wb = new ExcelJS.Workbook();
        fill(wb.addWorksheet('Agenda'), rows);
        const file = tmp.file(`shared-${n++}.xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
        const theirs = await exceljsRows(file);
        const ours = await ourRows(file);
        expect(ours.slice(0, theirs.length)).toEqual(theirs);
      }),
      { numRuns: 40 },
    );
  });

  it('with inline strings (a workbook streamed out by a tool)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(sheet, async (rows) => {
        const file = tmp.file(`inline-${n++}.xlsx`, Buffer.alloc(0));
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
        const ws = wb.addWorksheet('Agenda');
        fill(ws, rows);
        ws.commit();
        await wb.commit();
        const theirs = await exceljsRows(file);
        const ours = await ourRows(file);
        expect(ours.slice(0, theirs.length)).toEqual(theirs);
      }),
      { numRuns: 40 },
    );
  });
});
