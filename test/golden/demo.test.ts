/**
 * Golden tests on the bundled demo year: the lunel-2019 lot1 findings must be exactly those the
 * generator planted (fixtures/demo/expected.json, computed from the generated data, not from
 * the engine); every other rule set and lot must run on the same exports without a crash, with
 * its per-rule outcome pinned in a snapshot.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/engine/audit.js';
import type { AuditResult, Violation } from '../../src/engine/result.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demo = path.join(root, 'fixtures/demo');
const expected = JSON.parse(readFileSync(path.join(demo, 'expected.json'), 'utf8')) as {
  participants: number;
  findings: Record<string, unknown>;
  unknownParticipants: string[];
  invalidDates: number;
};

const run = (rules?: string, lot?: string) =>
  audit({ inputs: [demo], cwd: root, rules, lot, config: path.join(demo, 'plie-audit.yaml') });

/** The identity the generator writes for each rule's findings. */
function identity(v: Violation): string {
  switch (v.rule) {
    case 'entretiens-mensuels':
    case 'suivi-emploi':
      return `${v.participant} ${v.period}`;
    case 'bilans-brsa':
      return `${v.participant} (${v.milestone === 'sortie' ? 'sortie' : `${v.milestone} mois`})`;
    case 'perte-de-contact':
    case 'champs-entretien':
      return `${v.participant} ${v.date}`;
    case 'agenda-interdits':
      return `${v.referent} ${v.date}`;
    default:
      return String(v.participant);
  }
}

describe('demo — lunel-2019 lot1 (the planted defects)', () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await run();
  });

  it('reads every participant', () => {
    expect(result.summary.participants).toBe(expected.participants);
  });

  for (const [rule, want] of Object.entries(expected.findings)) {
    it(`${rule}: exactly the planted findings`, () => {
      const got = result.violations.filter((v) => v.rule === rule);
      if (typeof want === 'number') {
        expect(got).toHaveLength(want);
      } else if (rule === 'file-active') {
        expect(got.map((v) => ({ referent: v.referent, month: v.period, actual: v.actual, expected: v.expected }))).toEqual(
          want,
        );
      } else {
        expect(got.map(identity).sort()).toEqual([...(want as string[])].sort());
      }
    });
  }

  it('data quality: the impossible dates and the unknown participants', () => {
    const dq = result.violations.filter((v) => v.rule === 'donnees-invalides');
    expect(dq.filter((v) => v.args.code === 'date-invalide')).toHaveLength(expected.invalidDates);
    expect(dq.filter((v) => v.args.code === 'participant-inconnu').map((v) => v.participant).sort()).toEqual(
      [...expected.unknownParticipants].sort(),
    );
  });

  it('saisie-avant-commission is skipped with its reason, never passed', () => {
    const r = result.rules.find((x) => x.id === 'saisie-avant-commission');
    expect(r?.status).toBe('skipped');
    expect(r?.skip).toEqual({ code: 'champ-absent', dataset: 'affectations', field: 'enteredAt' });
  });
});

const OTHER_RULESETS: [string, string | undefined][] = [
  ['lunel-2018', 'lot1'],
  ['lunel-2018', 'lot2'],
  ['lunel-2019', 'lot2'],
  ['lunel-2021', 'lot1'],
  ['lunel-2021', 'lot2'],
  ['dijon-2018', undefined],
  ['bethune-2022', 'fiche2'],
  ['bethune-2022', 'fiche3'],
  ['bethune-2022', 'fiche4'],
];

describe('every rule set and lot runs on the demo exports', () => {
  for (const [rules, lot] of OTHER_RULESETS) {
    it(`${rules}${lot ? ` ${lot}` : ''}`, async () => {
      const result = await run(rules, lot);
      const outcome = Object.fromEntries(
        result.rules.map((r) => [r.id, r.status === 'ran' ? r.violations : `${r.status}: ${r.skip?.code ?? ''}`]),
      );
      expect(outcome).toMatchSnapshot();
    });
  }
});
