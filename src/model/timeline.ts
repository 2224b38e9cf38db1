/**
 * The participant timeline (rules.md §3 "Participant state on day d", "Monthly-status
 * affectations", "Participant timeline details"): every rule asks its questions here.
 *
 * Queries run per day for a year × tens of thousands of participants, so every span list is
 * sorted once at build time and each query is a binary search (plus a short backward scan for
 * assignments) on ISO date strings, without allocating.
 */
import { addDays, firstDayOfMonth, lastDayOfMonth, maxDate, minDate } from './dates.js';
import type {
  Affectation,
  AssignmentSpan,
  DataIssue,
  Datasets,
  DateSpan,
  ISODate,
  MonthKey,
  Origin,
  Participant,
  Step,
  StepCategory,
  ContractType,
  Timeline,
} from './types.js';

/** Larger than any real date: stands for an open end in prefix maxima. */
const OPEN_END = '9999-12-31';

/**
 * rules.md lists employment as "CDI, CDD, intérim, contrat aidé, IAE/CDDI, création d'activité".
 * Exports file those under several categories (an IAE post or a PEC is often typed "IAE" or
 * "Contrat aidé", not "Emploi"), and sometimes only the contract column tells it is a job (an
 * apprenticeship typed "Formation"), so either an employment category or an employment
 * contract makes the step employment.
 */
const EMPLOYMENT_CATEGORIES: ReadonlySet<StepCategory> = new Set<StepCategory>(['emploi', 'iae', 'contrat-aide', 'creation']);
const EMPLOYMENT_CONTRACTS: ReadonlySet<ContractType> = new Set<ContractType>([
  'cdi', 'cdd', 'interim', 'cddi', 'pec', 'apprentissage', 'professionnalisation',
]);
/**
 * rules.md §3 is normative here: « en emploi: a step of category emploi covers d ». The step's
 * status (prescrite, abandonnée…) is not part of that definition, so it does not change the day
 * states; an abandoned job ends on the step's end date like any other. (The checks that read
 * steps as étapes de parcours — exemptions, coverage — do filter out steps that never took place.)
 */
export function isEmploymentStep(step: Step): boolean {
  return EMPLOYMENT_CATEGORIES.has(step.category) || (step.contract !== null && EMPLOYMENT_CONTRACTS.has(step.contract));
}

/**
 * A period during which the participant is exited: from the day after `exit` up to the day
 * before `until` (a later dated affectation start: a re-entry), or for ever when `until` is null.
 */
interface ExitGap {
  exit: ISODate;
  until: ISODate | null;
}

interface SpanInput {
  start: ISODate;
  end: ISODate | null;
  origin: Origin;
}

/** Merges spans that overlap or touch (next start ≤ previous end + 1 day); open ends absorb the rest. */
function mergeSpans(items: SpanInput[]): DateSpan[] {
  return mergeTouching(
    items,
    (s): DateSpan => ({ start: s.start, end: s.end, origins: [s.origin] }),
    (span, s) => span.origins.push(s.origin),
  );
}

/** Index of the last span whose start ≤ d, or −1. `spans` sorted by start. */
function lastStartingBy(starts: readonly ISODate[], d: ISODate): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= d) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The span of a disjoint sorted list covering d, or null. */
function disjointSpanOn(spans: readonly DateSpan[], d: ISODate): DateSpan | null {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start <= d) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return null;
  const s = spans[found]!;
  return s.end === null || d <= s.end ? s : null;
}

/** A run of days, both ends inclusive; a null end is open. */
export interface DayRange {
  start: ISODate;
  end: ISODate | null;
}

/**
 * Sorted, disjoint day ranges, none touching the next: the day after a range's end is never in
 * the set, which lets a question about a whole range be answered from the one range covering its
 * first (or last) day.
 */
interface RangeSet {
  ranges: DayRange[];
  starts: ISODate[];
}

const NO_RANGES: RangeSet = { ranges: [], starts: [] };

function rangeSet(ranges: DayRange[]): RangeSet {
  return ranges.length === 0 ? NO_RANGES : { ranges, starts: ranges.map((r) => r.start) };
}

/** Merges ranges that overlap or touch; empty ones (end before start) are dropped. */
export function mergeRanges(items: readonly DayRange[]): DayRange[] {
  return mergeTouching(items, (r): DayRange => ({ start: r.start, end: r.end }), () => undefined);
}

