/**
 * The split reading (csv-records.ts) against csv-parse alone, on the same options: the same
 * records, and the same error after the same records, however the text is cut into chunks.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter, CsvRecordStream, recordEnd } from '../../src/load/csv-records.js';
import { csvParseOptions, MAX_FIELD_BYTES } from '../../src/load/csv.js';

type Outcome = { records: string[][]; error: string | null };

function options(delimiter: string, recordDelimiter: string[], maxRecordBytes = MAX_FIELD_BYTES) {
  return { ...csvParseOptions({ delimiter, recordDelimiter }), max_record_size: maxRecordBytes } as ReturnType<typeof csvParseOptions> & {
    delimiter: string;
    record_delimiter: string[];
    max_record_size: number;
  };
}

/** csv-parse alone on the whole text, keeping the records it read before an error. */
async function byCsvParse(text: string, opts: ReturnType<typeof options>): Promise<Outcome> {
  const records: string[][] = [];
  try {
    parse(text, { ...opts, on_record: (r: string[]) => void records.push(r) });
    return { records, error: null };
  } catch (err) {
    return { records, error: (err as { code?: string }).code ?? String(err) };
  }
}

function bySplitter(chunks: string[], opts: ReturnType<typeof options>): Outcome {
  const splitter = new CsvRecordSplitter(opts);
  const records: string[][] = [];
  try {
    for (const c of chunks) splitter.write(c, records);
    splitter.end(records);
    return { records, error: null };
  } catch (err) {
    return { records, error: (err as { code?: string }).code ?? String(err) };
  }
}

/** `text` cut at the given fractions. */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}

const ENDINGS: string[][] = [['\n'], ['\r\n'], ['\r'], ['\r\n', '\n', '\r']];

describe('recordEnd', () => {
  const semi = ';'.charCodeAt(0);
  it('ends a quote-free line at its line break', () => {
    expect(recordEnd('a;b\nc', 0, semi, 'lf', false)).toBe(4);
  });
  it('reads through a line break inside quotes', () => {
    expect(recordEnd('a;"b\nc";d\ne', 0, semi, 'lf', false)).toBe(10);
  });
  it('keeps a quote inside an unquoted field literal (it opens nothing)', () => {
    expect(recordEnd('ab"c;d\ne', 0, semi, 'lf', false)).toBe(7);
  });
  it('needs more text when a quote at the end of the text could be doubled', () => {
    expect(recordEnd('"a"', 0, semi, 'lf', false)).toBe(-1);
    expect(recordEnd('"a"', 0, semi, 'lf', true)).toBe(3);
  });
  it('needs more text when a CR at the end could start a CRLF', () => {
    expect(recordEnd('a;b\r', 0, semi, 'crlf', false)).toBe(-1);
    expect(recordEnd('a;b\r', 0, semi, 'mixed', false)).toBe(-1);
    expect(recordEnd('a;b\r', 0, semi, 'cr', false)).toBe(4);
  });
  it('treats a lone LF as content when records end in CRLF', () => {
    expect(recordEnd('a\nb\r\nc', 0, semi, 'crlf', false)).toBe(5);
  });
});

