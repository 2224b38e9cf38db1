/**
 * referent-activity (Lunel 2021 « animer des ateliers collectifs à raison d'un atelier à minima
 * tous les deux mois »): per référent and elapsed window inside P, the events they own matching
 * `match` must be ≥ min.
 *
 * Interpretation:
 * - The référents are those holding affectations (agenda-only names are psychologists,
 *   assistants… not référents de parcours). A référent is due for a window when they hold at
 *   least one affectation on every day of it (in post for the whole window: a référent arriving
 *   or leaving mid-window is not judged on it).
 * - An atelier with several participants is one agenda row per participant: events are counted
 *   once per (date, heure de début, objet). Ownership is the event's référent (compared without
 *   case/accents).
 */
import { z } from 'zod';
import { addDays } from '../model/dates.js';
import type { AgendaEvent, ISODate, Origin } from '../model/types.js';
import { compareOrigins, makeFinding, normalizeName, sortedTimelines, sortFindings, uniqueOrigins } from './context.js';
import { eventMatches, eventMatchFields } from './match.js';
import { eventMatch } from './params.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';
import { elapsedWindows } from './windows.js';

export const referentActivityParams = z
  .object({
    min: z.number().int().min(1),
    window: z.enum(['month', 'bimester', 'quarter', 'year']).default('bimester'),
    match: eventMatch,
  })
  .strict();
export type ReferentActivityParams = z.infer<typeof referentActivityParams>;

function needs(p: ReferentActivityParams): CheckNeeds {
  return { datasets: ['affectations', 'agenda'], fields: { agenda: eventMatchFields(p.match) } };
}

/** One collective session: the same référent, day, start time and subject (the agenda has one row per attendee). */
export function sessionKey(e: AgendaEvent): string {
  return [e.date, normalizeName(e.referent), e.startTime ?? '', e.subject === null ? '' : normalizeName(e.subject)].join('\u0000');
}

interface Held {
  date: ISODate;
  session: string;
  origin: Origin;
}

interface Post {
  referent: string;
  /** Merged days on which the référent holds at least one affectation. */
  spans: { start: ISODate; end: ISODate | null }[];
}

/** The référents of the affectations, each with the union of their assignment spans. */
function posts(ctx: CheckContext): Map<string, Post> {
  const raw = new Map<string, { referent: string; spans: { start: ISODate; end: ISODate | null }[] }>();
  for (const tl of sortedTimelines(ctx)) {
    for (const a of tl.assignments) {
      const k = normalizeName(a.referent);
      let r = raw.get(k);
      if (!r) raw.set(k, (r = { referent: a.referent, spans: [] }));
      r.spans.push({ start: a.start, end: a.end });
    }
  }
  for (const r of raw.values()) {
    const sorted = r.spans.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const merged: Post['spans'] = [];
    for (const s of sorted) {
      const cur = merged.at(-1);
      if (cur && (cur.end === null || s.start <= addDays(cur.end, 1))) {
        if (cur.end !== null) cur.end = s.end === null || s.end > cur.end ? s.end : cur.end;
      } else merged.push({ ...s });
    }
    r.spans = merged;
  }
  return raw;
}

function run(ctx: CheckContext, p: ReferentActivityParams): Finding[] {
  const windows = elapsedWindows(p.window, ctx.period, ctx.asOf);
  // What counting needs of each matching event, not the event: agenda rows are materialised on
  // reading, and a network's matching rows are too many to hold.
  const eventsByRef = new Map<string, Held[]>();
  ctx.data.agenda.forEach((e) => {
    if (!eventMatches(e, p.match)) return;
    const k = normalizeName(e.referent);
    let list = eventsByRef.get(k);
    if (!list) eventsByRef.set(k, (list = []));
    list.push({ date: e.date, session: sessionKey(e), origin: e.origin });
  });
  const findings: Finding[] = [];
  for (const [k, post] of posts(ctx)) {
    const events = eventsByRef.get(k) ?? [];
    for (const w of windows) {
      const inPost = post.spans.some((s) => s.start <= w.start && (s.end === null || s.end >= w.end));
      if (!inPost) continue;
      const counted = new Map<string, Held[]>();
      for (const e of events) {
        if (e.date < w.start || e.date > w.end) continue;
        let rows = counted.get(e.session);
        if (!rows) counted.set(e.session, (rows = []));
        rows.push(e);
      }
      if (counted.size >= p.min) continue;
      findings.push(
        makeFinding({
          referent: post.referent,
          period: w.period,
          expected: p.min,
          actual: counted.size,
          evidence: uniqueOrigins([...counted.values()].flat().map((e) => e.origin).sort(compareOrigins)),
          args: { window: p.window },
        }),
      );
    }
  }
  return sortFindings(findings);
}

export const referentActivity = defineCheck({
  kind: 'referent-activity',
  params: referentActivityParams,
  needs,
  run,
});
