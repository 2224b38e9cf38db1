/**
 * The per-participant computations the échéancier shares with the checks (exported by the check
 * files, used by both `check` and `due`): their values on the cases that matter, and the checks'
 * verdicts on the same data.
 */
import { describe, expect, it } from 'vitest';
import { contactFrequency, frequencyDue, type ContactFrequencyParams } from '../../src/checks/contact-frequency.js';
import { eventsOf, stepsOf } from '../../src/checks/context.js';
import { firstContactDelay, firstContactState, type FirstContactDelayParams } from '../../src/checks/first-contact-delay.js';
import { lossOfContact, lossOfContactOccurrences, type LossOfContactParams } from '../../src/checks/loss-of-contact.js';
import { stepTookPlace } from '../../src/checks/windows.js';
import type { BuildInput } from '../helpers/build.js';
import { contextFor, parseParams } from '../checks/rule-tester.js';
import { RULES } from './helpers.js';

const FAR = '9999-12-31';

describe('firstContactState agrees with first-contact-delay', () => {
  const oriented = { participant: 'P1', start: '2019-03-01', orientationDate: '2019-03-01' };
  const rdv = (date: string, attendance: 'present' | 'absent' | null = 'present') => ({ participant: 'P1', date, attendance });
  const cases: { name: string; agenda: BuildInput['agenda']; absenceCloses?: boolean; met: boolean }[] = [
    { name: 'interview on o + 15', agenda: [rdv('2019-03-16')], met: true },
    { name: 'interview on o + 16', agenda: [rdv('2019-03-17')], met: false },
    { name: 'absence then a new RDV within 15 days of it', agenda: [rdv('2019-03-05', 'absent'), rdv('2019-03-19')], met: true },
    { name: 'absence and nothing after', agenda: [rdv('2019-03-05', 'absent')], met: false },
    { name: 'absence closes (2021)', agenda: [rdv('2019-03-05', 'absent')], absenceCloses: true, met: true },
    { name: 'no interview at all', agenda: [], met: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = parseParams<FirstContactDelayParams>(firstContactDelay, { ...RULES.premier.params, absenceCloses: c.absenceCloses ?? false });
      const ctx = contextFor({ data: { affectations: [oriented], agenda: c.agenda ?? [] } });
      const state = firstContactState(eventsOf(ctx, 'id:P1'), '2019-03-01', p, FAR);
      expect(state.met).toBe(c.met);
      expect(firstContactDelay.run(ctx, p).length === 0).toBe(c.met);
    });
  }

  it('the deadline moves to the last absence + retryDays', () => {
    const p = parseParams<FirstContactDelayParams>(firstContactDelay, RULES.premier.params);
    const ctx = contextFor({ data: { affectations: [oriented], agenda: [rdv('2019-03-14', 'absent')] } });
    const s = firstContactState(eventsOf(ctx, 'id:P1'), '2019-03-01', p, FAR);
    expect([s.baseDeadline, s.deadline, s.absences.length, s.firstAttended]).toEqual(['2019-03-16', '2019-03-29', 1, null]);
  });
});

describe('lossOfContactOccurrences agrees with loss-of-contact', () => {
  it('same criterion days, contact resets the counts', () => {
    const absent = (date: string) => ({ participant: 'P1', date, attendance: 'absent-non-excuse' as const });
    const relance = (date: string) => ({ participant: 'P1', date, kind: 'relance' as const, mode: 'courrier' as const, attendance: null });
    const agenda = [
      absent('2019-02-01'),
      { participant: 'P1', date: '2019-02-05' },
      absent('2019-02-10'),
      absent('2019-02-20'),
      relance('2019-04-01'),
      relance('2019-05-02'),
      relance('2019-05-20'),
    ];
    const ctx = contextFor({ data: { affectations: [{ participant: 'P1', start: '2019-01-01' }], agenda } });
    const p = parseParams<LossOfContactParams>(lossOfContact, RULES.perte.params);
    const occ = lossOfContactOccurrences(eventsOf(ctx, 'id:P1'), p);
    expect(occ.map((o) => [o.kind, o.met, o.events.length])).toEqual([
      ['absences', '2019-02-20', 2],
      ['relances', '2019-05-20', 2],
    ]);
    expect(lossOfContact.run(ctx, p).map((f) => f.date)).toEqual(occ.map((o) => o.met));
  });

  it('a written bilan or poursuite between two absences is no contact', () => {
    const absent = (date: string) => ({ participant: 'P1', date, attendance: 'absent-non-excuse' as const });
    const agenda = [
      absent('2019-02-01'),
      { participant: 'P1', date: '2019-02-05', kind: 'bilan' as const },
      { participant: 'P1', date: '2019-02-06', kind: 'poursuite' as const },
      absent('2019-02-10'),
    ];
    const ctx = contextFor({ data: { affectations: [{ participant: 'P1', start: '2019-01-01' }], agenda } });
    const p = parseParams<LossOfContactParams>(lossOfContact, RULES.perte.params);
    const occ = lossOfContactOccurrences(eventsOf(ctx, 'id:P1'), p);
    expect(occ.map((o) => [o.kind, o.met, o.events.length])).toEqual([['absences', '2019-02-10', 2]]);
    expect(lossOfContact.run(ctx, p).map((f) => f.date)).toEqual(['2019-02-10']);
  });
});

describe('frequencyDue agrees with contact-frequency on whole months', () => {
  it('due months are the months the check judges', () => {
    const data: BuildInput = {
      affectations: [
        { participant: 'P1', start: '2019-01-01' },
        { participant: 'P2', start: '2019-01-15' },
        { participant: 'P3', start: '2019-01-01', veilleStart: '2019-02-10', veilleEnd: '2019-02-20' },
      ],
      agenda: [],
      etapes: [{ participant: 'P1', start: '2019-03-05', end: '2019-03-25', category: 'emploi' }],
    };
    const ctx = contextFor({ data, asOf: '2019-04-30' });
    const p = parseParams<ContactFrequencyParams>(contactFrequency, RULES.mensuels.params);
    const months = ['2019-01', '2019-02', '2019-03', '2019-04'];
    const ends: Record<string, string> = { '2019-01': '31', '2019-02': '28', '2019-03': '31', '2019-04': '30' };
    const dueByUs: string[] = [];
    for (const key of ['id:P1', 'id:P2', 'id:P3']) {
      const tl = ctx.timelines.get(key)!;
      const steps = stepsOf(ctx, key).filter(stepTookPlace);
      for (const m of months) {
        const w = { start: `${m}-01`, end: `${m}-${ends[m]}` };
        if (frequencyDue(tl, w, w.end, p, steps)) dueByUs.push(`${key.slice(3)} ${m}`);
      }
    }
    // No interview at all: every due month is a violation of the check.
    const byCheck = contactFrequency.run(ctx, p).map((f) => `${f.participant} ${f.period}`);
    expect(dueByUs).toEqual(['P1 2019-01', 'P1 2019-02', 'P1 2019-04', 'P2 2019-02', 'P2 2019-03', 'P2 2019-04', 'P3 2019-01', 'P3 2019-03', 'P3 2019-04']);
    expect([...byCheck].sort()).toEqual(dueByUs);
  });
});
