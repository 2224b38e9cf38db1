/**
 * `plie-audit kpi` on the demo year, through registerKpi on a fresh commander program (the same
 * wiring main.ts gives it). Demo figures are not pinned here (the generator owns them): the
 * bilan intermédiaire's shape is, and the figures that `check` also computes must agree with it.
 */
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseMinCell, registerKpi } from '../../src/cli/kpi.js';
import { Capture } from '../cli/harness.js';
import { auditPrepared } from '../../src/engine/audit.js';
import { prepare } from '../../src/engine/prepare.js';
import { computeKpis } from '../../src/kpi/compute.js';

async function kpi(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  let code: number | null = null;
  const program = new Command('plie-audit').exitOverride();
  registerKpi(program, {
    io: { stdout, stderr, cwd: process.cwd(), env: {}, debug: false },
    setCode: (c) => {
      code = c;
    },
  });
  for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: () => {}, outputError: () => {} });
  await program.parseAsync(['node', 'plie-audit', 'kpi', ...args]);
  return { code, stdout: stdout.text };
}

describe('plie-audit kpi (demo)', () => {
  it('--as-of 2019-05-31 -f json: the bilan intermédiaire, figures arrêtés au 31 mai', async () => {
    const { code, stdout } = await kpi(['fixtures/demo', '--as-of', '2019-05-31', '-f', 'json', '--min-cell', '3']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.ruleset).toMatchObject({ id: 'lunel-2019', lot: 'lot1', cahier: 'lunel-2019' });
    expect(json.period).toEqual({ start: '2019-01-01', end: '2019-12-31' });
    expect(json.asOf).toBe('2019-05-31');
    expect(json.split).toBeNull();
    expect(json.minCell).toBe(3);
    expect(json.inputs.map((i: { dataset: string }) => i.dataset).sort()).toEqual(['affectations', 'agenda', 'etapes', 'sorties']);
    const fa = json.kpis.filter((x: { id: string }) => x.id === 'file-active');
    expect(fa.map((x: { by: object }) => x.by)).toEqual(['01', '02', '03', '04', '05'].map((m) => ({ month: `2019-${m}` })));
    // Lunel 2019 lot 1: 80 × 2.6 ETP per month; 385 accompanied, 51 BRSA sous CER, 16 % positive exits.
    expect(fa.every((x: { target: number }) => x.target === 208)).toBe(true);
    const total = (id: string) => json.kpis.find((x: { id: string; by: object }) => x.id === id && Object.keys(x.by).length === 0);
    expect(total('participants-accompagnes').target).toBe(385);
    expect(total('participants-brsa-cer').target).toBe(51);
    expect(total('taux-sorties-positives')).toMatchObject({ target: 16, unit: '%' });
    for (const id of ['participants-accompagnes', 'entretiens', 'entretiens-par-participant', 'sorties-positives', 'mises-en-emploi']) {
      expect(typeof total(id).value, id).toBe('number');
    }
    // Masked cells are typologie cells below 3, and only those.
    for (const x of json.kpis) {
      if (x.masked) expect(x.id.startsWith('typologie-') && x.value === null).toBe(true);
    }
  }, 60_000);

  it('table --by month: French report with the monthly series', async () => {
    const { code, stdout } = await kpi(['fixtures/demo', '--as-of', '2019-05-31', '--by', 'month']);
    expect(code).toBe(0);
    expect(stdout).toContain('chiffres arrêtés au 31/05/2019');
    expect(stdout).toContain('Séries mensuelles');
    expect(stdout).toContain('Typologie des participants accompagnés');
    expect(stdout).not.toContain('\u001b[');
  }, 60_000);

  it('agrees with check on the figures both compute (file active per référent, participants accompanied)', async () => {
    const p = await prepare({ inputs: ['fixtures/demo'], cwd: process.cwd(), asOf: '2019-12-31' });
    const audit = auditPrepared(p);
    const kpis = computeKpis(p.ctx, p.ruleset, { by: 'referent' });
    const fileActive = audit.violations.filter((v) => v.rule === 'file-active');
    expect(fileActive.length).toBeGreaterThan(0);
    for (const v of fileActive) {
      const k = kpis.find((x) => x.id === 'file-active' && x.by.month === v.period && x.by.referent === v.referent);
      expect(k, `${v.referent} ${v.period}`).toMatchObject({ value: v.actual, target: v.expected });
    }
    const accompanied = kpis.find((x) => x.id === 'participants-accompagnes' && Object.keys(x.by).length === 0)!;
    const objective = audit.violations.find((v) => v.rule === 'objectif-participants');
    if (objective) expect(accompanied).toMatchObject({ value: objective.actual, target: objective.expected });
    // Per référent, each participant counts once: the référents add up to the total.
    const perRef = kpis.filter((x) => x.id === 'participants-accompagnes' && 'referent' in x.by);
    expect(perRef.reduce((s, x) => s + (x.value ?? 0), 0)).toBe(accompanied.value);
  }, 60_000);

  it('rejects a bad --min-cell and --by', async () => {
    expect(() => parseMinCell('0')).toThrow('« 0 » : nombre entier ≥ 1 attendu (pratique INSEE : 3).');
    expect(parseMinCell('3')).toBe(3);
    await expect(kpi(['fixtures/demo', '--by', 'semaine'])).rejects.toBeInstanceOf(CommanderError);
  });
});
