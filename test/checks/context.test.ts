import { describe, expect, it } from 'vitest';
import {
  agendaRowsWhere,
  firstOnOrAfter,
  makeFinding,
  normalizeName,
  sortedTimelines,
  sortedUniqueOrigins,
  uniqueOrigins,
} from '../../src/checks/context.js';
import type { CheckContext } from '../../src/checks/types.js';
import { buildTimelines } from '../../src/model/timeline.js';
import { buildDatasets } from '../helpers/build.js';

const o = (input: number, row: number) => ({ input, row });

describe('uniqueOrigins', () => {
  it('keeps the first occurrence of each row, in order, and skips null / undefined', () => {
    expect(uniqueOrigins([o(0, 5), null, o(1, 2), o(0, 5), undefined, o(0, 3), o(1, 2)])).toEqual([o(0, 5), o(1, 2), o(0, 3)]);
    expect(uniqueOrigins([])).toEqual([]);
  });

  it('same result past the short-list threshold (16 rows), duplicates on both sides of it', () => {
    const rows = Array.from({ length: 40 }, (_, i) => o(i % 2, i));
    const input = [...rows.slice(0, 20), o(0, 0), o(1, 1), ...rows.slice(20), o(0, 38), o(1, 39), o(0, 2)];
    expect(uniqueOrigins(input)).toEqual(rows);
  });

  it('keeps the object it met first', () => {
    const first = o(0, 7);
    const out = uniqueOrigins([first, o(0, 7)]);
    expect(out[0]).toBe(first);
  });
});

describe('sortedUniqueOrigins', () => {
  it('all the lists in file order (input, then row), each row once', () => {
    expect(sortedUniqueOrigins([[o(1, 2), o(0, 9)], [], [o(0, 9), o(0, 3)], [o(1, 1)]])).toEqual([o(0, 3), o(0, 9), o(1, 1), o(1, 2)]);
    expect(sortedUniqueOrigins([])).toEqual([]);
  });
});

describe('firstOnOrAfter', () => {
  const events = ['2019-01-10', '2019-01-10', '2019-02-01', '2019-03-15'].map((date) => ({ date }));
  it('the first event dated on or after the day, its length when none', () => {
    expect(firstOnOrAfter(events, '2019-01-01')).toBe(0);
    expect(firstOnOrAfter(events, '2019-01-10')).toBe(0);
    expect(firstOnOrAfter(events, '2019-01-11')).toBe(2);
    expect(firstOnOrAfter(events, '2019-03-15')).toBe(3);
    expect(firstOnOrAfter(events, '2019-03-16')).toBe(4);
    expect(firstOnOrAfter([], '2019-03-16')).toBe(0);
  });
});

describe('sortedTimelines', () => {
  const context = () => {
    const data = buildDatasets({
      affectations: [
        { participant: 'C', start: '2019-01-01' },
        { participant: 'A', start: '2019-01-01' },
        { participant: 'B', start: '2019-01-01' },
      ],
    });
    const { timelines } = buildTimelines(data);
    return { data, timelines, period: { start: '2019-01-01', end: '2019-12-31' }, asOf: '2019-12-31', config: { referents: [], commissions: [], communes: [] }, lot: null } satisfies CheckContext;
  };

  it('in participant-key order, the same list on each call', () => {
    const ctx = context();
    const first = sortedTimelines(ctx);
    expect(first.map((tl) => tl.participant.key)).toEqual(['id:A', 'id:B', 'id:C']);
    expect(sortedTimelines(ctx)).toBe(first);
  });

  it('a map already in key order is listed as it is', () => {
    const data = buildDatasets({
      affectations: ['A', 'B', 'C', 'D'].map((participant) => ({ participant, start: '2019-01-01' })),
    });
    const { timelines } = buildTimelines(data);
    const ctx = { ...context(), data, timelines };
    expect(sortedTimelines(ctx).map((tl) => tl.participant.key)).toEqual(['id:A', 'id:B', 'id:C', 'id:D']);
  });

  it('sorted again when the map has grown since', () => {
    const ctx = context();
    sortedTimelines(ctx);
    const extra = buildTimelines(buildDatasets({ affectations: [{ participant: '0', start: '2019-01-01' }] })).timelines.get('id:0')!;
    ctx.timelines.set('id:0', extra);
    expect(sortedTimelines(ctx).map((tl) => tl.participant.key)).toEqual(['id:0', 'id:A', 'id:B', 'id:C']);
  });
});

describe('normalizeName', () => {
  it('case, accents and spacing aside; the same answer when asked again', () => {
    expect(normalizeName('  Émilie   GARCÍA ')).toBe('emilie garcia');
    expect(normalizeName('  Émilie   GARCÍA ')).toBe('emilie garcia');
    expect(normalizeName('Aïcha\tBenali')).toBe('aicha benali');
  });
});

describe('agendaRowsWhere', () => {
  it('the rows whose kind and attendance pass, in row order, the same when asked again', () => {
    const data = buildDatasets({
      agenda: [
        { participant: 'A', date: '2019-01-02', kind: 'bilan', attendance: null },
        { participant: 'A', date: '2019-01-03', kind: 'entretien', attendance: 'absent' },
        { participant: 'B', date: '2019-01-04', kind: 'relance', attendance: 'annule' },
        { participant: 'B', date: '2019-01-05', kind: 'entretien', attendance: 'present' },
        { participant: 'B', date: '2019-01-06', kind: 'bilan', attendance: 'absent' },
      ],
    });
    expect(agendaRowsWhere(data, (kind) => kind === 'bilan')).toEqual([0, 4]);
    expect(agendaRowsWhere(data, (_, attendance) => attendance === 'absent')).toEqual([1, 4]);
    expect(agendaRowsWhere(data, (kind, attendance) => kind === 'relance' && attendance === 'annule')).toEqual([2]);
    expect(agendaRowsWhere(data, () => false)).toEqual([]);
    expect(agendaRowsWhere(data, (kind) => kind === 'bilan')).toEqual([0, 4]);
    expect(data.agenda.get(4).date).toBe('2019-01-06');
  });
});

describe('makeFinding', () => {
  it('defaults the fields not given, keeps those given (undefined included), severity only when given', () => {
    expect(makeFinding({ referent: 'Marie', actual: 0 })).toEqual({
      participant: null, referent: 'Marie', period: null, date: null, milestone: null, expected: null, actual: 0, evidence: [], args: {},
    });
    const f = makeFinding({ referent: undefined, severity: 'info', evidence: [o(0, 2)] });
    expect('referent' in f && f.referent === undefined).toBe(true);
    expect(f.severity).toBe('info');
    expect(f.evidence).toEqual([o(0, 2)]);
    expect('severity' in makeFinding({})).toBe(false);
    expect(Object.keys(makeFinding({ severity: 'warning' }))).toEqual([
      'participant', 'referent', 'period', 'date', 'milestone', 'expected', 'actual', 'evidence', 'args', 'severity',
    ]);
  });
});
