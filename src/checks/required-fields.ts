/**
 * required-fields (rules.md §3 `champs-entretien`; `emargement`, `saisie-sortie`): rows of an
 * entity, dated in P up to A and matching `filter`, with an empty value in any of `fields`. One
 * finding per row, listing the missing fields.
 */
import { z } from 'zod';
import { firstDayOfMonth, monthOf } from '../model/dates.js';
import type { DatasetName, ISODate, Origin } from '../model/types.js';
import { inPeriodUpToAsOf, makeFinding, referentOn, rowParticipantLabel, sortFindings } from './context.js';
import { isAttended } from './match.js';
import { eventFormat, eventKind, eventMode } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';

/** Canonical fields that may be required, per entity (a misspelt field is a rule-file error). */
export const REQUIRABLE_FIELDS: Record<DatasetName, readonly string[]> = {
  agenda: [
    'participantId', 'startTime', 'endTime', 'durationMin', 'role', 'mode', 'format', 'attendance',
    'subject', 'timeCategory', 'enteredAt', 'signed', 'location',
  ],
  sorties: [
    'participantId', 'exitDate', 'exitType', 'exitReason', 'forecastDate', 'commissionDate',
    'proofDate', 'proofKind',
  ],
  affectations: [
    'participantId', 'structure', 'lot', 'start', 'end', 'orientationDate', 'entryDate', 'exitDate',
    'exitType', 'exitReason', 'sex', 'birthDate', 'commune', 'epci', 'qpv', 'brsa', 'cer', 'deld',
    'th', 'educationLevel', 'healthStart',
  ],
  etapes: [
    'contract', 'label', 'operator', 'end', 'weeklyHours', 'qualifying', 'plie', 'clause', 'aci',
    'status', 'proofDate',
  ],
};

/** A zero is no value for these (a 0-minute interview was not filled in). */
const ZERO_IS_EMPTY = new Set(['durationMin', 'weeklyHours']);
/** false is no value for these (émargement: not signed). */
const FALSE_IS_EMPTY = new Set(['signed', 'cer']);

const AGENDA_ONLY_FILTERS = ['kinds', 'modes', 'formats', 'attended'] as const;

export const requiredFieldsParams = z
  .object({
    entity: z.enum(['agenda', 'sorties', 'affectations', 'etapes']),
    filter: z
      .object({
        kinds: z.array(eventKind).min(1).optional(),
        modes: z.array(eventMode).min(1).optional(),
        formats: z.array(eventFormat).min(1).optional(),
        attended: z.boolean().optional(),
        exitType: z.array(z.enum(['positive', 'autre', 'sans-suite'])).min(1).optional(),
        /** Affectations of BRSA beneficiaries only (Béthune: a CER for every BRSA participant). */
        brsa: z.boolean().optional(),
      })
      .strict()
      .default({}),
    fields: z.array(z.string()).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const allowed = REQUIRABLE_FIELDS[p.entity];
    p.fields.forEach((f, i) => {
      if (!allowed.includes(f)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i],
          message: `champ inconnu pour ${p.entity} : ${f} (attendu : ${allowed.join(', ')})`,
        });
      }
    });
    if (p.entity !== 'agenda') {
      for (const k of AGENDA_ONLY_FILTERS) {
        if (p.filter[k] !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['filter', k], message: `filtre réservé à l'entité agenda` });
        }
      }
    }
    if (p.filter.brsa !== undefined && p.entity !== 'affectations') {
      ctx.addIssue({ code: 'custom', path: ['filter', 'brsa'], message: 'filtre réservé à l’entité affectations' });
    }
    if (p.filter.exitType !== undefined && p.entity !== 'sorties' && p.entity !== 'affectations') {
      ctx.addIssue({ code: 'custom', path: ['filter', 'exitType'], message: 'filtre réservé aux entités sorties et affectations' });
    }
  });
export type RequiredFieldsParams = z.infer<typeof requiredFieldsParams>;