/**
 * Items sorted by start and merged where they overlap or touch (next start ≤ previous end + 1
 * day; an open end absorbs the rest); empty ones (end before start) are dropped. `open` starts a
 * merged range from an item, `absorb` tells it of each item merged into it (the first excepted).
 */
function mergeTouching<I extends DayRange, M extends DayRange>(items: readonly I[], open: (item: I) => M, absorb: (into: M, item: I) => void): M[] {
  const sorted = items
    .filter((r) => r.end === null || r.end >= r.start)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: M[] = [];
  let cur: M | null = null;
  for (const r of sorted) {
    if (cur !== null && (cur.end === null || r.start <= addDays(cur.end, 1))) {
      if (cur.end !== null) cur.end = r.end === null ? null : maxDate(cur.end, r.end);
      absorb(cur, r);
    } else {
      cur = open(r);
      out.push(cur);
    }
  }
  return out;
}

/**
 * The days of `a` that are not in `b`, both merged (see mergeRanges). The result is merged too:
 * its pieces are separated by a day of `b` or a day outside `a`.
 */
export function subtractRanges(a: readonly DayRange[], b: readonly DayRange[]): DayRange[] {
  const out: DayRange[] = [];
  let j = 0;
  for (const r of a) {
    let from: ISODate | null = r.start;
    while (j < b.length && from !== null) {
      const cut = b[j]!;
      if (r.end !== null && cut.start > r.end) break;
      if (cut.end !== null && cut.end < from) {
        j++;
        continue;
      }
      if (cut.start > from) out.push({ start: from, end: addDays(cut.start, -1) });
      // A cut reaching past r may cut the next range of a too: keep it.
      if (cut.end === null || (r.end !== null && cut.end >= r.end)) from = null;
      else {
        from = addDays(cut.end, 1);
        j++;
      }
    }
    if (from !== null) out.push({ start: from, end: r.end });
  }
  return out;
}

/** Whether a range (or span) that started by d lasts until d at least. */
function reaches(r: { end: ISODate | null }, d: ISODate): boolean {
  return r.end === null || r.end >= d;
}

/** The range of a RangeSet covering d, or null. */
function rangeOn(set: RangeSet, d: ISODate): DayRange | null {
  const i = lastStartingBy(set.starts, d);
  if (i < 0) return null;
  const r = set.ranges[i]!;
  return reaches(r, d) ? r : null;
}

/** Whether one range of the set covers every day of [start, end] (ranges never touch). */
function coversThroughout(set: RangeSet, start: ISODate, end: ISODate): boolean {
  if (start > end) return true;
  const r = rangeOn(set, start);
  return r !== null && reaches(r, end);
}

/** Days on which the participant cannot count, as ranges (built on first use). */
interface Blocked {
  /** Days after an exit and before a re-entry. */
  exited: RangeSet;
  /** Exited or en veille. */
  exitedOrVeille: RangeSet;
}

/** Days on which the participant counts, as ranges (built on first use). */
interface Runs {
  /** Assigned and not exited (veille included). */
  accompanied: RangeSet;
  /** Assigned, not exited, not en veille: isActive. */
  active: RangeSet;
}

const NOTHING_BLOCKED: Blocked = { exited: NO_RANGES, exitedOrVeille: NO_RANGES };

/**
 * The one empty list every timeline shares: most participants never paused, left or worked, and
 * an empty array of their own is 32 bytes, five per participant (~8 MB for a network's 50 000).
 */
const NONE: readonly never[] = Object.freeze([]);

function exact<T>(xs: readonly T[]): readonly T[] {
  return xs.length === 0 ? NONE : xs.slice();
}

class ParticipantTimeline implements Timeline {
  readonly participant: Participant;
  readonly entryDate: ISODate | null;
  readonly orientationDate: ISODate | null;
  readonly exitDate: ISODate | null;
  readonly exitOrigins: readonly Origin[];
  /** Sorted by start, then file order. */
  readonly assignments: readonly AssignmentSpan[];
  readonly veille: readonly DateSpan[];
  readonly employmentSpells: readonly DateSpan[];
  /**
   * Starts, and maxEnd[i] = latest end among assignments[0..i] (OPEN_END for an open one); null
   * for a single assignment (most participants), read from it directly: two one-item arrays each
   * were ~5 MB for 50 000 participants.
   */
  private readonly assignmentStarts: readonly ISODate[] | null;
  private readonly maxEnd: readonly ISODate[] | null;
  private readonly gaps: readonly ExitGap[];
  private blocked: Blocked | null = null;
  private runs: Runs | null = null;
  private spellStarts: ISODate[] | null = null;

