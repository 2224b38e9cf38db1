/**
 * The cahiers' quantitative criteria (docs/kpi.md): pure computation over a CheckContext.
 *
 * Every KPI is built from "facts" (a participant, an event, a step, an exit…) that carry the
 * month, référent and lot they count for; a figure is an aggregate of the facts of one split.
 * L = min(A, P.end): figures are « arrêtés » at L and cover [P.start, L].
 */
import { isAttended } from '../checks/match.js';
import { cmpNullLast, eventsOf, normalizeName, sortedTimelines, stepsOf } from '../checks/context.js';
import { spanCounts } from '../checks/file-active.js';
import { sessionKey } from '../checks/referent-activity.js';
import type { CheckContext } from '../checks/types.js';
import { judgedEnd, stepCovers, stepTookPlace } from '../checks/windows.js';
import { daysBetween, firstDayOfMonth, lastDayOfMonth, monthOf, monthsBetween } from '../model/dates.js';
import { isEmploymentStep } from '../model/timeline.js';
import type { DatasetName, ISODate, MonthKey, Timeline } from '../model/types.js';
import { appliesTo, KPI_CATALOGUE, kpiDef } from './catalogue.js';
import { ageAtEntry, ageBand, exitsOf, indexExits, lastAccompaniedDay, type AgeBand } from './facts.js';
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

/**
 * Fact lists known to name each key once (one fact per participant): their distinct count is their
 * length. Counting keys through a Set was a large share of the command's work on a network (the
 * typologie's 20 figures × the référents).
 */
const UNIQUE_KEYS = new WeakSet<readonly Fact[]>();
function uniqueKeys<T extends readonly Fact[]>(facts: T): T {
  UNIQUE_KEYS.add(facts);
  return facts;
}

/**
 * Fact lists where the facts of one key are contiguous (filled participant by participant): their
 * distinct count is their number of runs.
 */
const KEY_RUNS = new WeakSet<readonly Fact[]>();
function keyRuns<T extends readonly Fact[]>(facts: T): T {
  KEY_RUNS.add(facts);
  return facts;
}

