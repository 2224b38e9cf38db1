import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { csvParseOptions, csvRows, MAX_FIELD_BYTES, type CsvRead } from '../../src/load/csv.js';
import { openInputs } from '../../src/load/index.js';
import { open } from 'node:fs/promises';
import { recordDelimiters, sniffDelimiter, sniffEncoding } from '../../src/load/sniff.js';
import { cellsOf, collect, inputError, readOne, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('encodings', () => {
  it('decodes Windows-1252 exactly, including € ’ œ – (bytes 0x80–0x9F)', async () => {
    const text = 'Nom;Commentaire\r\nCœur;Coût 12 € – l’été\r\nÉlodie;Œuvre à faire\r\n';
    const file = tmp.file('cp1252.csv', iconv.encode(text, 'win1252'));
    const { source, rows } = await readOne(file);
    expect(source.encoding).toBe('windows-1252');
    expect(source.container).toBe('csv');
    expect(cellsOf(rows)).toEqual([
      ['Nom', 'Commentaire'],
      ['Cœur', 'Coût 12 € – l’été'],
      ['Élodie', 'Œuvre à faire'],
    ]);
  });

  it('reads a file that is ASCII for its first megabytes and Windows-1252 further down as Windows-1252', async () => {
    const filler = 'a;b\n'.repeat(300_000);
    const file = tmp.file('late-cp1252.csv', Buffer.concat([Buffer.from(filler), iconv.encode('Référent;Coût €\n', 'win1252')]));
    const [source] = await openInputs([file], {});
    expect(source?.encoding).toBe('windows-1252');
    const rows = await collect(source!);
    expect(rows.length).toBe(300_001);
    expect(rows[300_000]).toEqual({ cells: ['Référent', 'Coût €'], line: 300_001 });
  });

  it('reads UTF-8 with a BOM (BOM not in the first cell)', async () => {
    const file = tmp.file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Référent;Date\nDupont;01/02/2019\n')]));
    const { source, rows } = await readOne(file);
    expect(source.encoding).toBe('utf-8');
    expect(cellsOf(rows)).toEqual([
      ['Référent', 'Date'],
      ['Dupont', '01/02/2019'],
    ]);
  });

  it('reads UTF-8 without BOM', async () => {
    const file = tmp.file('nobom.csv', 'Référent;Œuvre\nÉlise;€\n');
    const { source, rows } = await readOne(file);
    expect(source.encoding).toBe('utf-8');
    expect(cellsOf(rows)).toEqual([
      ['Référent', 'Œuvre'],
      ['Élise', '€'],
    ]);
  });

  it('reads UTF-16LE and UTF-16BE with BOM', async () => {
    const text = 'Référent\tCoût\r\nCœur\t12 €\r\n';
    const le = tmp.file('le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = tmp.file('be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    const expected = [
      ['Référent', 'Coût'],
      ['Cœur', '12 €'],
    ];
    const a = await readOne(le);
    expect(a.source.encoding).toBe('utf-16le');
    expect(a.source.delimiter).toBe('\t');
    expect(cellsOf(a.rows)).toEqual(expected);
    const b = await readOne(be);
    expect(b.source.encoding).toBe('utf-16be');
    expect(cellsOf(b.rows)).toEqual(expected);
  });

  it('honours an encoding override', async () => {
    const file = tmp.file('latin.csv', Buffer.from('Caf\xe9;ok\n', 'latin1'));
    const { source, rows } = await readOne(file, { encoding: 'windows-1252' });
    expect(source.encoding).toBe('windows-1252');
    expect(cellsOf(rows)).toEqual([['Café', 'ok']]);
    const forced = await readOne(tmp.file('utf8-forced.csv', 'Café;ok\n'), { encoding: 'windows-1252' });
    expect(cellsOf(forced.rows)).toEqual([['CafÃ©', 'ok']]);
  });

  it('refuses a binary file (NUL bytes, not UTF-16)', async () => {
    const file = tmp.file('binary.csv', Buffer.from([0x41, 0x42, 0x00, 0x01, 0x02, 0xff, 0x00, 0x13, 0x43, 0x44, 0x45, 0x46]));
    const err = await inputError(() => openInputs([file], {}));
    expect(err.message).toBe(
      `« ${file} » n'est ni un fichier texte ni un classeur reconnu (contenu binaire) : exportez les données au format .xlsx ou CSV.`,
    );
    expect(err.path).toBe(file);
  });
});

describe('delimiter', () => {
  it('picks ; over , when decimal commas are present', async () => {
    const file = tmp.file('semi.csv', 'Nom;Durée;Taux\nA;1,5;0,25\nB;2,75;1,5\n');
    const { source, rows } = await readOne(file);
    expect(source.delimiter).toBe(';');
    expect(cellsOf(rows)).toEqual([
      ['Nom', 'Durée', 'Taux'],
      ['A', '1,5', '0,25'],
      ['B', '2,75', '1,5'],
    ]);
  });

  it('picks tab, then comma', async () => {
    expect((await readOne(tmp.file('tab.tsv', 'a\tb,c\n1\t2,5\n'))).source.delimiter).toBe('\t');
    const comma = await readOne(tmp.file('comma.csv', 'a,b,c\n1,2,3\n'));
    expect(comma.source.delimiter).toBe(',');
    expect(cellsOf(comma.rows)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('ignores delimiters inside quotes and survives title rows', () => {
    expect(sniffDelimiter('"a;b;c",x\n"d;e",y\n"f;;;",z\n')).toBe(',');
    expect(sniffDelimiter('Rapport des affectations\nPériode du 01/01/2019 au 31/12/2019\n\nNom\tPrénom\nA\tB\n')).toBe('\t');
    expect(sniffDelimiter('une seule colonne\nrien\n')).toBe(';');
    expect(sniffDelimiter('')).toBe(';');
  });

  it('honours an override, in its different spellings', async () => {
    const file = tmp.file('override.csv', 'a;b,c\n1;2,3\n');
    const byComma = await readOne(file, { delimiter: ',' });
    expect(byComma.source.delimiter).toBe(',');
    expect(cellsOf(byComma.rows)).toEqual([
      ['a;b', 'c'],
      ['1;2', '3'],
    ]);
    for (const spelling of ['tab', '\\t', '\t', 'TAB']) {
      const [s] = await openInputs([file], { delimiter: spelling });
      expect(s?.delimiter).toBe('\t');
    }
    const err = await inputError(() => openInputs([file], { delimiter: ';;' }));
    expect(err.message).toBe(`Séparateur « ;; » non reconnu : utilisez ';', ',', 'tab' ou un autre caractère unique.`);
  });
});

describe('line numbers', () => {
  it('counts title rows, blank lines and multi-line quoted fields like an editor does', async () => {
    const text =
      'Rapport\n' + // 1
      '\n' + // 2
      'Nom;Commentaire\n' + // 3
      'Dupont;"ligne un\nligne deux\nligne trois"\n' + // 4-6
      '\n' + // 7
      'Martin;ok\n'; // 8
    const { rows } = await readOne(tmp.file('lines.csv', text));
    expect(rows).toEqual([
      { cells: ['Rapport'], line: 1 },
      { cells: [], line: 2 },
      { cells: ['Nom', 'Commentaire'], line: 3 },
      { cells: ['Dupont', 'ligne un\nligne deux\nligne trois'], line: 4 },
      { cells: [], line: 7 },
      { cells: ['Martin', 'ok'], line: 8 },
    ]);
  });

  it('counts CRLF inside quoted fields once (csv-parse info.lines counts it twice)', async () => {
    const text = 'a;b\r\n"x\r\n\r\ny";z\r\n\r\nq;r\r\n';
    const { rows } = await readOne(tmp.file('crlf.csv', text));
    expect(rows).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['x\r\n\r\ny', 'z'], line: 2 },
      { cells: [], line: 5 },
      { cells: ['q', 'r'], line: 6 },
    ]);
  });

  it('handles mixed and old-Mac line endings', async () => {
    const { rows } = await readOne(tmp.file('mixed.csv', 'a;b\nc;d\r\ne;f\rg;h'));
    expect(rows).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['c', 'd'], line: 2 },
      { cells: ['e', 'f'], line: 3 },
      { cells: ['g', 'h'], line: 4 },
    ]);
  });

  it('finds the line endings a file uses, even when a CRLF straddles two read chunks', async () => {
    const line = `${'x'.repeat(1022)}\r\n`;
    // With the leading byte, the CR of line 1024 is the last byte of the first 1 MiB chunk.
    const endingsOf = async (content: string) => {
      const fh = await open(tmp.file('endings.csv', content), 'r');
      try {
        const { size } = await fh.stat();
        const head = Buffer.alloc(Math.min(size, 65_536));
        await fh.read(head, 0, head.length, 0);
        return (await sniffEncoding(fh, size, head, undefined)).endings;
      } finally {
        await fh.close();
      }
    };
    expect(await endingsOf(`y${line.repeat(2048)}`)).toEqual({ crlf: true, lf: false, cr: false });
    expect(await endingsOf(`y${line.repeat(1500)}"a\nb"\r\n`)).toEqual({ crlf: true, lf: true, cr: false });
    expect(await endingsOf('a\rb\r')).toEqual({ crlf: false, lf: false, cr: true });
    expect(recordDelimiters({ crlf: true, lf: false, cr: false })).toEqual(['\r\n']);
    expect(recordDelimiters({ crlf: false, lf: true, cr: false })).toEqual(['\n']);
    expect(recordDelimiters({ crlf: true, lf: true, cr: false })).toEqual(['\r\n', '\n', '\r']);
    expect(recordDelimiters(null)).toEqual(['\r\n', '\n', '\r']);
  });

  it('reads an Excel CSV: CRLF records, LF inside quoted cells', async () => {
    const { rows } = await readOne(tmp.file('excel.csv', 'Nom;Note\r\nA;"un\ndeux"\r\nB;x\r\n'));
    expect(rows).toEqual([
      { cells: ['Nom', 'Note'], line: 1 },
      { cells: ['A', 'un\ndeux'], line: 2 },
      { cells: ['B', 'x'], line: 4 },
    ]);
  });

  it('keeps ragged rows and stray quotes as they are', async () => {
    const { rows } = await readOne(tmp.file('ragged.csv', 'a;b;c\n1\n2;3"4;5;6\n'));
    expect(cellsOf(rows)).toEqual([['a', 'b', 'c'], ['1'], ['2', '3"4', '5', '6']]);
  });
});

