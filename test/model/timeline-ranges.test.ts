import { describe, expect, it } from 'vitest';
import { buildTimelines, mergeRanges, subtractRanges } from '../../src/model/timeline.js';
import type { Timeline } from '../../src/model/types.js';
import { addDays } from '../../src/model/dates.js';
import { buildDatasets, type BuildInput } from '../helpers/build.js';

function timelineOf(input: BuildInput, id = 'A'): Timeline {
  const t = buildTimelines(buildDatasets(input)).timelines.get(`id:${id}`);
  if (!t) throw new Error(`no timeline for ${id}`);
  return t;
}

/**
 * Entered 2019-01-01, en veille 2019-03-10 → 2019-03-20, exited on 2019-06-30 (not exited that
 * day), re-entered on 2019-09-01 with an open affectation.
 */
const parcours = (): Timeline =>
  timelineOf({
    affectations: [
      { participant: 'A', referent: 'Marie', start: '2019-01-01', veilleStart: '2019-03-10', veilleEnd: '2019-03-20' },
      { participant: 'A', referent: 'Paul', start: '2019-09-01' },
    ],
    sorties: [{ participant: 'A', exitDate: '2019-06-30' }],
  });

describe('Timeline.someDayNotExited', () => {
  it('exit day, day after the exit, re-entry day', () => {
    const t = parcours();
    expect(t.someDayNotExited('2019-06-30', '2019-06-30', false)).toBe(true);
    expect(t.someDayNotExited('2019-07-01', '2019-07-01', false)).toBe(false);
    expect(t.someDayNotExited('2019-07-01', '2019-08-31', false)).toBe(false);
    expect(t.someDayNotExited('2019-06-15', '2019-08-31', false)).toBe(true);
    expect(t.someDayNotExited('2019-08-31', '2019-09-01', false)).toBe(true);
    expect(t.someDayNotExited('2019-09-01', '2019-09-01', false)).toBe(true);
  });

  it('veille start and end count only with excludeVeille', () => {
    const t = parcours();
    expect(t.someDayNotExited('2019-03-10', '2019-03-20', true)).toBe(false);
    expect(t.someDayNotExited('2019-03-10', '2019-03-20', false)).toBe(true);
    expect(t.someDayNotExited('2019-03-09', '2019-03-20', true)).toBe(true);
    expect(t.someDayNotExited('2019-03-10', '2019-03-21', true)).toBe(true);
    expect(t.someDayNotExited('2019-03-15', '2019-03-15', true)).toBe(false);
  });

  it('does not ask about the assignment; an empty range has no day', () => {
    const t = parcours();
    expect(t.someDayNotExited('2018-01-01', '2018-01-31', true)).toBe(true);
    expect(t.someDayNotExited('2019-05-02', '2019-05-01', false)).toBe(false);
  });

  it('an exit without re-entry blocks every later day', () => {
    const t = timelineOf({
      affectations: [{ participant: 'A', start: '2019-01-01' }],
      sorties: [{ participant: 'A', exitDate: '2019-04-30' }],
    });
    expect(t.someDayNotExited('2019-04-30', '2030-12-31', false)).toBe(true);
    expect(t.someDayNotExited('2019-05-01', '2030-12-31', false)).toBe(false);
  });

  it('a veille ending on the exit day joins the exited days', () => {
    const t = timelineOf({
      affectations: [{ participant: 'A', start: '2019-01-01', veilleStart: '2019-05-01', exitDate: '2019-05-20' }],
    });
    expect(t.someDayNotExited('2019-05-01', '2019-12-31', true)).toBe(false);
    expect(t.someDayNotExited('2019-04-30', '2019-12-31', true)).toBe(true);
    expect(t.someDayNotExited('2019-05-01', '2019-12-31', false)).toBe(true);
  });
});

describe('Timeline.lastDayNotExited', () => {
  it('the exit day when the range runs into the exited days', () => {
    const t = parcours();
    expect(t.lastDayNotExited('2019-06-01', '2019-08-15')).toBe('2019-06-30');
    expect(t.lastDayNotExited('2019-06-30', '2019-07-01')).toBe('2019-06-30');
    expect(t.lastDayNotExited('2019-07-01', '2019-08-31')).toBeNull();
    expect(t.lastDayNotExited('2019-07-01', '2019-09-01')).toBe('2019-09-01');
    expect(t.lastDayNotExited('2019-05-01', '2019-05-31')).toBe('2019-05-31');
    expect(t.lastDayNotExited('2019-05-01', '2019-04-30')).toBeNull();
  });
});

