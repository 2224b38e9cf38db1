/** `plie-audit due`, registered on a fresh commander program (main.ts wiring is the lead's). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDue } from '../../src/cli/due.js';
import { Capture } from '../cli/harness.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'plie-due-'));
  const files: Record<string, string> = {
    'plie-audit.yaml': 'ruleset: lunel-2019\nlot: lot1\n',
    'affectations.csv':
      "N° dossier;Référent;Date de début;Date d'orientation\n" +
      'P1;Marie Dupont;01/03/2019;01/03/2019\n' +
      'P2;Paul Martin;01/01/2019;01/01/2019\n',
    'agenda.csv':
      'N° dossier;Date du RDV;Collaborateur;Type de RDV;Modalité;Individuel/Collectif;Présence\n' +
      'P2;05/01/2019;Paul Martin;Entretien;Physique;Individuel;Présent\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  let code: number | null = null;
  const program = new Command('plie-audit').exitOverride();
  registerDue(program, { io: { stdout, stderr, cwd: dir, env: {}, debug: false }, setCode: (c) => (code = c) });
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ outputError: () => {} });
  await program.parseAsync(['node', 'plie-audit', 'due', ...args]);
  return { code, stdout: stdout.text };
}

describe('plie-audit due', () => {
  it('JSON: the items and the rules that fed them (missing exports skip their rules)', async () => {
    const { code, stdout } = await run([dir, '--as-of', '2019-03-10', '-f', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect([json.asOf, json.within, json.horizon, json.ruleset.id, json.ruleset.lot]).toEqual([
      '2019-03-10',
      30,
      { start: '2019-03-11', end: '2019-04-09' },
      'lunel-2019',
      'lot1',
    ]);
    expect(json.items.map((i: Record<string, unknown>) => [i.kind, i.participant, i.referent, i.dueDate, i.message])).toEqual([
      ['premier-entretien', 'P1', 'Marie Dupont', '2019-03-16', 'orientation du 01/03/2019 : entretien individuel au plus tard le 16/03/2019'],
    ]);
    expect(json.items[0].evidence).toEqual([{ path: path.join(dir, 'affectations.csv'), sheet: null, row: 2 }]);
    expect(json.rules.map((r: Record<string, unknown>) => [r.id, r.status, r.items])).toEqual([
      ['entretiens-mensuels', 'skipped', 0],
      ['premier-entretien', 'ran', 1],
      ['suivi-emploi', 'skipped', 0],
      ['revue-18-mois', 'ran', 0],
      ['bilans-brsa', 'skipped', 0],
      ['justificatifs-sortie', 'skipped', 0],
      ['perte-de-contact', 'ran', 0],
    ]);
  });

  it('table by default; --within narrows the horizon', async () => {
    const table = await run([dir, '--as-of', '2019-03-10']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('── Marie Dupont — 1 échéance');
    expect(table.stdout).toContain("  justificatifs-sortie : nécessite l'export sorties, absent des fichiers lus");
    const narrow = await run([dir, '--as-of', '2019-03-10', '--within', '5']);
    expect(narrow.stdout).toContain('Aucune échéance du 11/03/2019 au 15/03/2019.');
  });

  it('rejects a --within that is not a whole number of days', async () => {
    const err = await run([dir, '--within', 'trente']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommanderError);
    expect((err as CommanderError).code).toBe('commander.invalidArgument');
  });
});
