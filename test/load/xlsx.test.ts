import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../src/load/index.js';
import type { TableSource } from '../../src/load/types.js';
import { SheetXmlReader } from '../../src/load/sheet-xml.js';
import { cellsOf, collect, inputError, readOne, tempDir } from './helpers.js';
import { entryData, entryNames, makeZip, patchDeclaredSizes, declaredSizes } from './zip-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const unreadable = (file: string, sheet?: string): string =>
  `« ${file} »${sheet ? ` (feuille « ${sheet} »)` : ''} : fichier .xlsx illisible ou tronqué : ` +
  `réenregistrez-le depuis Excel (Fichier > Enregistrer sous > Classeur Excel .xlsx).`;
const malicious = (file: string, detail: string): string =>
  `« ${file} » : le classeur semble corrompu ou malveillant : ${detail}. ` +
  `Ouvrez-le dans Excel pour vérifier son contenu, ou exportez les données en CSV.`;

async function writeWorkbook(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return tmp.file(name, Buffer.from(await wb.xlsx.writeBuffer()));
}

const utc = (y: number, m: number, d: number, h = 0, min = 0): Date => new Date(Date.UTC(y, m - 1, d, h, min));

describe('a report workbook written by exceljs', () => {
  let file: string;
  let sources: TableSource[];

  beforeAll(async () => {
    file = await writeWorkbook('report.xlsx', (wb) => {
      const ws = wb.addWorksheet('Affectations');
      ws.getCell('A1').value = 'Flux mensuel des affectations par référent de parcours';
      ws.getCell('A2').value = 'Période du 01/01/2019 au 31/12/2019';
      ws.getRow(4).values = [
        'N° dossier',
        { richText: [{ text: 'Référent', font: { bold: true } }, { text: ' de parcours' }] },
        'Date début',
        'Heure',
        'Durée',
        'Fiche',
        'Fin prévue',
        'Contrôle',
        'Actif',
        'Temps cumulé',
      ];
      ws.getCell('A5').value = '00123';
      ws.getCell('B5').value = 'Dupont Marie';
      ws.mergeCells('B5:B6');
      ws.getCell('C5').value = utc(2019, 3, 15);
      ws.getCell('D5').value = 0.375;
      ws.getCell('D5').numFmt = 'hh:mm';
      ws.getCell('E5').value = 1.5;
      ws.getCell('F5').value = { text: 'fiche 123', hyperlink: 'https://viesion.example/123' };
      ws.getCell('G5').value = { formula: 'C5+30', result: 43569 };
      ws.getCell('G5').numFmt = 'dd/mm/yyyy';
      ws.getCell('H5').value = { error: '#N/A' };
      ws.getCell('I5').value = true;
      ws.getCell('J5').value = 1.5;
      ws.getCell('J5').numFmt = '[h]:mm';
      ws.getCell('A6').value = '00124';
      ws.getCell('C6').value = utc(2019, 3, 16, 14, 30);
      ws.getCell('C6').numFmt = 'dd/mm/yyyy hh:mm';
      ws.getCell('D6').value = { formula: 'D5+1/24', result: 0.416666666666667 };
      ws.getCell('D6').numFmt = 'hh:mm';
      ws.getCell('E6').value = 'Dupont Marie';
      ws.getCell('F6').value = { formula: 'A6&"-x"', result: '00124-x' };
      ws.getCell('G6').value = { formula: 'NOW()' } as ExcelJS.CellFormulaValue;
      ws.getRow(7).values = ['__proto__', 'constructor', 'hasOwnProperty'];

      wb.addWorksheet('Vide');
      const agenda = wb.addWorksheet('Agenda');
      agenda.addRow(['Date', 'Type']);
      agenda.addRow([utc(2020, 1, 31), 'Entretien individuel']);
      const hidden = wb.addWorksheet('Masquée', { state: 'hidden' });
      hidden.addRow(['paramètre']);
    });
    sources = await openInputs([file], {});
  });

  it('gives one table per non-empty worksheet, in workbook order', () => {
    expect(sources.map((s) => [s.sheet, s.container, s.encoding, s.delimiter, s.date1904])).toEqual([
      ['Affectations', 'xlsx', null, null, false],
      ['Agenda', 'xlsx', null, null, false],
      ['Masquée', 'xlsx', null, null, false],
    ]);
    expect(sources.every((s) => s.path === file)).toBe(true);
    expect(sources[2]?.warnings).toEqual(['feuille « Masquée » masquée dans Excel']);
  });

  it('streams every row with Excel row numbers and converted cells', async () => {
    const rows = await collect(sources[0] as TableSource);
    expect(rows).toEqual([
      { line: 1, cells: ['Flux mensuel des affectations par référent de parcours'] },
      { line: 2, cells: ['Période du 01/01/2019 au 31/12/2019'] },
      { line: 3, cells: [] },
      {
        line: 4,
        cells: ['N° dossier', 'Référent de parcours', 'Date début', 'Heure', 'Durée', 'Fiche', 'Fin prévue', 'Contrôle', 'Actif', 'Temps cumulé'],
      },
      // Merged B5:B6: the value is in the top-left cell only; B6 comes out empty.
      { line: 5, cells: ['00123', 'Dupont Marie', '2019-03-15', '09:00', 1.5, 'fiche 123', '2019-04-14', null, true, '36:00'] },
      { line: 6, cells: ['00124', null, '2019-03-16 14:30', '10:00', 'Dupont Marie', '00124-x'] },
      { line: 7, cells: ['__proto__', 'constructor', 'hasOwnProperty'] },
    ]);
    expect(Object.getPrototypeOf(rows[6]?.cells)).toBe(Array.prototype);
    expect(sources[0]?.warnings).toEqual([
      '1 formule(s) sans valeur calculée, lues comme cellules vides : ouvrez le classeur dans Excel et réenregistrez-le pour les calculer',
    ]);
  });

  it('reads the second sheet on its own', async () => {
    expect(await collect(sources[1] as TableSource)).toEqual([
      { line: 1, cells: ['Date', 'Type'] },
      { line: 2, cells: ['2020-01-31', 'Entretien individuel'] },
    ]);
  });

  it('gives the same dates whatever the time zone', async () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles']) {
        process.env.TZ = tz;
        const [s] = await openInputs([file], {});
        const rows = await collect(s as TableSource);
        expect(rows[4]?.cells[2]).toBe('2019-03-15');
        expect(rows[5]?.cells[2]).toBe('2019-03-16 14:30');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('dates', () => {
  it('honours the 1904 date system for date cells and date-formatted serials; plain numbers stay numbers', async () => {
    const file = await writeWorkbook('1904.xlsx', (wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('Mac');
      ws.getCell('A1').value = utc(2019, 3, 15);
      ws.getCell('A2').value = 43000;
      ws.getCell('A3').value = 43000;
      ws.getCell('A3').numFmt = 'dd/mm/yyyy';
      ws.getCell('A4').value = utc(2019, 3, 15, 8, 5);
      ws.getCell('A4').numFmt = 'dd/mm/yyyy hh:mm';
      ws.getCell('A5').value = 0.5;
      ws.getCell('A5').numFmt = 'hh:mm';
      ws.getCell('A6').value = { formula: 'A1+1', result: 42078 };
      ws.getCell('A6').numFmt = 'yyyy-mm-dd';
    });
    const { source, rows } = await readOne(file);
    expect(source.date1904).toBe(true);
    expect(cellsOf(rows)).toEqual([['2019-03-15'], [43000], ['2021-09-23'], ['2019-03-15 08:05'], ['12:00'], ['2019-03-16']]);
  });
});

describe('text decoding through the streaming reader', () => {
  it('keeps accented letters that straddle chunk boundaries (shared strings and sheet text)', async () => {
    const value = (i: number, k: number): string => `Réf ${i}-${k} éèàçœ€’ ${'é'.repeat((i + k) % 7)}ç`;
    const n = 2500;
    const file = await writeWorkbook('accents.xlsx', (wb) => {
      const ws = wb.addWorksheet('Accents');
      for (let i = 1; i <= n; i++) {
        ws.getCell(i, 1).value = value(i, 1);
        ws.getCell(i, 2).value = value(i, 2);
        ws.getCell(i, 3).value = { formula: `"x"`, result: value(i, 3) };
      }
    });
    const { rows } = await readOne(file);
    expect(rows.length).toBe(n);
    const bad = rows.filter((r) => r.cells.join('|') !== [value(r.line, 1), value(r.line, 2), value(r.line, 3)].join('|'));
    expect(bad).toEqual([]);
  });

  it('reads rich inline strings whole (exceljs keeps only their last run)', async () => {
    const file = tmp.file('inline.xlsx', Buffer.alloc(0));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
    const ws = wb.addWorksheet('Inline');
    ws.addRow(['simple é', { richText: [{ text: 'Réf', font: { bold: true } }, { text: 'érent' }] }, 7]).commit();
    ws.commit();
    await wb.commit();
    const { rows } = await readOne(file);
    expect(rows).toEqual([{ line: 1, cells: ['simple é', 'Référent', 7] }]);
  });
});

describe('hand-made workbooks', () => {
  const sheetXml = (body: string): string =>
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;

  /** A workbook of one sheet « S » holding `body`, without styles or shared strings. */
  const oneSheetZip = (body: string): Buffer =>
    makeZip([
      {
        name: 'xl/workbook.xml',
        data:
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data:
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
          '</Relationships>',
      },
      { name: 'xl/worksheets/sheet1.xml', data: sheetXml(body) },
    ]);

  it('follows relationships (absolute targets, unusual part names, parts in any order), without styles or shared strings', async () => {
    const zip = makeZip([
      {
        name: 'xl/feuilles/donnees.xml',
        data: sheetXml(
          '<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c><c r="C1" t="inlineStr"><is><t>Référent</t></is></c></row>' +
            '<row r="4"><c r="A4" t="inlineStr"><is><t>a_x000D_b</t></is></c><c r="B4"><v>42</v></c><c r="C4" t="b"><v>0</v></c>' +
            '<c r="D4" t="e"><v>#DIV/0!</v></c><c r="E4" t="str"><f>1</f><v>texte</v></c><c r="F4"><v>43539</v></c></row>',
        ),
      },
      { name: 'xl/feuilles/vide.xml', data: sheetXml('') },
      {
        name: 'xl/classeur.xml',
        data:
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          '<workbookPr date1904="true"/><sheets><sheet name="Données &amp; suivi" sheetId="1" r:id="rId1"/>' +
          '<sheet name="Vide" sheetId="2" r:id="rId2"/></sheets></workbook>',
      },
      {
        name: 'xl/_rels/classeur.xml.rels',
        data:
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/feuilles/donnees.xml"/>' +
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="feuilles/vide.xml"/>' +
          '</Relationships>',
      },
      {
        name: '_rels/.rels',
        data:
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/classeur.xml"/>' +
          '</Relationships>',
        store: true,
      },
    ]);
    const { source, rows } = await readOne(tmp.file('handmade.xls', zip));
    expect(source.sheet).toBe('Données & suivi');
    expect(source.date1904).toBe(true);
    // No styles part: F4 is a plain number, left for the model (with date1904) to interpret.
    expect(rows).toEqual([
      { line: 1, cells: ['Nom', null, 'Référent'] },
      { line: 2, cells: [] },
      { line: 3, cells: [] },
      { line: 4, cells: ['a\rb', 42, false, null, 'texte', 43539] },
    ]);
  });

  it('places rows and cells that carry no r="…" reference', async () => {
    const zip = oneSheetZip(
      '<row><c t="inlineStr"><is><t>a</t></is></c><c/><c><v>2</v></c></row><row r="4"><c r="B4"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>',
    );
    const { rows } = await readOne(tmp.file('no-refs.xlsx', zip));
    expect(rows).toEqual([
      { line: 1, cells: ['a', null, 2] },
      { line: 2, cells: [] },
      { line: 3, cells: [] },
      { line: 4, cells: [null, 3, 4] },
      { line: 5, cells: [5] },
    ]);
  });

  it('builds the same rows whatever the chunk boundaries (runs, phonetic guides, missing references, comments, CDATA, prefixes)', () => {
    const xml =
      '<?xml version="1.0"?>\r\n<worksheet><!-- généré <à la main> --><sheetData><row><c t="inlineStr"><is><r><t>Réf</t></r><r><rPr><b/></rPr><t xml:space="preserve">érent </t></r>' +
      '<rPh sb="0" eb="1"><t>x</t></rPh></is></c><c/><c><v>2</v></c></row><row r="5"><c r="C5"><v>1</v></c><c><v>2</v></c></row>' +
      '<row r="6"><c r="A6" t="s"><v>1</v></c><c t="str"><f>A1</f><v>a &amp;lt; b</v></c><c s=\'1\'><v>43539.5</v></c>' +
      '<c><f>1/0</f></c><c t="e"><v>#N/A</v></c><c t="b"><v>1</v></c><c t="b"><v>FALSE</v></c>' +
      '<c t="b"><f>A1=1</f><v>1</v></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
      '<x:row r = "7" ><x:c r="B7" t="inlineStr"><x:is><x:t><![CDATA[<a&b>]]>&#233;t\u00e9\r\nx</x:t></x:is></x:c></x:row></sheetData></worksheet>';
    const expected = [
      { line: 1, cells: ['Référent ', null, 2] },
      { line: 2, cells: [] },
      { line: 3, cells: [] },
      { line: 4, cells: [] },
      { line: 5, cells: [null, null, 1, 2] },
      { line: 6, cells: ['deux', 'a &lt; b', '2019-03-15 12:00', null, null, true, false, true] },
      { line: 7, cells: [null, '<a&b>été\nx'] },
    ];
    for (const size of [1, 2, 3, 5, 7, 64, 10_000]) {
      const stats = { formulasWithoutValue: 0 };
      const reader = new SheetXmlReader({
        sharedStrings: ['un', 'deux'],
        numFmtOf: (id) => (id === 1 ? 'dd/mm/yyyy hh:mm' : undefined),
        date1904: false,
        stats,
      });
      for (let i = 0; i < xml.length; i += size) reader.push(xml.slice(i, i + size));
      reader.end();
      expect(reader.take()).toEqual(expected);
      expect(stats.formulasWithoutValue).toBe(1);
    }
  });

  it.each([
    ['a cell beyond Excel\'s last column', 'wide.xlsx', '<row r="1"><c r="A1"><v>1</v></c><c r="ZZZZZZZ1"><v>2</v></c></row>'],
    ['a row beyond Excel\'s last row', 'tall.xlsx', '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A1048577"><v>2</v></c></row>'],
  ])('refuses %s', async (_, name, body) => {
    const file = tmp.file(name, oneSheetZip(body));
    const [source] = await openInputs([file], {});
    const err = await collect(source!).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toBe(unreadable(file, 'S'));
  });

  it('refuses an OpenDocument spreadsheet, an .xlsb and a ZIP that holds no workbook', async () => {
    const ods = tmp.file('calc.xlsx', makeZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true }]));
    expect((await inputError(() => openInputs([ods], {}))).message).toBe(
      `« ${ods} » est un classeur OpenDocument (.ods) : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
    );
    const xlsb = tmp.file('binary.xlsx', makeZip([{ name: 'xl/workbook.bin', data: 'x' }]));
    expect((await inputError(() => openInputs([xlsb], {}))).message).toBe(
      `« ${xlsb} » est un classeur binaire Excel (.xlsb) : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
    );
    const docx = tmp.file('word.xlsx', makeZip([{ name: 'word/document.xml', data: '<w/>' }]));
    expect((await inputError(() => openInputs([docx], {}))).message).toBe(
      `« ${docx} » est une archive ZIP qui ne contient pas de classeur Excel : fournissez l'export au format .xlsx ou CSV.`,
    );
  });

  it('refuses a workbook without any filled cell', async () => {
    const file = await writeWorkbook('empty-book.xlsx', (wb) => {
      wb.addWorksheet('Feuil1');
    });
    expect((await inputError(() => openInputs([file], {}))).message).toBe(
      `« ${file} » : le classeur ne contient aucune cellule remplie : vérifiez que c'est le bon export.`,
    );
  });
});

