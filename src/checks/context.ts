/**
 * Read helpers over a CheckContext shared by the check kinds: per-participant indexes (built once
 * per Datasets object), display ids, the finding factory and the deterministic finding order.
 */
import type { ParticipantRows } from '../model/agenda-store.js';
import type {
  AgendaEvent,
  AssignmentSpan,
  Attendance,
  Datasets,
  EventKind,
  ISODate,
  Origin,
  Participant,
  Step,
  Timeline,
} from '../model/types.js';
import type { CheckContext, Finding } from './types.js';

interface Index {
  /** Agenda row indexes per participant, in date then file order. */
  eventRows: ParticipantRows;
  /**
   * The last participant's events, materialised: a check asks for the same participant several
   * times in a row, and keeping every participant's would hold the whole agenda as objects.
   */
  lastKey: string | null;
  lastEvents: readonly AgendaEvent[];
  stepsByParticipant: Map<string, Step[]>;
}

const indexes = new WeakMap<Datasets, Index>();
const EMPTY: readonly never[] = [];

const byDateThenOrigin = <T extends { origin: Origin }>(date: (x: T) => ISODate) => (a: T, b: T) =>
  cmpStr(date(a), date(b)) || compareOrigins(a.origin, b.origin);

function index(data: Datasets): Index {
  let ix = indexes.get(data);
  if (ix) return ix;
  const eventRows = data.agenda.rowsByParticipant();
  const stepsByParticipant = new Map<string, Step[]>();
  for (const s of data.etapes) {
    let list = stepsByParticipant.get(s.participantKey);
    if (!list) stepsByParticipant.set(s.participantKey, (list = []));
    list.push(s);
  }
  for (const list of stepsByParticipant.values()) list.sort(byDateThenOrigin((s: Step) => s.start));
  ix = { eventRows, lastKey: null, lastEvents: EMPTY, stepsByParticipant };
  indexes.set(data, ix);
  return ix;
}

/** The participant's agenda events, sorted by date then file order. */
export function eventsOf(ctx: CheckContext, participantKey: string): readonly AgendaEvent[] {
  const ix = index(ctx.data);
  if (ix.lastKey === participantKey) return ix.lastEvents;
  const rows = ix.eventRows.get(participantKey);
  const agenda = ctx.data.agenda;
  let events: readonly AgendaEvent[] = EMPTY;
  if (rows !== undefined) {
    // A plain loop: Array.from with a mapping callback over a typed array is several times slower.
    const list = new Array<AgendaEvent>(rows.length);
    for (let k = 0; k < rows.length; k++) list[k] = agenda.view(rows[k]!);
    events = list;
  }
  ix.lastKey = participantKey;
  ix.lastEvents = events;
  return events;
}

/** The participant's étapes, sorted by start then file order. */
export function stepsOf(ctx: CheckContext, participantKey: string): readonly Step[] {
  return index(ctx.data).stepsByParticipant.get(participantKey) ?? EMPTY;
}

/** Index of the first event dated on or after d in a date-sorted list (its length when none). */
export function firstOnOrAfter(events: readonly { date: ISODate }[], d: ISODate): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.date < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The map's timelines by participant key. The keys are the participants' keys: sorting them with
 * the built-in string order (code units, as cmpStr) spares a comparator call per comparison.
 */
function byKey(timelines: Map<string, Timeline>): Timeline[] {
  const keys: string[] = [];
  let sorted = true;
  for (const [k, tl] of timelines) {
    if (k !== tl.participant.key) return [...timelines.values()].sort((a, b) => cmpStr(a.participant.key, b.participant.key));
    if (sorted && keys.length > 0 && keys[keys.length - 1]! > k) sorted = false;
    keys.push(k);
  }
  // Exports listed by dossier number come in key order already: no sort to pay for then.
  if (sorted) return [...timelines.values()];
  keys.sort();
  return keys.map((k) => timelines.get(k)!);
}

const sortedCache = new WeakMap<Map<string, Timeline>, { size: number; list: readonly Timeline[] }>();

/**
 * Timelines in participant-key order (deterministic iteration). Sorted once per timelines map:
 * every check kind walks them, and sorting 50 000 keys each time cost more than some checks.
 * The size guards against a map grown after a first call (tests build contexts step by step).
 */
export function sortedTimelines(ctx: CheckContext): readonly Timeline[] {
  const cached = sortedCache.get(ctx.timelines);
  if (cached !== undefined && cached.size === ctx.timelines.size) return cached.list;
  const list = byKey(ctx.timelines);
  sortedCache.set(ctx.timelines, { size: ctx.timelines.size, list });
  return list;
}

/**
 * The agenda rows (indexes for `agenda.get`) whose kind and attendance pass `keep`, in row order.
 * Checks that read a few rows in a hundred (reviews, relances, congés) find them without
 * materialising the others: `keep` is asked once per (kind, attendance) pair, a few dozen, and
 * the rows are picked by the store's codes for both columns.
 */
export function agendaRowsWhere(data: Datasets, keep: (kind: EventKind, attendance: Attendance | null) => boolean): number[] {
  const agenda = data.agenda;
  const kinds = agenda.coded('kind');
  const attendances = agenda.coded('attendance');
  const width = attendances.values.length;
  const decision = new Uint8Array(kinds.values.length * width);
  kinds.values.forEach((kind, k) => attendances.values.forEach((attendance, a) => (decision[k * width + a] = keep(kind, attendance) ? 1 : 0)));
  const out: number[] = [];
  const kindCodes = kinds.codes;
  const attendanceCodes = attendances.codes;
  for (let i = 0; i < agenda.length; i++) if (decision[kindCodes[i]! * width + attendanceCodes[i]!] === 1) out.push(i);
  return out;
}

