/**
 * file-active (rules.md §3 `file-active`): per elapsed month, the distinct participants active on
 * at least one day under an affectation to a référent must reach perEtp × ETP. Per configured
 * référent when the config gives référents' ETP (filtered to the audited lot), else one lot-level
 * figure against perEtp × the ruleset's ETP.
 *
 * Référents found in the data but absent from a non-empty config have no ETP, hence no target:
 * they are left out (the KPI command shows their figures).
 */
import { z } from 'zod';
import type { AssignmentSpan, ISODate, Origin, Timeline } from '../model/types.js';
import { makeFinding, normalizeName, sortedTimelines, sortFindings } from './context.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding, type ReferentConfig } from './types.js';
import { elapsedWindows, type Window } from './windows.js';

export const fileActiveParams = z
  .object({
    perEtp: z.number().positive(),
    /** The lot's ETP, used when the config gives no référent ETP. */
    etp: z.number().positive().optional(),
    excludeVeille: z.boolean().default(true),
    /**
     * A fixed monthly target for the whole lot, when the cahier sets one figure for a pool
     * (Lunel 2018/2019 lot2: 80 participants for the CIP + psychologue together).
     */
    total: z.number().positive().optional(),
  })
  .strict();
export type FileActiveParams = z.infer<typeof fileActiveParams>;

function needs(p: FileActiveParams): CheckNeeds {
  return { datasets: ['affectations'], config: p.etp === undefined && p.total === undefined ? ['referents'] : [] };
}

/** Référent lines of the config that belong to the audited lot (a line without lot belongs to all). */
export function lotReferents(ctx: CheckContext): ReferentConfig[] {
  return ctx.config.referents.filter((r) => ctx.lot === null || r.lot == null || r.lot === ctx.lot);
}

/** perEtp × ETP without floating noise (80 × 0.7 must not fall short of an exact count by 1e-14). */
export function etpTarget(perEtp: number, etp: number): number {
  return Math.round(perEtp * etp * 1e9) / 1e9;
}

/** Why a per-ETP rule cannot run (file-active, caseload-max, count-target per ETP). */
export const NO_ETP_REASON = 'ETP des référents non configuré et ETP du lot absent de la règle';

function skipReason(ctx: CheckContext, p: FileActiveParams): string | null {
  if (lotReferents(ctx).length === 0 && p.etp === undefined && p.total === undefined) return NO_ETP_REASON;
  return null;
}

/**
 * The affectations under which a participant counts on at least one day of [start, end]: assigned
 * through it and not exited, and, with `excludeVeille`, not en veille. The file active of a
 * window (excludeVeille as the rule says) and the participants accompanied (veille included:
 * a participant en veille is still accompanied) are both read here, so that `check` and `kpi`
 * never disagree.
 */
export function countedSpans(tl: Timeline, start: ISODate, end: ISODate, excludeVeille: boolean): AssignmentSpan[] {
  const out: AssignmentSpan[] = [];
  for (const s of tl.assignments) if (spanCounts(tl, s, start, end, excludeVeille)) out.push(s);
  return out;
}

/** Whether the participant counts under affectation `s` on some day of [start, end] (countedSpans). */
export function spanCounts(tl: Timeline, s: AssignmentSpan, start: ISODate, end: ISODate, excludeVeille: boolean): boolean {
  const lo = s.start > start ? s.start : start;
  const hi = s.end !== null && s.end < end ? s.end : end;
  return lo <= hi && tl.someDayNotExited(lo, hi, excludeVeille);
}

/** The file active of one window and bucket. */
export interface TallyCell {
  /** Distinct participants counted. */
  participants: number;
  /** The affectation rows they count through, in file order, each once: a finding's evidence. */
  origins: Origin[];
  /** The last participant counted (timelines come in key order): counts each participant once. */
  lastKey: string | null;
}

/** Per window: bucket (normalised référent, or '' for the lot) → its cell. */
export type FileActiveTally = Map<string, Map<string, TallyCell>>;

/** An origin as one number in file order (input, then row). */
const fileOrder = (o: Origin): number => o.input * 2 ** 32 + o.row;
const byFileOrder = (a: Origin, b: Origin): number => fileOrder(a) - fileOrder(b);