  constructor(init: {
    participant: Participant;
    entryDate: ISODate | null;
    orientationDate: ISODate | null;
    exitDate: ISODate | null;
    exitOrigins: Origin[];
    assignments: AssignmentSpan[];
    veille: DateSpan[];
    employmentSpells: DateSpan[];
    gaps: ExitGap[];
  }) {
    this.participant = init.participant;
    this.entryDate = init.entryDate;
    this.orientationDate = init.orientationDate;
    this.exitDate = init.exitDate;
    // Copied to their exact length: an array grown by push holds at least 17 slots, and fifty
    // thousand participants' timelines with ten such arrays each took ~70 MB for a few items.
    this.exitOrigins = exact(init.exitOrigins);
    this.assignments = exact(init.assignments);
    this.veille = exact(init.veille);
    this.employmentSpells = exact(init.employmentSpells);
    this.gaps = exact(init.gaps);
    const several = this.assignments.length > 1;
    this.assignmentStarts = several ? this.assignments.map((a) => a.start) : null;
    let max = '';
    this.maxEnd = several
      ? this.assignments.map((a) => {
          const end = a.end ?? OPEN_END;
          if (end > max) max = end;
          return max;
        })
      : null;
  }

  isAssigned(d: ISODate): boolean {
    const i = this.lastAssignmentBy(d);
    return i >= 0 && this.maxEndAt(i) >= d;
  }

  /** Index of the last assignment starting on or before d, or -1. */
  private lastAssignmentBy(d: ISODate): number {
    if (this.assignmentStarts !== null) return lastStartingBy(this.assignmentStarts, d);
    return this.assignments.length === 1 && this.assignments[0]!.start <= d ? 0 : -1;
  }

  private maxEndAt(i: number): ISODate {
    return this.maxEnd !== null ? this.maxEnd[i]! : (this.assignments[0]!.end ?? OPEN_END);
  }

  isExited(d: ISODate): boolean {
    const gaps = this.gaps;
    for (let i = 0; i < gaps.length; i++) {
      const g = gaps[i]!;
      if (d > g.exit && (g.until === null || d < g.until)) return true;
    }
    return false;
  }

  isVeille(d: ISODate): boolean {
    return disjointSpanOn(this.veille, d) !== null;
  }

  isActive(d: ISODate): boolean {
    return this.isAssigned(d) && !this.isExited(d) && !this.isVeille(d);
  }

  isEmployed(d: ISODate): boolean {
    return disjointSpanOn(this.employmentSpells, d) !== null;
  }

  spellOn(d: ISODate): DateSpan | null {
    return disjointSpanOn(this.employmentSpells, d);
  }

  assignmentOn(d: ISODate): AssignmentSpan | null {
    const last = this.lastAssignmentBy(d);
    if (last < 0) return null;
    // Sorted by (start, order): the highest index covering d is the one that started last, then
    // last in file order. Below an index whose prefix max end is before d, nothing covers d.
    for (let i = last; i >= 0 && this.maxEndAt(i) >= d; i--) {
      const a = this.assignments[i]!;
      if (reaches(a, d)) return a;
    }
    return this.assignments[last]!;
  }

  assignmentsOn(d: ISODate): AssignmentSpan[] {
    const out: AssignmentSpan[] = [];
    const last = this.lastAssignmentBy(d);
    for (let i = 0; i <= last; i++) {
      const a = this.assignments[i]!;
      if (reaches(a, d)) out.push(a);
    }
    return out;
  }

  private blockedRanges(): Blocked {
    if (this.blocked !== null) return this.blocked;
    // Most participants never left nor paused: nothing to build.
    if (this.gaps.length === 0 && this.veille.length === 0) return (this.blocked = NOTHING_BLOCKED);
    const exitedDays: DayRange[] = [];
    for (const g of this.gaps) {
      // Exited from the day after the exit up to the day before the re-entry (none when it is the next day).
      const start = addDays(g.exit, 1);
      const end = g.until === null ? null : addDays(g.until, -1);
      if (end === null || end >= start) exitedDays.push({ start, end });
    }
    const exited = mergeRanges(exitedDays);
    return (this.blocked = {
      exited: rangeSet(exited),
      exitedOrVeille: rangeSet(mergeRanges([...exited, ...this.veille])),
    });
  }

