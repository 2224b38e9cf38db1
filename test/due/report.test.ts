import { describe, expect, it } from 'vitest';
import type { DueItem } from '../../src/due/types.js';
import { dueJson, dueLabel, dueMessage, formatDueJson, formatDueTable, type DueReport } from '../../src/report/due.js';
import { plan, RULES } from './helpers.js';

function report(): DueReport {
  const r = plan({
    data: {
      affectations: [
        { participant: 'P1', start: '2019-03-01', orientationDate: '2019-03-01' },
        { participant: 'P6', referent: 'Paul Martin', start: '2018-06-01', exitDate: '2019-01-10' },
        { participant: 'P11', start: '2019-01-01', orientationDate: '2019-01-01' },
      ],
      agenda: [
        { participant: 'P11', date: '2019-01-05' },
        { participant: 'P11', date: '2019-03-01', attendance: 'absent-non-excuse' },
        { participant: 'P11', date: '2019-03-10', attendance: 'absent' },
      ],
      sorties: [{ participant: 'P6', exitDate: '2019-01-10', forecastDate: '2019-01-10', exitType: 'positive' }],
    },
    asOf: '2019-03-12',
    rules: [RULES.premier, RULES.justificatifs, RULES.perte, { ...RULES.revue, severity: 'off' }],
  });
  return {
    tool: { name: 'plie-audit', version: '0.1.0' },
    ruleset: { id: 'lunel-2019', lot: 'lot1', title: 'PLIE Lunel', cahier: 'lunel-2019' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    asOf: '2019-03-12',
    within: 30,
    inputs: r.ctx.data.inputs,
    rules: r.rules,
    items: r.items,
  };
}

const TABLE = `plie-audit — échéancier — PLIE Lunel (lunel-2019 — lot1)
Période du 01/01/2019 au 31/12/2019, situation au 12/03/2019
Échéances du 13/03/2019 au 11/04/2019 (30 jours), mois en cours et pertes de contact à présenter en commission

Règles non prises en compte :
  revue-18-mois : désactivée

Synthèse par référent
┌──────────────┬───────────────┬──────────────┬──────────────────┬───────┐
│ Référent     │ 1er entretien │ Justificatif │ Perte de contact │ Total │
├──────────────┼───────────────┼──────────────┼──────────────────┼───────┤
│ Marie Dupont │ 1             │ 0            │ 1                │ 2     │
│ Paul Martin  │ 0             │ 1            │ 0                │ 1     │
└──────────────┴───────────────┴──────────────┴──────────────────┴───────┘

── Marie Dupont — 2 échéances
┌────────────┬─────────────┬───────────────────┬──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┬───────────────────┐
│ Échéance   │ Participant │ Obligation        │ Détail                                                                                                                           │ Règle             │
├────────────┼─────────────┼───────────────────┼──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┼───────────────────┤
│ 16/03/2019 │ P1          │ Premier entretien │ orientation du 01/03/2019 : entretien individuel au plus tard le 16/03/2019                                                      │ premier-entretien │
│ —          │ P11         │ Perte de contact  │ 2 absences injustifiées du 01/03/2019 au 10/03/2019 : sortie à proposer en commission (calendrier des commissions non configuré) │ perte-de-contact  │
└────────────┴─────────────┴───────────────────┴──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┴───────────────────┘

── Paul Martin — 1 échéance
┌────────────┬─────────────┬────────────────────────┬───────────────────────────────────────────────────────────────────────────────────────────┬──────────────────────┐
│ Échéance   │ Participant │ Obligation             │ Détail                                                                                    │ Règle                │
├────────────┼─────────────┼────────────────────────┼───────────────────────────────────────────────────────────────────────────────────────────┼──────────────────────┤
│ 10/04/2019 │ P6          │ Justificatif de sortie │ sortie positive prévue le 10/01/2019 : justificatif à recevoir au plus tard le 10/04/2019 │ justificatifs-sortie │
└────────────┴─────────────┴────────────────────────┴───────────────────────────────────────────────────────────────────────────────────────────┴──────────────────────┘

Total : 3 échéances, 2 référents
`;

/** An item with only what a message reads. */
function item(kind: DueItem['kind'], x: Partial<DueItem>): DueItem {
  return {
    kind, rule: 'r', participant: 'P1', referent: 'Marie Dupont', dueDate: null, windowStart: null, windowEnd: null,
    milestone: null, args: {}, evidence: [], ...x,
  };
}

describe('due table', () => {
  it('grouped by référent then due date, with the summary and the rules not taken into account', () => {
    expect(formatDueTable(report(), { color: false })).toBe(TABLE);
  });

  it('says when nothing falls due', () => {
    const r = { ...report(), items: [], rules: [] };
    expect(formatDueTable(r, { color: false })).toBe(
      'plie-audit — échéancier — PLIE Lunel (lunel-2019 — lot1)\n' +
        'Période du 01/01/2019 au 31/12/2019, situation au 12/03/2019\n' +
        'Échéances du 13/03/2019 au 11/04/2019 (30 jours), mois en cours et pertes de contact à présenter en commission\n' +
        '\n' +
        'Aucune échéance du 13/03/2019 au 11/04/2019.\n',
    );
  });
});

describe('due JSON', () => {
  it('has the contract’s shape', () => {
    const json = dueJson(report());
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'ruleset', 'period', 'asOf', 'within', 'horizon', 'inputs', 'rules', 'items']);
    expect({ ...json, inputs: json.inputs.map((i) => i.path) }).toEqual({
      schemaVersion: 1,
      tool: { name: 'plie-audit', version: '0.1.0' },
      ruleset: { id: 'lunel-2019', lot: 'lot1', title: 'PLIE Lunel', cahier: 'lunel-2019' },
      period: { start: '2019-01-01', end: '2019-12-31' },
      asOf: '2019-03-12',
      within: 30,
      horizon: { start: '2019-03-13', end: '2019-04-11' },
      inputs: ['affectations.csv', 'agenda.csv', 'etapes.csv', 'sorties.csv'],
      rules: [
        { id: 'premier-entretien', kind: 'first-contact-delay', item: 'premier-entretien', status: 'ran', reason: null, items: 1 },
        { id: 'justificatifs-sortie', kind: 'exit-proof-delay', item: 'justificatif-sortie', status: 'ran', reason: null, items: 1 },
        { id: 'perte-de-contact', kind: 'loss-of-contact', item: 'perte-de-contact', status: 'ran', reason: null, items: 1 },
        { id: 'revue-18-mois', kind: 'milestone-review', item: 'revue-18-mois', status: 'off', reason: null, items: 0 },
      ],
      items: [
        {
          kind: 'premier-entretien',
          rule: 'premier-entretien',
          participant: 'P1',
          referent: 'Marie Dupont',
          dueDate: '2019-03-16',
          windowStart: '2019-03-01',
          windowEnd: '2019-03-16',
          milestone: null,
          label: 'Premier entretien',
          message: 'orientation du 01/03/2019 : entretien individuel au plus tard le 16/03/2019',
          args: { orientationDate: '2019-03-01', absences: 0, lastAbsence: null, planned: null },
          evidence: [{ path: 'affectations.csv', sheet: null, row: 2 }],
        },
        {
          kind: 'perte-de-contact',
          rule: 'perte-de-contact',
          participant: 'P11',
          referent: 'Marie Dupont',
          dueDate: null,
          windowStart: '2019-03-01',
          windowEnd: '2019-04-10',
          milestone: null,
          label: 'Perte de contact',
          message:
            '2 absences injustifiées du 01/03/2019 au 10/03/2019 : sortie à proposer en commission (calendrier des commissions non configuré)',
          args: { criterion: 'absences', count: 2, first: '2019-03-01', met: '2019-03-10', contactResumed: null },
          evidence: [
            { path: 'agenda.csv', sheet: null, row: 3 },
            { path: 'agenda.csv', sheet: null, row: 4 },
            { path: 'affectations.csv', sheet: null, row: 4 },
          ],
        },
        {
          kind: 'justificatif-sortie',
          rule: 'justificatifs-sortie',
          participant: 'P6',
          referent: 'Paul Martin',
          dueDate: '2019-04-10',
          windowStart: '2019-01-10',
          windowEnd: '2019-04-10',
          milestone: null,
          label: 'Justificatif de sortie',
          message: 'sortie positive prévue le 10/01/2019 : justificatif à recevoir au plus tard le 10/04/2019',
          args: { reference: 'prevision', referenceDate: '2019-01-10', exitDate: '2019-01-10', exitType: 'positive' },
          evidence: [
            { path: 'sorties.csv', sheet: null, row: 2 },
            { path: 'affectations.csv', sheet: null, row: 3 },
          ],
        },
      ],
    });
  });

  it('is the JSON text of that object, a skipped rule carrying its French reason', () => {
    const r = report();
    r.rules = [{ ...r.rules[1]!, status: 'skipped', skip: { code: 'dataset-absent', dataset: 'sorties' }, items: 0 }];
    r.items = [];
    const text = formatDueJson(r);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text).rules).toEqual([
      {
        id: 'justificatifs-sortie',
        kind: 'exit-proof-delay',
        item: 'justificatif-sortie',
        status: 'skipped',
        reason: "nécessite l'export sorties, absent des fichiers lus",
        items: 0,
      },
    ]);
  });
});

