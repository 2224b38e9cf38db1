/**
 * The cahiers' quantitative criteria (docs/kpi.md): pure computation over a CheckContext.
 *
 * Every KPI is built from "facts" (a participant, an event, a step, an exit…) that carry the
 * month, référent and lot they count for; a figure is an aggregate of the facts of one split.
 * L = min(A, P.end): figures are « arrêtés » at L and cover [P.start, L].
 */
import { isAttended } from '../checks/match.js';
import { cmpNullLast, cmpStr, eventsOf, normalizeName, sortedTimelines, stepsOf } from '../checks/context.js';
import { countedSpans } from '../checks/file-active.js';
import { sessionKey } from '../checks/referent-activity.js';
import type { CheckContext } from '../checks/types.js';
import { judgedEnd, stepCovers, stepTookPlace } from '../checks/windows.js';
import { daysBetween, firstDayOfMonth, lastDayOfMonth, monthOf, monthsBetween } from '../model/dates.js';
import { isEmploymentStep } from '../model/timeline.js';
import type { DatasetName, ISODate, MonthKey, Timeline } from '../model/types.js';
import { appliesTo, KPI_CATALOGUE, kpiDef } from './catalogue.js';
import { ageAtEntry, ageBand, exitsOf, indexExits, lastAccompaniedDay } from './facts.js';
import {
  countLotTarget,
  configuredReferent,
  countReferentTarget,
  fileActiveLotTarget,
  fileActiveReferentTarget,
  lotEtp,
  rateDenominator,
  rateTargetPct,
  readTargets,
  type Targets,
} from './targets.js';
import type { Kpi, KpiBy, KpiOptions, KpiRuleset } from './types.js';

/**
 * Issue #4 defines the file-active figure exactly: active = assigned, not exited and not en veille,
 * whatever the cahier's own rule counts (Lunel 2018 and Dijon count veille for their check).
 */
const FILE_ACTIVE_EXCLUDES_VEILLE = true;

/** One counted thing. `ref` is a normalised référent name (display names are kept aside). */
interface Fact {
  key: string;
  month: MonthKey | null;
  ref: string | null;
  lot: string | null;
  value?: number;
}

type Parts = readonly (readonly Fact[])[];

interface Spec {
  id: string;
  category?: string | null;
  /** The fact lists the figure is computed from. */
  sources: readonly Fact[][];
  /** Fact lists for the monthly split (--by month); absent: the figure has no monthly series. */
  monthly?: readonly Fact[][];
  /** A monthly measure (file active): always per month, crossed with --by referent / lot. */
  perMonthOnly?: boolean;
  /** Datasets without which the figure is unknown (null), not zero. */
  needs?: DatasetName[];
  agg(parts: Parts, by: KpiBy): number | null;
  target(by: KpiBy): number | null;
}

/** Mean days → months: an average month of the Gregorian calendar. */
export const DAYS_PER_MONTH = 365.25 / 12;

const distinct = (facts: readonly Fact[]) => new Set(facts.map((f) => f.key)).size;
const ratio = (num: number, den: number, decimals: number): number | null => {
  if (den === 0) return null;
  const k = 10 ** decimals;
  return Math.round((num * k) / den) / k;
};

