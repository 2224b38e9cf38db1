/**
 * The échéancier: what falls due in the days after the as-of date A, per rule of the resolved
 * rule set (each cahier's own delays), so that a référent can prepare it.
 *
 * Principle: an item is an obligation that `check` will judge once its time has come and that
 * the data does not show as met by A. Only the rows dated up to A count as done (an event dated
 * after A is a planned RDV: it is reported in `args.planned`, not taken as done). The horizon
 * is (A, A + within]:
 * - deadlines (premier-entretien, justificatif-sortie) are listed when they fall in the
 *   horizon; a deadline on or before A is already a violation, which is `check`'s business;
 * - review windows (bilans BRSA, revue des 18 mois, points d'étape) are listed when they are
 *   still open after A (window end ≥ A + 1) and open within the horizon (window start ≤
 *   A + within);
 * - the current month (the month of A + 1) is always in the horizon;
 * - loss of contact is listed when the criterion was met in the month before A (date to date),
 *   with the next commission as its date.
 * The anchors follow the checks: orientation, e + m months, forecast exit, in the audit period.
 * A rule that is off gives no item; one whose data is missing is skipped with the check's reason.
 */
import { contactFrequency, countsForFrequency, frequencyDue, type ContactFrequencyParams } from '../checks/contact-frequency.js';
import {
  cmpNullLast,
  cmpStr,
  compareOrigins,
  eventsOf,
  inPeriod,
  participantLabel,
  referentOn,
  rowParticipantLabel,
  sortedTimelines,
  stepsOf,
  uniqueOrigins,
} from '../checks/context.js';
import { exitProofDelay, type ExitProofDelayParams } from '../checks/exit-proof-delay.js';
import { firstContactDelay, firstContactState, interviewMatch, type FirstContactDelayParams } from '../checks/first-contact-delay.js';
import { isContactEvent, lossOfContact, lossOfContactOccurrences, possibleLosses, type LossOfContactParams } from '../checks/loss-of-contact.js';
import { eventMatches } from '../checks/match.js';
import {
  firstReviewIn,
  inReviewPopulation,
  milestoneReview,
  reviewWindows,
  type MilestoneReviewParams,
} from '../checks/milestone-review.js';
import type { z } from 'zod';
import type { CheckContext, CheckDefinition } from '../checks/types.js';
import { stepTookPlace } from '../checks/windows.js';
import { missingNeed } from '../engine/run.js';
import { addDays, addMonths, firstDayOfMonth, lastDayOfMonth, minDate, monthOf } from '../model/dates.js';
import type { AgendaEvent, ISODate, Origin, Timeline } from '../model/types.js';
import { DUE_KINDS, type DueItem, type DueKind, type DueOptions, type DueResult, type DueRuleInput, type DueRuleStatus } from './types.js';

interface Horizon {
  asOf: ISODate;
  /** A + within. */
  end: ISODate;
}

/** Completes an item with its rule, kind and référent (the affectation on its date, else on A). */
type Make = (item: Omit<DueItem, 'rule' | 'kind' | 'referent'>, tl: Timeline | undefined) => DueItem;

/** The échéancier's items, sorted by référent, due date, participant. */
export function computeDue(ctx: CheckContext, ruleset: { rules: readonly DueRuleInput[] }, opts: DueOptions): DueItem[] {
  return planDue(ctx, ruleset, opts).items;
}