function distinct(facts: readonly Fact[]): number {
  if (UNIQUE_KEYS.has(facts)) return facts.length;
  if (KEY_RUNS.has(facts)) {
    let n = 0;
    let last: string | undefined;
    for (const f of facts) {
      if (f.key === last) continue;
      n++;
      last = f.key;
    }
    return n;
  }
  const keys = new Set<string>();
  for (const f of facts) keys.add(f.key);
  return keys.size;
}
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
  // Asked for every fact (a million on a network): one lookup per spelling already met.
  const refKeys = new Map<string, string | null>();
  const refKey = (raw: string | null | undefined): string | null => {
    if (!raw) return null;
    let k = refKeys.get(raw);
    if (k !== undefined) return k;
    k = raw.trim() ? normalizeName(raw) : null;
    if (k !== null && !display.has(k)) display.set(k, raw.trim());
    refKeys.set(raw, k);
    return k;
  };
  const lotsByReferent = new Map<string, string | null | undefined>();
  const configuredLot = (raw: string): string | null | undefined => {
    if (lotsByReferent.has(raw)) return lotsByReferent.get(raw);
    const lot = t.referents.get(normalizeName(raw))?.lot;
    lotsByReferent.set(raw, lot);
    return lot;
  };
  const timelines = sortedTimelines(ctx);
  const bounds = months.map(monthBounds);
  const split = splitter();

  // ── Accompaniment: assigned and not exited on ≥ 1 day of [P.start, L].
  const accompanied = new Map<string, Fact>();
  // Filled participant by participant: each key's facts are contiguous (keyRuns).
  const accompaniedMonthly: Fact[] = keyRuns([]);
  const fileActive: Fact[] = keyRuns([]);
  for (const tl of timelines) {
    const key = tl.participant.key;
    const day = lastAccompaniedDay(ctx, tl, last);
    if (day !== null) {
      const span = tl.assignmentOn(day);
      accompanied.set(key, { key, month: null, ref: refKey(span?.referent), lot: span?.lot ?? ctx.lot });
    }
    if (tl.assignments.length === 0) continue;
    for (let i = 0; i < months.length; i++) {
      const m = months[i]!;
      const a = bounds[i]![0];
      const b = bounds[i]![1];
      // The definitions of the checks: file-active per month, count-target's accompaniment.
      let accompaniedInMonth = false;
      for (const s of tl.assignments) {
        if (spanCounts(tl, s, a, b, FILE_ACTIVE_EXCLUDES_VEILLE)) fileActive.push({ key, month: m, ref: refKey(s.referent), lot: s.lot ?? ctx.lot });
        accompaniedInMonth ||= spanCounts(tl, s, a, b, false);
      }
      if (accompaniedInMonth) accompaniedMonthly.push({ key, month: m, ref: null, lot: null });
    }
  }
  const accompaniedFacts = uniqueKeys([...accompanied.values()]);
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
    // At most one per participant (uniqueKeys below).
    if (e !== null && inR(e)) {
      const { ref, lot } = on(tl, e);
      entrees.push({ key, month: monthOf(e), ref, lot });
    }
    for (const x of exitsOf(tl, exitIndex)) {
      if (!inR(x.date)) continue;
      exitedInR.add(key);
      const fact = { key: `${key}|${x.date}`, month: monthOf(x.date), ...on(tl, x.date) };
      exits.push({ ...fact, positive: x.type === 'positive', participant: key, date: x.date });
      if (e !== null && e <= x.date) durationsOut.push({ ...fact, value: daysBetween(e, x.date) });
    }
  }
  uniqueKeys(entrees);
  const durationsOngoing: Fact[] = [];
  for (const tl of timelines) {
    const f = accompanied.get(tl.participant.key);
    const e = tl.entryDate;
    if (!f || exitedInR.has(tl.participant.key) || e === null || e > last) continue;
    durationsOngoing.push({ key: f.key, month: f.month, ref: f.ref, lot: f.lot, value: daysBetween(e, last) });
  }
  keyRuns(exits);
  const positives = keyRuns(exits.filter((x) => x.positive));
  const others = keyRuns(exits.filter((x) => !x.positive));

  // ── Agenda: entretiens, ateliers.
  const entretiens: Fact[] = [];
  const participations: Fact[] = [];
  const sessions = new Map<string, Fact & { held: boolean }>();
  const ateliersPeople = new Set<string>();
  // Without a lot on any affectation, an event's lot never comes from its participant's: spare
  // looking the participant up for each of a million rows.
  const spansHaveLots = timelines.some((tl) => tl.assignments.some((s) => s.lot !== null));
  const eventLot = (participantKey: string | null, date: ISODate, referent: string): string | null => {
    const tl = spansHaveLots && participantKey !== null ? ctx.timelines.get(participantKey) : undefined;
    return tl?.assignmentOn(date)?.lot ?? configuredLot(referent) ?? ctx.lot;
  };
  // forEach, not for…of: the agenda store's iterator is a generator, several times slower.
  ctx.data.agenda.forEach((ev, i) => {
    const kind = ev.kind;
    if (kind !== 'entretien' && kind !== 'atelier') return;
    const date = ev.date;
    if (!inR(date)) return;
    const attended = isAttended(ev);
    if (kind === 'entretien') {
      if (attended) entretiens.push({ key: String(i), month: monthOf(date), ref: refKey(ev.referent), lot: eventLot(ev.participantKey, date, ev.referent) });
      return;
    }
    const participantKey = ev.participantKey;
    if (participantKey !== null && attended) {
      participations.push({ key: String(i), month: monthOf(date), ref: refKey(ev.referent), lot: eventLot(participantKey, date, ev.referent) });
      ateliersPeople.add(participantKey);
    }
    const session = sessionKey(ev);
    const s = sessions.get(session);
    if (!s) sessions.set(session, { key: session, month: monthOf(date), ref: refKey(ev.referent), lot: eventLot(participantKey, date, ev.referent), held: attended });
    else s.held ||= attended;
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
  const ateliersParticipants: Fact[] = uniqueKeys(
    timelines.filter((tl) => ateliersPeople.has(tl.participant.key)).map((tl) => ({ key: tl.participant.key, month: null, ...attribution(tl) })),
  );

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
  const accompaniedPairs = timelines.flatMap((tl) => {
    const f = accompanied.get(tl.participant.key);
    return f ? [{ tl, f }] : [];
  });
  const place = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);
  const geoField = accompaniedPairs.some(({ tl }) => place(tl.participant.epci) !== null)
    ? 'epci'
    : accompaniedPairs.some(({ tl }) => place(tl.participant.commune) !== null)
      ? 'commune'
      : null;
  // Every typologie figure in one pass over the participants accompanied (each list in their
  // order): a filter per figure, and per commune, read each participant dozens of times.
  const typo = {
    brsaCer: [] as Fact[], female: [] as Fact[], male: [] as Fact[], noSex: [] as Fact[],
    bands: new Map<AgeBand | null, Fact[]>([['moins-26', []], ['26-44', []], ['45-54', []], ['55-plus', []], [null, []]]),
    geo: new Map<string | null, Fact[]>(),
    brsa: [] as Fact[], deld: [] as Fact[], th: [] as Fact[], qpv: [] as Fact[],
  };
  for (const { tl, f } of accompaniedPairs) {
    const pt = tl.participant;
    if (pt.brsa === true && pt.cer === true) typo.brsaCer.push(f);
    (pt.sex === 'F' ? typo.female : pt.sex === 'M' ? typo.male : typo.noSex).push(f);
    const age = ageAtEntry(tl);
    typo.bands.get(age === null ? null : ageBand(age))!.push(f);
    if (geoField !== null) {
      const v = place(pt[geoField]);
      const list = typo.geo.get(v);
      if (list) list.push(f);
      else typo.geo.set(v, [f]);
    }
    if (pt.brsa === true) typo.brsa.push(f);
    if (pt.deld === true) typo.deld.push(f);
    if (pt.th === true) typo.th.push(f);
    if (pt.qpv === true) typo.qpv.push(f);
  }
  const brsaCer = uniqueKeys(typo.brsaCer);

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
    let total = 0;
    for (const inMonth of split.groups(p[0]!, factMonth).values()) total += distinct(inMonth);
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
    // Participants accompanied: one fact each.
    const spec = (id: string, facts: Fact[], category?: string | null): Spec => ({
      id, sources: [uniqueKeys(facts)], needs: ['affectations'], agg: count, target: none, ...(category !== undefined ? { category } : {}),
    });
    const out: Spec[] = [
      spec('typologie-sexe-femmes', typo.female),
      spec('typologie-sexe-hommes', typo.male),
      spec('typologie-sexe-non-renseigne', typo.noSex),
      spec('typologie-age-moins-26', typo.bands.get('moins-26')!),
      spec('typologie-age-26-44', typo.bands.get('26-44')!),
      spec('typologie-age-45-54', typo.bands.get('45-54')!),
      spec('typologie-age-55-plus', typo.bands.get('55-plus')!),
      spec('typologie-age-non-renseigne', typo.bands.get(null)!),
    ];
    if (geoField !== null) {
      const values = [...typo.geo.keys()].sort(cmpNullLast);
      for (const v of values) out.push(spec(`typologie-${geoField}`, typo.geo.get(v)!, v));
    }
    out.push(
      spec('typologie-brsa', typo.brsa),
      spec('typologie-deld', typo.deld),
      spec('typologie-th', typo.th),
      spec('typologie-qpv', typo.qpv),
    );
    return out;
  }

  const wanted = new Set(KPI_CATALOGUE.filter((d) => appliesTo(d, ruleset.cahier)).map((d) => d.id));
  const active = specs.filter((s) => wanted.has(s.id));

  // Split universes: every référent / lot a counted fact names, plus the configured référents.
  const refs = new Set<string | null>(display.keys());
  const lots = new Set<string | null>(ctx.lot !== null ? [ctx.lot] : []);
  // Each fact list once, whatever the number of figures sharing it.
  const seen = new Set<readonly Fact[]>();
  for (const s of active) {
    for (const src of s.sources) {
      if (seen.has(src)) continue;
      seen.add(src);
      let lastLot: string | null | undefined;
      for (const f of src) {
        if (f.ref === null) refs.add(null);
        if (f.lot !== lastLot) lots.add((lastLot = f.lot));
      }
    }
  }
  const refList = [...refs].sort(cmpNullLast);
  const lotList = [...lots].sort(cmpNullLast);

  const dims: { b: (v: string | null) => KpiBy; values: (string | null)[]; of: FactKey } | null =
    by === 'referent'
      ? { b: (v) => ({ referent: v === null ? null : display.get(v)! }), values: refList, of: factRef }
      : by === 'lot'
        ? { b: (v) => ({ lot: v }), values: lotList, of: factLot }
        : null;

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
    if (s.perMonthOnly) {
      for (const m of months) {
        const mine = split.select(s.sources, factMonth, m);
        emit({ month: m }, mine);
        if (dims) for (const v of dims.values) emit({ month: m, ...dims.b(v) }, split.select(mine, dims.of, v));
      }
      continue;
    }
    emit({}, s.sources);
    if (by === 'month' && s.monthly) {
      for (const m of months) emit({ month: m }, split.select(s.monthly, factMonth, m));
    }
    if (dims) {
      for (const v of dims.values) {
        // A per-participant ratio splits its denominator (the participants accompanied) too.
        emit(dims.b(v), split.select(s.sources, dims.of, v));
      }
    }
  }
  return out;
}

