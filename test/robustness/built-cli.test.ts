/**
 * Where memory, hangs or threads matter, the built CLI in its own process: large inputs are
 * parsed on a worker thread there (src/load/offthread.ts), and the peak memory of the process is
 * read from the kernel (VmHWM). The build goes to node_modules/.cache, not dist/, so that it never
 * races with other tests using dist/.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/harness.js';
import { AGENDA_HEADER, bombWorkbook, corpus, csvText, sha256, STACK_LINE } from './corpus.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const buildDir = path.join(root, 'node_modules', '.cache', `plie-audit-robustness-${process.pid}`);
const binFile = path.join(buildDir, 'bin.mjs');
const c = corpus();
const RULES = ['-r', 'lunel-2019', '-l', 'lot1', '--as-of', '2019-12-31'];
const GB = 1024 * 1024 * 1024;
/** Beyond this the process is hung, not slow (a million-row audit takes well under a minute). */
const HANG_MS = 120_000;

beforeAll(() => {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(buildDir, 'dist')],
    { cwd: root },
  );
  writeFileSync(binFile, "import { main } from './dist/cli/main.js';\nmain(process.argv).then((code) => { process.exitCode = code; });\n");
}, 180_000);

afterAll(() => {
  c.cleanup();
  rmSync(buildDir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the process, in bytes (null where /proc is not available). */
  peak: number | null;
}

/** The built CLI on `args`; kills it (and fails) past HANG_MS. */
function built(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binFile, ...args], { cwd: c.dir, env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak: number | null = null;
    const status = `/proc/${child.pid}/status`;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
        if (m) peak = Math.max(peak ?? 0, Number(m[1]) * 1024);
      } catch {
        // not there (yet, or any more, or not Linux)
      }
    }, 10);
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, peak });
    });
  });
}

function expectSane(r: Run): void {
  expect(r.signal).toBeNull();
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stderr).not.toContain('erreur interne');
  if (r.peak !== null) expect(r.peak).toBeLessThan(GB);
}

function expectRefused(r: Run, message: string | RegExp): void {
  expectSane(r);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  if (typeof message === 'string') expect(lines[0]).toBe(`plie-audit : ${message}`);
  else expect(lines[0]).toMatch(message);
}

/** An agenda of `n` rows over 2019 (about 150 bytes a row). */
function agendaRows(n: number): string[][] {
  const kinds = ['Entretien individuel', 'Contact téléphonique', 'Atelier collectif', 'SMS'];
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const date = `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2019`;
    rows.push([
      String(1000 + (i % 700)).padStart(6, '0'),
      date,
      `${String(8 + (i % 9)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
      String(15 + (i % 4) * 15),
      `Référent ${i % 9}`,
      kinds[i % kinds.length]!,
      i % 3 ? 'Physique' : 'Téléphone',
      'Individuel',
      i % 7 ? 'Présent' : 'Absent excusé',
      `Objet de l’entretien n° ${i % 50}`,
      'Temps participant',
      `${date} 18:00`,
    ]);
  }
  return rows;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the built CLI on large and hostile inputs', () => {
  it('a large agenda parsed on a worker thread gives the same report as the main thread', async () => {
    const rows = agendaRows(40_000);
    rows[100]![1] = '31/02/2019';
    rows[20_000]![3] = 'beaucoup';
    rows[39_000]![1] = '30/02/2019';
    // Quoted cells with line breaks, « ; » and quotes: every later row number depends on them.
    for (let i = 0; i < rows.length; i += 499) rows[i]![9] = `Objet « ${i} » ; "cité"\r\nsur deux lignes`;
    const f = c.file('grand-agenda.csv', `\uFEFF${csvText([['Agenda 2019'], AGENDA_HEADER, ...rows])}`);
    expect(readFileSync(f).length).toBeGreaterThan(4 * 1024 * 1024);
    const before = sha256(f);
    const r = await built(['check', f, ...RULES, '--format', 'json']);
    expectSane(r);
    expect(sha256(f)).toBe(before);
    const inProcess = await runCli(['check', f, ...RULES, '--format', 'json'], { cwd: c.dir });
    expect([0, 1]).toContain(r.code);
    expect(r.code).toBe(inProcess.code);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(inProcess.stdout));
    const report = JSON.parse(r.stdout) as { inputs: { rows: number }[] };
    expect(report.inputs[0]!.rows).toBe(39_998);
  });

  it('a large workbook parsed on a worker thread gives the same report as the main thread', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Agenda');
    ws.addRow(['Agenda des collaborateurs']);
    ws.addRow(AGENDA_HEADER);
    for (const r of agendaRows(25_000)) {
      const [d, m, y] = r[1]!.split('/').map(Number) as [number, number, number];
      const row = ws.addRow([r[0], new Date(Date.UTC(y, m - 1, d)), ...r.slice(2)]);
      row.getCell(2).numFmt = 'dd/mm/yyyy';
    }
    const f = c.file('grand-agenda.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const r = await built(['check', f, ...RULES, '--format', 'json']);
    expectSane(r);
    const inProcess = await runCli(['check', f, ...RULES, '--format', 'json'], { cwd: c.dir });
    expect(r.code).toBe(inProcess.code);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(inProcess.stdout));
    expect((JSON.parse(r.stdout) as { inputs: { rows: number }[] }).inputs[0]!.rows).toBe(25_000);
  }, 120_000);

  it('an unclosed quote deep in a large file: refused at its line (not read as one 1.5 MB cell), from the worker', async () => {
    const rows = agendaRows(40_000);
    rows[30_000]![9] = '"Objet jamais refermé';
    const text = csvText([AGENDA_HEADER, ...rows]).replace('"""Objet jamais refermé"', '"Objet jamais refermé');
    const f = c.file('grand-guillemet.csv', text);
    expectRefused(
      await built(['check', f, ...RULES]),
      `« ${f} », ligne 30002 : une cellule dépasse 1 Mo (guillemet non refermé ?). Corrigez cette ligne ou réexportez le fichier.`,
    );
  });

  it('300 000 rows whose dates are all broken: audited, not a stack overflow', async () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => `00${1000 + (i % 500)};hier;Marie Dupont;Entretien individuel`);
    const f = c.file('dates-cassees.csv', `N° dossier;Date du RDV;Collaborateur;Type de RDV\r\n${rows.join('\r\n')}\r\n`);
    const r = await built(['check', f, ...RULES, '--format', 'json']);
    expectSane(r);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { inputs: { rows: number; warnings: number }[]; violations: unknown[] };
    expect(report.inputs).toMatchObject([{ rows: 0, warnings: 1 }]);
    expect(report.violations).toHaveLength(10_000);
  });

  it('a row of a million columns in a large file', async () => {
    const rows = agendaRows(30_000).map((r) => r.join(';'));
    rows.splice(20_000, 0, ';'.repeat(1_000_000));
    const f = c.file('grand-million.csv', `${AGENDA_HEADER.join(';')}\r\n${rows.join('\r\n')}\r\n`);
    expectRefused(
      await built(['check', f, ...RULES]),
      new RegExp(`^plie-audit : « ${escape(f)} », ligne 20002 : plus de 16 384 colonnes \\(1\\s000\\s001\\) ; .* --delimiter\\.$`),
    );
  });

  it('a sheet that inflates to 2 GB while declaring 5 MB: stopped at 5 MB, from the worker', async () => {
    const f = c.file('bombe-2go.xlsx', bombWorkbook(2 * GB, () => 5 * 1024 * 1024));
    expectRefused(
      await built(['check', f, ...RULES]),
      `« ${f} » : le classeur semble corrompu ou malveillant : l'élément « xl/worksheets/sheet1.xml » décompressé dépasse la taille déclarée. ` +
        `Ouvrez-le dans Excel pour vérifier son contenu, ou exportez les données en CSV.`,
    );
  });

  it('a sheet that honestly declares 4 GB: refused before inflating anything', async () => {
    const f = c.file('bombe-4go.xlsx', bombWorkbook(64 * 1024 * 1024, () => 2 ** 32 - 1));
    expectRefused(
      await built(['check', f, ...RULES]),
      new RegExp(`^plie-audit : « ${escape(f)} » : le classeur semble corrompu ou malveillant : .*dépasserait .*Ouvrez-le dans Excel`),
    );
  });
});

