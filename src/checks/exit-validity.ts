/**
 * exit-validity (sortie-positive-conforme): each positive exit dated in P up to A must match at
 * least one `accepted` outcome pattern of the cahier. A pattern holds when all its conditions
 * hold:
 * - `reasons`: the exit reason (accents, case and punctuation ignored) contains one of them as
 *   whole words (« cdd » must not match « CDDI »);
 * - `minAge`: age at the exit date (birth date, else the age column) ≥ minAge;
 * - `steps` / `minMonths` / `minWeeklyHours` / `excludeAci`: the participant's étapes matching
 *   `steps` that took place (not « prescrite », « refusée » or « abandonnée »: an abandoned
 *   contract's dates do not say which days were worked, as in the timeline's employment), started
 *   on or before the exit date, and — for `minWeeklyHours` — with known weekly hours ≥ the
 *   minimum (17.5 = mi-temps of 35 h; unknown hours do not prove a mi-temps), and — for
 *   `excludeAci` — not in a chantier d'insertion (ACI flag or CDDI contract);
 *   - a step's days count up to its recorded end date, even after the exit (a CDD recorded
 *     1 January → 30 June documents its 6 months), but not after A; a step WITHOUT end date
 *     counts only up to the exit date: once the participant has left, nobody updates the étape,
 *     so an open CDI proves nothing about the months after the exit (a CDI validated after 4
 *     months is not a 6-month exit, whatever the export says on A);
 *   - uninterrupted (default): the kept étapes, merged when they overlap or touch, form a run
 *     that runs on some day of [exit − 3 months, exit] (employment still running at the exit or
 *     ended shortly before: the exit is validated once the proofs come, up to 3 months after the
 *     forecast date) and lasts ≥ minMonths;
 *   - `withinMonths` W (Dijon « cumulant au moins 6 mois dans les 12 mois »): the kept étapes'
 *     days within the W months before the exit (or before A) cumulate ≥ minMonths;
 *   - without minMonths, one kept étape relevant as above suffices;
 * - `proof`: a proof date on the exit or on a kept étape.
 * Durations are calendar months (date-fns addMonths): 1 Jan → 30 Jun is 6 months; a partial
 * month counts as its share of days; `actual` is floored to 0.1 so that 5.97 shows as 5.9.
 * A pattern with `severity` (Dijon seniors ≥ 55 in an ACI: « au cas par cas ») only downgrades:
 * when no plain pattern holds but such a pattern does, the finding carries that severity.
 */
import { z } from 'zod';
import { addDays, addMonths, daysBetween, minDate, monthOf } from '../model/dates.js';
import type { Exit, ISODate, Origin, Participant, Step } from '../model/types.js';
import { makeFinding, participantLabel, referentOn, rowParticipantLabel, sortFindings, stepsOf, uniqueOrigins } from './context.js';
import { stepMatches } from './match.js';
import { stepMatch } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';

export const exitPattern = z
  .object({
    id: z.string().min(1),
    reasons: z.array(z.string().min(1)).min(1).optional(),
    steps: stepMatch.optional(),
    minMonths: z.number().positive().optional(),
    withinMonths: z.number().int().positive().optional(),
    minWeeklyHours: z.number().positive().optional(),
    uninterrupted: z.boolean().optional(),
    excludeAci: z.boolean().optional(),
    proof: z.boolean().optional(),
    minAge: z.number().int().positive().optional(),
    severity: z.enum(['error', 'warning', 'info']).optional(),
  })
  .strict()
  .refine((p) => !(p.uninterrupted === true && p.withinMonths !== undefined), {
    message: 'uninterrupted et withinMonths sont incompatibles',
  });
export type ExitPattern = z.infer<typeof exitPattern>;

export const exitValidityParams = z.object({ accepted: z.array(exitPattern).min(1) }).strict();
export type ExitValidityParams = z.infer<typeof exitValidityParams>;

const usesSteps = (p: ExitPattern) =>
  p.steps !== undefined || p.minMonths !== undefined || p.minWeeklyHours !== undefined || p.excludeAci === true;

function needs(p: ExitValidityParams): CheckNeeds {
  const datasets: CheckNeeds['datasets'] = ['affectations', 'sorties'];
  if (p.accepted.some(usesSteps)) datasets.push('etapes');
  return { datasets, fields: { sorties: ['exitType', 'exitDate'] } };
}

