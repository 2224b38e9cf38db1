/**
 * Builders for hand-made datasets in tests: give only the fields a case is about.
 * Every record gets an origin row (input 0 = affectations, 1 = agenda, 2 = etapes, 3 = sorties)
 * numbered in creation order from 2 (row 1 is the header), like a real file.
 */
import type {
  Affectation,
  AgendaEvent,
  DatasetName,
  Datasets,
  Exit,
  InputReport,
  Participant,
  Step,
} from '../../src/model/types.js';
import { AgendaStore } from '../../src/model/agenda-store.js';

const INPUT_INDEX: Record<DatasetName, number> = { affectations: 0, agenda: 1, etapes: 2, sorties: 3 };

function report(dataset: DatasetName): InputReport {
  return {
    path: `${dataset}.csv`, sheet: null, container: 'csv', dataset, rows: 0, headerRow: 1,
    encoding: 'utf-8', delimiter: ';', skippedRows: 0, warnings: [], columns: {},
    unmappedColumns: [], unmappedValues: {},
  };
}

const key = (id: string) => `id:${id}`;

export type AffectationInput = Partial<Affectation> & { participant: string; referent?: string };
export type EventInput = Partial<AgendaEvent> & { participant?: string | null; date: string };
export type StepInput = Partial<Step> & { participant: string; start: string };
export type ExitInput = Partial<Exit> & { participant: string };

export interface BuildInput {
  affectations?: AffectationInput[];
  agenda?: EventInput[];
  etapes?: StepInput[];
  sorties?: ExitInput[];
  /** Extra participant attributes by id (brsa, cer, entryDate, orientationDate…). */
  participants?: Record<string, Partial<Participant>>;
}

export function buildDatasets(input: BuildInput): Datasets {
  const rows: Record<DatasetName, number> = { affectations: 1, agenda: 1, etapes: 1, sorties: 1 };
  const origin = (ds: DatasetName) => ({ input: INPUT_INDEX[ds], row: ++rows[ds] });
  const participants = new Map<string, Participant>();
  const touch = (id: string, o: { input: number; row: number } | null): Participant => {
    let p = participants.get(key(id));
    if (!p) {
      p = { key: key(id), id, lastName: null, firstName: null, orientationDate: null, entryDate: null, origins: [] };
      participants.set(p.key, p);
    }
    // Like the reader: agenda rows are indexed per participant, not listed as its origins.
    if (o !== null) p.origins.push(o);
    return p;
  };

  const affectations: Affectation[] = (input.affectations ?? []).map(({ participant, ...a }) => {
    const o = origin('affectations');
    const p = touch(participant, o);
    if (a.orientationDate) p.orientationDate ??= a.orientationDate;
    if (a.entryDate) p.entryDate ??= a.entryDate;
    for (const attr of ['brsa', 'cer', 'sex', 'birthDate', 'commune', 'qpv', 'deld', 'th', 'healthStart'] as const) {
      if (a[attr] !== undefined && a[attr] !== null) (p as unknown as Record<string, unknown>)[attr] = a[attr];
    }
    return {
      participantKey: key(participant), participantId: participant, lastName: null, firstName: null,
      referent: 'Marie Dupont', structure: null, lot: null, start: null, end: null, month: null,
      status: null, veilleStart: null, veilleEnd: null, orientationDate: null, entryDate: null,
      exitDate: null, exitType: null, exitReason: null, ...a, origin: o,
    };
  });

  const agendaEvents: AgendaEvent[] = (input.agenda ?? []).map(({ participant, ...e }) => {
    const o = origin('agenda');
    if (participant) touch(participant, null);
    return {
      participantKey: participant ? key(participant) : null, participantId: participant ?? null,
      lastName: null, firstName: null, startTime: null, endTime: null, durationMin: 60,
      referent: 'Marie Dupont', role: null, kind: 'entretien', mode: 'physique', format: 'individuel',
      attendance: 'present', subject: 'Suivi', timeCategory: null, enteredAt: null, signed: null,
      location: null, ...e, origin: o,
    };
  });

  const etapes: Step[] = (input.etapes ?? []).map(({ participant, ...s }) => {
    const o = origin('etapes');
    touch(participant, o);
    return {
      participantKey: key(participant), participantId: participant, lastName: null, firstName: null,
      category: 'emploi', contract: null, label: null, operator: null, end: null, weeklyHours: null,
      qualifying: null, plie: null, clause: null, aci: null, status: null, proofDate: null, ...s, origin: o,
    };
  });

  const sorties: Exit[] = (input.sorties ?? []).map(({ participant, ...x }) => {
    const o = origin('sorties');
    touch(participant, o);
    return {
      participantKey: key(participant), participantId: participant, lastName: null, firstName: null,
      exitDate: null, exitType: null, exitReason: null, forecastDate: null, commissionDate: null,
      proofDate: null, proofKind: null, ...x, origin: o,
    };
  });

  for (const [id, attrs] of Object.entries(input.participants ?? {})) {
    const p = participants.get(key(id)) ?? touch(id, { input: 0, row: 0 });
    Object.assign(p, attrs);
  }

  const present = new Set<DatasetName>();
  if (input.affectations) present.add('affectations');
  if (input.agenda) present.add('agenda');
  if (input.etapes) present.add('etapes');
  if (input.sorties) present.add('sorties');
  const allFields = (obj: object | undefined) => new Set(obj ? Object.keys(obj) : []);
  return {
    inputs: [report('affectations'), report('agenda'), report('etapes'), report('sorties')],
    participants, affectations, agenda: AgendaStore.from(agendaEvents), etapes, sorties, issues: [], present,
    fields: {
      affectations: allFields(affectations[0]),
      agenda: allFields(agendaEvents[0]),
      etapes: allFields(etapes[0]),
      sorties: allFields(sorties[0]),
    },
  };
}
