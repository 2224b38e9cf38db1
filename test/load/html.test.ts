import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { openInputs } from '../../src/load/index.js';
import { decodeEntities, parseHtmlTables } from '../../src/load/html.js';
import { collect, inputError, readOne, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('HTML table saved as .xls', () => {
  it('is read from the bytes, whatever the extension: th, entities, <br>, nested tags, colspan', async () => {
    const html =
      '\ufeff  <html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"><title>Export</title>' +
      '<style>td { color: red }</style></head><body>\n' +
      '<table border="1">\n' +
      '  <tr><td colspan="3"><b>Flux mensuel des affectations</b></td></tr>\n' +
      '  <tr><th>N&deg; dossier</th><th>R&eacute;f&eacute;rent</th><th>Commentaire</th></tr>\n' +
      '  <tr><td x:str>00123</td><td>Dupont&nbsp;Marie</td><td>Caf&#233; &amp; th&#xE9;<br>2e ligne</td></tr>\n' +
      '  <tr><td>00124</td><td colspan=2><span style="x">Martin</span> &lt;Jean&gt;</td></tr>\n' +
      '  <!-- <tr><td>commentaire</td></tr> -->\n' +
      '  <tr></tr>\n' +
      '</table></body></html>';
    const file = tmp.file('export.xls', html);
    const { source, rows } = await readOne(file);
    expect(source.container).toBe('html');
    expect(source.encoding).toBe('utf-8');
    expect(source.delimiter).toBeNull();
    expect(source.sheet).toBeNull();
    expect(rows).toEqual([
      { line: 1, cells: ['Flux mensuel des affectations', '', ''] },
      { line: 2, cells: ['N° dossier', 'Référent', 'Commentaire'] },
      { line: 3, cells: ['00123', 'Dupont\u00a0Marie', 'Café & thé\n2e ligne'] },
      { line: 4, cells: ['00124', 'Martin <Jean>', ''] },
      { line: 5, cells: [] },
    ]);
  });

  it('decodes Windows-1252 HTML and gives one table per HTML table', async () => {
    const html = '<table><tr><td>Cœur €</td></tr></table><p>entre</p><table><tr><td>Deux</td><td>’</td></tr></table>';
    const file = tmp.file('two.xls', iconv.encode(html, 'win1252'));
    const sources = await openInputs([file], {});
    expect(sources.map((s) => [s.sheet, s.encoding])).toEqual([
      ['Tableau 1', 'windows-1252'],
      ['Tableau 2', 'windows-1252'],
    ]);
    expect(await collect(sources[0]!)).toEqual([{ line: 1, cells: ['Cœur €'] }]);
    expect(await collect(sources[1]!)).toEqual([{ line: 1, cells: ['Deux', '’'] }]);
  });

  it('keeps columns aligned under a rowspan', () => {
    expect(
      parseHtmlTables(
        '<table><tr><td rowspan="2">Dupont</td><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr><tr><td>e</td></tr></table>',
      ),
    ).toEqual([
      [
        ['Dupont', 'a', 'b'],
        ['', 'c', 'd'],
        ['e'],
      ],
    ]);
  });

  it('tolerates missing end tags, upper case and a table nested in a cell', () => {
    expect(
      parseHtmlTables('<TABLE><TR><TD>a<TD>b<TR><TD>c<table><tr><td>x</td><td>y</td></tr></table></TD></TABLE>'),
    ).toEqual([
      [
        ['a', 'b'],
        ['cx y'],
      ],
    ]);
  });

  it('decodes entities', () => {
    expect(decodeEntities('&eacute;&Eacute;&#233;&#xe9;&#128;&oelig;&rsquo;&nbsp;&amp;&unknown;&amp AT&T')).toBe(
      'éÉéé€œ’\u00a0&&unknown;& AT&T',
    );
  });

  it('refuses an HTML page without a table', async () => {
    const file = tmp.file('page.xls', '<html><body><p>Aucune donnée</p></body></html>');
    expect((await inputError(() => openInputs([file], {}))).message).toBe(
      `« ${file} » est une page HTML sans tableau : exportez les données au format .xlsx ou CSV.`,
    );
  });

  it('refuses an Excel 2003 XML spreadsheet', async () => {
    const file = tmp.file('xml2003.xls',
      '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n' +
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">' +
        '<Worksheet ss:Name="F"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row></Table></Worksheet></Workbook>',
    );
    expect((await inputError(() => openInputs([file], {}))).message).toBe(
      `« ${file} » est un classeur « XML 2003 » : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
    );
  });
});