describe('Timeline.isAccompaniedThroughout / isActiveThroughout', () => {
  it('accompanied: assigned and not exited every day, veille included', () => {
    const t = parcours();
    expect(t.isAccompaniedThroughout('2019-01-01', '2019-06-30')).toBe(true);
    expect(t.isAccompaniedThroughout('2019-01-01', '2019-07-01')).toBe(false);
    expect(t.isAccompaniedThroughout('2018-12-31', '2019-01-05')).toBe(false);
    expect(t.isAccompaniedThroughout('2019-08-31', '2019-09-30')).toBe(false);
    expect(t.isAccompaniedThroughout('2019-09-01', '2030-01-01')).toBe(true);
    expect(t.isAccompaniedThroughout('2019-07-02', '2019-07-01')).toBe(true);
  });

  it('active: veille start and end days are not active', () => {
    const t = parcours();
    expect(t.isActiveThroughout('2019-01-01', '2019-03-09')).toBe(true);
    expect(t.isActiveThroughout('2019-01-01', '2019-03-10')).toBe(false);
    expect(t.isActiveThroughout('2019-03-20', '2019-06-30')).toBe(false);
    expect(t.isActiveThroughout('2019-03-21', '2019-06-30')).toBe(true);
    expect(t.isActiveThroughout('2019-03-21', '2019-07-01')).toBe(false);
    expect(t.isActiveThroughout('2019-09-01', '2019-12-31')).toBe(true);
  });

  it('a participant never assigned is neither', () => {
    const t = timelineOf({ etapes: [{ participant: 'A', start: '2019-03-01', end: '2019-03-31' }] });
    expect(t.isAccompaniedThroughout('2019-03-01', '2019-03-01')).toBe(false);
    expect(t.isActiveThroughout('2019-03-01', '2019-03-01')).toBe(false);
    expect(t.activeRuns('2019-01-01', '2019-12-31')).toEqual([]);
  });

  it('touching assignments make one accompanied run', () => {
    const t = timelineOf({
      affectations: [
        { participant: 'A', referent: 'Marie', start: '2019-01-01', end: '2019-03-31' },
        { participant: 'A', referent: 'Paul', start: '2019-04-01', end: '2019-06-30' },
      ],
    });
    expect(t.isActiveThroughout('2019-02-01', '2019-05-31')).toBe(true);
    expect(t.isActiveThroughout('2019-02-01', '2019-07-01')).toBe(false);
  });
});

describe('Timeline.activeRuns', () => {
  it('runs split by the veille and the exit, clipped to the range', () => {
    const t = parcours();
    expect(t.activeRuns('2019-01-01', '2019-12-31')).toEqual([
      { start: '2019-01-01', end: '2019-03-09' },
      { start: '2019-03-21', end: '2019-06-30' },
      { start: '2019-09-01', end: '2019-12-31' },
    ]);
    expect(t.activeRuns('2019-03-15', '2019-07-15')).toEqual([{ start: '2019-03-21', end: '2019-06-30' }]);
    expect(t.activeRuns('2019-06-30', '2019-09-01')).toEqual([
      { start: '2019-06-30', end: '2019-06-30' },
      { start: '2019-09-01', end: '2019-09-01' },
    ]);
    expect(t.activeRuns('2019-07-01', '2019-08-31')).toEqual([]);
    expect(t.activeRuns('2019-05-02', '2019-05-01')).toEqual([]);
  });
});

describe('Timeline.isEmployedThroughout / isEmployedOnSomeDay', () => {
  const employed = () =>
    timelineOf({
      affectations: [{ participant: 'A', start: '2019-01-01' }],
      etapes: [
        { participant: 'A', category: 'emploi', start: '2019-04-01', end: '2019-04-30' },
        { participant: 'A', category: 'emploi', start: '2019-05-01', end: '2019-05-15' },
        { participant: 'A', category: 'emploi', start: '2019-06-01', end: null },
      ],
    });

  it('throughout: a spell covering the first and last day', () => {
    const t = employed();
    expect(t.isEmployedThroughout('2019-04-01', '2019-05-15')).toBe(true);
    expect(t.isEmployedThroughout('2019-04-01', '2019-05-16')).toBe(false);
    expect(t.isEmployedThroughout('2019-03-31', '2019-04-30')).toBe(false);
    expect(t.isEmployedThroughout('2019-05-15', '2019-06-01')).toBe(false);
    expect(t.isEmployedThroughout('2019-06-01', '2030-12-31')).toBe(true);
    expect(t.isEmployedThroughout('2019-03-02', '2019-03-01')).toBe(true);
  });

  it('some day: a spell overlapping the range', () => {
    const t = employed();
    expect(t.isEmployedOnSomeDay('2019-01-01', '2019-03-31')).toBe(false);
    expect(t.isEmployedOnSomeDay('2019-01-01', '2019-04-01')).toBe(true);
    expect(t.isEmployedOnSomeDay('2019-05-15', '2019-05-31')).toBe(true);
    expect(t.isEmployedOnSomeDay('2019-05-16', '2019-05-31')).toBe(false);
    expect(t.isEmployedOnSomeDay('2019-05-16', '2019-06-01')).toBe(true);
    expect(t.isEmployedOnSomeDay('2025-01-01', '2025-01-31')).toBe(true);
    expect(t.isEmployedOnSomeDay('2019-04-10', '2019-04-09')).toBe(false);
  });
});

