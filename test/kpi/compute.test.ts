/**
 * KPI of small hand-computed cases. Every expected figure below is worked out by hand in the
 * comments from the data of the case (rules.md §3 day states, docs/kpi.md definitions).
 */
import { describe, expect, it } from 'vitest';
import { computeKpis } from '../../src/kpi/compute.js';
import type { Kpi, KpiBy, KpiRuleset } from '../../src/kpi/types.js';
import type { AuditConfig } from '../../src/checks/types.js';
import type { BuildInput } from '../helpers/build.js';
import { contextFor } from '../checks/rule-tester.js';

const LUNEL: KpiRuleset = {
  id: 'lunel-2019',
  cahier: 'lunel-2019',
  lot: 'lot1',
  etp: 2,
  rules: [
    { id: 'entretiens-mensuels', kind: 'contact-frequency', params: { min: 2, window: 'month', match: { kinds: ['entretien'] } } },
    { id: 'file-active', kind: 'file-active', params: { perEtp: 80, etp: 2, excludeVeille: true } },
    { id: 'objectif-participants', kind: 'count-target', params: { target: 10, of: 'participants-accompagnes' } },
    { id: 'objectif-brsa-cer', kind: 'count-target', params: { target: 2, of: 'brsa-cer' } },
    { id: 'taux-sorties-positives', kind: 'rate-target', params: { target: 0.16, denominator: 'participants-accompagnes' } },
  ],
};

const M = 'Marie Dupont';
const PAUL = 'Paul Martin';

/**
 * Period 2019, A = 2019-05-31.
 * P1 Marie since 2018, in parcours. P2 Marie, exits (positive) on P.start. P3 Paul, en veille in
 * January and February. P4 assigned only after A. P5 Marie 15/02 → 09/04 then Paul. P6 exited
 * before P. P7 Marie from 01/01, exits (autre, affectation only) on 15/03.
 */
const CASE: BuildInput = {
  affectations: [
    { participant: 'P1', referent: M, start: '2018-06-01', entryDate: '2018-06-15', sex: 'F', birthDate: '1990-03-01', brsa: true, cer: true },
    { participant: 'P2', referent: M, start: '2018-01-01', entryDate: '2018-01-10', exitDate: '2019-01-01', exitType: 'positive', sex: 'M', birthDate: '1960-01-01' },
    { participant: 'P3', referent: PAUL, start: '2018-09-01', veilleStart: '2019-01-01', veilleEnd: '2019-02-28', sex: 'F', birthDate: '2000-05-05', qpv: true },
    { participant: 'P4', referent: PAUL, start: '2019-06-10', entryDate: '2019-06-10', sex: 'F' },
    { participant: 'P5', referent: M, start: '2019-02-15', end: '2019-04-09', entryDate: '2019-03-01', sex: 'M', deld: true },
    { participant: 'P5', referent: PAUL, start: '2019-04-10' },
    { participant: 'P6', referent: PAUL, start: '2018-03-01', exitDate: '2018-12-31', exitType: 'positive', sex: 'M' },
    { participant: 'P7', referent: M, start: '2019-01-01', entryDate: '2019-01-01', exitDate: '2019-03-15', exitType: 'autre', birthDate: '1970-06-01', th: true },
  ],
  sorties: [
    { participant: 'P2', exitDate: '2019-01-01', exitType: 'positive' },
    { participant: 'P6', exitDate: '2018-12-31', exitType: 'positive' },
  ],
  agenda: [
    { participant: 'P1', date: '2019-01-10' },
    { participant: 'P1', date: '2019-02-10', attendance: 'absent' },
    { participant: 'P1', date: '2019-02-11', attendance: 'annule' },
    { participant: 'P1', date: '2019-03-01', kind: 'contact', mode: 'telephone' },
    { participant: 'P1', date: '2019-06-05' },
    { participant: 'P1', date: '2018-12-20' },
    { participant: 'P3', date: '2019-01-15', referent: PAUL, attendance: null },
    { participant: 'P5', date: '2019-04-20', referent: PAUL },
    // One atelier session (3 rows), one in agenda time, one where nobody came.
    { participant: 'P1', date: '2019-03-05', kind: 'atelier', format: 'collectif', startTime: '09:30', subject: 'Atelier CV' },
    { participant: 'P5', date: '2019-03-05', kind: 'atelier', format: 'collectif', startTime: '09:30', subject: 'Atelier CV', attendance: 'absent-excuse' },
    { participant: 'P7', date: '2019-03-05', kind: 'atelier', format: 'collectif', startTime: '09:30', subject: 'atelier  cv' },
    { participant: null, date: '2019-04-02', kind: 'atelier', referent: PAUL, startTime: '14:00', subject: 'Atelier mobilité', attendance: null },
    { participant: 'P3', date: '2019-05-02', kind: 'atelier', referent: PAUL, startTime: '09:30', subject: 'Atelier mobilité', attendance: 'absent' },
    // P2, in a CDI, before the positive exit: the day of the exit counts, 2018 does not.
    { participant: 'P2', date: '2019-01-01', kind: 'contact', mode: 'telephone' },
    { participant: 'P2', date: '2018-12-15' },
  ],
  etapes: [
    { participant: 'P1', start: '2019-04-01', end: '2019-09-30', category: 'emploi', contract: 'cdd', clause: true, plie: false },
    { participant: 'P1', start: '2019-02-01', end: '2019-02-28', category: 'formation', plie: true, status: 'realisee' },
    { participant: 'P5', start: '2019-05-10', category: 'atelier', plie: true, status: 'prescrite' },
    { participant: 'P7', start: '2019-02-01', end: '2019-02-05', category: 'immersion' },
    { participant: 'P7', start: '2019-06-15', category: 'emploi', contract: 'cdi', plie: false },
    { participant: 'P2', start: '2018-07-01', category: 'emploi', contract: 'cdi', plie: false },
  ],
  participants: {
    P1: { epci: 'CC Pays de Lunel' },
    P3: { epci: "Pays de l'Or Agglomération" },
    P5: { epci: 'CC Pays de Lunel' },
  },
};