describe('errors', () => {
  it('turns an unbalanced quote into an InputError naming the file and the line', async () => {
    const file = tmp.file('unbalanced.csv', 'a;b\n1;2\n3;"jamais fermé\n4;5\n');
    const [source] = await openInputs([file], {});
    const err = await inputError(() => collect(source!));
    expect(err.message).toBe(
      `« ${file} », ligne 3 : un guillemet ouvert n'est jamais refermé, le reste du fichier serait lu comme une seule cellule. ` +
        `Corrigez cette ligne ou réexportez le fichier.`,
    );
    expect(err.path).toBe(file);
  });

  it('refuses a row of more than 16 384 columns', async () => {
    const file = tmp.file('wide.csv', `a;b\n${';'.repeat(16_384)}\n`);
    const [source] = await openInputs([file], {});
    const err = await inputError(() => collect(source!));
    expect(err.message).toBe(
      `« ${file} », ligne 2 : plus de 16 384 colonnes (16 385) ; le séparateur est sans doute mal détecté : précisez-le avec --delimiter.`
        .replace('16 385', (16_385).toLocaleString('fr-FR')),
    );
  });

  it('bounds a runaway field', async () => {
    const file = tmp.file('runaway.csv', `a;b\n1;"${'x'.repeat(1_100_000)}`);
    const [source] = await openInputs([file], {});
    const err = await inputError(() => collect(source!));
    expect(err.message).toBe(
      `« ${file} », ligne 2 : une cellule dépasse 1 Mo (guillemet non refermé ?). Corrigez cette ligne ou réexportez le fichier.`,
    );
  });
});

