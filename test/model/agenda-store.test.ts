import { describe, expect, it } from 'vitest';
import { AgendaStore } from '../../src/model/agenda-store.js';
import type { AgendaEvent } from '../../src/model/types.js';

function ev(over: Partial<AgendaEvent> & { date: string }, row: number, input = 1): AgendaEvent {
  return {
    participantKey: 'id:P1', participantId: 'P1', lastName: null, firstName: null, startTime: null, endTime: null,
    durationMin: 60, referent: 'Marie Dupont', role: null, kind: 'entretien', mode: 'physique', format: 'individuel',
    attendance: 'present', subject: 'Suivi', timeCategory: null, enteredAt: null, signed: null, location: null,
    ...over, origin: { input, row },
  };
}

describe('AgendaStore', () => {
  it('gives back every field of every row as pushed', () => {
    const events = [
      ev({ date: '2019-03-12', durationMin: null, signed: true, lastName: 'DUPONT', firstName: 'Jean', startTime: '09:30' }, 2),
      ev({ date: '2019-03-13', participantKey: null, participantId: null, kind: 'conge', mode: null, format: null, attendance: null }, 3),
      ev({ date: '2019-03-14', durationMin: 37.5, signed: false, enteredAt: '2019-03-20', location: 'Lunel', role: 'cip' }, 4, 7),
    ];
    const store = AgendaStore.from(events);
    expect(store.length).toBe(3);
    expect(store.toArray()).toEqual(events);
    // Iteration hands out views: the same fields, read from the columns.
    const fields = Object.keys(events[0]!) as (keyof AgendaEvent)[];
    expect([...store].map((v) => Object.fromEntries(fields.map((f) => [f, v[f]])))).toEqual(events);
    const v = store.view(1);
    expect(v.origin).toBe(v.origin);
    expect(v.origin).toEqual({ input: 1, row: 3 });
    expect(store.get(2).origin).toEqual({ input: 7, row: 4 });
  });

  it('keeps values exact past 256 and 65 536 distinct values in a column (codes widen)', () => {
    const store = new AgendaStore(16);
    const n = 70_000;
    for (let i = 0; i < n; i++) store.push(ev({ date: '2019-01-01', participantKey: `id:P${i}`, participantId: `P${i}`, durationMin: i % 300 }, i + 2));
    expect(store.length).toBe(n);
    for (const i of [0, 255, 256, 257, 65_535, 65_536, 65_537, n - 1]) {
      const e = store.get(i);
      expect([e.participantKey, e.participantId, e.durationMin, e.origin.row]).toEqual([`id:P${i}`, `P${i}`, i % 300, i + 2]);
    }
  });

  it('once sealed, keeps every row and still takes new ones', () => {
    const store = new AgendaStore(1024);
    for (let i = 0; i < 300; i++) store.push(ev({ date: '2019-01-01', referent: `R${i % 3}`, participantKey: `id:P${i}` }, i + 2));
    store.seal();
    store.push(ev({ date: '2019-01-02', referent: 'R1', participantKey: 'id:P5' }, 400));
    store.push(ev({ date: '2019-01-03', referent: 'R9', participantKey: 'id:NEW' }, 401));
    expect(store.length).toBe(302);
    expect([store.get(299).participantKey, store.get(299).referent]).toEqual(['id:P299', 'R2']);
    expect([store.get(300).participantKey, store.get(300).referent, store.get(300).date]).toEqual(['id:P5', 'R1', '2019-01-02']);
    expect([store.get(301).participantKey, store.get(301).referent]).toEqual(['id:NEW', 'R9']);
    expect([...store.rowsByParticipant().get('id:P5')!]).toEqual([5, 300]);
  });

  it('keeps a column that held one value (an absent column) exact when other values come later, past growth and sealing', () => {
    const store = new AgendaStore(16);
    for (let i = 0; i < 100; i++) store.push(ev({ date: '2019-01-01' }, i + 2));
    store.push(ev({ date: '2019-01-02', location: 'Lunel', role: 'cip' }, 102));
    store.seal();
    store.push(ev({ date: '2019-01-03', signed: true }, 103));
    store.push(ev({ date: '2019-01-04', location: 'Mauguio' }, 104));
    const col = (f: 'location' | 'role' | 'signed' | 'date') => Array.from({ length: store.length }, (_, i) => store.get(i)[f]);
    expect(col('location')).toEqual([...Array<null>(100).fill(null), 'Lunel', null, 'Mauguio']);
    expect(col('role')).toEqual([...Array<null>(100).fill(null), 'cip', null, null]);
    expect(col('signed')).toEqual([...Array<null>(101).fill(null), true, null]);
    expect(col('date').slice(99)).toEqual(['2019-01-01', '2019-01-02', '2019-01-03', '2019-01-04']);
    expect(store.filter((i) => i >= 100).toArray().map((e) => e.location)).toEqual(['Lunel', null, 'Mauguio']);
  });

  it('returns fresh objects: changing one does not change the store', () => {
    const store = AgendaStore.from([ev({ date: '2019-03-12' }, 2)]);
    const e = store.get(0);
    e.referent = 'Autre';
    e.origin.row = 99;
    expect(store.get(0).referent).toBe('Marie Dupont');
    expect(store.get(0).origin.row).toBe(2);
  });

  it('relinks a row to another participant', () => {
    const store = AgendaStore.from([ev({ date: '2019-03-12', participantKey: 'name:dupont|jean', participantId: null }, 2)]);
    store.relink(0, 'id:P7', 'P7');
    expect([store.participantKey(0), store.get(0).participantId]).toEqual(['id:P7', 'P7']);
    expect([...store.rowsByParticipant().keys()]).toEqual(['id:P7']);
  });

  it('filters rows into a new store, in order', () => {
    const store = AgendaStore.from([
      ev({ date: '2019-03-12', participantKey: 'id:A' }, 2),
      ev({ date: '2019-03-13', participantKey: 'id:B' }, 3),
      ev({ date: '2019-03-14', participantKey: 'id:A' }, 4),
    ]);
    const kept = store.filter((i) => store.participantKey(i) === 'id:A');
    expect(kept.toArray().map((e) => e.origin.row)).toEqual([2, 4]);
    expect(store.length).toBe(3);
  });

  it('indexes rows per participant by date, then load order; rows naming nobody are left out', () => {
    const store = AgendaStore.from([
      ev({ date: '2019-03-14', participantKey: 'id:A' }, 2),
      ev({ date: '2019-03-12', participantKey: 'id:B' }, 3),
      ev({ date: '2019-03-12', participantKey: 'id:A' }, 4),
      ev({ date: '2019-03-14', participantKey: 'id:A' }, 5),
      ev({ date: '2019-03-01', participantKey: null }, 6),
      ev({ date: '2019-03-12', participantKey: 'id:A' }, 2, 2),
    ]);
    const rows = store.rowsByParticipant();
    expect([...rows.keys()]).toEqual(['id:A', 'id:B']);
    expect([...rows.get('id:A')!].map((i) => [store.date(i), store.origin(i)])).toEqual([
      ['2019-03-12', { input: 1, row: 4 }],
      ['2019-03-12', { input: 2, row: 2 }],
      ['2019-03-14', { input: 1, row: 2 }],
      ['2019-03-14', { input: 1, row: 5 }],
    ]);
    expect([...rows.get('id:B')!]).toEqual([1]);
  });
});