  private stateRuns(): Runs {
    if (this.runs !== null) return this.runs;
    const { exited, exitedOrVeille } = this.blockedRanges();
    const assigned = mergeRanges(this.assignments);
    return (this.runs = {
      accompanied: rangeSet(subtractRanges(assigned, exited.ranges)),
      active: rangeSet(subtractRanges(assigned, exitedOrVeille.ranges)),
    });
  }

  someDayNotExited(start: ISODate, end: ISODate, excludeVeille: boolean): boolean {
    if (start > end) return false;
    const b = this.blockedRanges();
    const blocked = rangeOn(excludeVeille ? b.exitedOrVeille : b.exited, start);
    // Blocked ranges never touch: the day after one is free.
    return blocked === null || (blocked.end !== null && blocked.end < end);
  }

  lastDayNotExited(start: ISODate, end: ISODate): ISODate | null {
    if (start > end) return null;
    const exited = rangeOn(this.blockedRanges().exited, end);
    if (exited === null) return end;
    const before = addDays(exited.start, -1);
    return before >= start ? before : null;
  }

  isAccompaniedThroughout(start: ISODate, end: ISODate): boolean {
    return coversThroughout(this.stateRuns().accompanied, start, end);
  }

  isActiveThroughout(start: ISODate, end: ISODate): boolean {
    return coversThroughout(this.stateRuns().active, start, end);
  }

  activeRuns(start: ISODate, end: ISODate): { start: ISODate; end: ISODate }[] {
    const out: { start: ISODate; end: ISODate }[] = [];
    if (start > end) return out;
    const { ranges, starts } = this.stateRuns().active;
    let i = lastStartingBy(starts, start);
    if (i < 0) i = 0;
    for (; i < ranges.length; i++) {
      const r = ranges[i]!;
      if (r.start > end) break;
      if (r.end !== null && r.end < start) continue;
      out.push({ start: r.start > start ? r.start : start, end: r.end !== null && r.end < end ? r.end : end });
    }
    return out;
  }

  isEmployedThroughout(start: ISODate, end: ISODate): boolean {
    if (start > end) return true;
    const spell = disjointSpanOn(this.employmentSpells, start);
    return spell !== null && reaches(spell, end);
  }

  isEmployedOnSomeDay(start: ISODate, end: ISODate): boolean {
    if (start > end) return false;
    this.spellStarts ??= this.employmentSpells.map((s) => s.start);
    const i = lastStartingBy(this.spellStarts, end);
    if (i < 0) return false;
    return reaches(this.employmentSpells[i]!, start);
  }
}

interface ExitCandidate {
  date: ISODate;
  origin: Origin;
  source: 'sorties' | 'affectations' | 'derived';
}

function latest(cands: ExitCandidate[]): ISODate | null {
  let best: ISODate | null = null;
  for (const c of cands) if (best === null || c.date > best) best = c.date;
  return best;
}

function earliest(cands: ExitCandidate[]): ISODate | null {
  let best: ISODate | null = null;
  for (const c of cands) if (best === null || c.date < best) best = c.date;
  return best;
}

/**
 * Exit dates, allowing for re-entries (rare, but a participant may leave and be re-oriented).
 *
 * Candidates: every sortie row's exitDate; every affectation row's exitDate (dated or monthly);
 * and, for a monthly "Sorti" row without one, the last day of the month before it ("derived").
 * A re-entry is a DATED affectation starting after an exit: it ends that exit's effect. Monthly
 * rows never make a re-entry: rules.md says they assign nothing after the exit date, and a late
 * "En parcours" month after a "Sorti" one is more often a lagging export than a new parcours.
 *
 * Candidates are grouped by the first dated start after them (their episode). Within an
 * episode the exit is the latest sorties date; when the affectations state a different
 * (latest) date, that is a 'conflit-attribut' and the sorties value is kept. Derived dates
 * only apply when no date is stated anywhere in the episode (they are a fallback, so they never
 * conflict; the earliest applies). Timeline.exitDate is the exit of the last episode (no
 * re-entry after it), or null when the participant re-entered after every exit.
 */
