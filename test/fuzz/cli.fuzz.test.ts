/**
 * Property: whatever is done to a valid export (bytes flipped, inserted or cut; cells replaced by
 * hostile text; headers renamed, duplicated or dropped), the CLI answers with exit code 0, 1 or 2,
 * never a stack trace or an internal error, and leaves the file as it was.
 *
 * fast-check prints the seed and the path of a failing case; replay it with
 * FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run test/fuzz.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../cli/harness.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plie-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RULES = ['-r', 'lunel-2019', '-l', 'lot1', '--as-of', '2019-12-31', '--format', 'json'];
const STACK_LINE = /^\s+at .+:\d+(:\d+)?\)?$/m;

const seedOptions = (): fc.Parameters<unknown> => {
  const seed = process.env.FUZZ_SEED;
  return seed ? { seed: Number(seed), path: process.env.FUZZ_PATH } : {};
};

const AGENDA: string[][] = [
  ['Agenda des collaborateurs – temps participant et temps agenda'],
  ['N° dossier', 'Date du RDV', 'Heure de début', 'Durée (min)', 'Collaborateur', 'Type de RDV', 'Modalité', 'Individuel/Collectif', 'Présence', "Objet de l'entretien", 'Catégorie de temps', 'Date de saisie'],
  ['001234', '07/01/2019', '09:00', '45', 'Marie Dupont', 'Entretien individuel', 'Physique', 'Individuel', 'Présent', 'Point sur la recherche d’emploi', 'Temps participant', '07/01/2019 10:02'],
  ['001234', '04/02/2019', '14:30', '30', 'Marie Dupont', 'Contact téléphonique', 'Téléphone', 'Individuel', 'Présent', 'Suivi du plan', 'Temps participant', '04/02/2019 15:10'],
  ['004321', '05/02/2019', '10:00', '60', 'Paul Martin', 'Entretien individuel', 'Physique', 'Individuel', 'Absent excusé', 'Projet professionnel', 'Temps participant', '05/02/2019 11:00'],
  ['004321', '12/03/2019', '10:00', '1h30', 'Paul Martin', 'Atelier collectif', 'Physique', 'Collectif', 'Présent', 'Atelier CV', 'Temps participant', '12/03/2019'],
  ['', '10/01/2019', '09:00', '180', 'Paul Martin', 'Commission PLIE', '', '', '', 'Commission parcours PLIE', 'Temps agenda', '10/01/2019 12:58'],
  ['007777', '2019-04-01', '9h', '20', 'Marie Dupont', 'SMS', 'SMS', 'Individuel', '', 'Relance', 'Temps participant', ''],
];

const AFFECTATIONS: string[][] = [
  ['N° dossier', 'Nom', 'Prénom', 'Référent de parcours', "Date de début d'affectation", "Date de fin d'affectation", "Date d'entrée PLIE", 'Date de sortie', 'Type de sortie', 'Sexe', 'Date de naissance', 'QPV'],
  ['001234', 'DURAND', 'Sophie', 'Marie Dupont', '02/11/2018', '', '15/11/2018', '', '', 'Femme', '12/05/1980', 'Oui'],
  ['004321', 'MOREAU', 'Karim', 'Paul Martin', '10/12/2018', '30/06/2019', '20/12/2018', '30/06/2019', 'Positive', 'Homme', '01/01/1975', 'Non'],
  ['007777', 'PEREZ', 'Inès', 'Paul Martin', '01/03/2019', '', '', '', '', 'F', '', ''],
];

function csv(rows: readonly (readonly string[])[], delimiter = ';'): string {
  const field = (s: string): string => (/[";\r\n,\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `${rows.map((r) => r.map(field).join(delimiter)).join('\r\n')}\r\n`;
}

/** Text a user (or a broken export) might put in a cell. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '', ' ', '"', '""', '";"', ';', '\r\n', '\n', '\r', '\t', '\u0000', '\uFEFF', '\u202F', '\uD800',
    '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', '{"a":1}',
    '31/02/2019', '00/00/0000', '9999-99-99', '2019-02-29', '29/02/2020', '1e308', '-1', 'NaN', 'Infinity', '99999999999999999999',
    '=cmd|/C calc!A0', '<script>', '&amp;', 'Total', 'Sous-total', 'Nombre de RDV', 'oui', 'NON', 'x', '✓',
    'Entretien', 'Commission PLIE', 'Temps agenda', 'N° dossier', 'Date du RDV', 'Collaborateur', 'Type de RDV',
  ),
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
);

type Mutation =
  | { kind: 'cell'; row: number; col: number; text: string }
  | { kind: 'header'; col: number; text: string }
  | { kind: 'dropColumn'; col: number }
  | { kind: 'dupColumn'; col: number }
  | { kind: 'dropRow'; row: number }
  | { kind: 'swapRows'; a: number; b: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('cell' as const), row: fc.nat(20), col: fc.nat(15), text: hostileText }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('header' as const), col: fc.nat(15), text: hostileText }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('dropColumn' as const), col: fc.nat(15) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('dupColumn' as const), col: fc.nat(15) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('dropRow' as const), row: fc.nat(20) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('swapRows' as const), a: fc.nat(20), b: fc.nat(20) }), weight: 1 },
);

function mutateTable(table: readonly (readonly string[])[], headerRow: number, muts: Mutation[]): string[][] {
  const t = table.map((r) => [...r]);
  const width = (): number => Math.max(1, ...t.map((r) => r.length));
  for (const m of muts) {
    if (t.length === 0) break;
    switch (m.kind) {
      case 'cell': {
        const r = t[m.row % t.length]!;
        r[m.col % (r.length + 1)] = m.text;
        break;
      }
      case 'header': {
        const r = t[Math.min(headerRow, t.length - 1)]!;
        r[m.col % r.length] = m.text;
        break;
      }
      case 'dropColumn': {
        const col = m.col % width();
        for (const r of t) r.splice(col, 1);
        break;
      }
      case 'dupColumn': {
        const col = m.col % width();
        for (const r of t) if (col < r.length) r.splice(col, 0, r[col]!);
        break;
      }
      case 'dropRow':
        t.splice(m.row % t.length, 1);
        break;
      case 'swapRows': {
        const a = m.a % t.length;
        const b = m.b % t.length;
        [t[a], t[b]] = [t[b]!, t[a]!];
        break;
      }
    }
  }
  return t;
}

type ByteEdit = { op: 'flip' | 'insert' | 'delete' | 'truncate'; at: number; byte: number };
const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({
  op: fc.constantFrom('flip', 'flip', 'insert', 'delete', 'truncate'),
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
});

function mutateBytes(buf: Buffer, edits: ByteEdit[]): Buffer {
  let b = Buffer.from(buf);
  for (const e of edits) {
    if (b.length === 0) break;
    const at = e.at % b.length;
    if (e.op === 'flip') b[at] = e.byte;
    else if (e.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
    else if (e.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
    else b = b.subarray(0, at);
  }
  return b;
}

async function workbook(rows: readonly (readonly string[])[], dates: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Agenda');
  rows.forEach((r, i) => {
    const values: unknown[] = r.map((cell) => {
      const m = dates ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cell) : null;
      return m ? new Date(Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!)) : cell;
    });
    ws.getRow(i + 1).values = values as ExcelJS.CellValue[];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
let counter = 0;

/** Writes the files, runs check on them, and asserts the property. */
async function runOn(files: { name: string; bytes: Buffer }[]): Promise<CliRun> {
  const run = `run-${counter++}`;
  const paths = files.map((f) => {
    const p = path.join(dir, `${run}-${f.name}`);
    writeFileSync(p, f.bytes);
    return p;
  });
  const r = await runCli(['check', ...paths, ...RULES], { cwd: dir });
  const failure = `exit ${r.code}\nstderr: ${r.stderr}`;
  expect([0, 1, 2], failure).toContain(r.code);
  expect(r.stderr, failure).not.toMatch(STACK_LINE);
  expect(r.stdout, failure).not.toMatch(STACK_LINE);
  expect(r.stderr, failure).not.toContain('erreur interne');
  if (r.code === 2) {
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^plie-audit : [^\n]+\n$/);
  } else {
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  }
  paths.forEach((p, i) => expect(sha(readFileSync(p)), `${p} modifié`).toBe(sha(files[i]!.bytes)));
  for (const p of paths) rmSync(p, { force: true });
  return r;
}