/**
 * The file active of each window, per configured référent of `refs` (a participant reassigned
 * mid-window counts with both; référents absent from a non-empty config are left out), or for the
 * whole lot when `refs` is empty.
 *
 * A network is 50 000 participants × 12 months × a few hundred référents: participants are
 * counted in one pass over the affectations, each cell listing its rows as they come, then each
 * cell's rows are put in file order. (A list of every counted row with its cells, sorted once for
 * all cells, made 100 000 short-lived objects that outlived the young generation: ~20 MB of the
 * million-row audit's memory peak.)
 */
export function fileActiveTally(ctx: CheckContext, windows: readonly Window[], refs: readonly ReferentConfig[], excludeVeille: boolean): FileActiveTally {
  const byName = new Set(refs.map((r) => normalizeName(r.name)));
  const perReferent = refs.length > 0;
  const tally: FileActiveTally = new Map();
  for (const w of windows) tally.set(w.period, new Map());
  // Windows of the same period share their cells, as they share the tally entry.
  const slot = windows.map((w) => windows.findIndex((x) => x.period === w.period));
  const cellsByBucket = new Map<string, (TallyCell | undefined)[]>();
  const cells: TallyCell[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const key = tl.participant.key;
    for (const span of tl.assignments) {
      const bucket = perReferent ? normalizeName(span.referent) : '';
      if (perReferent && !byName.has(bucket)) continue;
      let row = cellsByBucket.get(bucket);
      if (!row) cellsByBucket.set(bucket, (row = []));
      for (let i = 0; i < windows.length; i++) {
        const w = windows[i]!;
        if (!spanCounts(tl, span, w.start, w.end, excludeVeille)) continue;
        let cell = row[slot[i]!];
        if (!cell) {
          row[slot[i]!] = cell = { participants: 0, origins: [], lastKey: null };
          tally.get(w.period)!.set(bucket, cell);
          cells.push(cell);
        }
        if (cell.lastKey !== key) {
          cell.participants++;
          cell.lastKey = key;
        }
        const origins = cell.origins;
        if (origins[origins.length - 1] !== span.origin) origins.push(span.origin);
      }
    }
  }
  for (const cell of cells) cell.origins = inFileOrder(cell.origins);
  return tally;
}

/** Origins sorted in file order, a row listed once (two spans of one row name it twice). */
function inFileOrder(origins: Origin[]): Origin[] {
  origins.sort(byFileOrder);
  let n = 0;
  for (let i = 0; i < origins.length; i++) {
    const o = origins[i]!;
    if (n > 0 && fileOrder(origins[n - 1]!) === fileOrder(o)) continue;
    origins[n++] = o;
  }
  origins.length = n;
  return origins;
}

export interface EtpLine {
  /** Tally bucket: normalised référent, or '' for the lot. */
  bucket: string;
  referent: string | null;
  etp: number;
  source: 'config' | 'lot';
}

/** One line per configured référent of the lot, else one lot line with the rule's ETP. */
export function etpLines(refs: readonly ReferentConfig[], lotEtp: number): EtpLine[] {
  return refs.length > 0
    ? refs.map((r) => ({ bucket: normalizeName(r.name), referent: r.name, etp: r.etp, source: 'config' as const }))
    : [{ bucket: '', referent: null, etp: lotEtp, source: 'lot' as const }];
}

function run(ctx: CheckContext, p: FileActiveParams): Finding[] {
  const months = elapsedWindows('month', ctx.period, ctx.asOf);
  const refs = lotReferents(ctx);
  const tally = fileActiveTally(ctx, months, refs, p.excludeVeille);
  const findings: Finding[] = [];
  const lines = etpLines(refs, p.etp ?? 0);
  for (const m of months) {
    const buckets = tally.get(m.period)!;
    for (const line of lines) {
      const cell = buckets.get(line.bucket);
      const actual = cell?.participants ?? 0;
      const goal = line.source === 'lot' && p.total !== undefined ? p.total : etpTarget(p.perEtp, line.etp);
      if (actual >= goal) continue;
      findings.push(
        makeFinding({
          referent: line.referent,
          period: m.period,
          expected: goal,
          actual,
          evidence: cell ? cell.origins : [],
          args: { perEtp: p.perEtp, etp: line.etp, etpSource: line.source, excludeVeille: p.excludeVeille },
        }),
      );
    }
  }
  return sortFindings(findings);
}

export const fileActive = defineCheck({
  kind: 'file-active',
  params: fileActiveParams,
  needs,
  skipReason,
  run,
});