/** Accents, case and punctuation ignored: « CDD ≥ 6 mois » contains « cdd ». */
export function normalizeText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Calendar months in [start, end] (inclusive): whole months by addMonths, then the share of the next one. */
export function monthsSpanned(start: ISODate, end: ISODate): number {
  const stop = addDays(end, 1);
  if (stop <= start) return 0;
  let k = (+stop.slice(0, 4) - +start.slice(0, 4)) * 12 + (+stop.slice(5, 7) - +start.slice(5, 7));
  while (k > 0 && addMonths(start, k) > stop) k--;
  while (addMonths(start, k + 1) <= stop) k++;
  const from = addMonths(start, k);
  return k + daysBetween(from, stop) / daysBetween(from, addMonths(start, k + 1));
}

const floor1 = (x: number) => Math.floor(x * 10 + 1e-9) / 10;

interface Run {
  start: ISODate;
  end: ISODate;
}

/** The last day a step documents for an exit on X (see the header). */
const lastDay = (s: Step, X: ISODate, asOf: ISODate) => minDate(s.end ?? X, asOf);

/** Steps clipped as above, merged when they overlap or touch. */
function runsOf(steps: Step[], X: ISODate, asOf: ISODate): Run[] {
  const spans = steps
    .map((s) => ({ start: s.start, end: lastDay(s, X, asOf) }))
    .filter((s) => s.start <= s.end)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Run[] = [];
  for (const s of spans) {
    const cur = out.at(-1);
    if (cur && s.start <= addDays(cur.end, 1)) {
      if (s.end > cur.end) cur.end = s.end;
    } else out.push({ ...s });
  }
  return out;
}

function cumulated(runs: Run[], from: ISODate, to: ISODate): number {
  let total = 0;
  for (const r of runs) {
    const s = r.start > from ? r.start : from;
    const e = r.end < to ? r.end : to;
    if (s <= e) total += monthsSpanned(s, e);
  }
  return total;
}

function ageOn(p: Participant, d: ISODate): number | null {
  if (p.birthDate) {
    const b = p.birthDate;
    let age = +d.slice(0, 4) - +b.slice(0, 4);
    if (d.slice(5) < b.slice(5)) age--;
    return age;
  }
  return p.age ?? null;
}

const TAKEN_PLACE = (s: Step) => s.status !== 'prescrite' && s.status !== 'refusee' && s.status !== 'abandonnee';

interface Outcome {
  codes: string[];
  months: number | null;
  steps: Step[];
}