function resolveExits(
  participant: Participant,
  candidates: ExitCandidate[],
  datedStarts: ISODate[],
  issues: DataIssue[],
): { gaps: ExitGap[]; exitDate: ISODate | null; exitOrigins: Origin[] } {
  if (candidates.length === 0) return { gaps: [], exitDate: null, exitOrigins: [] };
  const starts = [...datedStarts].sort();
  const nextStartAfter = (d: ISODate): ISODate | null => {
    for (const s of starts) if (s > d) return s;
    return null;
  };
  const episodes = new Map<string, { until: ISODate | null; cands: ExitCandidate[] }>();
  for (const c of candidates) {
    const until = nextStartAfter(c.date);
    const k = until ?? '';
    let ep = episodes.get(k);
    if (!ep) episodes.set(k, (ep = { until, cands: [] }));
    ep.cands.push(c);
  }
  const gaps: ExitGap[] = [];
  let exitDate: ISODate | null = null;
  let exitOrigins: Origin[] = [];
  for (const ep of episodes.values()) {
    const fromSorties = ep.cands.filter((c) => c.source === 'sorties');
    const fromAffectations = ep.cands.filter((c) => c.source === 'affectations');
    const s = latest(fromSorties);
    const a = latest(fromAffectations);
    if (s !== null && a !== null && s !== a) {
      issues.push({
        code: 'conflit-attribut',
        participant: participant.key,
        referent: null,
        date: s,
        field: 'exitDate',
        column: null,
        args: { kept: s, other: a, keptFrom: 'sorties', otherFrom: 'affectations' },
        evidence: [
          ...fromSorties.filter((c) => c.date === s).map((c) => c.origin),
          ...fromAffectations.filter((c) => c.date === a).map((c) => c.origin),
        ],
        effect: 'kept',
      });
    }
    // The first "Sorti" month is the exit month: an export may keep listing the person as
    // "Sorti" in the following months.
    const exit = s ?? a ?? earliest(ep.cands.filter((c) => c.source === 'derived'));
    if (exit === null) continue;
    const stated = s !== null || a !== null;
    const origins = ep.cands
      .filter((c) => c.date === exit && (stated ? c.source !== 'derived' : true))
      .map((c) => c.origin);
    gaps.push({ exit, until: ep.until });
    if (ep.until === null) {
      exitDate = exit;
      exitOrigins = origins;
    }
  }
  gaps.sort((x, y) => (x.exit < y.exit ? -1 : x.exit > y.exit ? 1 : 0));
  return { gaps, exitDate, exitOrigins };
}

/** Clips [start, end] to the days the participant is not exited (rules.md: "days after its exit date"). */
function clipToGaps(start: ISODate, end: ISODate, gaps: ExitGap[]): [ISODate, ISODate] | null {
  let s = start;
  let e = end;
  for (const g of gaps) {
    // Exited days of this gap: [exit + 1, until − 1].
    const from = addDays(g.exit, 1);
    const to = g.until === null ? OPEN_END : addDays(g.until, -1);
    if (to < s || from > e) continue;
    if (from <= s && to >= e) return null;
    if (from <= s) s = addDays(to, 1);
    else if (to >= e) e = g.exit;
    // A gap strictly inside a month needs a dated re-entry mid-month on monthly data: too rare
    // to split the row for.
  }
  return s <= e ? [s, e] : null;
}