/** The items and, per rule that can feed the échéancier, whether it ran, was skipped or off. */
export function planDue(ctx: CheckContext, ruleset: { rules: readonly DueRuleInput[] }, opts: DueOptions): DueResult {
  const h: Horizon = { asOf: ctx.asOf, end: addDays(ctx.asOf, opts.within) };
  const items: DueItem[] = [];
  const rules: DueRuleStatus[] = [];
  for (const rule of ruleset.rules) {
    const reading = planFor(rule);
    if (!reading) continue;
    const base = { id: rule.id, kind: rule.kind, item: reading.item };
    if (rule.severity === 'off') {
      rules.push({ ...base, status: 'off', skip: null, items: 0, params: rule.params });
      continue;
    }
    const def = reading.check;
    const params: unknown = def.params.parse(rule.params);
    const needs = typeof def.needs === 'function' ? def.needs(params) : def.needs;
    const skip = missingNeed(needs, ctx);
    if (skip) {
      rules.push({ ...base, status: 'skipped', skip, items: 0, params });
      continue;
    }
    const make: Make = (item, tl) => {
      const anchor = item.dueDate ?? ctx.asOf;
      return { ...item, kind: reading.item, rule: rule.id, referent: referentOn(tl, anchor).referent };
    };
    const found = reading.run(ctx, params, h, make);
    // Not push(...found): spreading more than ~120 000 arguments overflows the stack.
    for (const item of found) items.push(item);
    rules.push({ ...base, status: 'ran', skip: null, items: found.length, params });
  }
  return { items: items.sort(compareDueItems), rules };
}

type Runner<P> = (ctx: CheckContext, params: P, h: Horizon, make: Make) => DueItem[];

interface Plan {
  item: DueKind;
  check: CheckDefinition;
  run: Runner<unknown>;
}

/** Ties a runner to the check whose params schema and data needs it shares. */
function plan<S extends z.ZodType>(item: DueKind, check: CheckDefinition<S>, run: Runner<z.infer<S>>): Plan {
  return { item, check: check as unknown as CheckDefinition, run: (ctx, params, h, make) => run(ctx, params as z.infer<S>, h, make) };
}

/** The échéancier's reading of a rule, or null when its kind has nothing to prepare. */
function planFor(rule: DueRuleInput): Plan | null {
  switch (rule.kind) {
    case 'first-contact-delay':
      return plan('premier-entretien', firstContactDelay, firstInterviews);
    case 'milestone-review': {
      const p = milestoneReview.params.safeParse(rule.params);
      return plan(p.success ? milestoneKind(p.data) : 'point-etape', milestoneReview, reviews);
    }
    case 'exit-proof-delay':
      return plan('justificatif-sortie', exitProofDelay, exitProofs);
    case 'contact-frequency': {
      // Only monthly frequencies have a "current month"; longer windows are left to `check`.
      const p = contactFrequency.params.safeParse(rule.params);
      if (p.success && p.data.window !== 'month') return null;
      return plan('entretiens-du-mois', contactFrequency, currentMonth);
    }
    case 'loss-of-contact':
      return plan('perte-de-contact', lossOfContact, lossOfContactItems);
    default:
      return null;
  }
}

function milestoneKind(p: MilestoneReviewParams): DueKind {
  if (p.eventKinds.includes('poursuite')) return 'revue-18-mois';
  if (p.population?.brsa === true) return 'bilan-brsa';
  return 'point-etape';
}

/** Participants with an exit recorded on or before A have nothing left to prepare. */
function exitedBy(tl: Timeline, d: ISODate): boolean {
  return tl.isExited(addDays(d, 1));
}

function firstInterviews(ctx: CheckContext, p: FirstContactDelayParams, h: Horizon, make: Make): DueItem[] {
  const out: DueItem[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const o = tl.orientationDate;
    if (o === null || !inPeriod(ctx, o) || exitedBy(tl, h.asOf)) continue;
    // An absence only pushes the deadline later: past the horizon already, it stays there.
    if (addDays(o, p.maxDays) > h.end) continue;
    const events = eventsOf(ctx, tl.participant.key);
    const state = firstContactState(events, o, p, h.asOf);
    if (state.met || !(h.asOf < state.deadline && state.deadline <= h.end)) continue;
    const anyAttendance = interviewMatch(p);
    const planned = events.find((e) => e.date > h.asOf && e.date <= state.deadline && eventMatches(e, anyAttendance));
    const lastAbsence = state.absences[state.absences.length - 1] ?? null;
    const { span } = referentOn(tl, state.deadline);
    out.push(
      make(
        {
          participant: participantLabel(tl.participant),
          dueDate: state.deadline,
          windowStart: o,
          windowEnd: state.deadline,
          milestone: null,
          args: {
            orientationDate: o,
            absences: state.absences.length,
            lastAbsence: lastAbsence?.date ?? null,
            planned: planned?.date ?? null,
          },
          evidence: uniqueOrigins([span?.origin, ...state.absences.map((e) => e.origin), planned?.origin]),
        },
        tl,
      ),
    );
  }
  return out;
}