describe('cells', () => {
  it('passes __proto__ and constructor through as plain strings', async () => {
    const { rows } = await readOne(tmp.file('proto.csv', '__proto__;constructor;toString\n1;2;3\n'));
    expect(rows[0]?.cells).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(rows[0]?.cells)).toBe(Array.prototype);
    expect(typeof rows[0]?.cells[0]).toBe('string');
  });

  it('does not trim cells (the model trims)', async () => {
    const { rows } = await readOne(tmp.file('spaces.csv', ' a ;b\u00a0\n'));
    expect(cellsOf(rows)).toEqual([[' a ', 'b\u00a0']]);
  });
});

describe('one set of csv-parse options, main thread and worker alike', () => {
  it('csvParseOptions: arrays, every line a record, ragged rows and stray quotes accepted, 1 Mo fields', () => {
    expect(csvParseOptions({ delimiter: ';', recordDelimiter: ['\r\n'] })).toEqual({
      delimiter: ';',
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      record_delimiter: ['\r\n'],
      max_record_size: MAX_FIELD_BYTES,
      skip_empty_lines: false,
    });
  });

  it('csvRows reads a CsvRead (the worker job minus its kind) in batches, with line numbers', async () => {
    const file = tmp.file('read.csv', 'a;"b\nc"\n\nd;e\n');
    const read: CsvRead = { file, encoding: 'utf-8', delimiter: ';', recordDelimiter: ['\n'] };
    const it = csvRows(read);
    const rows: { cells: string[]; line: number }[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rows.push({ cells: r.value.cells.map(String), line: r.value.line });
    expect(rows).toEqual([
      { cells: ['a', 'b\nc'], line: 1 },
      { cells: [], line: 3 },
      { cells: ['d', 'e'], line: 4 },
    ]);
  });
});

describe('row estimate (the agenda store sized once)', () => {
  it('estimates a large file from the average line of its head, a little over the real count', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `${100000 + i};0${1 + (i % 9)}/03/2019;Entretien individuel${i % 3 === 0 ? ' – suite' : ''}\n`);
    const file = tmp.file('estimate.csv', 'N° dossier;Date;Type\n' + lines.join(''));
    const [source] = await openInputs([file], {});
    expect(source!.rowsHint).toBeGreaterThanOrEqual(200_001);
    expect(source!.rowsHint).toBeLessThanOrEqual(200_001 * 1.1);
  });

  it('counts a small file exactly', async () => {
    const file = tmp.file('small-estimate.csv', 'a;b\n1;2\n3;4\n');
    const [source] = await openInputs([file], {});
    expect(source!.rowsHint).toBe(4);
  });

  it('never reserves more than a row per 40 bytes, whatever the head looks like', async () => {
    const file = tmp.file('blank-head.csv', '\n'.repeat(70_000) + 'a;b\n'.repeat(100_000));
    const [source] = await openInputs([file], {});
    expect(source!.rowsHint).toBe(Math.ceil((70_000 + 400_000) / 40));
  });
});
