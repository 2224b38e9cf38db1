/**
 * eligibility (Béthune « Vérifier les critères d'éligibilité … Résidant dans l'une des communes
 * adhérentes du PLIE »): each participant whose entry date is in P up to A meets at least one of
 * the `criteria` and, with `communes` and a non-empty `communes` list in the config, lives in one
 * of the member communes.
 *
 * Criteria: deld, brsa, th, qpv read on the participant; `contrat-aide` (« en/ou sortant de
 * contrat aidé »): an étape of category contrat-aidé or a PEC contract running on the entry day
 * or ended in the 3 months before it; `clause` (« en clause d'insertion »): an étape flagged
 * clause running on the entry day or starting in the month after it (the entry is often dated
 * just before the contract). Steps refused or only prescribed do not count.
 *
 * Interpretation of missing data: an attribute whose column is in the affectations export but
 * empty for the participant is « non » (the eligibility must be documented in the dossier); an
 * attribute whose column is absent, or a step criterion without the étapes export, is unknown.
 * One finding per failing participant (args.missing lists 'critere' and/or 'commune'). When no
 * criterion is met but some are unknown, the rule cannot conclude: a separate finding of
 * severity info (args.reason 'criteres-inconnus'); likewise an empty commune
 * (args.reason 'commune-inconnue').
 * Communes are compared without accents, case, punctuation or postal code, « St »/« Ste » read as
 * « Saint »/« Sainte ».
 */
import { z } from 'zod';
import { addMonths, monthOf } from '../model/dates.js';
import type { ISODate, Origin, Participant, Step, Timeline } from '../model/types.js';
import { makeFinding, participantLabel, referentOn, sortedTimelines, sortFindings, stepsOf, uniqueOrigins } from './context.js';
import { defineCheck, type CheckContext, type CheckNeeds, type Finding } from './types.js';
import { judgedEnd } from './windows.js';

const criterion = z.enum(['deld', 'brsa', 'contrat-aide', 'th', 'qpv', 'clause']);
type Criterion = z.infer<typeof criterion>;

export const eligibilityParams = z
  .object({
    criteria: z.array(criterion).min(1),
    communes: z.boolean().default(false),
  })
  .strict();
export type EligibilityParams = z.infer<typeof eligibilityParams>;

function needs(): CheckNeeds {
  return { datasets: ['affectations'] };
}

/** « 62400 Saint-Venant », « ST VENANT », « St Venant » → « saint venant ». */
export function normalizeCommune(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[0-9]+/g, ' ')
    .replace(/[^a-z]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => (w === 'st' ? 'saint' : w === 'ste' ? 'sainte' : w))
    .join(' ');
}

const ATTRIBUTE: Record<'deld' | 'brsa' | 'th' | 'qpv', keyof Participant> = { deld: 'deld', brsa: 'brsa', th: 'th', qpv: 'qpv' };
const TOOK_PLACE = (s: Step) => s.status !== 'prescrite' && s.status !== 'refusee';

function criterionValue(ctx: CheckContext, tl: Timeline, entry: ISODate, c: Criterion): { value: boolean | null; origin?: Origin } {
  if (c === 'contrat-aide' || c === 'clause') {
    if (!ctx.data.present.has('etapes')) return { value: null };
    const steps = stepsOf(ctx, tl.participant.key).filter(TOOK_PLACE);
    const hit =
      c === 'contrat-aide'
        ? steps.find(
            (s) => (s.category === 'contrat-aide' || s.contract === 'pec') && s.start <= entry && (s.end === null || s.end >= addMonths(entry, -3)),
          )
        : steps.find((s) => s.clause === true && s.start <= addMonths(entry, 1) && (s.end === null || s.end >= entry));
    return hit ? { value: true, origin: hit.origin } : { value: false };
  }
  const v = tl.participant[ATTRIBUTE[c]] as boolean | null | undefined;
  if (v === true || v === false) return { value: v };
  return { value: ctx.data.fields.affectations.has(c) ? false : null };
}

function run(ctx: CheckContext, p: EligibilityParams): Finding[] {
  const communes = p.communes ? new Set(ctx.config.communes.map(normalizeCommune)) : new Set<string>();
  const last = judgedEnd(ctx.period, ctx.asOf);
  const findings: Finding[] = [];
  for (const tl of sortedTimelines(ctx)) {
    const entry = tl.entryDate;
    if (entry === null || entry < ctx.period.start || entry > last) continue;
    const values = p.criteria.map((c) => ({ c, ...criterionValue(ctx, tl, entry, c) }));
    const { referent, span } = referentOn(tl, entry);
    const base = {
      participant: participantLabel(tl.participant),
      referent,
      period: monthOf(entry),
      date: entry,
      evidence: uniqueOrigins([span?.origin]),
    };
    const commune = tl.participant.commune ?? null;
    const missing: string[] = [];
    const unknownCriteria = values.filter((v) => v.value === null).map((v) => v.c);
    if (!values.some((v) => v.value === true)) {
      if (unknownCriteria.length === 0) missing.push('critere');
      else {
        findings.push(
          makeFinding({ ...base, severity: 'info', args: { reason: 'criteres-inconnus', unknown: unknownCriteria, commune } }),
        );
      }
    }
    if (communes.size > 0) {
      if (commune === null || commune.trim() === '') {
        findings.push(makeFinding({ ...base, severity: 'info', args: { reason: 'commune-inconnue', commune: null } }));
      } else if (!communes.has(normalizeCommune(commune))) missing.push('commune');
    }
    if (missing.length > 0) {
      findings.push(makeFinding({ ...base, args: { missing, criteria: p.criteria, commune } }));
    }
  }
  return sortFindings(findings);
}

export const eligibility = defineCheck({
  kind: 'eligibility',
  params: eligibilityParams,
  needs,
  run,
});
