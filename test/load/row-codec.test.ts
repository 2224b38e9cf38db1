import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowDecoder, RowEncoder } from '../../src/load/row-codec.js';
import type { Cell, RawRow } from '../../src/load/types.js';

/** Rows through the encoder, cut into batches every `every` rows, and back. */
function roundTrip(rows: RawRow[], every: number, coding = true): { rows: RawRow[]; added: number; literals: number } {
  const encoder = new RowEncoder(coding);
  const decoder = new RowDecoder();
  const out: RawRow[] = [];
  let added = 0;
  let literals = 0;
  const flush = (): void => {
    // Through a structured clone, as postMessage sends it.
    const batch = structuredClone(encoder.take());
    added += batch.added.length;
    literals += batch.literals.length;
    decoder.learn(batch);
    out.push(...decoder.decode(batch));
  };
  for (const row of rows) {
    encoder.add(row);
    if (encoder.rows >= every) flush();
  }
  flush();
  return { rows: out, added, literals };
}

const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constant(null),
  fc.constantFrom('Présent', 'Absent', 'Entretien individuel', '01/02/2019', ''),
  fc.string({ maxLength: 6 }),
  fc.string({ minLength: 129, maxLength: 140 }),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.boolean(),
);
const row: fc.Arbitrary<RawRow> = fc.record({ cells: fc.array(cell, { maxLength: 12 }), line: fc.nat() });

describe('rows sent from a reading thread (row-codec)', () => {
  it('come back as they were sent: every kind of cell, any batch size', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (rows, every) => {
        expect(roundTrip(rows, every).rows).toEqual(rows);
      }),
    );
  });

  it('send a repeated text once', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ cells: ['Léa Perez', `${i % 10}`], line: i + 2 }));
    const { rows: back, added, literals } = roundTrip(rows, 100);
    expect(back).toEqual(rows);
    expect(added).toBe(11);
    expect(literals).toBe(0);
  });

  it('send a column of texts that do not repeat as is, once that is seen, and keep the rest coded', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ cells: [`saisie ${i}`, i % 2 ? 'Présent' : 'Absent'], line: i }));
    const { rows: back, added, literals } = roundTrip(rows, 1000);
    expect(back).toEqual(rows);
    // The column is judged at its 4 096th text: the 4 095 before were coded, the rest go as is.
    expect(added).toBe(4095 + 2);
    expect(literals).toBe(10_000 - 4095);
  });

  it('send every cell as is when coding is off (a workbook)', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ cells: ['Léa Perez', i, null], line: i + 2 }));
    const { rows: back, added, literals } = roundTrip(rows, 30, false);
    expect(back).toEqual(rows);
    expect(added).toBe(0);
    expect(literals).toBe(200);
  });
});