/** The id shown to users: the Viesion id, else the merge key. */
export function participantLabel(p: Participant): string {
  return p.id ?? p.key;
}

/** Display id of a row's participant (known participant → its label; else its raw id or null). */
export function rowParticipantLabel(
  ctx: CheckContext,
  row: { participantKey: string | null; participantId: string | null },
): string | null {
  if (row.participantKey !== null) {
    const p = ctx.data.participants.get(row.participantKey);
    if (p) return participantLabel(p);
  }
  return row.participantId ?? row.participantKey ?? null;
}

/** The affectation deciding a finding's référent on day d (rules.md §3), with its row. */
export function referentOn(tl: Timeline | undefined, d: ISODate): { referent: string | null; span: AssignmentSpan | null } {
  const span = tl?.assignmentOn(d) ?? null;
  return { referent: span?.referent ?? null, span };
}

export function inPeriod(ctx: CheckContext, d: ISODate): boolean {
  return ctx.period.start <= d && d <= ctx.period.end;
}

/** Dated in P and not after A. */
export function inPeriodUpToAsOf(ctx: CheckContext, d: ISODate): boolean {
  return ctx.period.start <= d && d <= ctx.period.end && d <= ctx.asOf;
}

/**
 * One string per period ('2019-03'): checks cut them from dates afresh, and a network's findings
 * would keep tens of thousands of copies of a dozen values.
 */
const PERIODS = new Map<string, string>();

function sharedPeriod(p: string | null): string | null {
  if (p === null) return null;
  const known = PERIODS.get(p);
  if (known !== undefined) return known;
  if (PERIODS.size < 10_000) PERIODS.set(p, p);
  return p;
}

/**
 * A finding with every field defaulted to null / empty: the fields `f` gives are kept as given
 * (undefined included), the others defaulted. Field by field rather than `{ ...defaults, ...f }`,
 * several times faster for the hundreds of thousands of findings of a network.
 */
export function makeFinding(f: Partial<Finding>): Finding {
  const out: Finding = {
    participant: f.participant !== undefined || 'participant' in f ? f.participant! : null,
    referent: f.referent !== undefined || 'referent' in f ? f.referent! : null,
    period: f.period !== undefined || 'period' in f ? sharedPeriod(f.period!) : null,
    date: f.date !== undefined || 'date' in f ? f.date! : null,
    milestone: f.milestone !== undefined || 'milestone' in f ? f.milestone! : null,
    expected: f.expected !== undefined || 'expected' in f ? f.expected! : null,
    actual: f.actual !== undefined || 'actual' in f ? f.actual! : null,
    // Kept to its exact length: a list grown by push holds 17 slots or more, and a network's
    // hundred thousand findings live until the report is written.
    evidence: f.evidence !== undefined || 'evidence' in f ? (Array.isArray(f.evidence) ? f.evidence.slice() : f.evidence!) : [],
    args: f.args !== undefined || 'args' in f ? f.args! : {},
  };
  if ('severity' in f) out.severity = f.severity;
  return out;
}

/** Origins in order of first appearance, duplicates removed. */
export function uniqueOrigins(origins: Iterable<Origin | null | undefined>): Origin[] {
  const out: Origin[] = [];
  // A finding cites a few rows: comparing them is cheaper than a key string per row.
  let seen: Set<string> | null = null;
  for (const o of origins) {
    if (!o) continue;
    if (seen === null) {
      if (out.some((x) => x.input === o.input && x.row === o.row)) continue;
      out.push(o);
      if (out.length >= 16) seen = new Set(out.map((x) => `${x.input}:${x.row}`));
      continue;
    }
    const k = `${o.input}:${o.row}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(o);
  }
  return out;
}

/**
 * The origins of several lists in file order, duplicates removed: uniqueOrigins of the sorted
 * concatenation, without a string key per origin (a network's file-active evidence is hundreds
 * of thousands of rows).
 */
export function sortedUniqueOrigins(lists: Iterable<readonly Origin[]>): Origin[] {
  const all: Origin[] = [];
  for (const list of lists) for (const o of list) all.push(o);
  all.sort(compareOrigins);
  const out: Origin[] = [];
  let prev: Origin | undefined;
  for (const o of all) {
    // Sorted: a duplicate follows its first occurrence.
    if (prev !== undefined && prev.input === o.input && prev.row === o.row) continue;
    out.push(o);
    prev = o;
  }
  return out;
}

export function compareOrigins(a: Origin, b: Origin): number {
  return a.input - b.input || a.row - b.row;
}

/** Code-point order: independent of the machine's locale. */
export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code-point order, null last. */
export function cmpNullLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmpStr(a, b);
}

function cmpNullable(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return cmpStr(a, b);
}

/** Findings order: référent, participant, period, date, milestone, then first evidence row. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmpNullable(a.referent, b.referent) ||
    cmpNullable(a.participant, b.participant) ||
    cmpNullable(a.period, b.period) ||
    cmpNullable(a.date, b.date) ||
    cmpNullable(a.milestone, b.milestone) ||
    compareOriginLists(a.evidence, b.evidence)
  );
}

function compareOriginLists(a: Origin[], b: Origin[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareOrigins(a[i]!, b[i]!);
    if (c) return c;
  }
  return a.length - b.length;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}

const normalized = new Map<string, string>();

/**
 * Référent names compared loosely (case, accents, spacing): config lines are typed by hand.
 * Memoised: a network has a few hundred référent spellings, asked about once per affectation
 * and month, and NFD normalisation is slow.
 */
export function normalizeName(s: string): string {
  let n = normalized.get(s);
  if (n === undefined) {
    n = s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim();
    // Free-text values (event subjects) go through here too: bound the memory.
    if (normalized.size >= 50_000) normalized.clear();
    normalized.set(s, n);
  }
  return n;
}