const REFERENTS: Partial<AuditConfig> = {
  referents: [
    { name: 'Marie Dupont', etp: 1 },
    { name: 'paul martin', etp: 0.5 },
  ],
};

function run(opts: { by?: 'month' | 'referent' | 'lot'; asOf?: string; data?: BuildInput; ruleset?: KpiRuleset; config?: Partial<AuditConfig>; lot?: string | null } = {}): Kpi[] {
  const ctx = contextFor({ data: opts.data ?? CASE, asOf: opts.asOf ?? '2019-05-31', config: opts.config, lot: opts.lot === undefined ? 'lot1' : opts.lot });
  const ruleset = opts.ruleset ?? LUNEL;
  return computeKpis(ctx, ruleset, { by: opts.by });
}

/** The figure of id (and category) for exactly this split. */
function get(kpis: Kpi[], id: string, by: KpiBy = {}, category?: string | null): Kpi {
  const found = kpis.filter(
    (k) => k.id === id && JSON.stringify(k.by) === JSON.stringify(by) && (category === undefined || k.category === category),
  );
  expect(found, `${id} ${JSON.stringify(by)}`).toHaveLength(1);
  return found[0]!;
}
const val = (kpis: Kpi[], id: string, by: KpiBy = {}, category?: string | null) => get(kpis, id, by, category).value;