/** A review window is in the échéancier when still open after A and open by A + within. */
function windowInHorizon(start: ISODate, end: ISODate, h: Horizon): boolean {
  return end > h.asOf && start <= h.end;
}

function reviews(ctx: CheckContext, p: MilestoneReviewParams, h: Horizon, make: Make): DueItem[] {
  const out: DueItem[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const e = tl.entryDate;
    if (e === null || !inReviewPopulation(tl.participant, p.population)) continue;
    let events: readonly AgendaEvent[] | null = null;
    for (const { milestone, anchor, start, end } of reviewWindows(tl, e, p, ctx.period)) {
      const exit = milestone === 'sortie';
      if (!exit) {
        // A future milestone is judged on the parcours as it stands at A (monthly exports stop at A).
        const assigned = anchor <= h.asOf ? tl.isAssigned(anchor) : tl.isAssigned(h.asOf) || tl.isAssigned(anchor);
        if (!assigned || tl.isExited(anchor)) continue;
      }
      if (!windowInHorizon(start, end, h)) continue;
      events ??= eventsOf(ctx, tl.participant.key);
      if (firstReviewIn(events, p.eventKinds, start, minDate(end, h.asOf))) continue;
      const planned = h.asOf < end ? firstReviewIn(events, p.eventKinds, addDays(h.asOf, 1), end) : null;
      const { span } = referentOn(tl, anchor);
      out.push(
        make(
          {
            participant: participantLabel(tl.participant),
            dueDate: anchor,
            windowStart: start,
            windowEnd: end,
            milestone,
            args: exit
              ? { entryDate: e, exitDate: anchor, planned: planned?.date ?? null }
              : { entryDate: e, milestoneDate: anchor, planned: planned?.date ?? null },
            evidence: uniqueOrigins([span?.origin, ...(exit ? tl.exitOrigins : []), planned?.origin]),
          },
          tl,
        ),
      );
    }
  }
  return out;
}

function exitProofs(ctx: CheckContext, p: ExitProofDelayParams, h: Horizon, make: Make): DueItem[] {
  const out: DueItem[] = [];
  for (const x of ctx.data.sorties) {
    if (x.exitType === null || !p.exitTypes.includes(x.exitType) || x.proofDate !== null) continue;
    // As the check: the forecast exit date, else the exit date (the forecast became the exit).
    const ref = x.forecastDate ?? x.exitDate;
    if (ref === null || !inPeriod(ctx, ref)) continue;
    const deadline = addMonths(ref, p.maxMonths);
    if (!(h.asOf < deadline && deadline <= h.end)) continue;
    const tl = ctx.timelines.get(x.participantKey);
    const person = ctx.data.participants.get(x.participantKey);
    const { span } = referentOn(tl, deadline);
    out.push(
      make(
        {
          participant: rowParticipantLabel(ctx, x) ?? (person ? participantLabel(person) : x.participantKey),
          dueDate: deadline,
          windowStart: ref,
          windowEnd: deadline,
          milestone: null,
          args: {
            reference: x.forecastDate !== null ? 'prevision' : 'sortie',
            referenceDate: ref,
            exitDate: x.exitDate,
            exitType: x.exitType,
          },
          evidence: uniqueOrigins([x.origin, span?.origin]),
        },
        tl,
      ),
    );
  }
  return out;
}