function evaluate(ctx: CheckContext, x: Exit & { exitDate: ISODate }, person: Participant | undefined, pat: ExitPattern): Outcome {
  const codes: string[] = [];
  const X = x.exitDate;
  let months: number | null = null;
  let kept: Step[] = [];
  if (pat.reasons) {
    const reason = x.exitReason === null ? '' : ` ${normalizeText(x.exitReason)} `;
    if (!pat.reasons.some((r) => reason.includes(` ${normalizeText(r)} `))) codes.push('motif-non-conforme');
  }
  if (pat.minAge !== undefined) {
    const age = person ? ageOn(person, X) : null;
    if (age === null) codes.push('age-inconnu');
    else if (age < pat.minAge) codes.push('age-insuffisant');
  }
  if (usesSteps(pat)) {
    const within = pat.withinMonths;
    const cumulative = within !== undefined || pat.uninterrupted === false;
    const windows: Run[] = [];
    if (within !== undefined) {
      windows.push({ start: addDays(addMonths(X, -within), 1), end: X });
      windows.push({ start: addDays(addMonths(ctx.asOf, -within), 1), end: ctx.asOf });
    } else if (cumulative) windows.push({ start: '0000-01-01', end: ctx.asOf });
    const relevantFrom = addMonths(X, -3);
    /** Whether a step may bear on this exit at all (used to report why steps were set aside). */
    const bears = (s: Step) => {
      const e = lastDay(s, X, ctx.asOf);
      return cumulative ? windows.some((w) => s.start <= w.end && e >= w.start) : e >= relevantFrom;
    };
    const candidates = stepsOf(ctx, x.participantKey).filter(
      (s) => TAKEN_PLACE(s) && s.start <= X && (s.end === null || s.end >= s.start) && stepMatches(s, pat.steps),
    );
    let aciExcluded = false;
    let hoursLow = false;
    let hoursUnknown = false;
    kept = candidates.filter((s) => {
      if (pat.excludeAci && (s.aci === true || s.contract === 'cddi')) {
        aciExcluded ||= bears(s);
        return false;
      }
      if (pat.minWeeklyHours !== undefined) {
        if (s.weeklyHours === null) {
          hoursUnknown ||= bears(s);
          return false;
        }
        if (s.weeklyHours < pat.minWeeklyHours) {
          hoursLow ||= bears(s);
          return false;
        }
      }
      return true;
    });
    const runs = runsOf(kept, X, ctx.asOf);
    if (cumulative) {
      months = Math.max(...windows.map((w) => cumulated(runs, w.start, w.end)));
      kept = kept.filter(bears);
    } else {
      const relevant = runs.filter((r) => r.end >= relevantFrom);
      months = relevant.length ? Math.max(...relevant.map((r) => monthsSpanned(r.start, r.end))) : 0;
      kept = kept.filter((s) => relevant.some((r) => s.start >= r.start && s.start <= r.end));
    }
    const failed = pat.minMonths !== undefined ? months + 1e-9 < pat.minMonths : kept.length === 0;
    if (candidates.length === 0) codes.push('aucune-etape');
    else if (failed) {
      const before = codes.length;
      if (aciExcluded) codes.push('aci-exclu');
      if (hoursLow) codes.push('heures-insuffisantes');
      if (hoursUnknown) codes.push('heures-inconnues');
      if (pat.minMonths !== undefined) codes.push('duree-insuffisante');
      else if (codes.length === before) codes.push('aucune-etape');
    }
    if (pat.minMonths === undefined) months = null;
  }
  if (pat.proof && x.proofDate === null && !kept.some((s) => s.proofDate !== null)) codes.push('justificatif-absent');
  return { codes, months, steps: kept };
}

function run(ctx: CheckContext, p: ExitValidityParams): Finding[] {
  const findings: Finding[] = [];
  for (const x of ctx.data.sorties) {
    if (x.exitType !== 'positive' || x.exitDate === null) continue;
    const X = x.exitDate;
    if (X < ctx.period.start || X > ctx.period.end || X > ctx.asOf) continue;
    const exit = x as Exit & { exitDate: ISODate };
    const person = ctx.data.participants.get(x.participantKey);
    const outcomes = p.accepted.map((pat) => ({ pat, out: evaluate(ctx, exit, person, pat) }));
    if (outcomes.some((o) => o.out.codes.length === 0 && o.pat.severity === undefined)) continue;
    const downgraded = outcomes.find((o) => o.out.codes.length === 0);
    const measured = outcomes.map((o) => o.out.months).filter((m): m is number => m !== null);
    const minMonths = p.accepted.map((a) => a.minMonths).filter((m): m is number => m !== undefined);
    const tl = ctx.timelines.get(x.participantKey);
    const { referent, span } = referentOn(tl, X);
    const evidence: (Origin | undefined)[] = [x.origin, span?.origin];
    for (const o of outcomes) evidence.push(...o.out.steps.map((s) => s.origin));
    findings.push(
      makeFinding({
        participant: rowParticipantLabel(ctx, x) ?? (person ? participantLabel(person) : null),
        referent,
        period: monthOf(X),
        date: X,
        expected: minMonths.length ? Math.min(...minMonths) : null,
        actual: measured.length ? floor1(Math.max(...measured)) : null,
        evidence: uniqueOrigins(evidence),
        args: {
          exitReason: x.exitReason,
          tried: outcomes.map((o) => `${o.pat.id}:${o.out.codes.length ? o.out.codes.join('+') : 'ok'}`),
          matched: downgraded?.pat.id ?? null,
        },
        ...(downgraded ? { severity: downgraded.pat.severity! } : {}),
      }),
    );
  }
  return sortFindings(findings);
}

export const exitValidity = defineCheck({
  kind: 'exit-validity',
  params: exitValidityParams,
  needs,
  run,
});