describe('computeKpis — totals at A = 2019-05-31', () => {
  const k = run();

  it('file active per month: veille excluded, exit day counted, nothing after A', () => {
    // Jan: P1, P2 (exit day), P7 — P3 en veille. Feb: P1, P5, P7 — P3 still en veille.
    // Mar: P1, P3, P5, P7. Apr: P1, P3, P5 (two référents, once). May: P1, P3, P5.
    expect(k.filter((x) => x.id === 'file-active')).toEqual(
      ['2019-01', '2019-02', '2019-03', '2019-04', '2019-05'].map((month, i) => ({
        id: 'file-active',
        value: [3, 3, 4, 3, 3][i],
        target: 160,
        unit: 'participants',
        by: { month },
      })),
    );
    // (3 + 3 + 4 + 3 + 3) / 5
    expect(get(k, 'file-active-moyenne')).toEqual({ id: 'file-active-moyenne', value: 3.2, target: 160, unit: 'participants', by: {} });
  });

  it('participants accompanied: exit on P.start and veille count; assigned after A or exited before P do not', () => {
    expect(get(k, 'participants-accompagnes')).toEqual({ id: 'participants-accompagnes', value: 5, target: 10, unit: 'participants', by: {} });
    expect(get(k, 'participants-brsa-cer')).toMatchObject({ value: 1, target: 2 });
  });

  it('entries: entry date in [P.start, A]', () => {
    // P5 (01/03) and P7 (01/01); P4 enters after A; no entry objective in Lunel.
    expect(get(k, 'entrees')).toMatchObject({ value: 2, target: null, unit: 'participants' });
  });

  it('entretiens: attended entretiens in [P.start, A]; absent, annulé, contacts, after A and before P left out', () => {
    expect(get(k, 'entretiens')).toMatchObject({ value: 3, unit: 'entretiens' });
    // 3 / 5
    expect(get(k, 'entretiens-par-participant')).toMatchObject({ value: 0.6, unit: 'ratio' });
  });

  it('ateliers: attended participations, sessions held (agenda time included, a session nobody attended left out)', () => {
    expect(val(k, 'participations-ateliers')).toBe(2);
    expect(get(k, 'ateliers-animes')).toMatchObject({ value: 2, unit: 'ateliers' });
  });

  it('étapes: every étape starting in [P.start, A], split PLIE / droit commun / non renseigné', () => {
    expect(val(k, 'positionnements-etapes')).toBe(4);
    expect(val(k, 'positionnements-etapes-plie')).toBe(2);
    expect(val(k, 'positionnements-etapes-droit-commun')).toBe(1);
    expect(val(k, 'positionnements-etapes-non-renseigne')).toBe(1);
  });

  it('mises en emploi: employment step starting in [P.start, A], dont clause', () => {
    expect(get(k, 'mises-en-emploi')).toMatchObject({ value: 1, unit: 'participants' });
    expect(val(k, 'mises-en-emploi-clauses')).toBe(1);
  });

  it('exits: dated in [P.start, A], from sorties, else from the affectations', () => {
    expect(get(k, 'sorties')).toMatchObject({ value: 2, unit: 'sorties' });
    expect(val(k, 'sorties-positives')).toBe(1);
    expect(val(k, 'sorties-autres')).toBe(1);
    // P2's positive exit / 5 participants accompanied.
    expect(get(k, 'taux-sorties-positives')).toEqual({ id: 'taux-sorties-positives', value: 20, target: 16, unit: '%', by: {} });
  });

  it('contacts while employed before a positive exit, up to the exit day', () => {
    expect(get(k, 'contacts-emploi-avant-sortie-positive')).toMatchObject({ value: 1, unit: 'contacts' });
  });

  it('average length of parcours', () => {
    // Exits: P2 10/01/2018 → 01/01/2019 = 356 days; P7 01/01 → 15/03/2019 = 73 days. (356 + 73) / 2.
    expect(get(k, 'duree-moyenne-parcours-sortis')).toMatchObject({ value: 214.5, unit: 'jours' });
    // 429 / (2 × 30.4375) = 7.047
    expect(get(k, 'duree-moyenne-parcours-sortis-mois')).toMatchObject({ value: 7, unit: 'mois' });
    // Still in parcours at A: P1 15/06/2018 → 350, P3 01/09/2018 → 272, P5 01/03/2019 → 91. 713 / 3.
    expect(val(k, 'duree-moyenne-parcours-en-cours')).toBe(237.7);
    // 713 / (3 × 30.4375) = 7.808
    expect(val(k, 'duree-moyenne-parcours-en-cours-mois')).toBe(7.8);
  });

  it('typologie of the participants accompanied (age at entry)', () => {
    expect(val(k, 'typologie-sexe-femmes')).toBe(2); // P1, P3
    expect(val(k, 'typologie-sexe-hommes')).toBe(2); // P2, P5
    expect(val(k, 'typologie-sexe-non-renseigne')).toBe(1); // P7
    expect(val(k, 'typologie-age-moins-26')).toBe(1); // P3, 18
    expect(val(k, 'typologie-age-26-44')).toBe(1); // P1, 28
    expect(val(k, 'typologie-age-45-54')).toBe(1); // P7, 48
    expect(val(k, 'typologie-age-55-plus')).toBe(1); // P2, 58
    expect(val(k, 'typologie-age-non-renseigne')).toBe(1); // P5
    expect(k.filter((x) => x.id === 'typologie-epci').map((x) => [x.category, x.value])).toEqual([
      ['CC Pays de Lunel', 2],
      ["Pays de l'Or Agglomération", 1],
      [null, 2],
    ]);
    expect(k.some((x) => x.id === 'typologie-commune')).toBe(false);
    expect(val(k, 'typologie-brsa')).toBe(1);
    expect(val(k, 'typologie-deld')).toBe(1);
    expect(val(k, 'typologie-th')).toBe(1);
    expect(val(k, 'typologie-qpv')).toBe(1);
  });

  it('reports the common figures in catalogue order, without the Dijon and Béthune ones', () => {
    const ids = [...new Set(k.map((x) => x.id))];
    expect(ids).toEqual([
      'file-active', 'file-active-moyenne', 'participants-accompagnes', 'participants-brsa-cer', 'entrees',
      'positionnements-etapes', 'positionnements-etapes-plie', 'positionnements-etapes-droit-commun',
      'positionnements-etapes-non-renseigne', 'entretiens', 'entretiens-par-participant', 'participations-ateliers',
      'ateliers-animes', 'mises-en-emploi', 'mises-en-emploi-clauses', 'sorties', 'sorties-positives', 'sorties-autres',
      'taux-sorties-positives', 'contacts-emploi-avant-sortie-positive', 'duree-moyenne-parcours-sortis',
      'duree-moyenne-parcours-sortis-mois', 'duree-moyenne-parcours-en-cours', 'duree-moyenne-parcours-en-cours-mois',
      'typologie-sexe-femmes', 'typologie-sexe-hommes', 'typologie-sexe-non-renseigne', 'typologie-age-moins-26',
      'typologie-age-26-44', 'typologie-age-45-54', 'typologie-age-55-plus', 'typologie-age-non-renseigne',
      'typologie-epci', 'typologie-brsa', 'typologie-deld', 'typologie-th', 'typologie-qpv',
    ]);
    // Without --by, only the file active is split (by month).
    expect(k.filter((x) => Object.keys(x.by).length > 0).every((x) => x.id === 'file-active')).toBe(true);
  });
});

