/**
 * Participant-level facts shared by several KPIs: exits (with their type), accompaniment over the
 * period, the day that decides a participant's référent, age at entry.
 */
import { accompanyingSpans } from '../checks/count-target.js';
import type { Affectation, AssignmentSpan, Exit, ExitType, ISODate, Timeline } from '../model/types.js';
import type { CheckContext } from '../checks/types.js';

export interface ParticipantExit {
  date: ISODate;
  type: ExitType | null;
}

export interface ExitIndex {
  sorties: Map<string, Exit[]>;
  affectations: Map<string, Affectation[]>;
}

/** The rows carrying an exit date, by participant. */
function datedExitsByParticipant<T extends { participantKey: string; exitDate: ISODate | null }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    if (r.exitDate === null) continue;
    let list = out.get(r.participantKey);
    if (!list) out.set(r.participantKey, (list = []));
    list.push(r);
  }
  return out;
}

export function indexExits(ctx: CheckContext): ExitIndex {
  return { sorties: datedExitsByParticipant(ctx.data.sorties), affectations: datedExitsByParticipant(ctx.data.affectations) };
}

function pickType(rows: readonly { exitType: ExitType | null }[]): ExitType | null {
  if (rows.some((r) => r.exitType === 'positive')) return 'positive';
  return rows.find((r) => r.exitType !== null)?.exitType ?? null;
}

/**
 * A participant's exits. The sorties export is the record of exits: when it has dated rows for
 * the participant, their dates are the exits; otherwise the exit dates carried by the
 * affectations; otherwise the timeline's exit (a monthly « Sorti » row without a date). Each
 * date is one exit, whatever the number of rows repeating it. Its type is that of the sorties
 * rows of that date (positive when any is), else of the affectation rows of that date, else —
 * when the participant has a single exit — any type stated for the participant.
 */
export function exitsOf(tl: Timeline, ix: ExitIndex): ParticipantExit[] {
  const key = tl.participant.key;
  const fromS = ix.sorties.get(key) ?? [];
  const fromA = ix.affectations.get(key) ?? [];
  let dates = [...new Set((fromS.length > 0 ? fromS : fromA).map((r) => r.exitDate!))];
  if (dates.length === 0 && tl.exitDate !== null) dates = [tl.exitDate];
  dates.sort();
  return dates.map((date) => {
    let type = pickType(fromS.filter((r) => r.exitDate === date)) ?? pickType(fromA.filter((r) => r.exitDate === date));
    if (type === null && dates.length === 1) type = pickType(fromS) ?? pickType(fromA);
    return { date, type };
  });
}

/**
 * The last day of [P.start, L] on which the participant is assigned and not exited (null when
 * none: not accompanied). It decides the référent and lot of the participant's period figures.
 */
export function lastAccompaniedDay(ctx: CheckContext, tl: Timeline, last: ISODate): ISODate | null {
  let best: ISODate | null = null;
  for (const s of accompanyingSpans(ctx, tl)) {
    const lo = s.start > ctx.period.start ? s.start : ctx.period.start;
    const d = tl.lastDayNotExited(lo, s.end !== null && s.end < last ? s.end : last);
    if (d !== null && (best === null || d > best)) best = d;
  }
  return best;
}

/** Whole years from birth to d. */
export function ageOn(birth: ISODate, d: ISODate): number {
  const years = +d.slice(0, 4) - +birth.slice(0, 4);
  return d.slice(5) < birth.slice(5) ? years - 1 : years;
}

export type AgeBand = 'moins-26' | '26-44' | '45-54' | '55-plus';

export function ageBand(age: number): AgeBand {
  if (age < 26) return 'moins-26';
  if (age <= 44) return '26-44';
  if (age <= 54) return '45-54';
  return '55-plus';
}

/** Age at entry into the PLIE; the export's own age column when the birth date is missing. */
export function ageAtEntry(tl: Timeline): number | null {
  const p = tl.participant;
  if (p.birthDate && tl.entryDate) return ageOn(p.birthDate, tl.entryDate);
  return p.age ?? null;
}

export type { AssignmentSpan };
