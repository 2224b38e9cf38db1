/**
 * The files people really have, and a few hostile ones, through the whole CLI (in-process): each
 * gets either exit code 2 with one French line that names the file and says what to do, or a
 * `donnees-invalides` finding. Never a stack trace, and the input is never modified.
 */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../cli/harness.js';
import {
  AGENDA_HEADER,
  AGENDA_ROWS,
  agendaWorkbook,
  bombWorkbook,
  corpus,
  csvText,
  ole2File,
  randomBytes,
  sha256,
  STACK_LINE,
  utf16be,
  utf16le,
  validAffectationsCsv,
  validAgendaCsv,
  windows1252,
} from './corpus.js';

const c = corpus();
afterAll(() => c.cleanup());

const RULES = ['-r', 'lunel-2019', '-l', 'lot1', '--as-of', '2019-12-31'];
/** Every refusal tells the user what to do next. */
const ACTION = /(vérifiez|réenregistrez|exportez|corrigez|précisez|ouvrez|fournissez|découpez|indiquez|ajoutez)/i;

/** Runs `check --format json` on the inputs; the inputs must come out byte for byte as they went in. */
async function check(inputs: string[], extra: string[] = []): Promise<CliRun> {
  const before = inputs.map(sha256);
  const r = await runCli(['check', ...inputs, ...RULES, '--format', 'json', ...extra], { cwd: c.dir });
  expect(inputs.map(sha256)).toEqual(before);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stdout).not.toMatch(STACK_LINE);
  expect(r.stderr).not.toContain('erreur interne');
  return r;
}

/** Exit 2, nothing on stdout, one French line on stderr naming `file` and saying what to do. */
function refused(r: CliRun, file: string): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line.startsWith('plie-audit : ')).toBe(true);
  expect(line).toContain(file);
  expect(line).toMatch(ACTION);
  return line.slice('plie-audit : '.length);
}

interface JsonReport {
  inputs: { path: string; dataset: string; rows: number; encoding: string | null; skippedRows: number; warnings: number }[];
  violations: { rule: string; args: Record<string, unknown>; evidence: { path: string; row: number }[] }[];
}

/** Exit 0 or 1, a JSON report; the data-quality findings. */
function audited(r: CliRun): { report: JsonReport; quality: JsonReport['violations'] } {
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.code);
  const report = JSON.parse(r.stdout) as JsonReport;
  return { report, quality: report.violations.filter((v) => v.rule === 'donnees-invalides') };
}