describe('damaged and hostile workbooks', () => {
  let good: Buffer;
  beforeAll(async () => {
    const file = await writeWorkbook('good.xlsx', (wb) => {
      const ws = wb.addWorksheet('Données');
      for (let i = 1; i <= 200; i++) ws.addRow([`Participant ${i}`, `Référent ${i % 7}`, i]);
    });
    good = readFileSync(file);
    expect(entryNames(good)).toContain('xl/sharedStrings.xml');
  });

  it('refuses random bytes after the ZIP signature', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
    Buffer.from('PK\x03\x04', 'latin1').copy(bytes, 0);
    const file = tmp.file('random.xlsx', bytes);
    const err = await inputError(() => openInputs([file], {}));
    expect(err.message).toBe(unreadable(file));
    expect(err.path).toBe(file);
  });

  it('refuses a truncated workbook', async () => {
    const file = tmp.file('truncated.xlsx', good.subarray(0, Math.floor(good.length * 0.6)));
    expect((await inputError(() => openInputs([file], {}))).message).toBe(unreadable(file));
  });

  it('refuses a workbook whose directory declares more than 1 GiB', async () => {
    // A plausible ratio (8 for 1), so only the total trips.
    const patched = patchDeclaredSizes(good, 'xl/worksheets/sheet1.xml', { uncompressed: 0x7fffffff, compressed: 0x10000000 });
    const file = tmp.file('bomb-total.xlsx', patched);
    const others = declaredSizes(good).filter((e) => e.name !== 'xl/worksheets/sheet1.xml');
    const totalMb = Math.round((0x7fffffff + others.reduce((n, e) => n + e.uncompressed, 0)) / (1024 * 1024));
    const err = await inputError(() => openInputs([file], {}));
    expect(err.message).toBe(
      malicious(file, `son contenu décompressé dépasserait ${totalMb.toLocaleString('fr-FR')} Mo (limite : 1 Gio)`),
    );
  });

  it('refuses an entry whose compression ratio is absurd', async () => {
    const { length } = entryData(good, 'xl/worksheets/sheet1.xml');
    const declared = 60 * 1024 * 1024;
    const file = tmp.file('bomb-ratio.xlsx', patchDeclaredSizes(good, 'xl/worksheets/sheet1.xml', { uncompressed: declared }));
    const err = await inputError(() => openInputs([file], {}));
    const ratio = Math.round(declared / length).toLocaleString('fr-FR');
    expect(err.message).toBe(
      malicious(
        file,
        `l'élément « xl/worksheets/sheet1.xml » décompressé dépasserait ${(60).toLocaleString('fr-FR')} Mo pour ` +
          `${Math.ceil(length / 1024).toLocaleString('fr-FR')} Ko compressés (taux de compression ${ratio} pour 1)`,
      ),
    );
  });

  it('stops when a part inflates beyond the size its directory declares', async () => {
    const lyingSheet = tmp.file('lying-sheet.xlsx', patchDeclaredSizes(good, 'xl/worksheets/sheet1.xml', { uncompressed: 100 }));
    expect((await inputError(() => openInputs([lyingSheet], {}))).message).toBe(
      malicious(lyingSheet, `l'élément « xl/worksheets/sheet1.xml » décompressé dépasse la taille déclarée`),
    );
    // Shared strings are only inflated while streaming: the error comes out of rows().
    const lyingStrings = tmp.file('lying-strings.xlsx', patchDeclaredSizes(good, 'xl/sharedStrings.xml', { uncompressed: 100 }));
    const [source] = await openInputs([lyingStrings], {});
    const err = await inputError(() => collect(source as TableSource));
    expect(err.message).toBe(malicious(lyingStrings, `l'élément « xl/sharedStrings.xml » décompressé dépasse la taille déclarée`));
    expect(err.sheet).toBe('Données');
  });

  it('turns corrupt compressed data met while streaming into an InputError (no hang, no unhandled rejection)', async () => {
    const bytes = Buffer.from(good);
    // BFINAL=1, BTYPE=11: a reserved deflate block type, rejected by every inflater.
    bytes[entryData(bytes, 'xl/sharedStrings.xml').start] = 0xff;
    const file = tmp.file('corrupt-strings.xlsx', bytes);
    const [source] = await openInputs([file], {});
    const err = await inputError(() => collect(source as TableSource));
    expect(err.message).toBe(unreadable(file, 'Données'));
    expect(err.sheet).toBe('Données');
  });

  it('turns corrupt sheet data into an InputError when opening', async () => {
    const bytes = Buffer.from(good);
    bytes[entryData(bytes, 'xl/worksheets/sheet1.xml').start] = 0xff;
    const file = tmp.file('corrupt-sheet.xlsx', bytes);
    expect((await inputError(() => openInputs([file], {}))).message).toBe(unreadable(file));
  });

  it('reads the undamaged workbook, and stops cleanly when the consumer stops early', async () => {
    const file = tmp.file('good-copy.xlsx', good);
    const { rows } = await readOne(file);
    expect(rows.length).toBe(200);
    expect(rows[199]).toEqual({ line: 200, cells: ['Participant 200', 'Référent 4', 200] });
    const [source] = await openInputs([file], {});
    const firstTwo = [];
    for await (const row of (source as TableSource).rows()) {
      firstTwo.push(row);
      if (firstTwo.length === 2) break;
    }
    expect(cellsOf(firstTwo)).toEqual([
      ['Participant 1', 'Référent 1', 1],
      ['Participant 2', 'Référent 2', 2],
    ]);
  });
});

describe('row estimate (the agenda store sized once)', () => {
  it("reads the sheet's <dimension> as its row count", async () => {
    const file = await writeWorkbook('dimension.xlsx', (wb) => {
      const ws = wb.addWorksheet('Agenda');
      ws.getCell('A1').value = 'N° dossier';
      for (let r = 2; r <= 300; r++) ws.getCell(`A${r}`).value = `P${r}`;
    });
    const [source] = await openInputs([file], {});
    expect(source!.rowsHint).toBe(300);
  });
});
