/**
 * Read helpers over a CheckContext shared by the check kinds: per-participant indexes (built once
 * per Datasets object), display ids, the finding factory and the deterministic finding order.
 */
import type {
  AgendaEvent,
  AssignmentSpan,
  Datasets,
  ISODate,
  Origin,
  Participant,
  Step,
  Timeline,
} from '../model/types.js';
import type { CheckContext, Finding } from './types.js';

interface Index {
  eventsByParticipant: Map<string, AgendaEvent[]>;
  stepsByParticipant: Map<string, Step[]>;
}

const indexes = new WeakMap<Datasets, Index>();

const byDateThenOrigin = <T extends { origin: Origin }>(date: (x: T) => ISODate) => (a: T, b: T) =>
  cmpStr(date(a), date(b)) || compareOrigins(a.origin, b.origin);

function index(data: Datasets): Index {
  let ix = indexes.get(data);
  if (ix) return ix;
  const eventsByParticipant = new Map<string, AgendaEvent[]>();
  for (const e of data.agenda) {
    if (e.participantKey === null) continue;
    let list = eventsByParticipant.get(e.participantKey);
    if (!list) eventsByParticipant.set(e.participantKey, (list = []));
    list.push(e);
  }
  for (const list of eventsByParticipant.values()) list.sort(byDateThenOrigin((e: AgendaEvent) => e.date));
  const stepsByParticipant = new Map<string, Step[]>();
  for (const s of data.etapes) {
    let list = stepsByParticipant.get(s.participantKey);
    if (!list) stepsByParticipant.set(s.participantKey, (list = []));
    list.push(s);
  }
  for (const list of stepsByParticipant.values()) list.sort(byDateThenOrigin((s: Step) => s.start));
  ix = { eventsByParticipant, stepsByParticipant };
  indexes.set(data, ix);
  return ix;
}

const EMPTY: readonly never[] = [];

/** The participant's agenda events, sorted by date then file order. */
export function eventsOf(ctx: CheckContext, participantKey: string): readonly AgendaEvent[] {
  return index(ctx.data).eventsByParticipant.get(participantKey) ?? EMPTY;
}

/** The participant's étapes, sorted by start then file order. */
export function stepsOf(ctx: CheckContext, participantKey: string): readonly Step[] {
  return index(ctx.data).stepsByParticipant.get(participantKey) ?? EMPTY;
}

/** Timelines in participant-key order (deterministic iteration). */
export function sortedTimelines(ctx: CheckContext): Timeline[] {
  return [...ctx.timelines.values()].sort((a, b) => cmpStr(a.participant.key, b.participant.key));
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

/** A finding with every field defaulted to null / empty. */
export function makeFinding(f: Partial<Finding>): Finding {
  return {
    participant: null,
    referent: null,
    period: null,
    date: null,
    milestone: null,
    expected: null,
    actual: null,
    evidence: [],
    args: {},
    ...f,
  };
}

/** Origins in order of first appearance, duplicates removed. */
export function uniqueOrigins(origins: Iterable<Origin | null | undefined>): Origin[] {
  const seen = new Set<string>();
  const out: Origin[] = [];
  for (const o of origins) {
    if (!o) continue;
    const k = `${o.input}:${o.row}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(o);
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

/** Référent names compared loosely (case, accents, spacing): config lines are typed by hand. */
export function normalizeName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