export function computeKpis(ctx: CheckContext, ruleset: KpiRuleset, opts: KpiOptions = {}): Kpi[] {
  const by = opts.by;
  const t = readTargets(ctx, ruleset);
  const start = ctx.period.start;
  const last = judgedEnd(ctx.period, ctx.asOf);
  const inR = (d: ISODate) => start <= d && d <= last;
  const months: MonthKey[] = last < start ? [] : monthsBetween(start, last);
  const monthBounds = (m: MonthKey): [ISODate, ISODate] => {
    const a = firstDayOfMonth(m);
    const b = lastDayOfMonth(m);
    return [a < start ? start : a, b > last ? last : b];
  };

  // Référents: grouped by normalised name, shown under their configured name, else as first met.
  const display = new Map<string, string>();
  for (const r of t.referents.values()) display.set(normalizeName(r.name), r.name);
  const refKey = (raw: string | null | undefined): string | null => {
    if (!raw || !raw.trim()) return null;
    const k = normalizeName(raw);
    if (!display.has(k)) display.set(k, raw.trim());
    return k;
  };
  const configuredLot = (raw: string): string | null | undefined => t.referents.get(normalizeName(raw))?.lot;
  const timelines = sortedTimelines(ctx);

  // ── Accompaniment: assigned and not exited on ≥ 1 day of [P.start, L].
  const accompanied = new Map<string, Fact>();
  const accompaniedMonthly: Fact[] = [];
  const fileActive: Fact[] = [];
  for (const tl of timelines) {
    const key = tl.participant.key;
    const day = lastAccompaniedDay(ctx, tl, last);
    if (day !== null) {
      const span = tl.assignmentOn(day);
      accompanied.set(key, { key, month: null, ref: refKey(span?.referent), lot: span?.lot ?? ctx.lot });
    }
    for (const m of months) {
      const [a, b] = monthBounds(m);
      // The definitions of the checks: file-active per month, count-target's accompaniment.
      for (const s of countedSpans(tl, a, b, FILE_ACTIVE_EXCLUDES_VEILLE)) fileActive.push({ key, month: m, ref: refKey(s.referent), lot: s.lot ?? ctx.lot });
      if (countedSpans(tl, a, b, false).length > 0) accompaniedMonthly.push({ key, month: m, ref: null, lot: null });
    }
  }
  const accompaniedFacts = [...accompanied.values()];
  /** Référent and lot a participant-level figure counts for: those of its accompaniment. */
  const attribution = (tl: Timeline): { ref: string | null; lot: string | null } => {
    const f = accompanied.get(tl.participant.key);
    if (f) return { ref: f.ref, lot: f.lot };
    const span = tl.assignmentOn(last);
    return { ref: refKey(span?.referent), lot: span?.lot ?? ctx.lot };
  };
  /** The finding convention (rules.md §3), and the first affectation for a day before any. */
  const on = (tl: Timeline | undefined, d: ISODate) => {
    const span = tl ? (tl.assignmentOn(d) ?? tl.assignments[0] ?? null) : null;
    return { ref: refKey(span?.referent), lot: span?.lot ?? ctx.lot };
  };

  // ── Entries and exits.
  const entrees: Fact[] = [];
  const exits: (Fact & { positive: boolean; participant: string; date: ISODate })[] = [];
  const exitIndex = indexExits(ctx);
  const exitedInR = new Set<string>();
  const durationsOut: Fact[] = [];
  for (const tl of timelines) {
    const key = tl.participant.key;
    const e = tl.entryDate;
    if (e !== null && inR(e)) entrees.push({ key, month: monthOf(e), ...on(tl, e) });
    for (const x of exitsOf(tl, exitIndex)) {
      if (!inR(x.date)) continue;
      exitedInR.add(key);
      const fact = { key: `${key}|${x.date}`, month: monthOf(x.date), ...on(tl, x.date) };
      exits.push({ ...fact, positive: x.type === 'positive', participant: key, date: x.date });
      if (e !== null && e <= x.date) durationsOut.push({ ...fact, value: daysBetween(e, x.date) });
    }
  }
  const durationsOngoing: Fact[] = [];
  for (const tl of timelines) {
    const f = accompanied.get(tl.participant.key);
    const e = tl.entryDate;
    if (!f || exitedInR.has(tl.participant.key) || e === null || e > last) continue;
    durationsOngoing.push({ ...f, value: daysBetween(e, last) });
  }
  const positives = exits.filter((x) => x.positive);
  const others = exits.filter((x) => !x.positive);

  // ── Agenda: entretiens, ateliers.
  const entretiens: Fact[] = [];
  const participations: Fact[] = [];
  const sessions = new Map<string, Fact & { held: boolean }>();
  const ateliersPeople = new Set<string>();
  ctx.data.agenda.forEach((ev, i) => {
    if (!inR(ev.date)) return;
    const tl = ev.participantKey !== null ? ctx.timelines.get(ev.participantKey) : undefined;
    const lot = () => tl?.assignmentOn(ev.date)?.lot ?? configuredLot(ev.referent) ?? ctx.lot;
    if (ev.kind === 'entretien' && isAttended(ev)) {
      entretiens.push({ key: String(i), month: monthOf(ev.date), ref: refKey(ev.referent), lot: lot() });
    }
    if (ev.kind !== 'atelier') return;
    if (ev.participantKey !== null && isAttended(ev)) {
      participations.push({ key: String(i), month: monthOf(ev.date), ref: refKey(ev.referent), lot: lot() });
      ateliersPeople.add(ev.participantKey);
    }
    const session = sessionKey(ev);
    const s = sessions.get(session);
    if (!s) sessions.set(session, { key: session, month: monthOf(ev.date), ref: refKey(ev.referent), lot: lot(), held: isAttended(ev) });
    else s.held ||= isAttended(ev);
  });
  const ateliersHeld = [...sessions.values()].filter((s) => s.held);

  // ── Étapes: positionnements, mises en emploi, ateliers as étapes.
  const steps: (Fact & { plie: boolean | null })[] = [];
  const jobs: Fact[] = [];
  const clauseJobs: Fact[] = [];
  for (const s of ctx.data.etapes) {
    const tl = ctx.timelines.get(s.participantKey);
    if (s.category === 'atelier' && stepTookPlace(s) && s.start <= last && (s.end === null || s.end >= start)) {
      ateliersPeople.add(s.participantKey);
    }
    if (!inR(s.start)) continue;
    const where = on(tl, s.start);
    steps.push({ key: `${s.origin.input}:${s.origin.row}`, month: monthOf(s.start), ...where, plie: s.plie });
    if (isEmploymentStep(s)) {
      const fact = { key: s.participantKey, month: monthOf(s.start), ...where };
      jobs.push(fact);
      if (s.clause === true) clauseJobs.push(fact);
    }
  }
  const ateliersParticipants: Fact[] = timelines
    .filter((tl) => ateliersPeople.has(tl.participant.key))
    .map((tl) => ({ key: tl.participant.key, month: null, ...attribution(tl) }));

  // ── Contacts while in employment or training before a positive exit.
  const contacts: Fact[] = [];
  for (const x of positives) {
    const tl = ctx.timelines.get(x.participant);
    if (!tl) continue;
    const trainings = stepsOf(ctx, x.participant).filter((s) => s.category === 'formation' && stepTookPlace(s));
    for (const ev of eventsOf(ctx, x.participant)) {
      if (ev.date < start || ev.date > x.date) continue;
      if ((ev.kind !== 'entretien' && ev.kind !== 'contact') || !isAttended(ev)) continue;
      if (!tl.isEmployed(ev.date) && !trainings.some((s) => stepCovers(s, ev.date))) continue;
      const lot = tl.assignmentOn(ev.date)?.lot ?? ctx.lot;
      contacts.push({ key: `${ev.origin.input}:${ev.origin.row}`, month: monthOf(ev.date), ref: refKey(ev.referent), lot });
    }
  }

  // ── Typologie of the participants accompanied.
  const typo = (pred: (tl: Timeline) => boolean): Fact[] =>
    timelines.filter((tl) => accompanied.has(tl.participant.key) && pred(tl)).map((tl) => accompanied.get(tl.participant.key)!);
  const brsaCer = typo((tl) => tl.participant.brsa === true && tl.participant.cer === true);
  const band = (tl: Timeline) => {
    const age = ageAtEntry(tl);
    return age === null ? null : ageBand(age);
  };
  const place = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);
  const accompaniedTl = timelines.filter((tl) => accompanied.has(tl.participant.key));
  const geoField = accompaniedTl.some((tl) => place(tl.participant.epci) !== null)
    ? 'epci'
    : accompaniedTl.some((tl) => place(tl.participant.commune) !== null)
      ? 'commune'
      : null;

  // ── Targets by split.
  const isLot = (b: KpiBy) => 'lot' in b && b.lot === ctx.lot;
  const countTarget = (p: Targets['participants']) => (b: KpiBy) => {
    if (b.month !== undefined) return null;
    if ('referent' in b) return countReferentTarget(t, p, b.referent ?? null);
    if ('lot' in b && !isLot(b)) return null;
    return countLotTarget(t, p);
  };
  const none = () => null;
  const faTarget = (b: KpiBy) => {
    if ('referent' in b) return fileActiveReferentTarget(t, b.referent ?? null);
    if ('lot' in b && !isLot(b)) return null;
    return fileActiveLotTarget(t);
  };
  const perEtpOf = (b: KpiBy): number | null => {
    if ('referent' in b) return configuredReferent(t, b.referent ?? null)?.etp ?? null;
    if ('lot' in b && !isLot(b)) return null;
    return lotEtp(t, t.entrees);
  };
  const rateTarget = (b: KpiBy) => (b.month !== undefined ? null : rateTargetPct(t));

  // ── Aggregates.
  const count = (p: Parts) => distinct(p[0]!);
  const rows = (p: Parts) => p[0]!.length;
  const perParticipant = (p: Parts) => ratio(p[0]!.length, distinct(p[1]!), 2);
  const meanDays = (p: Parts) => ratio(sum(p[0]!), p[0]!.length, 1);
  const meanMonths = (p: Parts) => ratio(sum(p[0]!), p[0]!.length * DAYS_PER_MONTH, 1);
  const monthlyMean = (p: Parts) => {
    if (months.length === 0) return null;
    const perMonth = new Map<MonthKey, Set<string>>();
    for (const f of p[0]!) {
      let set = perMonth.get(f.month!);
      if (!set) perMonth.set(f.month!, (set = new Set()));
      set.add(f.key);
    }
    let total = 0;
    for (const s of perMonth.values()) total += s.size;
    return ratio(total, months.length, 1);
  };

  const specs: Spec[] = [
    { id: 'file-active', sources: [fileActive], perMonthOnly: true, needs: ['affectations'], agg: count, target: faTarget },
    { id: 'file-active-moyenne', sources: [fileActive], needs: ['affectations'], agg: monthlyMean, target: faTarget },
    {
      id: 'participants-accompagnes', sources: [accompaniedFacts], monthly: [accompaniedMonthly], needs: ['affectations'],
      agg: count, target: countTarget(t.participants),
    },
    { id: 'participants-brsa-cer', sources: [brsaCer], needs: ['affectations'], agg: count, target: countTarget(t.brsaCer) },
    { id: 'cerp-rediges', sources: [brsaCer], needs: ['affectations'], agg: count, target: countTarget(t.brsaCer) },
    { id: 'entrees', sources: [entrees], monthly: [entrees], agg: count, target: countTarget(t.entrees) },
    {
      id: 'entrees-par-etp', sources: [entrees],
      agg: (p, b) => {
        const etp = perEtpOf(b);
        return etp === null ? null : ratio(distinct(p[0]!), etp, 2);
      },
      target: (b) => (t.entrees?.perEtp && b.month === undefined ? t.entrees.target : null),
    },
    { id: 'positionnements-etapes', sources: [steps], monthly: [steps], needs: ['etapes'], agg: rows, target: none },
    ...([['plie', true], ['droit-commun', false], ['non-renseigne', null]] as const).map(([suffix, plie]): Spec => {
      const sel = steps.filter((s) => s.plie === plie);
      return { id: `positionnements-etapes-${suffix}`, sources: [sel], monthly: [sel], needs: ['etapes'], agg: rows, target: none };
    }),
    { id: 'etapes-par-participant', sources: [steps, accompaniedFacts], needs: ['etapes'], agg: perParticipant, target: none },
    { id: 'entretiens', sources: [entretiens], monthly: [entretiens], needs: ['agenda'], agg: rows, target: none },
    { id: 'entretiens-par-participant', sources: [entretiens, accompaniedFacts], needs: ['agenda'], agg: perParticipant, target: none },
    { id: 'participations-ateliers', sources: [participations], monthly: [participations], needs: ['agenda'], agg: rows, target: none },
    { id: 'ateliers-animes', sources: [ateliersHeld], monthly: [ateliersHeld], needs: ['agenda'], agg: rows, target: none },
    { id: 'participants-ateliers', sources: [ateliersParticipants], agg: count, target: none },
    { id: 'mises-en-emploi', sources: [jobs], monthly: [jobs], needs: ['etapes'], agg: count, target: none },
    { id: 'mises-en-emploi-clauses', sources: [clauseJobs], monthly: [clauseJobs], needs: ['etapes'], agg: count, target: none },
    { id: 'sorties', sources: [exits], monthly: [exits], agg: count, target: none },
    { id: 'sorties-positives', sources: [positives], monthly: [positives], agg: count, target: none },
    { id: 'sorties-autres', sources: [others], monthly: [others], agg: count, target: none },
    rateDenominator(t) === 'participants-accompagnes'
      ? {
          // « du nombre total de participants »: positive exits of the participants accompanied.
          id: 'taux-sorties-positives',
          sources: [positives.filter((x) => accompanied.has(x.participant)), accompaniedFacts],
          agg: (p) => ratio(distinct(p[0]!) * 100, distinct(p[1]!), 1),
          target: rateTarget,
        }
      : {
          id: 'taux-sorties-positives',
          sources: [positives, exits],
          agg: (p) => ratio(distinct(p[0]!) * 100, distinct(p[1]!), 1),
          target: rateTarget,
        },
    { id: 'contacts-emploi-avant-sortie-positive', sources: [contacts], needs: ['agenda', 'etapes'], agg: count, target: none },
    { id: 'duree-moyenne-parcours-sortis', sources: [durationsOut], agg: meanDays, target: none },
    { id: 'duree-moyenne-parcours-sortis-mois', sources: [durationsOut], agg: meanMonths, target: none },
    { id: 'duree-moyenne-parcours-en-cours', sources: [durationsOngoing], agg: meanDays, target: none },
    { id: 'duree-moyenne-parcours-en-cours-mois', sources: [durationsOngoing], agg: meanMonths, target: none },
    ...typologie(),
  ];

  function typologie(): Spec[] {
    const spec = (id: string, facts: Fact[], category?: string | null): Spec => ({
      id, sources: [facts], needs: ['affectations'], agg: count, target: none, ...(category !== undefined ? { category } : {}),
    });
    const out: Spec[] = [
      spec('typologie-sexe-femmes', typo((tl) => tl.participant.sex === 'F')),
      spec('typologie-sexe-hommes', typo((tl) => tl.participant.sex === 'M')),
      spec('typologie-sexe-non-renseigne', typo((tl) => tl.participant.sex !== 'F' && tl.participant.sex !== 'M')),
      spec('typologie-age-moins-26', typo((tl) => band(tl) === 'moins-26')),
      spec('typologie-age-26-44', typo((tl) => band(tl) === '26-44')),
      spec('typologie-age-45-54', typo((tl) => band(tl) === '45-54')),
      spec('typologie-age-55-plus', typo((tl) => band(tl) === '55-plus')),
      spec('typologie-age-non-renseigne', typo((tl) => band(tl) === null)),
    ];
    if (geoField !== null) {
      const valueOf = (tl: Timeline) => place(tl.participant[geoField]);
      const values = [...new Set(accompaniedTl.map(valueOf))].sort(cmpNullLast);
      for (const v of values) out.push(spec(`typologie-${geoField}`, typo((tl) => valueOf(tl) === v), v));
    }
    out.push(
      spec('typologie-brsa', typo((tl) => tl.participant.brsa === true)),
      spec('typologie-deld', typo((tl) => tl.participant.deld === true)),
      spec('typologie-th', typo((tl) => tl.participant.th === true)),
      spec('typologie-qpv', typo((tl) => tl.participant.qpv === true)),
    );
    return out;
  }

  const wanted = new Set(KPI_CATALOGUE.filter((d) => appliesTo(d, ruleset.cahier)).map((d) => d.id));
  const active = specs.filter((s) => wanted.has(s.id));

  // Split universes: every référent / lot a counted fact names, plus the configured référents.
  const refs = new Set<string | null>(display.keys());
  const lots = new Set<string | null>(ctx.lot !== null ? [ctx.lot] : []);
  for (const s of active) {
    for (const src of s.sources) {
      for (const f of src) {
        if (f.ref === null) refs.add(null);
        lots.add(f.lot);
      }
    }
  }
  const refList = [...refs].sort(cmpNullLast);
  const lotList = [...lots].sort(cmpNullLast);

  const out: Kpi[] = [];
  for (const s of active) {
    const unit = kpiDef(s.id).unit;
    const missing = (s.needs ?? []).some((d) => !ctx.data.present.has(d));
    const emit = (b: KpiBy, parts: Parts) => {
      out.push({
        id: s.id,
        value: missing ? null : s.agg(parts, b),
        target: s.target(b),
        unit,
        by: b,
        ...(s.category !== undefined ? { category: s.category } : {}),
      });
    };
    const select = (sources: readonly Fact[][], pred: (f: Fact) => boolean): Parts => sources.map((src) => src.filter(pred));
    const dims: { b: (v: string | null) => KpiBy; values: (string | null)[]; of: (f: Fact) => string | null } | null =
      by === 'referent'
        ? { b: (v) => ({ referent: v === null ? null : display.get(v)! }), values: refList, of: (f) => f.ref }
        : by === 'lot'
          ? { b: (v) => ({ lot: v }), values: lotList, of: (f) => f.lot }
          : null;
    if (s.perMonthOnly) {
      for (const m of months) {
        const mine = select(s.sources, (f) => f.month === m);
        emit({ month: m }, mine);
        if (dims) for (const v of dims.values) emit({ month: m, ...dims.b(v) }, select(mine as Fact[][], (f) => dims.of(f) === v));
      }
      continue;
    }
    emit({}, s.sources);
    if (by === 'month' && s.monthly) {
      for (const m of months) emit({ month: m }, select(s.monthly, (f) => f.month === m));
    }
    if (dims) {
      for (const v of dims.values) {
        // A per-participant ratio splits its denominator (the participants accompanied) too.
        emit(dims.b(v), select(s.sources, (f) => dims.of(f) === v));
      }
    }
  }
  return out;
}

function sum(facts: readonly Fact[]): number {
  let s = 0;
  for (const f of facts) s += f.value ?? 0;
  return s;
}