describe('empty and binary files', () => {
  it('an empty file', async () => {
    const f = c.file('vide.csv', '');
    expect(refused(await check([f]), f)).toBe(`« ${f} » est un fichier vide : vérifiez l'export.`);
  });

  it('a file of blank lines', async () => {
    const f = c.file('blancs.csv', ' \r\n\r\n;;;\r\n'.replace(/;/g, ' '));
    expect(refused(await check([f]), f)).toBe(`« ${f} » est un fichier vide : vérifiez l'export.`);
  });

  it('binary content named .csv, and random bytes named .xlsx', async () => {
    const bin = c.file('binaire.csv', randomBytes(20_000, 1));
    const xlsx = c.file('hasard.xlsx', randomBytes(50_000, 2));
    for (const f of [bin, xlsx]) {
      expect(refused(await check([f]), f)).toBe(
        `« ${f} » n'est ni un fichier texte ni un classeur reconnu (contenu binaire) : exportez les données au format .xlsx ou CSV.`,
      );
    }
  });

  it('random bytes behind a ZIP signature', async () => {
    const f = c.file('faux-zip.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(30_000, 3)]));
    expect(refused(await check([f]), f)).toBe(
      `« ${f} » : fichier .xlsx illisible ou tronqué : réenregistrez-le depuis Excel (Fichier > Enregistrer sous > Classeur Excel .xlsx).`,
    );
  });
});

describe('workbooks', () => {
  it('a real workbook is read (control case)', async () => {
    const f = c.file('agenda.xlsx', await agendaWorkbook());
    const { report, quality } = audited(await check([f]));
    expect(report.inputs).toMatchObject([{ dataset: 'agenda', rows: 4 }]);
    expect(quality).toEqual([]);
  });

  it('a workbook truncated anywhere', async () => {
    const whole = await agendaWorkbook();
    for (const fraction of [0.1, 0.5, 0.9, 0.99]) {
      const f = c.file(`tronque-${fraction}.xlsx`, whole.subarray(0, Math.floor(whole.length * fraction)));
      expect(refused(await check([f]), f)).toBe(
        `« ${f} » : fichier .xlsx illisible ou tronqué : réenregistrez-le depuis Excel (Fichier > Enregistrer sous > Classeur Excel .xlsx).`,
      );
    }
  });

  it('a password-protected workbook (OLE2 encrypted package)', async () => {
    const f = c.file('protege.xlsx', ole2File(true));
    expect(refused(await check([f]), f)).toBe(
      `« ${f} » : le classeur est protégé par mot de passe : ouvrez-le dans Excel et enregistrez une copie sans mot de passe ` +
        `(Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, effacer le mot de passe), au format .xlsx.`,
    );
  });

  it('an Excel 97-2003 workbook', async () => {
    const f = c.file('ancien.xls', ole2File(false));
    expect(refused(await check([f]), f)).toBe(
      `« ${f} » est un classeur Excel 97-2003 (.xls) : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
    );
  });

  it('a workbook whose parts would inflate to gigabytes (declared): refused before reading them', async () => {
    const f = c.file('bombe.xlsx', bombWorkbook(8 * 1024 * 1024, () => 2 ** 31));
    expect(refused(await check([f]), f)).toMatch(
      new RegExp(
        `^« ${escape(f)} » : le classeur semble corrompu ou malveillant : (son contenu décompressé dépasserait|l'élément « xl/worksheets/sheet1.xml » décompressé dépasserait) .*` +
          `Ouvrez-le dans Excel pour vérifier son contenu, ou exportez les données en CSV\\.$`,
      ),
    );
  });

  it('a workbook whose sheet inflates far beyond what its directory declares: stopped at the declared size', async () => {
    const f = c.file('bombe-menteuse.xlsx', bombWorkbook(64 * 1024 * 1024, () => 100_000));
    expect(refused(await check([f]), f)).toBe(
      `« ${f} » : le classeur semble corrompu ou malveillant : ` +
        `l'élément « xl/worksheets/sheet1.xml » décompressé dépasse la taille déclarée. ` +
        `Ouvrez-le dans Excel pour vérifier son contenu, ou exportez les données en CSV.`,
    );
  });

  it('a workbook without any filled cell', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Feuil1');
    const f = c.file('sans-cellule.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(refused(await check([f]), f)).toBe(
      `« ${f} » : le classeur ne contient aucune cellule remplie : vérifiez que c'est le bon export.`,
    );
  });

  it('an « XML 2003 » spreadsheet saved as .xls', async () => {
    const f = c.file(
      'xml2003.xls',
      '<?xml version="1.0"?>\r\n<?mso-application progid="Excel.Sheet"?>\r\n' +
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">' +
        '<Worksheet ss:Name="Agenda"><Table><Row><Cell><Data ss:Type="String">Date</Data></Cell></Row></Table></Worksheet></Workbook>',
    );
    expect(refused(await check([f]), f)).toBe(
      `« ${f} » est un classeur « XML 2003 » : réenregistrez-le au format Classeur Excel (.xlsx) ou CSV.`,
    );
  });
});

describe('HTML saved as .xls', () => {
  it('a table is read like a sheet', async () => {
    const rows = [AGENDA_HEADER, ...AGENDA_ROWS];
    const html =
      '<html><head><meta charset="utf-8"><title>Agenda</title></head><body><table>' +
      rows.map((r) => `<tr>${r.map((x) => `<td>${x.replace(/&/g, '&amp;')}</td>`).join('')}</tr>`).join('\n') +
      '</table></body></html>';
    const f = c.file('agenda-html.xls', html);
    const { report, quality } = audited(await check([f]));
    expect(report.inputs).toMatchObject([{ dataset: 'agenda', rows: 4 }]);
    expect(quality).toEqual([]);
  });

  it('a page without a table', async () => {
    const f = c.file('page.xls', '<!DOCTYPE html><html><body><p>Session expirée, veuillez vous reconnecter.</p></body></html>');
    expect(refused(await check([f]), f)).toBe(`« ${f} » est une page HTML sans tableau : exportez les données au format .xlsx ou CSV.`);
  });
});

