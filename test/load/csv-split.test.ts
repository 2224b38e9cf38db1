import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { concatRows, csvRows, type CsvRead } from '../../src/load/csv.js';
import { findFileCut } from '../../src/load/split.js';
import type { RawRow } from '../../src/load/types.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function drain(it: AsyncIterator<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for (let r = await it.next(); !r.done; r = await it.next()) out.push(r.value);
  return out;
}

/** Rows read whole, and read as two parts at the cut: must be the same rows on the same lines. */
async function wholeAndParts(read: CsvRead, size: number) {
  const cut = findFileCut(read.file, size, read.encoding, read.delimiter, read.recordDelimiter);
  expect(cut).not.toBeNull();
  const whole = await drain(csvRows(read));
  const parts = await drain(
    concatRows(
      csvRows({ ...read, part: { start: 0, end: cut!.offset, line: 1 } }),
      csvRows({ ...read, part: { start: cut!.offset, line: cut!.line } }),
    ),
  );
  return { whole, parts, cut: cut! };
}

describe('a delimited file read in two parts', () => {
  it('gives the rows and line numbers of a whole read: quoted line breaks, CRLF, BOM, title rows', async () => {
    const lines = ['\uFEFFAgenda des collaborateurs', '', 'N° dossier;Date;Objet'];
    for (let i = 0; i < 400; i++) {
      lines.push(i % 7 === 0 ? `P${i};01/02/2019;"Suivi ; « ${i} »\r\nsur deux lignes ""citées"""` : `P${i};01/02/2019;Suivi ${i}`);
    }
    const text = lines.join('\r\n') + '\r\n';
    const file = tmp.file('split-crlf.csv', Buffer.from(text, 'utf8'));
    const { whole, parts, cut } = await wholeAndParts({ file, encoding: 'utf-8', delimiter: ';', recordDelimiter: ['\r\n'] }, Buffer.byteLength(text));
    expect(whole.length).toBe(403);
    expect(parts).toEqual(whole);
    expect(cut.line).toBeGreaterThan(200);
  });

  it('in Windows-1252 as well', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `P${i};Coût ${i} € – l’été;Œuvre`).join('\n') + '\n';
    const bytes = iconv.encode(text, 'win1252');
    const file = tmp.file('split-1252.csv', bytes);
    const { whole, parts } = await wholeAndParts({ file, encoding: 'windows-1252', delimiter: ';', recordDelimiter: ['\n'] }, bytes.length);
    expect(parts).toEqual(whole);
    expect(whole[299]!.cells).toEqual(['P299', 'Coût 299 € – l’été', 'Œuvre']);
  });

  it('an error in the second part names the line of the whole file', async () => {
    const text = Array.from({ length: 100 }, (_, i) => `P${i};ok`).join('\n') + '\nP100;"jamais refermé\n' + 'P;x\n'.repeat(5);
    const file = tmp.file('split-error.csv', Buffer.from(text));
    const read: CsvRead = { file, encoding: 'utf-8', delimiter: ';', recordDelimiter: ['\n'] };
    const cut = findFileCut(file, Buffer.byteLength(text), 'utf-8', ';', ['\n'])!;
    const second = csvRows({ ...read, part: { start: cut.offset, line: cut.line } });
    await expect(drain(second)).rejects.toThrow(/ligne 101 : un guillemet ouvert n'est jamais refermé/);
  });
});