function currentMonth(ctx: CheckContext, p: ContactFrequencyParams, h: Horizon, make: Make): DueItem[] {
  const month = monthOf(addDays(h.asOf, 1));
  const window = { start: firstDayOfMonth(month), end: lastDayOfMonth(month) };
  // Only windows inside P are evaluated (rules.md §3).
  if (window.start < ctx.period.start || window.end > ctx.period.end) return [];
  // On the last day of a month, the next month has not started: its first day stands for it.
  const statesUntil = h.asOf < window.start ? window.start : h.asOf;
  const out: DueItem[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const key = tl.participant.key;
    const steps = stepsOf(ctx, key).filter(stepTookPlace);
    const due = frequencyDue(tl, window, statesUntil, p, steps);
    if (!due) continue;
    const inMonth = eventsOf(ctx, key).filter((e) => e.date >= window.start && e.date <= window.end && countsForFrequency(e, p, steps));
    const counted = inMonth.filter((e) => e.date <= h.asOf);
    if (counted.length >= p.min) continue;
    const planned = inMonth.length - counted.length;
    const { span } = referentOn(tl, window.end);
    out.push(
      make(
        {
          participant: participantLabel(tl.participant),
          dueDate: window.end,
          windowStart: window.start,
          windowEnd: window.end,
          milestone: null,
          args: { period: month, state: p.state, counted: counted.length, expected: p.min, countedUntil: h.asOf, planned, ...due.args },
          evidence: uniqueOrigins([span?.origin, ...due.origins, ...counted.map((e) => e.origin)]),
        },
        tl,
      ),
    );
  }
  return out;
}

function lossOfContactItems(ctx: CheckContext, p: LossOfContactParams, h: Horizon, make: Make): DueItem[] {
  const since = addMonths(h.asOf, -1);
  const commission = [...ctx.config.commissions].sort(cmpStr).find((d) => d > h.asOf) ?? null;
  const out: DueItem[] = [];
  // Rows after A only make fewer occurrences: the check's candidates are enough.
  const candidates = possibleLosses(ctx, p);
  for (const tl of sortedTimelines(ctx)) {
    // An exit already recorded (past or forthcoming) means the case went to the commission.
    if (tl.exitDate !== null || !candidates.has(tl.participant.key)) continue;
    const events = eventsOf(ctx, tl.participant.key).filter((e) => e.date <= h.asOf);
    const recent = lossOfContactOccurrences(events, p).filter(
      (o) => o.met >= since && inPeriod(ctx, o.met) && tl.isAssigned(o.met) && !tl.isExited(o.met),
    );
    const occ = recent[recent.length - 1];
    if (!occ) continue;
    // The criterion stays a ground for exit even if the contact resumed; the référent is told.
    const resumed = events.find((e) => e.date > occ.met && isContactEvent(e));
    const { span } = referentOn(tl, commission ?? h.asOf);
    out.push(
      make(
        {
          participant: participantLabel(tl.participant),
          dueDate: commission,
          windowStart: occ.events[0]!.date,
          windowEnd: addMonths(occ.met, 1),
          milestone: null,
          args: { criterion: occ.kind, count: occ.events.length, first: occ.events[0]!.date, met: occ.met, contactResumed: resumed?.date ?? null },
          evidence: uniqueOrigins([...occ.events.map((e) => e.origin), span?.origin]),
        },
        tl,
      ),
    );
  }
  return out;
}

/** Référent (none last), due date (none last), participant, then kind, rule, window, rows. */
export function compareDueItems(a: DueItem, b: DueItem): number {
  return (
    cmpNullLast(a.referent, b.referent) ||
    cmpNullLast(a.dueDate, b.dueDate) ||
    cmpStr(a.participant, b.participant) ||
    DUE_KINDS.indexOf(a.kind) - DUE_KINDS.indexOf(b.kind) ||
    cmpStr(a.rule, b.rule) ||
    cmpNullLast(a.windowStart, b.windowStart) ||
    compareFirstOrigin(a.evidence, b.evidence)
  );
}

function compareFirstOrigin(a: Origin[], b: Origin[]): number {
  if (a[0] && b[0]) return compareOrigins(a[0], b[0]);
  return a.length - b.length;
}