describe('due wording', () => {
  const cases: [string, DueItem, string, string][] = [
    [
      'new RDV after an absence, one planned',
      item('premier-entretien', { windowEnd: '2019-03-25', args: { orientationDate: '2019-03-01', absences: 1, lastAbsence: '2019-03-10', planned: '2019-03-20' } }),
      'Premier entretien',
      'orientation du 01/03/2019, absence au RDV du 10/03/2019 : nouveau RDV individuel au plus tard le 25/03/2019 (RDV prévu le 20/03/2019)',
    ],
    [
      'BRSA bilan with a planned one',
      item('bilan-brsa', { milestone: 11, windowStart: '2019-08-15', windowEnd: '2019-10-15', args: { entryDate: '2018-10-15', planned: '2019-09-02' } }),
      'Bilan BRSA à 11 mois',
      'entrée le 15/10/2018 : bilan écrit entre le 15/08/2019 et le 15/10/2019 (prévu le 02/09/2019)',
    ],
    [
      'exit bilan',
      item('bilan-brsa', { milestone: 'sortie', windowStart: '2019-02-05', windowEnd: '2019-04-05', args: { exitDate: '2019-03-05', planned: null } }),
      'Bilan BRSA de sortie',
      'sortie le 05/03/2019 : bilan écrit entre le 05/02/2019 et le 05/04/2019',
    ],
    [
      '18-month review',
      item('revue-18-mois', { milestone: 18, windowStart: '2019-02-20', windowEnd: '2019-04-20', args: { entryDate: '2017-09-20', planned: null } }),
      'Revue des 18 mois',
      'entrée le 20/09/2017 : justification de la poursuite entre le 20/02/2019 et le 20/04/2019',
    ],
    [
      "point d'étape",
      item('point-etape', { milestone: 10, windowStart: '2019-07-15', windowEnd: '2019-09-15', args: { entryDate: '2018-10-15', planned: null } }),
      "Point d'étape à 10 mois",
      "entrée le 15/10/2018 : point d'étape entre le 15/07/2019 et le 15/09/2019",
    ],
    [
      'proof counted from the exit date',
      item('justificatif-sortie', { windowEnd: '2019-04-15', args: { reference: 'sortie', referenceDate: '2019-01-15', exitType: 'positive' } }),
      'Justificatif de sortie',
      'sortie positive du 15/01/2019 (sans date prévisionnelle) : justificatif à recevoir au plus tard le 15/04/2019',
    ],
    [
      'employment follow-up of the month',
      item('entretiens-du-mois', {
        windowEnd: '2019-03-31',
        args: { period: '2019-03', state: 'emploi', counted: 0, expected: 1, countedUntil: '2019-03-14', planned: 2 },
      }),
      "Suivi dans l'emploi du mois",
      "Mars 2019 : 0 sur 1 attendu au 14/03/2019, à compléter d'ici le 31/03/2019 ; 2 RDV prévus",
    ],
    [
      'written reminders, next commission, contact resumed',
      item('perte-de-contact', {
        dueDate: '2019-03-21',
        args: { criterion: 'relances', count: 2, first: '2019-03-01', met: '2019-03-10', contactResumed: '2019-03-15' },
      }),
      'Perte de contact',
      '2 relances écrites du 01/03/2019 au 10/03/2019 : sortie à proposer à la commission du 21/03/2019 (contact repris le 15/03/2019)',
    ],
  ];
  for (const [name, i, label, message] of cases) {
    it(name, () => {
      expect([dueLabel(i), dueMessage(i)]).toEqual([label, message]);
    });
  }

  it('names the counted interviews from the rule’s match', () => {
    const i = item('entretiens-du-mois', {
      windowEnd: '2019-03-31',
      args: { period: '2019-03', state: 'accompagnement', counted: 1, expected: 2, countedUntil: '2019-03-14', planned: 0 },
    });
    expect(dueMessage(i, { params: RULES.mensuels.params })).toBe(
      "Mars 2019 : 1 sur les 2 entretiens physiques individuels au 14/03/2019, à compléter d'ici le 31/03/2019",
    );
  });
});