describe('CsvRecordSplitter', () => {
  it('splits quote-free lines and hands quoted records to csv-parse', () => {
    const out: string[][] = [];
    const s = new CsvRecordSplitter(options(';', ['\n']));
    s.write('\ufeffN° dossier;Nom\n1;"Martin; Paul"\n2;"Dupont\n', out);
    s.write('Jean";x\n3;ab"c\n\n4', out);
    s.end(out);
    expect(out).toEqual([['N° dossier', 'Nom'], ['1', 'Martin; Paul'], ['2', 'Dupont\nJean', 'x'], ['3', 'ab"c'], [''], ['4']]);
  });

  it('reports an unclosed quote after the records before it', () => {
    const out: string[][] = [];
    const s = new CsvRecordSplitter(options(';', ['\n']));
    s.write('a;b\nc;"d\ne;f\n', out);
    expect(() => s.end(out)).toThrow(expect.objectContaining({ code: 'CSV_QUOTE_NOT_CLOSED' }));
    expect(out).toEqual([['a', 'b']]);
  });

  it('gives the rest of the file to streaming csv-parse past a 2 MB open record, as csv-parse alone would', async () => {
    const opts = options(';', ['\n']);
    const text = 'a;b\nc;"' + 'x'.repeat(3 * 1024 * 1024) + '"\nd;e\n';
    const chunks = cut(text, Array.from({ length: 60 }, (_, i) => i / 60));
    const mine = bySplitter(chunks, opts);
    expect(mine).toEqual(await byCsvParse(text, opts));
    expect(mine.error).toBe('CSV_MAX_RECORD_SIZE');
    expect(mine.records).toEqual([['a', 'b']]);
  });

  it('reads a file quoted throughout as csv-parse does, also past the switch to streaming csv-parse', async () => {
    const opts = options(';', ['\r\n']);
    const rows = Array.from({ length: 6000 }, (_, i) => `"${i}";"Dupont ""Jo""";"note\r\nsur deux lignes";"${i % 7}"`);
    const text = ['Titre', ...rows, '"fin";"jamais fermé'].join('\r\n');
    const mine = bySplitter(cut(text, Array.from({ length: 40 }, (_, i) => i / 40)), opts);
    expect(mine).toEqual(await byCsvParse(text, opts));
    expect(mine.records).toHaveLength(6001);
    expect(mine.error).toBe('CSV_QUOTE_NOT_CLOSED');
  });

  it('routes a line over a third of the record limit to csv-parse (its size error, not a silent split)', async () => {
    const opts = options(';', ['\n'], 3000);
    const text = 'a;b\n' + 'x;'.repeat(600) + 'y\nz\n';
    expect(bySplitter([text], opts)).toEqual(await byCsvParse(text, opts));
    const over = 'a;b\n' + 'x'.repeat(3010) + '\nz\n';
    const mine = bySplitter([over], opts);
    expect(mine).toEqual(await byCsvParse(over, opts));
    expect(mine.error).toBe('CSV_MAX_RECORD_SIZE');
  });

  it('reads as csv-parse does: generated files, every line ending, any chunking', async () => {
    const alphabet = ['a', 'é', ' ', ';', ',', '"', '"', '\n', '\r', '\r\n', 'x"y', '""', '€', '\ufeff'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }),
        fc.constantFrom(...ENDINGS),
        fc.constantFrom(';', ','),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
        fc.boolean(),
        async (parts, endings, delimiter, at, bom) => {
          const text = (bom ? '\ufeff' : '') + parts.join('');
          const opts = options(delimiter, endings);
          expect(bySplitter(cut(text, at), opts)).toEqual(await byCsvParse(text, opts));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads as csv-parse does: table-shaped files with quoted cells', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'Martin', 'Présent', '12/03/2019', 'ab"c'),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`),
      fc.constantFrom('"a;b"', '"l1\r\nl2"', '"x"y', '"unclosed'),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 12 }),
        fc.constantFrom(...ENDINGS),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
        fc.boolean(),
        async (rows, endings, at, finalBreak) => {
          const eol = endings[0]!;
          const text = rows.map((r) => r.join(';')).join(eol) + (finalBreak ? eol : '');
          const opts = options(';', endings);
          expect(bySplitter(cut(text, at), opts)).toEqual(await byCsvParse(text, opts));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('CsvRecordStream', () => {
  it('reads bytes cut inside characters as csv-parse does, before and after the switch to streaming csv-parse', async () => {
    const opts = options(';', ['\n']);
    const rows = Array.from({ length: 12000 }, (_, i) => `"${i}";"Émilie Béthune – œuvre €";"l1\nl2";"x"`);
    const text = ['Intitulé ’', ...rows, 'fin;sans guillemet'].join('\n');
    const bytes = Buffer.from(text);
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 997) parts.push(bytes.subarray(i, i + 997)); // cuts inside multi-byte characters
    const records: string[][] = [];
    for await (const batch of Readable.from(parts).pipe(new CsvRecordStream(opts))) records.push(...(batch as string[][]));
    expect(records).toEqual((await byCsvParse(text, opts)).records);
    expect(records).toHaveLength(12002);
  });


  it('decodes UTF-8 split across chunks and hands out arrays of records', async () => {
    const bytes = Buffer.from('Nom;Ville\nÉmilie;Béthune\n');
    const split = bytes.indexOf(Buffer.from('é')) + 1; // inside the two bytes of « é »
    const stream = Readable.from([bytes.subarray(0, split), bytes.subarray(split)]).pipe(new CsvRecordStream(options(';', ['\n'])));
    const records: string[][] = [];
    for await (const batch of stream) records.push(...(batch as string[][]));
    expect(records).toEqual([['Nom', 'Ville'], ['Émilie', 'Béthune']]);
  });
});
