/**
 * --pseudonymize: participant ids and names become HMAC-SHA256 pseudonyms, stable under one key;
 * référents keep their names; no identifier survives in what the reporters print.
 */
import { describe, expect, it } from 'vitest';
import {
  makePseudonymizer,
  participantIdentifiers,
  pseudonym,
  pseudonymizeResult,
  type Pseudonymizer,
} from '../../src/engine/pseudonymize.js';
import type { AuditResult, Violation } from '../../src/engine/result.js';
import { violationMessage } from '../../src/report/messages.js';
import { buildDatasets } from '../helpers/build.js';

const KEY = 'clé-de-test';
const keyed: Pseudonymizer = makePseudonymizer({ PLIE_AUDIT_KEY: KEY });

function v(x: Partial<Violation> & Pick<Violation, 'rule'>): Violation {
  return {
    kind: 'contact-frequency', severity: 'error', participant: null, referent: 'Marie Dupont', period: null, date: null,
    milestone: null, expected: null, actual: null, args: {}, evidence: [{ path: 'agenda.csv', sheet: null, row: 4 }], ...x,
  };
}

const dq = (args: Violation['args'], participant: string | null = null) =>
  v({ rule: 'donnees-invalides', kind: 'data-quality', severity: 'warning', participant, args });

function result(violations: Violation[]): AuditResult {
  return {
    tool: { name: 'plie-audit', version: '0.1.0' },
    ruleset: { id: 'lunel-2019', lot: null, title: 'Lunel', cahier: 'lunel-2019' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    asOf: '2019-12-31',
    inputs: [],
    rules: [],
    violations,
    summary: { error: 0, warning: 0, info: 0, participants: 0, rulesRan: 0, rulesSkipped: 0 },
  };
}

describe('pseudonym', () => {
  it("'P-' + the first 10 hex digits of HMAC-SHA256(key, value)", () => {
    expect(pseudonym(KEY, '005093')).toBe('P-05f63f982f');
    expect(pseudonym(KEY, '000124')).toBe('P-87eb6f06f6');
    expect(pseudonym(KEY, 'DUPONT Jean')).toBe('P-6fbe0ee616');
    expect(pseudonym('autre-clé', '005093')).not.toBe('P-05f63f982f');
  });
});

describe('makePseudonymizer', () => {
  it('PLIE_AUDIT_KEY: stable from one run to the next', () => {
    const a = makePseudonymizer({ PLIE_AUDIT_KEY: KEY });
    const b = makePseudonymizer({ PLIE_AUDIT_KEY: KEY });
    expect(a.source).toBe('PLIE_AUDIT_KEY');
    expect(a.hash('005093')).toBe('P-05f63f982f');
    expect(b.hash('005093')).toBe(a.hash('005093'));
  });

  it('no key (or an empty one): a random key for the run, said so', () => {
    const key = new Uint8Array(32).fill(7);
    const a = makePseudonymizer({}, () => key);
    const b = makePseudonymizer({ PLIE_AUDIT_KEY: '' }, () => key);
    expect(a.source).toBe('aléatoire');
    expect(b.source).toBe('aléatoire');
    expect(a.hash('005093')).toBe(pseudonym(key, '005093'));
    expect(makePseudonymizer({}).hash('005093')).not.toBe(makePseudonymizer({}).hash('005093'));
  });
});

describe('participantIdentifiers', () => {
  it('ids, keys with and without prefix, full names in both orders; never a lone first name', () => {
    const data = buildDatasets({
      affectations: [{ participant: '005093' }, { participant: '000124' }],
      participants: { '005093': { lastName: 'DUPONT', firstName: 'Jean' }, '000124': { lastName: 'MARTIN' } },
    });
    expect([...participantIdentifiers(data)].sort()).toEqual(
      ['000124', '005093', 'DUPONT Jean', 'Jean DUPONT', 'MARTIN', 'id:000124', 'id:005093'].sort(),
    );
  });
});

describe('pseudonymizeResult', () => {
  const h = (s: string) => pseudonym(KEY, s);

  it('participants hashed, référents kept, the key source stated', () => {
    const out = pseudonymizeResult(
      result([v({ rule: 'entretiens-mensuels', participant: '005093', period: '2019-03', expected: 2, actual: 1 })]),
      keyed,
    );
    expect(out.violations).toEqual([
      v({ rule: 'entretiens-mensuels', participant: 'P-05f63f982f', period: '2019-03', expected: 2, actual: 1 }),
    ]);
    expect(out.pseudonymized).toEqual({ keyed: 'PLIE_AUDIT_KEY' });
  });

  it('data-quality arguments that quote a participant are hashed, the others kept', () => {
    const input = [
      dq({ code: 'participant-inconnu', value: '004439', rows: 3, field: 'participantId', column: 'N° dossier' }, '004439'),
      dq({ code: 'identite-ambigue', value: 'DUPONT Jean', candidates: '005093, 000124', count: 2, field: 'lastName' }, 'DUPONT Jean'),
      dq({ code: 'conflit-attribut', field: 'lastName', value: 'DUPOND', kept: 'DUPONT' }, '005093'),
      dq({ code: 'conflit-attribut', field: 'sex', value: 'F', kept: 'M' }, '005093'),
      dq({ code: 'date-invalide', field: 'birthDate', column: 'Date de naissance', value: '31/02/1980' }, '005093'),
      dq({ code: 'date-invalide', field: 'date', column: 'Date du RDV', value: '31/02/2019' }, '005093'),
      dq({ code: 'referents-multiples-mois', referents: 'Marie Dupont, Paul Martin', kept: 'Paul Martin', month: '2019-03' }, '005093'),
    ];
    const out = pseudonymizeResult(result(input), keyed);
    expect(out.violations.map((x) => x.participant).sort()).toEqual(
      [h('004439'), h('DUPONT Jean'), ...Array(5).fill(h('005093'))].sort(),
    );
    const byCode = Object.fromEntries(out.violations.map((x) => [`${x.args.code}/${x.args.field}`, x.args]));
    expect(byCode['participant-inconnu/participantId']).toEqual({ code: 'participant-inconnu', value: h('004439'), rows: 3, field: 'participantId', column: 'N° dossier' });
    expect(byCode['identite-ambigue/lastName']).toEqual({ code: 'identite-ambigue', value: h('DUPONT Jean'), candidates: `${h('005093')}, ${h('000124')}`, count: 2, field: 'lastName' });
    expect(byCode['conflit-attribut/lastName']).toEqual({ code: 'conflit-attribut', field: 'lastName', value: h('DUPOND'), kept: h('DUPONT') });
    expect(byCode['conflit-attribut/sex']).toEqual({ code: 'conflit-attribut', field: 'sex', value: 'F', kept: 'M' });
    expect(byCode['date-invalide/birthDate']).toEqual({ code: 'date-invalide', field: 'birthDate', column: 'Date de naissance', value: h('31/02/1980') });
    expect(byCode['date-invalide/date']).toEqual({ code: 'date-invalide', field: 'date', column: 'Date du RDV', value: '31/02/2019' });
    expect(byCode['referents-multiples-mois/undefined']).toEqual({ code: 'referents-multiples-mois', referents: 'Marie Dupont, Paul Martin', kept: 'Paul Martin', month: '2019-03' });
  });

  it('an identifier of the datasets quoted in any other argument is caught too', () => {
    const out = pseudonymizeResult(
      result([v({ rule: 'x', kind: 'custom', participant: null, args: { other: '000124', list: ['005093', 'Lunel'], n: 3, note: 'Lunel' } })]),
      keyed,
      new Set(['000124', '005093']),
    );
    expect(out.violations[0]!.args).toEqual({ other: h('000124'), list: [h('005093'), 'Lunel'], n: 3, note: 'Lunel' });
  });

  it('violations are re-sorted by rule, référent, then pseudonym', () => {
    const out = pseudonymizeResult(
      result([
        v({ rule: 'r', participant: '005093' }), // P-05f6…
        v({ rule: 'r', participant: '000124' }), // P-87eb…
        v({ rule: 'q', participant: '000124' }),
      ]),
      keyed,
    );
    expect(out.violations.map((x) => [x.rule, x.participant])).toEqual([
      ['q', 'P-87eb6f06f6'],
      ['r', 'P-05f63f982f'],
      ['r', 'P-87eb6f06f6'],
    ]);
  });

  it('no original identifier left in the sentences the reporters print', () => {
    const ids = ['004439', '005093', '000124', 'DUPONT Jean'];
    const out = pseudonymizeResult(
      result([
        dq({ code: 'participant-inconnu', value: '004439', field: 'participantId' }, '004439'),
        dq({ code: 'identite-ambigue', value: 'DUPONT Jean', candidates: '005093, 000124', field: 'lastName' }, 'DUPONT Jean'),
        v({ rule: 'entretiens-mensuels', participant: '005093', period: '2019-03', expected: 2, actual: 1 }),
      ]),
      keyed,
    );
    const printed = JSON.stringify(out.violations) + out.violations.map((x) => violationMessage(x)).join('\n');
    for (const id of ids) expect(printed).not.toContain(id);
    expect(violationMessage(out.violations.find((x) => x.args.code === 'participant-inconnu')!)).toBe(
      `L'agenda cite un participant absent des affectations (« ${h('004439')} ») : compté pour le référent seulement`,
    );
  });

  it('resolved baseline entries: participant hashed, the earlier sentence scrubbed', () => {
    const r: AuditResult = {
      ...result([]),
      baseline: {
        path: 'ref.json',
        hidden: 0,
        resolved: [
          { rule: 'donnees-invalides', severity: 'warning', participant: '009837', referent: 'Marie Dupont', period: null, date: null, message: "L'agenda cite un participant absent des affectations (« 009837 ») : compté" },
          { rule: 'file-active', severity: 'warning', participant: null, referent: 'Marie Dupont', period: '2019-10', date: null, message: 'Octobre 2019 : file active de 79 participants' },
        ],
      },
    };
    expect(pseudonymizeResult(r, keyed).baseline!.resolved).toEqual([
      { rule: 'donnees-invalides', severity: 'warning', participant: h('009837'), referent: 'Marie Dupont', period: null, date: null, message: `L'agenda cite un participant absent des affectations (« ${h('009837')} ») : compté` },
      { rule: 'file-active', severity: 'warning', participant: null, referent: 'Marie Dupont', period: '2019-10', date: null, message: 'Octobre 2019 : file active de 79 participants' },
    ]);
  });

  it('does not touch its input', () => {
    const input = result([v({ rule: 'r', participant: '005093' })]);
    const copy = structuredClone(input);
    pseudonymizeResult(input, keyed);
    expect(input).toEqual(copy);
  });
});