function pushIndex(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

export function buildTimelines(data: Datasets): { timelines: Map<string, Timeline>; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  const affByP = new Map<string, number[]>();
  data.affectations.forEach((a, i) => pushIndex(affByP, a.participantKey, i));
  const stepsByP = new Map<string, number[]>();
  data.etapes.forEach((s, i) => pushIndex(stepsByP, s.participantKey, i));
  const exitsByP = new Map<string, number[]>();
  data.sorties.forEach((x, i) => pushIndex(exitsByP, x.participantKey, i));

  const timelines = new Map<string, Timeline>();
  for (const participant of data.participants.values()) {
    const affIdx = affByP.get(participant.key) ?? [];
    const assignments: AssignmentSpan[] = [];
    const veilleInputs: SpanInput[] = [];
    const candidates: ExitCandidate[] = [];
    const datedStarts: ISODate[] = [];
    const monthly: number[] = [];
    let affEntry: ISODate | null = null;
    let affOrientation: ISODate | null = null;

    for (const i of affIdx) {
      const a = data.affectations[i]!;
      affEntry ??= a.entryDate;
      affOrientation ??= a.orientationDate;
      if (a.exitDate !== null) candidates.push({ date: a.exitDate, origin: a.origin, source: 'affectations' });
      if (a.start !== null) {
        // An affectation carrying an exit ends on that day (not exited on it, not assigned after).
        const end = a.exitDate === null ? a.end : a.end === null ? a.exitDate : minDate(a.end, a.exitDate);
        if (end !== null && end < a.start) continue;
        datedStarts.push(a.start);
        assignments.push(span(a, a.start, end, i));
        if (a.veilleStart !== null) {
          veilleInputs.push({ start: a.veilleStart, end: a.veilleEnd ?? end, origin: a.origin });
        }
      } else if (a.month !== null) {
        monthly.push(i);
        if (a.status === 'sorti' && a.exitDate === null) {
          candidates.push({ date: addDays(firstDayOfMonth(a.month), -1), origin: a.origin, source: 'derived' });
        }
      }
    }
    for (const i of exitsByP.get(participant.key) ?? []) {
      const x = data.sorties[i]!;
      if (x.exitDate !== null) candidates.push({ date: x.exitDate, origin: x.origin, source: 'sorties' });
    }

    const { gaps, exitDate, exitOrigins } = resolveExits(participant, candidates, datedStarts, issues);
    const orientationDate = participant.orientationDate ?? affOrientation;
    const statedEntry = participant.entryDate ?? affEntry;

    // Monthly rows: the whole month, from the orientation (else entry) date, up to the exit.
    const clipFrom = orientationDate ?? statedEntry;
    const referentsByMonth = new Map<MonthKey, number[]>();
    for (const i of monthly) {
      const a = data.affectations[i]!;
      const month = a.month!;
      if (a.status === 'veille') {
        veilleInputs.push({ start: firstDayOfMonth(month), end: lastDayOfMonth(month), origin: a.origin });
      }
      if (a.status === 'sorti' && a.exitDate === null) continue;
      let start = firstDayOfMonth(month);
      let end = lastDayOfMonth(month);
      if (clipFrom !== null) start = maxDate(start, clipFrom);
      if (a.exitDate !== null) end = minDate(end, a.exitDate);
      if (start > end) continue;
      const clipped = clipToGaps(start, end, gaps);
      if (clipped === null) continue;
      assignments.push(span(a, clipped[0], clipped[1], i));
      if (a.veilleStart !== null) {
        veilleInputs.push({ start: a.veilleStart, end: a.veilleEnd ?? clipped[1], origin: a.origin });
      }
      pushIndex(referentsByMonth, month, i);
    }
    for (const [month, rows] of referentsByMonth) {
      const referents: string[] = [];
      for (const i of rows) {
        const r = data.affectations[i]!.referent;
        if (!referents.includes(r)) referents.push(r);
      }
      if (referents.length < 2) continue;
      const kept = data.affectations[rows[rows.length - 1]!]!.referent;
      issues.push({
        code: 'referents-multiples-mois',
        participant: participant.key,
        referent: kept,
        date: null,
        field: 'referent',
        column: null,
        args: { month, referents: referents.join(', '), kept, count: referents.length },
        evidence: rows.map((i) => data.affectations[i]!.origin),
        effect: 'kept',
      });
    }

    assignments.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : x.order - y.order));

    const spellInputs: SpanInput[] = [];
    for (const i of stepsByP.get(participant.key) ?? []) {
      const s = data.etapes[i]!;
      if (isEmploymentStep(s)) spellInputs.push({ start: s.start, end: s.end, origin: s.origin });
    }

    timelines.set(
      participant.key,
      new ParticipantTimeline({
        participant,
        entryDate: statedEntry ?? assignments[0]?.start ?? null,
        orientationDate,
        exitDate,
        exitOrigins,
        assignments,
        veille: mergeSpans(veilleInputs),
        employmentSpells: mergeSpans(spellInputs),
        gaps,
      }),
    );
  }
  return { timelines, issues };
}

function span(a: Affectation, start: ISODate, end: ISODate | null, order: number): AssignmentSpan {
  return { referent: a.referent, lot: a.lot, start, end, order, origin: a.origin };
}
