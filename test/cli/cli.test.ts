/**
 * The command line as a user meets it: exit codes, French messages on stderr, JSON that validates
 * against the shipped schema, and snapshots of the terminal report with their exit code.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../helpers/json-schema.js';
import { runCli } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');
const reportSchema = JSON.parse(readFileSync(path.join(root, 'schemas/report.schema.json'), 'utf8'));

function tmpDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const CONFIG = `ruleset: lunel-2019
lot: lot1
referents:
  - { name: "Marie Dupont", etp: 0.025 }
`;
const AFFECTATIONS = `N° dossier;Nom;Prénom;Référent;Date de début d'affectation;Date d'orientation;Date d'entrée PLIE
000123;MARTIN;Léa;Marie Dupont;01/01/2019;01/01/2019;01/01/2019
000124;DURAND;Hugo;Marie Dupont;01/01/2019;01/01/2019;01/01/2019
`;
const AGENDA_HEADER = 'N° dossier;Date du RDV;Durée (min);Collaborateur;Type de RDV;Modalité;Individuel/Collectif;Présence;Objet';
const rdv = (id: string, d: string) => `${id};${d};45;Marie Dupont;Entretien individuel;Physique;Individuel;Présent;Suivi`;
/** Two compliant months for both participants (as of 28/02/2019). */
const COMPLIANT_AGENDA = [
  AGENDA_HEADER,
  ...['000123', '000124'].flatMap((id) => [rdv(id, '07/01/2019'), rdv(id, '21/01/2019'), rdv(id, '04/02/2019'), rdv(id, '18/02/2019')]),
].join('\n');
const ETAPES = `N° dossier;Type d'étape;Date de début;Date de fin
000123;Formation;01/06/2019;30/06/2019
`;

const compliant = () =>
  tmpDir({ 'plie-audit.yaml': CONFIG, 'affectations.csv': AFFECTATIONS, 'agenda.csv': COMPLIANT_AGENDA, 'etapes.csv': ETAPES });