describe('computeKpis — --by month', () => {
  const k = run({ by: 'month' });
  const series = (id: string) => k.filter((x) => x.id === id && x.by.month !== undefined).map((x) => [x.by.month, x.value]);

  it('participants accompanied per month: assigned and not exited ≥ 1 day (veille counts)', () => {
    expect(series('participants-accompagnes')).toEqual([
      ['2019-01', 4], // P1, P2, P3, P7
      ['2019-02', 4], // P1, P3, P5, P7
      ['2019-03', 4],
      ['2019-04', 3], // P1, P3, P5
      ['2019-05', 3],
    ]);
    expect(get(k, 'participants-accompagnes', { month: '2019-01' }).target).toBeNull();
  });

  it('dated series: entretiens, entries, exits, ateliers, étapes', () => {
    expect(series('entretiens')).toEqual([['2019-01', 2], ['2019-02', 0], ['2019-03', 0], ['2019-04', 1], ['2019-05', 0]]);
    expect(series('entrees')).toEqual([['2019-01', 1], ['2019-02', 0], ['2019-03', 1], ['2019-04', 0], ['2019-05', 0]]);
    expect(series('sorties-positives')).toEqual([['2019-01', 1], ['2019-02', 0], ['2019-03', 0], ['2019-04', 0], ['2019-05', 0]]);
    expect(series('sorties-autres')).toEqual([['2019-01', 0], ['2019-02', 0], ['2019-03', 1], ['2019-04', 0], ['2019-05', 0]]);
    expect(series('ateliers-animes')).toEqual([['2019-01', 0], ['2019-02', 0], ['2019-03', 1], ['2019-04', 1], ['2019-05', 0]]);
    expect(series('positionnements-etapes')).toEqual([['2019-01', 0], ['2019-02', 2], ['2019-03', 0], ['2019-04', 1], ['2019-05', 1]]);
    expect(series('mises-en-emploi')).toEqual([['2019-01', 0], ['2019-02', 0], ['2019-03', 0], ['2019-04', 1], ['2019-05', 0]]);
  });

  it('period-only figures have no monthly series', () => {
    for (const id of ['taux-sorties-positives', 'entretiens-par-participant', 'typologie-sexe-femmes', 'participants-brsa-cer', 'file-active-moyenne']) {
      expect(k.filter((x) => x.id === id).map((x) => x.by)).toEqual([{}]);
    }
  });

  it('a partial month counts its days up to A', () => {
    // A = 14/03: P7 is active in March (until its exit on 15/03 it would be too), P5 not yet reassigned.
    const partial = run({ by: 'month', asOf: '2019-03-14' });
    expect(partial.filter((x) => x.id === 'file-active').map((x) => x.by.month)).toEqual(['2019-01', '2019-02', '2019-03']);
    expect(val(partial, 'file-active', { month: '2019-03' })).toBe(4);
    expect(val(partial, 'sorties')).toBe(1); // P7's exit on 15/03 is after A
  });
});

