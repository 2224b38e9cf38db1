/**
 * entry-delay: data entered late in Viesion (« Date de saisie » = `enteredAt`).
 *
 * - `maxDays` N (Dijon « compléter … dans un délai d'une semaine maximum » = 7, Béthune « en fin
 *   d'entretien » = 0): each record dated in P up to A with enteredAt − date > N days is one
 *   finding (actual = the delay in days). Default entity: the agenda, restricted to events that
 *   name a participant (the clauses speak of the relation with the participant; agenda time is
 *   not a dossier) and, when given, matching `match`.
 * - `variant: commission` (Lunel « au plus tard le vendredi midi précédent chaque commission, …
 *   entrées, orientations sur les étapes PLIE et les sorties »): default entities affectations
 *   (the entry, `entryDate`) and sorties (`exitDate`; also an exit carried by an affectation
 *   row). A record is due for the first configured commission whose deadline (the last Friday
 *   strictly before it) is on or after the record's date — a record dated after a commission's
 *   Friday cannot be entered before it and goes to the next one. Exports carry a date without a
 *   time of day, so « vendredi midi » is read as « entered on that Friday at the latest ».
 *   Not judged: the participant's orientation date (an act of the PLIE, not of the référent),
 *   the « orientations sur les étapes PLIE » (the étapes export has no entry timestamp), records
 *   after the last configured commission.
 * Rows without enteredAt are not judged (a missing column skips the rule through `needs`).
 * When several rows state the same record (monthly affectation rows), the earliest enteredAt
 * is the moment it was entered.
 */
import { z } from 'zod';
import { addDays, daysBetween, monthOf, toUTC } from '../model/dates.js';
import type { DatasetName, ISODate, Origin } from '../model/types.js';
import { makeFinding, participantLabel, referentOn, rowParticipantLabel, sortFindings } from './context.js';
import { eventMatches } from './match.js';
import { eventMatch } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';

const entity = z.enum(['agenda', 'affectations', 'sorties']);
type Entity = z.infer<typeof entity>;

export const entryDelayParams = z
  .object({
    maxDays: z.number().int().min(0).optional(),
    variant: z.literal('commission').optional(),
    entity: z.union([entity, z.array(entity).min(1)]).optional(),
    /** Agenda only: which events are judged (default: every event naming a participant). */
    match: eventMatch.optional(),
  })
  .strict()
  .refine((p) => (p.maxDays === undefined) !== (p.variant === undefined), {
    message: 'maxDays ou variant: commission (un seul des deux)',
  });
export type EntryDelayParams = z.infer<typeof entryDelayParams>;

function entities(p: EntryDelayParams): Entity[] {
  if (p.entity !== undefined) return typeof p.entity === 'string' ? [p.entity] : [...new Set(p.entity)];
  return p.variant === 'commission' ? ['affectations', 'sorties'] : ['agenda'];
}

function needs(p: EntryDelayParams): CheckNeeds {
  const datasets: DatasetName[] = entities(p);
  const fields: CheckNeeds['fields'] = {};
  for (const d of datasets) fields[d] = ['enteredAt'];
  return { datasets, fields, config: p.variant === 'commission' ? ['commissions'] : [] };
}

type RecordKind = 'evenement' | 'entree' | 'sortie';

interface Entered {
  record: RecordKind;
  participantKey: string | null;
  participant: string | null;
  /** The row's own référent (agenda), else null: taken from the timeline on the record's date. */
  referent: string | null;
  date: ISODate;
  enteredAt: ISODate;
  origin: Origin;
}

function collect(ctx: CheckContext, p: EntryDelayParams): Entered[] {
  const out: Entered[] = [];
  const wanted = new Set(entities(p));
  if (wanted.has('agenda')) {
    // forEach, not for…of: the agenda store's iterator is a generator, several times slower.
    ctx.data.agenda.forEach((e) => {
      if (e.participantKey === null || e.enteredAt === null) return;
      if (p.match && !eventMatches(e, p.match)) return;
      out.push({
        record: 'evenement', participantKey: e.participantKey, participant: rowParticipantLabel(ctx, e),
        referent: e.referent, date: e.date, enteredAt: e.enteredAt, origin: e.origin,
      });
    });
  }
  // Participant-level records: one per (participant, record, date), earliest enteredAt.
  const byRecord = new Map<string, Entered>();
  const add = (key: string, record: RecordKind, date: ISODate | null, enteredAt: ISODate | null | undefined, origin: Origin) => {
    if (date === null || enteredAt == null) return;
    const k = `${key}|${record}|${date}`;
    const prev = byRecord.get(k);
    if (prev && prev.enteredAt <= enteredAt) return;
    byRecord.set(k, { record, participantKey: key, participant: null, referent: null, date, enteredAt, origin });
  };
  if (wanted.has('affectations')) {
    for (const a of ctx.data.affectations) {
      add(a.participantKey, 'entree', a.entryDate, a.enteredAt, a.origin);
      add(a.participantKey, 'sortie', a.exitDate, a.enteredAt, a.origin);
    }
  }
  if (wanted.has('sorties')) {
    for (const x of ctx.data.sorties) add(x.participantKey, 'sortie', x.exitDate, x.enteredAt, x.origin);
  }
  for (const r of byRecord.values()) {
    const person = ctx.data.participants.get(r.participantKey!);
    r.participant = person ? participantLabel(person) : r.participantKey;
    out.push(r);
  }
  return out;
}

/** The last Friday strictly before d. */
export function fridayBefore(d: ISODate): ISODate {
  const dow = toUTC(d).getUTCDay();
  return addDays(d, -(((dow - 5 + 7) % 7) || 7));
}

function run(ctx: CheckContext, p: EntryDelayParams): Finding[] {
  const commissions = [...new Set(ctx.config.commissions)].sort().map((c) => ({ date: c, deadline: fridayBefore(c) }));
  const findings: Finding[] = [];
  for (const r of collect(ctx, p)) {
    if (r.date < ctx.period.start || r.date > ctx.period.end || r.date > ctx.asOf) continue;
    const tl = r.participantKey !== null ? ctx.timelines.get(r.participantKey) : undefined;
    const referent = r.referent ?? referentOn(tl, r.date).referent;
    const base = { participant: r.participant, referent, period: monthOf(r.date), date: r.date, evidence: [r.origin] };
    if (p.maxDays !== undefined) {
      const delay = daysBetween(r.date, r.enteredAt);
      if (delay <= p.maxDays) continue;
      findings.push(makeFinding({ ...base, expected: p.maxDays, actual: delay, args: { record: r.record, enteredAt: r.enteredAt } }));
      continue;
    }
    const c = commissions.find((x) => x.deadline >= r.date);
    if (!c || r.enteredAt <= c.deadline) continue;
    findings.push(
      makeFinding({
        ...base,
        expected: c.deadline,
        actual: r.enteredAt,
        args: {
          record: r.record,
          commission: c.date,
          deadline: c.deadline,
          enteredAt: r.enteredAt,
          delayDays: daysBetween(c.deadline, r.enteredAt),
        },
      }),
    );
  }
  return sortFindings(findings);
}

export const entryDelay = defineCheck({
  kind: 'entry-delay',
  params: entryDelayParams,
  needs,
  run,
});