describe('check: exit codes', () => {
  it('0 when no error-severity violation', async () => {
    const dir = compliant();
    const r = await runCli(['check', dir, '--as-of', '2019-02-28', '-f', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.violations.filter((v: { severity: string }) => v.severity === 'error')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('1 when an interview is missing, with the violation, its référent and its rows', async () => {
    const dir = compliant();
    const agenda = COMPLIANT_AGENDA.split('\n').filter((l) => !l.startsWith('000124;18/02/2019')).join('\n');
    writeFileSync(path.join(dir, 'agenda.csv'), agenda);
    const r = await runCli(['check', dir, '--as-of', '2019-02-28', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.violations.filter((v: { rule: string }) => v.rule === 'entretiens-mensuels')).toEqual([
      {
        rule: 'entretiens-mensuels', severity: 'error', participant: '000124', referent: 'Marie Dupont',
        period: '2019-02', date: null, milestone: null, expected: 2, actual: 1,
        message: 'Février 2019 : 1 entretien physique individuel sur les 2 attendus',
        args: expect.any(Object),
        evidence: expect.arrayContaining([{ path: expect.stringMatching(/agenda\.csv$/), sheet: null, row: 8 }]),
      },
    ]);
  });

  it('--max-warnings: warnings beyond the limit give 1', async () => {
    const dir = compliant();
    // A référent at 0.025 ETP has a file-active target of 2: drop to 0.05 (target 4) → warnings.
    writeFileSync(path.join(dir, 'plie-audit.yaml'), CONFIG.replace('0.025', '0.05'));
    const ok = await runCli(['check', dir, '--as-of', '2019-02-28', '-f', 'json'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).summary.warning).toBe(2);
    const capped = await runCli(['check', dir, '--as-of', '2019-02-28', '-f', 'json', '--max-warnings', '1'], { cwd: dir });
    expect(capped.code).toBe(1);
    const enough = await runCli(['check', dir, '--as-of', '2019-02-28', '-f', 'json', '--max-warnings', '2'], { cwd: dir });
    expect(enough.code).toBe(0);
  });

  it('2 for a missing input, in French, naming the path', async () => {
    const r = await runCli(['check', 'nulle-part/exports', '-r', 'lunel-2019', '-l', 'lot1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^plie-audit : .*nulle-part\/exports/);
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('2 for an unknown option or a bad date, in French', async () => {
    const unknown = await runCli(['check', demo, '--strict']);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'plie-audit : option inconnue « --strict » : voir plie-audit --help.\n' });
    const bad = await runCli(['check', demo, '--as-of', '2019-02-31']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('« 2019-02-31 » n\'est pas une date valide');
  });

  it('2 for an invalid config, naming the key path', async () => {
    const dir = compliant();
    writeFileSync(path.join(dir, 'plie-audit.yaml'), CONFIG.replace('0.025', 'un'));
    const r = await runCli(['check', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('referents[0].etp');
  });

  it('2 for a missing required column, listing found and expected columns', async () => {
    const dir = compliant();
    writeFileSync(path.join(dir, 'agenda.csv'), COMPLIANT_AGENDA.replace('Collaborateur;', 'Colonne X;'));
    const r = await runCli(['check', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('agenda.csv');
    expect(r.stderr).toMatch(/Colonnes trouvées/);
  });

  it('a legacy .xls is refused with what to do', async () => {
    const dir = tmpDir({});
    writeFileSync(path.join(dir, 'vieux.xls'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]));
    const r = await runCli(['check', path.join(dir, 'vieux.xls'), '-r', 'lunel-2019', '-l', 'lot1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vieux\.xls.*xlsx/s);
  });
});

describe('check on the demo', () => {
  it('JSON report validates against schemas/report.schema.json, sorted as cli.md says', async () => {
    const r = await runCli(['check', demo, '-f', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(schemaErrors(reportSchema, report)).toEqual([]);
    expect(report.schemaVersion).toBe(1);
    expect(report.ruleset).toMatchObject({ id: 'lunel-2019', lot: 'lot1' });
    const keys = report.violations.map((v: Record<string, string | null>) =>
      [v.rule, v.referent ?? '', v.participant ?? '', v.period ?? '', v.date ?? ''].join('\u0000'),
    );
    expect(keys).toEqual([...keys].sort());
    expect(report.summary.error + report.summary.warning + report.summary.info).toBe(report.violations.length);
  });

  it('table: summary by rule and référent first, then violations with their rows; no colour off a TTY', async () => {
    const r = await runCli(['check', demo]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out.indexOf('Synthèse par règle')).toBeLessThan(out.indexOf('Synthèse par référent'));
    expect(out.indexOf('Synthèse par référent')).toBeLessThan(out.indexOf('\nViolations\n'));
    expect(out).toContain('saisie-avant-commission');
    expect(out).toContain('non exécutée');
    expect(out).toMatch(/↳ .*agenda-2019\.csv : lignes? \d+/);
    expect(out).not.toMatch(/\u001b\[/);
  });

  it('--explain cites the clause of each rule', async () => {
    const r = await runCli(['check', demo, '--explain', '--quiet']);
    expect(r.stdout).toContain('« il est attendu que le candidat reçoive en entretien physique individuel');
    expect(r.stdout).toContain('Interprétation :');
  });
});

describe('snapshots (output and exit code)', () => {
  it('check on a small crafted export', async () => {
    const dir = compliant();
    writeFileSync(path.join(dir, 'agenda.csv'), `${COMPLIANT_AGENDA}\n000123;15/02/2019;;Marie Dupont;Congés;;;;`);
    const r = await runCli(['check', dir, '--as-of', '2019-02-28'], { cwd: dir });
    expect({ code: r.code, stdout: r.stdout.replaceAll(dir, '<dir>'), stderr: r.stderr }).toMatchSnapshot();
  });

  it('rules', async () => {
    const r = await runCli(['rules']);
    expect(r).toMatchSnapshot();
  });

  it('rules lunel-2019 premier-entretien', async () => {
    const r = await runCli(['rules', 'lunel-2019', 'premier-entretien']);
    expect(r).toMatchSnapshot();
  });

  it('no command', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage : plie-audit/m);
  });
});

describe('inspect', () => {
  it('--format json follows the contract of the issue', async () => {
    const r = await runCli(['inspect', demo, '-f', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.schemaVersion).toBe(1);
    const agenda = json.inputs.find((i: { dataset: string }) => i.dataset === 'agenda');
    expect(agenda).toMatchObject({ encoding: 'windows-1252', delimiter: ';', headerRow: 3, sheet: null });
    const aff = json.inputs.find((i: { dataset: string }) => i.dataset === 'affectations');
    expect(aff).toMatchObject({ sheet: 'Flux mensuel', encoding: null, headerRow: 5 });
    for (const i of json.inputs) {
      expect(Object.keys(i).sort()).toEqual(
        ['columns', 'container', 'dataset', 'delimiter', 'encoding', 'headerRow', 'path', 'rows', 'sheet', 'skippedRows', 'unmappedColumns', 'unmappedValues', 'warnings'].sort(),
      );
    }
  });
});

describe('init', () => {
  it('writes a commented config that check then reads, and refuses to overwrite', async () => {
    const dir = tmpDir({});
    const r = await runCli(['init', '-r', 'lunel-2021', '-l', 'lot2'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, 'plie-audit.yaml'), 'utf8');
    expect(text).toMatch(/^ruleset: lunel-2021$/m);
    expect(text).toMatch(/^lot: lot2$/m);
    expect(text).toMatch(/^#/m);
    const again = await runCli(['init', '-r', 'lunel-2021', '-l', 'lot2'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(existsSync(path.join(dir, 'plie-audit.yaml'))).toBe(true);
  });

  it('asks for the lot of a rule set that has lots', async () => {
    const r = await runCli(['init', '-r', 'bethune-2022'], { cwd: tmpDir({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fiche2, fiche3, fiche4');
  });
});