describe('computeKpis — --by referent', () => {
  const k = run({ by: 'referent', config: REFERENTS });

  it('file active per month and référent: under an affectation to that référent; targets perEtp × ETP', () => {
    const marie = k.filter((x) => x.id === 'file-active' && x.by.referent === 'Marie Dupont');
    const paul = k.filter((x) => x.id === 'file-active' && x.by.referent === 'paul martin');
    // Marie: Jan P1 P2 P7, Feb P1 P5 P7, Mar P1 P5 P7, Apr P1 P5 (until 09/04), May P1.
    expect(marie.map((x) => x.value)).toEqual([3, 3, 3, 2, 1]);
    expect(marie.every((x) => x.target === 80)).toBe(true);
    // Paul: P3 from March, P5 from 10/04.
    expect(paul.map((x) => x.value)).toEqual([0, 0, 1, 2, 2]);
    expect(paul.every((x) => x.target === 40)).toBe(true);
    // The lot total stays, against 80 × 2 ETP.
    expect(get(k, 'file-active', { month: '2019-04' })).toMatchObject({ value: 3, target: 160 });
    expect(get(k, 'file-active-moyenne', { referent: 'Marie Dupont' })).toMatchObject({ value: 2.4, target: 80 });
  });

  it('participants counted once, for the référent of their last accompanied day', () => {
    // Marie: P1, P2 (01/01), P7 (15/03). Paul: P3, P5 (reassigned on 10/04).
    expect(val(k, 'participants-accompagnes', { referent: 'Marie Dupont' })).toBe(3);
    expect(val(k, 'participants-accompagnes', { referent: 'paul martin' })).toBe(2);
    expect(get(k, 'participants-accompagnes', { referent: 'Marie Dupont' }).target).toBeNull();
    expect(val(k, 'typologie-sexe-femmes', { referent: 'Marie Dupont' })).toBe(1);
    expect(val(k, 'typologie-sexe-femmes', { referent: 'paul martin' })).toBe(1);
  });

  it('events for their own référent, exits for the référent on the exit date', () => {
    expect(val(k, 'entretiens', { referent: 'Marie Dupont' })).toBe(1);
    expect(val(k, 'entretiens', { referent: 'paul martin' })).toBe(2);
    expect(val(k, 'entretiens-par-participant', { referent: 'Marie Dupont' })).toBe(0.33);
    expect(val(k, 'entretiens-par-participant', { referent: 'paul martin' })).toBe(1);
    expect(val(k, 'sorties', { referent: 'Marie Dupont' })).toBe(2);
    expect(get(k, 'taux-sorties-positives', { referent: 'Marie Dupont' })).toMatchObject({ value: 33.3, target: 16 });
    expect(get(k, 'taux-sorties-positives', { referent: 'paul martin' })).toMatchObject({ value: 0, target: 16 });
    expect(val(k, 'ateliers-animes', { referent: 'Marie Dupont' })).toBe(1);
    expect(val(k, 'ateliers-animes', { referent: 'paul martin' })).toBe(1);
    expect(val(k, 'entrees', { referent: 'Marie Dupont' })).toBe(2); // P5 on 01/03 was still Marie's
  });

  it('référents are shown under their configured name and in a stable order, with no row without référent', () => {
    const refs = [...new Set(k.filter((x) => x.id === 'sorties' && 'referent' in x.by).map((x) => x.by.referent))];
    expect(refs).toEqual(['Marie Dupont', 'paul martin']);
  });
});