type FactKey = (f: Fact) => string | null;
const factMonth: FactKey = (f) => f.month;
const factRef: FactKey = (f) => f.ref;
const factLot: FactKey = (f) => f.lot;
const NO_FACTS: readonly Fact[] = [];

/**
 * `groups(list, key)`: the list's facts by key value, each group in list order; `select(sources,
 * key, v)`: each source's group for v. Each list is grouped once per key: fact lists are shared by
 * several figures and split by every référent, and filtering them again for each (a network's
 * hundreds of référents × 600 000 file-active facts) took minutes.
 */
function splitter() {
  const cache = new Map<FactKey, WeakMap<readonly Fact[], Map<string | null, Fact[]>>>();
  const groups = (src: readonly Fact[], key: FactKey): Map<string | null, Fact[]> => {
    let byList = cache.get(key);
    if (!byList) cache.set(key, (byList = new WeakMap()));
    let g = byList.get(src);
    if (!g) {
      g = new Map();
      for (const f of src) {
        const k = key(f);
        const list = g.get(k);
        if (list) list.push(f);
        else g.set(k, [f]);
      }
      // A part of a list keeps its keys unique, or its keys' facts contiguous.
      if (UNIQUE_KEYS.has(src)) for (const list of g.values()) UNIQUE_KEYS.add(list);
      if (KEY_RUNS.has(src)) for (const list of g.values()) KEY_RUNS.add(list);
      byList.set(src, g);
    }
    return g;
  };
  const select = (sources: Parts, key: FactKey, v: string | null): Parts => sources.map((src) => groups(src, key).get(v) ?? NO_FACTS);
  return { groups, select };
}

function sum(facts: readonly Fact[]): number {
  let s = 0;
  for (const f of facts) s += f.value ?? 0;
  return s;
}
