/**
 * The report formats and the options of issue #5 through the command line: every format on the
 * demo year, a hostile export coming out inert, -o (atomic, never over an input), --baseline,
 * --pseudonymize, and progress on a terminal only.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECK_FORMATS, refuseBinaryOnTerminal } from '../../src/cli/check.js';
import { KPI_FORMATS } from '../../src/cli/kpi.js';
import { main } from '../../src/cli/main.js';
import { createProgress, PROGRESS_MIN_ROWS } from '../../src/cli/progress.js';
import { pseudonym } from '../../src/engine/pseudonymize.js';
import { schemaErrors } from '../helpers/json-schema.js';
import { runCli } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');
const reportSchema = JSON.parse(readFileSync(path.join(root, 'schemas/report.schema.json'), 'utf8'));

function tmpDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-formats-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const csvRows = (text: string) => parse(text, { delimiter: ';', bom: true }) as string[][];

interface JsonViolation {
  rule: string;
  participant: string | null;
  referent: string | null;
  period: string | null;
  message: string;
}

// ---------- a hostile export: référents and participants named like formulas and markup ----------

const EVIL = ['=HYPERLINK("http://x","y")', '+cmd', '-2+3', '@SUM(A1)', '<script>alert(1)</script>'];
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const EVIL_EXPORT = {
  'plie-audit.yaml': 'ruleset: lunel-2019\nlot: lot1\n',
  'affectations.csv': [
    "N° dossier;Nom;Prénom;Référent;Date de début d'affectation;Date d'orientation;Date d'entrée PLIE",
    ...EVIL.map((e) => `${q(e)};${q(e)};Léa;${q(e)};01/01/2019;01/01/2019;01/01/2019`),
    '000999;MARTIN;Hugo;Marie Dupont;01/01/2019;01/01/2019;01/01/2019',
  ].join('\n'),
  'agenda.csv': [
    'N° dossier;Date du RDV;Durée (min);Collaborateur;Type de RDV;Modalité;Individuel/Collectif;Présence;Objet',
    '000999;07/01/2019;45;Marie Dupont;Entretien individuel;Physique;Individuel;Présent;Suivi',
  ].join('\n'),
};
const EVIL_ARGS = ['--as-of', '2019-01-31'];

describe('format registries', () => {
  it('check and kpi offer their formats by name (commander takes its choices from the maps)', () => {
    expect(Object.keys(CHECK_FORMATS)).toEqual(['table', 'json', 'csv', 'xlsx', 'html', 'junit']);
    expect(Object.keys(KPI_FORMATS)).toEqual(['table', 'json', 'csv', 'xlsx', 'html']);
  });

  it('an unknown format: exit 2, in French, listing the choices', async () => {
    const r = await runCli(['check', demo, '-f', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^plie-audit : valeur invalide : .*pdf.*table, json, csv, xlsx, html, junit/);
  });
});

describe('every format on the demo year', () => {
  const out = tmpDir();
  let json: { violations: JsonViolation[]; summary: { error: number; warning: number; info: number } };
  beforeAll(async () => {
    const r = await runCli(['check', demo, '-f', 'json', '-o', path.join(out, 'base.json')]);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: '' });
    json = JSON.parse(readFileSync(path.join(out, 'base.json'), 'utf8'));
  });

  it('json -o: written, valid against the shipped schema, nothing on stdout', () => {
    expect(schemaErrors(reportSchema, json)).toEqual([]);
    expect(json.violations.length).toBe(json.summary.error + json.summary.warning + json.summary.info);
    // Atomic write: no temporary file left beside the report.
    expect(readdirSync(out)).toEqual(['base.json']);
  });

  it('csv: BOM, French header, one row per violation, same order as JSON', async () => {
    const r = await runCli(['check', demo, '-f', 'csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('\uFEFFRègle;Gravité;Référent;Participant;Période;Date;Jalon;Attendu;Constaté;Message;Lignes;Clause\r\n')).toBe(true);
    const rows = csvRows(r.stdout);
    expect(rows.slice(1).map((x) => [x[0], x[3], x[9]])).toEqual(json.violations.map((v) => [v.rule, v.participant ?? '', v.message]));
  });

  it('xlsx -o x.xlsx: opens with its four sheets', async () => {
    const file = path.join(out, 'x.xlsx');
    const r = await runCli(['check', 'fixtures/demo', '--format', 'xlsx', '-o', file], { cwd: root });
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: '' });
    const wb = await readWorkbook(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Synthèse', 'Violations', 'KPI', 'Règles']);
    expect(wb.getWorksheet('Violations')!.rowCount).toBe(json.violations.length + 1);
    const kpi = wb.getWorksheet('KPI')!;
    expect(kpi.getCell('A2').value).toBe('file-active');
    expect(kpi.rowCount).toBeGreaterThan(12);
  });

  it('junit: a testcase per rule, a failure per violation', async () => {
    const r = await runCli(['check', demo, '-f', 'junit']);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="plie-audit" tests="16" failures="13" errors="0" skipped="1">\n')).toBe(true);
    expect(r.stdout.match(/<failure /g)).toHaveLength(json.violations.length);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(16);
  });

  it('html -o: one file written', async () => {
    const file = path.join(out, 'r.html');
    const r = await runCli(['check', demo, '-f', 'html', '-o', file]);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('--baseline of the same year: everything hidden and counted, exit 0', async () => {
    const r = await runCli(['check', demo, '-f', 'json', '--baseline', path.join(out, 'base.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(schemaErrors(reportSchema, report)).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(report.baseline).toEqual({ path: path.join(out, 'base.json'), hidden: json.violations.length, resolved: [] });
    expect(report.summary).toMatchObject({ error: 0, warning: 0, info: 0, baselined: json.violations.length });
    expect(report.rules.every((x: { violations: number }) => x.violations === 0)).toBe(true);
  });

  it('--pseudonymize with PLIE_AUDIT_KEY: the same pseudonyms, no demo id left anywhere', async () => {
    const key = 'démo';
    const r = await runCli(['check', demo, '-f', 'json', '--pseudonymize'], { env: { PLIE_AUDIT_KEY: key } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(schemaErrors(reportSchema, report)).toEqual([]);
    expect(report.pseudonymized).toEqual({ keyed: 'PLIE_AUDIT_KEY' });
    const ids = new Set(json.violations.map((v) => v.participant).filter((p): p is string => p !== null));
    expect(ids.size).toBeGreaterThan(100);
    for (const id of ids) expect(r.stdout).not.toContain(id);
    // The planted late first interviews, under their pseudonyms.
    const planted = ['003185', '004601', '006814', '007636', '002038', '001315'];
    expect(
      report.violations.filter((v: JsonViolation) => v.rule === 'premier-entretien').map((v: JsonViolation) => v.participant).sort(),
    ).toEqual(planted.map((id) => pseudonym(key, id)).sort());
    // Unknown dossiers quoted in the data-quality sentences are pseudonymised too.
    const unknown = report.violations.filter((v: JsonViolation) => v.message.startsWith("L'agenda cite"));
    expect(unknown.map((v: JsonViolation) => v.message).sort()).toEqual(
      ['004439', '009837'].map((id) => `L'agenda cite un participant absent des affectations (« ${pseudonym(key, id)} ») : compté pour le référent seulement`).sort(),
    );
    expect(report.violations.map((v: JsonViolation) => v.referent)).toEqual(
      expect.arrayContaining(['Marie Dupont', 'Paul Martin', 'Nadia Benali', 'Éric Lefèvre']),
    );
  });

  it('kpi -f csv: one row per figure; kpi -f xlsx -o: Synthèse and KPI', async () => {
    const r = await runCli(['kpi', demo, '-f', 'csv']);
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    expect(rows[0]).toEqual(['Indicateur', 'Libellé', 'Valeur', 'Objectif', 'Unité', 'Mois', 'Référent', 'Lot', 'Catégorie']);
    expect(rows[1]!.slice(0, 2)).toEqual(['file-active', 'File active (places occupées)']);
    const file = path.join(out, 'kpi.xlsx');
    const x = await runCli(['kpi', demo, '-f', 'xlsx', '-o', file]);
    expect(x).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const wb = await readWorkbook(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Synthèse', 'KPI']);
    expect(wb.getWorksheet('KPI')!.rowCount).toBe(rows.length);
  });
});

describe('a hostile export comes out inert', () => {
  const dir = tmpDir(EVIL_EXPORT);

  it('csv: every formula-like référent and participant carries the quote prefix', async () => {
    const r = await runCli(['check', dir, ...EVIL_ARGS, '-f', 'csv'], { cwd: dir });
    expect(r.stderr).toBe('');
    const rows = csvRows(r.stdout).filter((x) => x[0] === 'premier-entretien');
    expect(rows.map((x) => [x[2], x[3]])).toEqual([
      ["'+cmd", "'+cmd"],
      ["'-2+3", "'-2+3"],
      ['<script>alert(1)</script>', '<script>alert(1)</script>'],
      ['\'=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
      ["'@SUM(A1)", "'@SUM(A1)"],
    ]);
    for (const line of r.stdout.split('\r\n').slice(1)) {
      for (const cell of csvRows(`${line}\r\n`)[0] ?? []) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('xlsx: the same names are string cells with their exact text, and no formula anywhere', async () => {
    const file = path.join(tmpDir(), 'evil.xlsx');
    const r = await runCli(['check', dir, ...EVIL_ARGS, '-f', 'xlsx', '-o', file], { cwd: dir });
    expect(r.stderr).toBe('');
    const wb = await readWorkbook(file);
    const ws = wb.getWorksheet('Violations')!;
    const seen: [ExcelJS.ValueType, unknown][] = [];
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === 'premier-entretien') seen.push([row.getCell(3).type, row.getCell(3).value], [row.getCell(4).type, row.getCell(4).value]);
    });
    expect(seen.map(([, value]) => value).sort()).toEqual([...EVIL, ...EVIL].sort());
    expect(seen.every(([type]) => type === ExcelJS.ValueType.String)).toBe(true);
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
    }
  });

  it('junit: markup is escaped text', async () => {
    const r = await runCli(['check', dir, ...EVIL_ARGS, '-f', 'junit'], { cwd: dir });
    expect(r.stdout).not.toContain('<script>');
    expect(r.stdout).toContain('Participant : &lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('-o, --output', () => {
  it('refuses to overwrite an input file: exit 2, a French sentence, the file untouched', async () => {
    const dir = tmpDir(EVIL_EXPORT);
    const target = path.join(dir, 'agenda.csv');
    const r = await runCli(['check', dir, ...EVIL_ARGS, '-f', 'csv', '-o', target], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `plie-audit : refus d'écrire le rapport dans « ${target} » : c'est un fichier d'entrée (ou il est dans un dossier d'entrée). Choisissez un autre chemin avec -o.\n`,
    );
    expect(readFileSync(target, 'utf8')).toBe(EVIL_EXPORT['agenda.csv']);
  });

  it('refuses a workbook on a terminal, asks for -o', () => {
    expect(() => refuseBinaryOnTerminal('xlsx', undefined, { stdout: Object.assign(new Writable(), { isTTY: true }) })).toThrow(
      expect.objectContaining({ name: 'UsageError', message: 'le format xlsx est binaire : indiquez un fichier avec -o (par exemple -o rapport.xlsx).' }),
    );
    expect(() => refuseBinaryOnTerminal('xlsx', undefined, { stdout: Object.assign(new Writable(), { isTTY: false }) })).not.toThrow();
    expect(() => refuseBinaryOnTerminal('csv', undefined, { stdout: Object.assign(new Writable(), { isTTY: true }) })).not.toThrow();
  });
});

describe('--baseline on a small export', () => {
  it('hides the known violations, reports only the new ones and the resolved entries', async () => {
    const dir = tmpDir(EVIL_EXPORT);
    const base = path.join(tmpDir(), 'ref.json');
    expect((await runCli(['check', dir, ...EVIL_ARGS, '-f', 'json', '-o', base], { cwd: dir })).code).toBe(1);
    const ref = JSON.parse(readFileSync(base, 'utf8'));
    const firsts = ref.violations.filter((v: JsonViolation) => v.rule === 'premier-entretien');
    expect(firsts).toHaveLength(5);
    // The earlier report lacked one of today's findings and had one that is gone now.
    const dropped = firsts[0];
    const gone = { ...firsts[1], participant: '000777', message: 'Orientation le 01/01/2019 : ancien constat' };
    ref.violations = [...ref.violations.filter((v: JsonViolation) => v !== dropped), gone];
    writeFileSync(base, JSON.stringify(ref));

    const r = await runCli(['check', dir, ...EVIL_ARGS, '-f', 'json', '--baseline', base], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(schemaErrors(reportSchema, report)).toEqual([]);
    expect(report.violations).toEqual([dropped]);
    expect(report.baseline).toEqual({
      path: base,
      hidden: ref.violations.length - 1,
      resolved: [{ rule: 'premier-entretien', severity: 'error', participant: '000777', referent: gone.referent, period: gone.period, date: gone.date, message: gone.message }],
    });
    expect(report.summary).toMatchObject({ error: 1, warning: 0, baselined: ref.violations.length - 1 });

    const t = await runCli(['check', dir, ...EVIL_ARGS, '--baseline', base], { cwd: dir });
    expect(t.stdout).toContain(`Référence ${base} : ${ref.violations.length - 1} violations déjà présentes (masquées) ; 1 entrée résolue\n`);
    expect(t.stdout).toMatch(/Entrées de la référence résolues\n[\s\S]*Règle.*Référent.*Participant.*Période \/ date.*Message[\s\S]*premier-entretien.*-2\+3.*000777.*2019-01.*ancien constat/);

    const c = await runCli(['check', dir, ...EVIL_ARGS, '-f', 'csv', '--baseline', base], { cwd: dir });
    expect(csvRows(c.stdout)).toHaveLength(2);
    expect(c.stderr).toBe(`Référence ${base} : ${ref.violations.length - 1} violations déjà présentes (masquées) ; 1 entrée résolue\n`);
  });

  it('a file that is not a report: exit 2, naming it', async () => {
    const dir = tmpDir({ ...EVIL_EXPORT });
    const bad = path.join(tmpDir({ 'kpi.json': '{"schemaVersion":1,"kpis":[]}' }), 'kpi.json');
    const r = await runCli(['check', dir, ...EVIL_ARGS, '--baseline', bad], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `plie-audit : la référence « ${bad} » n'est pas un rapport \`plie-audit check --format json\` (champ « violations ») : produisez-le avec \`plie-audit check <exports> --format json -o reference.json\` (sans --baseline, pour que tous les constats y figurent).\n`,
    );
  });

  it('a pseudonymised baseline is compared under the same key, and refused without it', async () => {
    const dir = tmpDir(EVIL_EXPORT);
    const base = path.join(tmpDir(), 'ref.json');
    const env = { PLIE_AUDIT_KEY: 'k' };
    await runCli(['check', dir, ...EVIL_ARGS, '-f', 'json', '--pseudonymize', '-o', base], { cwd: dir, env });
    const same = JSON.parse((await runCli(['check', dir, ...EVIL_ARGS, '-f', 'json', '--pseudonymize', '--baseline', base], { cwd: dir, env })).stdout);
    expect(same.violations).toEqual([]);
    expect(same.baseline.resolved).toEqual([]);

    const plain = await runCli(['check', dir, ...EVIL_ARGS, '--baseline', base], { cwd: dir });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe(
      `plie-audit : la référence « ${base} » est pseudonymisée : relancez avec --pseudonymize et la même clé dans la variable PLIE_AUDIT_KEY pour comparer les participants.\n`,
    );
  });
});

describe('--pseudonymize on a small export', () => {
  const dir = tmpDir(EVIL_EXPORT);

  it('table: pseudonyms and a line saying the key is random for this run', async () => {
    const r = await runCli(['check', dir, ...EVIL_ARGS, '--pseudonymize'], { cwd: dir });
    expect(r.stdout).toContain('Participants pseudonymisés (clé : aléatoire, non reproductible)\n');
    // Référents (staff) keep their names; participants do not.
    expect(r.stdout).toMatch(/\n {2}<script>alert\(1\)<\/script> · P-[0-9a-f]{10} {2}Orientation le/);
    expect(r.stdout).not.toMatch(/ · (<script>|=HYPERLINK|\+cmd|-2\+3|@SUM)/);
  });

  it('csv: pseudonyms in the cells, the key source on stderr', async () => {
    const r = await runCli(['check', dir, ...EVIL_ARGS, '-f', 'csv', '--pseudonymize'], { cwd: dir, env: { PLIE_AUDIT_KEY: 'k' } });
    expect(r.stderr).toBe('Participants pseudonymisés (clé : PLIE_AUDIT_KEY)\n');
    const participants = csvRows(r.stdout).slice(1).map((x) => x[3]).filter(Boolean);
    expect(participants.sort()).toEqual(EVIL.map((e) => pseudonym('k', e)).sort());
  });

  it('xlsx: pseudonyms in the Violations sheet, the key source in Synthèse', async () => {
    const file = path.join(tmpDir(), 'p.xlsx');
    await runCli(['check', dir, ...EVIL_ARGS, '-f', 'xlsx', '-o', file, '--pseudonymize'], { cwd: dir, env: { PLIE_AUDIT_KEY: 'k' } });
    const wb = await readWorkbook(file);
    const values: unknown[] = [];
    wb.getWorksheet('Violations')!.eachRow((row, n) => {
      if (n > 1 && row.getCell(4).value !== null) values.push(row.getCell(4).value);
    });
    expect(values.sort()).toEqual(EVIL.map((e) => pseudonym('k', e)).sort());
    let note: unknown = null;
    wb.getWorksheet('Synthèse')!.eachRow((row) => {
      if (row.getCell(1).value === 'Participants pseudonymisés') note = row.getCell(2).value;
    });
    expect(note).toBe('clé PLIE_AUDIT_KEY');
  });
});

describe('progress on stderr', () => {
  class Tty extends Writable {
    text = '';
    constructor(readonly isTTY: boolean) {
      super();
    }
    override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
      this.text += chunk.toString();
      cb();
    }
  }

  it('nothing at all when stderr is not a terminal', () => {
    expect(createProgress({ stderr: new Tty(false) })).toBeNull();
  });

  it('on a terminal: silent below the threshold, then one line rewritten in place, erased at the end', () => {
    const stderr = new Tty(true);
    const p = createProgress({ stderr })!;
    p.rows(1000, 'agenda.csv');
    p.phase('Application des règles');
    expect(stderr.text).toBe('');
    p.rows(PROGRESS_MIN_ROWS, 'agenda.csv');
    p.rows(12000, 'agenda.csv');
    p.phase('Application des règles');
    p.done();
    p.done();
    expect(stderr.text).toBe(
      '\r\u001b[2KLecture des exports : 5\u00a0000 lignes (agenda.csv)…' +
        '\r\u001b[2KLecture des exports : 12\u00a0000 lignes (agenda.csv)…' +
        '\r\u001b[2KApplication des règles…' +
        '\r\u001b[2K',
    );
  });

  it('the demo year (11 000 agenda rows) on a terminal: counted by thousands, erased before the report', async () => {
    const stdout = new Tty(false);
    const stderr = new Tty(true);
    const code = await main(['node', 'plie-audit', 'kpi', demo, '-f', 'json'], { stdout, stderr, cwd: root, env: {}, debug: false });
    expect(code).toBe(0);
    const lines = stderr.text.split('\r\u001b[2K').slice(1);
    expect(lines[0]).toBe('Lecture des exports : 5\u00a0000 lignes (agenda-2019.csv)…');
    expect(lines.slice(0, -2).every((l) => /^Lecture des exports : \d+\u00a0\d{3} lignes \(.+\)…$/.test(l))).toBe(true);
    expect(lines.slice(-2)).toEqual(['Calcul des indicateurs…', '']);
    expect(JSON.parse(stdout.text).schemaVersion).toBe(1);
  });
});