describe('delimited text', () => {
  it('an opening quote never closed: refused with its line', async () => {
    const rows = AGENDA_ROWS.map((r) => [...r]);
    const text = `${csvText([AGENDA_HEADER, rows[0]!, rows[1]!])}001234;08/02/2019;09:00;30;Marie Dupont;Entretien individuel;Physique;Individuel;Présent;"Point sur le CV;Temps participant;08/02/2019 10:00\r\n${csvText(rows.slice(2))}`;
    const f = c.file('guillemet.csv', text);
    expect(refused(await check([f]), f)).toBe(
      `« ${f} », ligne 4 : un guillemet ouvert n'est jamais refermé, le reste du fichier serait lu comme une seule cellule. ` +
        `Corrigez cette ligne ou réexportez le fichier.`,
    );
  });

  it('an unclosed quote followed by more than 1 MB: refused, not read as one cell', async () => {
    const filler = `${AGENDA_ROWS.map((r) => r.join(';')).join('\r\n')}\r\n`.repeat(6000);
    const f = c.file('guillemet-long.csv', `${csvText([AGENDA_HEADER])}001234;"07/01/2019;09:00\r\n${filler}`);
    expect(refused(await check([f]), f)).toBe(
      `« ${f} », ligne 2 : une cellule dépasse 1 Mo (guillemet non refermé ?). Corrigez cette ligne ou réexportez le fichier.`,
    );
  });

  it('a stray quote inside a field is a plain character', async () => {
    const text = csvText([AGENDA_HEADER, ...AGENDA_ROWS]).replace('Suivi du plan', 'Suivi du "plan');
    expect(text).toContain(';Suivi du "plan d’actions;');
    const f = c.file('guillemet-isole.csv', text);
    const { report, quality } = audited(await check([f]));
    expect(report.inputs).toMatchObject([{ rows: 4 }]);
    expect(quality).toEqual([]);
  });

  it('invalid dates: the rows are reported and left out, the others audited', async () => {
    const rows = AGENDA_ROWS.map((r) => [...r]);
    rows[0]![1] = '31/02/2019';
    rows[1]![1] = 'hier';
    rows[2]![1] = '2019-13-45';
    const f = c.file('dates.csv', `\uFEFF${csvText([AGENDA_HEADER, ...rows])}`);
    const { report, quality } = audited(await check([f]));
    expect(report.inputs).toMatchObject([{ rows: 1 }]);
    expect(quality.map((v) => [v.args.code, v.args.value, v.args.effect, v.evidence.map((e) => e.row)])).toEqual([
      ['date-invalide', '31/02/2019', 'excluded', [2]],
      ['date-invalide', '2019-13-45', 'excluded', [4]],
      ['date-invalide', 'hier', 'excluded', [3]],
    ].sort(byRow));
  });

  it('a broken date column on every row: 10 000 rows detailed, the rest counted in a warning', async () => {
    const rows = Array.from({ length: 10_050 }, (_, i) => ['00' + String(1000 + (i % 300)), 'hier', 'Marie Dupont', 'Entretien individuel']);
    const f = c.file('dates-cassees.csv', csvText([['N° dossier', 'Date du RDV', 'Collaborateur', 'Type de RDV'], ...rows]));
    const { report, quality } = audited(await check([f]));
    expect(report.inputs).toMatchObject([{ rows: 0, warnings: 1 }]);
    expect(quality).toHaveLength(10_000);
    expect(new Set(quality.map((v) => v.args.code))).toEqual(new Set(['date-invalide']));
    expect(quality.map((v) => v.evidence[0]!.row).sort((a, b) => a - b).slice(-1)).toEqual([10_001]);
    const inspect = await runCli(['inspect', f], { cwd: c.dir });
    expect(inspect.stdout).toContain(
      `10050 lignes écartées (date invalide dans « Date du RDV ») ; seules les 10\u202f000 premières sont détaillées.`,
    );
  });

  it('unrecognised columns only: refused, the columns found listed', async () => {
    const f = c.file('inconnu.csv', csvText([['Colonne A', 'Colonne B', 'Total'], ['1', '2', '3']]));
    const message = refused(await check([f]), f);
    expect(message).toMatch(new RegExp(`^${escape(f)} : jeu de données non reconnu \\(ni affectations, ni agenda, ni étapes, ni sorties\\)\\. `));
    expect(message).toContain('Colonnes trouvées (ligne 1) : « Colonne A », « Colonne B », « Total ».');
  });

  it('a required column missing: refused, saying which and how to map it', async () => {
    const f = c.file(
      'sans-date.csv',
      csvText([AGENDA_HEADER.filter((h) => h !== 'Date du RDV'), ...AGENDA_ROWS.map((r) => r.filter((_, i) => i !== 1))]),
    );
    const message = refused(await check([f]), f);
    expect(message).toMatch(new RegExp(`^${escape(f)} : colonne obligatoire « Date » introuvable \\(jeu « agenda »\\)\\. `));
    expect(message).toMatch(/Ajoutez `columns: \{ agenda: \{ date: ".*" \} \}` dans plie-audit\.yaml\.$/);
  });

  it('unrecognised columns beside known ones are ignored', async () => {
    const rows = [[...AGENDA_HEADER, 'Colonne libre', 'Commentaire'], ...AGENDA_ROWS.map((r) => [...r, 'x', 'y'])];
    const f = c.file('colonnes-en-plus.csv', csvText(rows));
    const { report, quality } = audited(await check([f]));
    expect(report.inputs).toMatchObject([{ dataset: 'agenda', rows: 4 }]);
    expect(quality).toEqual([]);
  });

  it('__proto__, constructor and toString headers are plain data', async () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const evil = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'];
    const rows = [[...evil, ...AGENDA_HEADER], ...AGENDA_ROWS.map((r) => [...evil.map(() => '{"polluted":true}'), ...r])];
    const f = c.file('proto.csv', csvText(rows));
    const { report, quality } = audited(await check([f]));
    expect(report.inputs).toMatchObject([{ dataset: 'agenda', rows: 4 }]);
    expect(quality).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const only = c.file('proto-seul.csv', csvText([evil, evil.map(() => 'x')]));
    expect(refused(await check([only]), only)).toContain('jeu de données non reconnu');
  });

  it('UTF-16 (LE with and without BOM, BE) and Windows-1252 read as UTF-8 would be', async () => {
    const text = csvText([AGENDA_HEADER, ...AGENDA_ROWS]);
    const files = [
      c.file('utf16le.csv', utf16le(text)),
      c.file('utf16le-sans-bom.csv', utf16le(text, false)),
      c.file('utf16be.csv', utf16be(text)),
      c.file('ansi.csv', windows1252(text)),
    ];
    const expected = ['utf-16le', 'utf-16le', 'utf-16be', 'windows-1252'];
    for (const [i, f] of files.entries()) {
      const { report, quality } = audited(await check([f]));
      expect(report.inputs).toMatchObject([{ dataset: 'agenda', rows: 4, encoding: expected[i] }]);
      expect(quality).toEqual([]);
    }
  });

  it('a row of a million columns: refused at once', async () => {
    const f = c.file('million.csv', `${csvText([AGENDA_HEADER])}${';'.repeat(1_000_000)}\r\n`);
    expect(refused(await check([f]), f)).toMatch(
      new RegExp(
        `^« ${escape(f)} », ligne 2 : plus de 16 384 colonnes \\(1\\s000\\s001\\) ; le séparateur est sans doute mal détecté : précisez-le avec --delimiter\\.$`,
      ),
    );
  });

  it('invalid values are kept, reported once per cell', async () => {
    const rows = AGENDA_ROWS.map((r) => [...r]);
    rows[0]![3] = 'une heure';
    rows[1]![2] = '25:99';
    const f = c.file('valeurs.csv', csvText([AGENDA_HEADER, ...rows]));
    const { report, quality } = audited(await check([f]));
    expect(report.inputs).toMatchObject([{ rows: 4 }]);
    expect(quality.map((v) => [v.args.code, v.args.field, v.args.value, v.args.effect, v.evidence.map((e) => e.row)]).sort(byRow)).toEqual([
      ['valeur-invalide', 'duration', 'une heure', 'kept', [2]],
      ['valeur-invalide', 'startTime', '25:99', 'kept', [3]],
    ]);
  });
});

describe('a folder with one bad file among good ones', () => {
  it('is refused, naming the bad file', async () => {
    const dir = corpus('plie-robustness-dossier-');
    try {
      dir.file('affectations.csv', validAffectationsCsv());
      dir.file('agenda.csv', validAgendaCsv());
      const bad = dir.file('sorties.xlsx', (await agendaWorkbook()).subarray(0, 500));
      const r = await check([dir.dir]);
      expect(refused(r, bad)).toContain('illisible ou tronqué');
    } finally {
      dir.cleanup();
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function byRow(a: unknown[], b: unknown[]): number {
  const ra = (a[a.length - 1] as number[])[0]!;
  const rb = (b[b.length - 1] as number[])[0]!;
  return ra - rb;
}