describe('mergeRanges / subtractRanges', () => {
  it('merges overlapping and touching ranges, drops empty ones, absorbs into an open end', () => {
    expect(
      mergeRanges([
        { start: '2019-03-01', end: '2019-03-10' },
        { start: '2019-01-01', end: '2019-01-31' },
        { start: '2019-02-01', end: '2019-02-05' },
        { start: '2019-02-07', end: '2019-02-06' },
        { start: '2019-03-05', end: null },
        { start: '2019-04-01', end: '2019-04-02' },
      ]),
    ).toEqual([
      { start: '2019-01-01', end: '2019-02-05' },
      { start: '2019-03-01', end: null },
    ]);
  });

  it('subtracts, a cut reaching over two ranges included', () => {
    const a = [
      { start: '2019-01-01', end: '2019-01-31' },
      { start: '2019-03-01', end: null },
    ];
    const b = [
      { start: '2019-01-10', end: '2019-01-12' },
      { start: '2019-01-31', end: '2019-03-02' },
      { start: '2019-04-01', end: '2019-04-01' },
    ];
    expect(subtractRanges(a, b)).toEqual([
      { start: '2019-01-01', end: '2019-01-09' },
      { start: '2019-01-13', end: '2019-01-30' },
      { start: '2019-03-03', end: '2019-03-31' },
      { start: '2019-04-02', end: null },
    ]);
    expect(subtractRanges(a, [{ start: '2018-01-01', end: null }])).toEqual([]);
    expect(subtractRanges(a, [])).toEqual(a);
  });
});

describe('range questions agree with the day states, day by day', () => {
  it('on random parcours (exits, re-entries, veille, employment)', async () => {
    const fc = await import('fast-check');
    const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays('2019-01-01', n));
    const len = fc.option(fc.integer({ min: 0, max: 20 }), { nil: null });
    const aff = fc.record({ start: day, len, veille: fc.option(fc.record({ at: fc.integer({ min: 0, max: 15 }), len }), { nil: null }) });
    const step = fc.record({ start: day, len });
    fc.assert(
      fc.property(
        fc.array(aff, { maxLength: 5 }),
        fc.array(day, { maxLength: 2 }),
        fc.array(step, { maxLength: 4 }),
        fc.array(fc.tuple(fc.integer({ min: -3, max: 75 }), fc.integer({ min: -1, max: 30 })), { minLength: 1, maxLength: 12 }),
        (affs, exits, steps, queries) => {
          const end = (start: string, n: number | null) => (n === null ? null : addDays(start, n));
          const t = timelineOf({
            affectations: affs.map((a) => ({
              participant: 'A',
              start: a.start,
              end: end(a.start, a.len),
              veilleStart: a.veille ? addDays(a.start, a.veille.at) : null,
              veilleEnd: a.veille ? end(addDays(a.start, a.veille.at), a.veille.len) : null,
            })),
            sorties: exits.map((x) => ({ participant: 'A', exitDate: x })),
            etapes: steps.map((s) => ({ participant: 'A', category: 'emploi' as const, start: s.start, end: end(s.start, s.len) })),
            participants: { A: {} },
          });
          for (const [from, length] of queries) {
            const lo = addDays('2019-01-01', from);
            const hi = addDays(lo, length);
            const days: string[] = [];
            for (let d = lo; d <= hi; d = addDays(d, 1)) days.push(d);
            const free = (veille: boolean) => days.some((d) => !t.isExited(d) && !(veille && t.isVeille(d)));
            expect(t.someDayNotExited(lo, hi, false)).toBe(free(false));
            expect(t.someDayNotExited(lo, hi, true)).toBe(free(true));
            expect(t.lastDayNotExited(lo, hi)).toBe([...days].reverse().find((d) => !t.isExited(d)) ?? null);
            expect(t.isAccompaniedThroughout(lo, hi)).toBe(days.every((d) => t.isAssigned(d) && !t.isExited(d)));
            expect(t.isActiveThroughout(lo, hi)).toBe(days.every((d) => t.isActive(d)));
            expect(t.isEmployedThroughout(lo, hi)).toBe(days.every((d) => t.isEmployed(d)));
            expect(t.isEmployedOnSomeDay(lo, hi)).toBe(days.some((d) => t.isEmployed(d)));
            const runs: { start: string; end: string }[] = [];
            for (const d of days) {
              if (!t.isActive(d)) continue;
              const last = runs[runs.length - 1];
              if (last && addDays(last.end, 1) === d) last.end = d;
              else runs.push({ start: d, end: d });
            }
            expect(t.activeRuns(lo, hi)).toEqual(runs);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