describe('the built CLI reads while the configuration loads', () => {
  it('a configuration error stops a large agenda already being read: its message, and the process ends', async () => {
    // More rows than a reading thread reads ahead (64 batches of 1 000 to 2 000): left alone, it would wait
    // for the audit for ever, and the process with it.
    const f = c.file('grand-agenda-config.csv', csvText([AGENDA_HEADER, ...agendaRows(200_000)]));
    const config = c.file('config-cassee.yaml', 'ruleset: lunel-2019\nlot: [\n');
    const r = await built(['check', f, '-c', config, '--as-of', '2019-12-31']);
    expectRefused(r, /^plie-audit : .*config-cassee\.yaml/);
  });

  it('an input that cannot be read, after a large agenda already being read: its message, and the process ends', async () => {
    // The agenda starts reading as soon as it is sniffed, before the next input is opened.
    const f = c.file('a-grand-agenda.csv', csvText([AGENDA_HEADER, ...agendaRows(200_000)]));
    const bad = c.file('b-binaire.csv', Buffer.from([0x4e, 0x6f, 0x6d, 0x00, 0x01, 0x02, 0x00, 0xff]));
    const r = await built(['check', f, bad, ...RULES]);
    expectRefused(
      r,
      `« ${bad} » n'est ni un fichier texte ni un classeur reconnu (contenu binaire) : exportez les données au format .xlsx ou CSV.`,
    );
  });

  it('a configuration that sets the encoding and the delimiter: the agenda is read again with them, as in one process', async () => {
    const rows = agendaRows(40_000).map((r) => r.map((cell) => cell.replace('Référent', 'Référente')));
    const f = c.file('grand-agenda-cp1252.csv', Buffer.from(csvText([AGENDA_HEADER, ...rows], ','), 'latin1'));
    const config = c.file('config-encodage.yaml', 'encoding: windows-1252\ndelimiter: ","\n');
    const args = ['check', f, '-c', config, ...RULES, '--format', 'json'];
    const r = await built(args);
    expectSane(r);
    const inProcess = await runCli(args, { cwd: c.dir });
    expect(r.code).toBe(inProcess.code);
    expect(r.stderr).toBe(inProcess.stderr);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(inProcess.stdout));
    expect((JSON.parse(r.stdout) as { inputs: { rows: number }[] }).inputs[0]!.rows).toBe(40_000);
  });
});