function needs(p: RequiredFieldsParams): CheckNeeds {
  const fields = new Set(p.fields);
  if (p.filter.kinds) fields.add('kind');
  if (p.filter.modes) fields.add('mode');
  if (p.filter.formats) fields.add('format');
  if (p.filter.exitType) fields.add('exitType');
  if (p.filter.brsa !== undefined) fields.add('brsa');
  return { datasets: [p.entity], fields: { [p.entity]: [...fields] } };
}

export function isEmptyValue(field: string, v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (typeof v === 'number') return ZERO_IS_EMPTY.has(field) && v === 0;
  if (typeof v === 'boolean') return FALSE_IS_EMPTY.has(field) && !v;
  return false;
}

/** One row to judge; `referent` is the row's own référent (agenda, affectations), else null: the affectation covering the date. */
type Visit = (
  record: { participantKey: string | null; participantId: string | null; origin: Origin },
  date: ISODate | null,
  referent: string | null,
) => void;

/** Agenda rows are judged as they are read: a million of them must not be held at once. */
function visitAgenda(ctx: CheckContext, p: RequiredFieldsParams, visit: Visit): void {
  const f = p.filter;
  // forEach, not for…of: the agenda store's iterator is a generator, several times slower.
  ctx.data.agenda.forEach((e) => {
    // The date first: one field read rules out the rows outside the audit.
    const date = e.date;
    if (!inPeriodUpToAsOf(ctx, date)) return;
    const keep =
      (!f.kinds || f.kinds.includes(e.kind)) &&
      (!f.modes || (e.mode !== null && f.modes.includes(e.mode))) &&
      (!f.formats || (e.format !== null && f.formats.includes(e.format))) &&
      (!f.attended || isAttended(e));
    if (keep) visit(e, date, e.referent);
  });
}

/** An exit row is dated by its exit date, else its validation date, else its forecast date. */
function visitSorties(ctx: CheckContext, p: RequiredFieldsParams, visit: Visit): void {
  for (const x of ctx.data.sorties) {
    if (p.filter.exitType && (x.exitType === null || !p.filter.exitType.includes(x.exitType))) continue;
    visit(x, x.exitDate ?? x.commissionDate ?? x.forecastDate, null);
  }
}

function visitAffectations(ctx: CheckContext, p: RequiredFieldsParams, visit: Visit): void {
  for (const a of ctx.data.affectations) {
    if (p.filter.exitType && (a.exitType === null || !p.filter.exitType.includes(a.exitType))) continue;
    if (p.filter.brsa !== undefined && a.brsa !== p.filter.brsa) continue;
    visit(a, a.start ?? (a.month ? firstDayOfMonth(a.month) : null), a.referent);
  }
}

function visitSteps(ctx: CheckContext, visit: Visit): void {
  for (const s of ctx.data.etapes) visit(s, s.start, null);
}

function run(ctx: CheckContext, p: RequiredFieldsParams): Finding[] {
  const findings: Finding[] = [];
  const visit: Visit = (record, date, ownReferent) => {
    // Undated rows cannot be placed in the audit period.
    if (date === null || !inPeriodUpToAsOf(ctx, date)) return;
    const values = record as unknown as Record<string, unknown>;
    let missing: string[] | null = null;
    for (const f of p.fields) if (isEmptyValue(f, values[f])) (missing ??= []).push(f);
    if (missing === null) return;
    const referent =
      ownReferent ?? (record.participantKey !== null ? referentOn(ctx.timelines.get(record.participantKey), date).referent : null);
    findings.push(
      makeFinding({
        participant: rowParticipantLabel(ctx, record),
        referent,
        period: monthOf(date),
        date,
        evidence: [record.origin],
        args: { missing },
      }),
    );
  };
  if (p.entity === 'agenda') visitAgenda(ctx, p, visit);
  else if (p.entity === 'sorties') visitSorties(ctx, p, visit);
  else if (p.entity === 'affectations') visitAffectations(ctx, p, visit);
  else visitSteps(ctx, visit);
  return sortFindings(findings);
}

export const requiredFields = defineCheck({
  kind: 'required-fields',
  params: requiredFieldsParams,
  needs,
  run,
});