describe('computeKpis — --by lot', () => {
  const data: BuildInput = {
    ...CASE,
    affectations: CASE.affectations!.map((a) => (a.participant === 'P3' ? { ...a, lot: 'lot2' } : a)),
  };
  const k = run({ by: 'lot', data });

  it("the affectation's lot column, else the audited lot; the target only for the audited lot", () => {
    expect(get(k, 'file-active', { month: '2019-03', lot: 'lot1' })).toMatchObject({ value: 3, target: 160 });
    expect(get(k, 'file-active', { month: '2019-03', lot: 'lot2' })).toMatchObject({ value: 1, target: null });
    expect(get(k, 'participants-accompagnes', { lot: 'lot1' })).toMatchObject({ value: 4, target: 10 });
    expect(get(k, 'participants-accompagnes', { lot: 'lot2' })).toMatchObject({ value: 1, target: null });
    expect(val(k, 'entretiens', { lot: 'lot2' })).toBe(1); // P3's, dated under the lot2 affectation
  });
});

describe('computeKpis — boundaries', () => {
  it('file active excludes veille even where the cahier\'s check counts it (2018): the issue #4 definition', () => {
    const ruleset: KpiRuleset = {
      ...LUNEL,
      rules: [{ id: 'file-active', kind: 'file-active', params: { perEtp: 80, etp: 2.5, excludeVeille: false } }],
    };
    const k = run({ ruleset });
    expect(val(k, 'file-active', { month: '2019-01' })).toBe(3); // P3 en veille all month does not count
    expect(get(k, 'file-active', { month: '2019-01' }).target).toBe(200);
  });

  it('a pool target (total) wins over perEtp × ETP', () => {
    const ruleset: KpiRuleset = {
      ...LUNEL,
      lot: 'lot2',
      etp: 1.4,
      rules: [{ id: 'file-active', kind: 'file-active', params: { perEtp: 80, etp: 1.4, total: 80 } }],
    };
    expect(get(run({ ruleset, lot: 'lot2' }), 'file-active', { month: '2019-01' }).target).toBe(80);
  });

  it('an exit dated on the day before P.start is not an exit of the period and the participant is not accompanied', () => {
    const k = run({
      data: { affectations: [{ participant: 'P1', start: '2018-01-01', exitDate: '2018-12-31' }], sorties: [{ participant: 'P1', exitDate: '2018-12-31', exitType: 'positive' }], agenda: [], etapes: [] },
    });
    expect(val(k, 'participants-accompagnes')).toBe(0);
    expect(val(k, 'sorties')).toBe(0);
    expect(val(k, 'taux-sorties-positives')).toBeNull();
    expect(val(k, 'entretiens-par-participant')).toBeNull();
    expect(val(k, 'duree-moyenne-parcours-sortis')).toBeNull();
  });

  it('several rows of one exit date are one exit; the sorties export decides the type', () => {
    const k = run({
      data: {
        affectations: [{ participant: 'P1', start: '2019-01-01', exitDate: '2019-02-01', exitType: 'autre' }],
        sorties: [
          { participant: 'P1', exitDate: '2019-02-01', exitType: 'positive' },
          { participant: 'P1', exitDate: '2019-02-01', exitType: null },
        ],
        agenda: [],
        etapes: [],
      },
    });
    expect(val(k, 'sorties')).toBe(1);
    expect(val(k, 'sorties-positives')).toBe(1);
    expect(val(k, 'taux-sorties-positives')).toBe(100);
  });

  it('figures that need a missing export are unknown (null), not zero', () => {
    const k = run({ data: { affectations: CASE.affectations } });
    expect(val(k, 'entretiens')).toBeNull();
    expect(val(k, 'entretiens-par-participant')).toBeNull();
    expect(val(k, 'ateliers-animes')).toBeNull();
    expect(val(k, 'positionnements-etapes')).toBeNull();
    expect(val(k, 'mises-en-emploi')).toBeNull();
    expect(val(k, 'contacts-emploi-avant-sortie-positive')).toBeNull();
    expect(val(k, 'participants-accompagnes')).toBe(5);
  });

  it('contacts while in training count; contacts outside employment and training do not', () => {
    const k = run({
      data: {
        affectations: [{ participant: 'P1', start: '2018-06-01', exitDate: '2019-04-30' }],
        sorties: [{ participant: 'P1', exitDate: '2019-04-30', exitType: 'positive' }],
        etapes: [
          { participant: 'P1', start: '2019-02-01', end: '2019-02-28', category: 'formation' },
          { participant: 'P1', start: '2019-03-10', end: '2019-03-20', category: 'formation', status: 'abandonnee' },
        ],
        agenda: [
          { participant: 'P1', date: '2019-02-10' }, // in training
          { participant: 'P1', date: '2019-02-12', kind: 'contact', mode: 'telephone' }, // in training
          { participant: 'P1', date: '2019-02-20', attendance: 'absent' }, // not attended
          { participant: 'P1', date: '2019-03-15' }, // abandoned training: not in training
          { participant: 'P1', date: '2019-01-15' }, // no step
        ],
      },
    });
    expect(val(k, 'contacts-emploi-avant-sortie-positive')).toBe(2);
  });

  it('typologie by commune when no participant has an EPCI; age from the export when no birth date', () => {
    const k = run({
      data: {
        affectations: [
          { participant: 'P1', start: '2019-01-01', commune: 'Lunel' },
          { participant: 'P2', start: '2019-01-01', commune: 'Mauguio' },
        ],
        participants: { P1: { age: 25 }, P2: { age: 26 } },
      },
    });
    expect(k.filter((x) => x.id === 'typologie-commune').map((x) => [x.category, x.value])).toEqual([['Lunel', 1], ['Mauguio', 1]]);
    expect(val(k, 'typologie-age-moins-26')).toBe(1);
    expect(val(k, 'typologie-age-26-44')).toBe(1);
  });
});