describe('the CLI on mutated exports never crashes', () => {
  it('CSV: cells and headers mutated', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        fc.array(mutation, { maxLength: 4 }),
        fc.constantFrom(';', ',', '\t'),
        fc.constantFrom('utf-8-bom', 'utf-8', 'windows-1252', 'utf-16le'),
        async (agendaMuts, affMuts, delimiter, encoding) => {
          const encode = (text: string): Buffer =>
            encoding === 'utf-8-bom'
              ? Buffer.from(`\uFEFF${text}`, 'utf8')
              : encoding === 'utf-8'
                ? Buffer.from(text, 'utf8')
                : encoding === 'utf-16le'
                  ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
                  : Buffer.from(text, 'latin1');
          await runOn([
            { name: 'affectations.csv', bytes: encode(csv(mutateTable(AFFECTATIONS, 0, affMuts), delimiter)) },
            { name: 'agenda.csv', bytes: encode(csv(mutateTable(AGENDA, 1, agendaMuts), delimiter)) },
          ]);
        },
      ),
      { numRuns: 200, ...seedOptions() },
    );
  }, 120_000);

  it('CSV: bytes flipped, inserted, deleted, truncated', async () => {
    const base = Buffer.from(`\uFEFF${csv(AGENDA)}`, 'utf8');
    const aff = Buffer.from(csv(AFFECTATIONS), 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.array(byteEdit, { minLength: 1, maxLength: 12 }), async (edits) => {
        await runOn([
          { name: 'affectations.csv', bytes: aff },
          { name: 'agenda.csv', bytes: mutateBytes(base, edits) },
        ]);
      }),
      { numRuns: 120, ...seedOptions() },
    );
  }, 120_000);

  it('XLSX: cells and headers mutated, and bytes of the workbook mutated', async () => {
    const base = await workbook(AGENDA, true);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ muts: fc.array(mutation, { minLength: 1, maxLength: 6 }), dates: fc.boolean() }),
          fc.record({ edits: fc.array(byteEdit, { minLength: 1, maxLength: 6 }) }),
        ),
        async (m) => {
          const bytes = 'muts' in m ? await workbook(mutateTable(AGENDA, 1, m.muts), m.dates) : mutateBytes(base, m.edits);
          await runOn([{ name: 'agenda.xlsx', bytes }]);
        },
      ),
      { numRuns: 80, ...seedOptions() },
    );
  }, 120_000);
});