describe('computeKpis — Dijon and Béthune figures', () => {
  const DIJON: KpiRuleset = {
    id: 'dijon-2018',
    cahier: 'dijon-2018',
    lot: null,
    etp: null,
    rules: [
      { id: 'entrees-par-etp', kind: 'count-target', params: { target: 56, of: 'entrees', perEtp: true, etp: 1 } },
      { id: 'file-active', kind: 'file-active', params: { perEtp: 70, etp: 1, excludeVeille: false } },
      { id: 'taux-sorties-positives', kind: 'rate-target', params: { target: 0.5, of: 'sorties-positives', denominator: 'sorties' } },
    ],
  };
  const data: BuildInput = {
    affectations: [
      { participant: 'P1', referent: M, start: '2018-01-01', entryDate: '2018-01-01' },
      { participant: 'P2', referent: M, start: '2018-03-01', exitDate: '2018-06-30', exitType: 'positive' },
      { participant: 'P3', referent: PAUL, start: '2018-02-01', exitDate: '2018-09-30', exitType: 'autre' },
      { participant: 'P4', referent: PAUL, start: '2018-04-01' },
    ],
    agenda: [],
    etapes: [],
  };
  const period = { start: '2018-01-01', end: '2018-12-31' };

  it('entries per ETP and the positive exits over exits, per référent with their ETP', () => {
    const ctx = contextFor({ data, period, config: REFERENTS, lot: null });
    const k = computeKpis(ctx, DIJON, { by: 'referent' });
    // 4 entries for 1.5 configured ETP; target 56 × 1.5 = 84.
    expect(get(k, 'entrees')).toMatchObject({ value: 4, target: 84 });
    expect(get(k, 'entrees-par-etp')).toMatchObject({ value: 2.67, target: 56, unit: 'ratio' });
    expect(get(k, 'entrees', { referent: 'paul martin' })).toMatchObject({ value: 2, target: 28 });
    expect(get(k, 'entrees-par-etp', { referent: 'paul martin' })).toMatchObject({ value: 4, target: 56 });
    // 1 positive of 2 exits.
    expect(get(k, 'taux-sorties-positives')).toMatchObject({ value: 50, target: 50 });
    // No lots: 70 × Σ configured ETP. January: P1 only (P3 from 01/02).
    expect(get(k, 'file-active', { month: '2018-01' })).toMatchObject({ value: 1, target: 105 });
    expect(get(k, 'file-active', { month: '2018-02', referent: 'paul martin' })).toMatchObject({ value: 1, target: 35 });
    expect(k.some((x) => x.id === 'cerp-rediges' || x.id === 'etapes-par-participant')).toBe(false);
  });

  it('without configured référents, the rule’s ETP', () => {
    const ctx = contextFor({ data, period, lot: null });
    const k = computeKpis(ctx, DIJON);
    expect(get(k, 'entrees')).toMatchObject({ value: 4, target: 56 });
    expect(get(k, 'entrees-par-etp')).toMatchObject({ value: 4, target: 56 });
    expect(get(k, 'file-active', { month: '2018-01' }).target).toBe(70);
  });

  it('Béthune: CERP, étapes per participant, participants in ateliers; no rate target', () => {
    const BETHUNE: KpiRuleset = { id: 'bethune-2022', cahier: 'bethune-2022', lot: 'fiche2', etp: null, rules: [] };
    const ctx = contextFor({
      period: { start: '2022-01-01', end: '2022-12-31' },
      lot: 'fiche2',
      data: {
        affectations: [
          { participant: 'P1', start: '2022-01-01', brsa: true, cer: true },
          { participant: 'P2', start: '2022-01-01', brsa: true, cer: false },
          { participant: 'P3', start: '2022-01-01', exitDate: '2022-05-01', exitType: 'positive' },
        ],
        agenda: [{ participant: 'P2', date: '2022-03-01', kind: 'atelier', format: 'collectif' }],
        etapes: [
          { participant: 'P1', start: '2021-12-01', end: '2022-01-15', category: 'atelier' },
          { participant: 'P1', start: '2022-02-01', category: 'formation' },
          { participant: 'P3', start: '2022-02-01', category: 'atelier', status: 'refusee' },
        ],
      },
    });
    const k = computeKpis(ctx, BETHUNE);
    expect(get(k, 'cerp-rediges')).toMatchObject({ value: 1, target: null });
    // 2 étapes starting in 2022 (the refused one is a positionnement too) / 3 participants.
    expect(val(k, 'etapes-par-participant')).toBe(0.67);
    // P1 (atelier étape running in January), P2 (atelier attended); P3's refused étape does not count.
    expect(val(k, 'participants-ateliers')).toBe(2);
    // No rate rule: positive exits over exits.
    expect(get(k, 'taux-sorties-positives')).toMatchObject({ value: 100, target: null });
    expect(k.some((x) => x.id === 'file-active' && x.target !== null)).toBe(false);
    expect(k.some((x) => x.id === 'entrees-par-etp')).toBe(false);
  });
});
