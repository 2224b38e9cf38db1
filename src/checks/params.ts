/**
 * Param vocabulary shared by the check kinds and the YAML rule sets.
 * Each check file imports its schema from here so that `rules/*.yaml` has one contract.
 * `.strict()` everywhere: a misspelt param in a rule file is an error, never ignored.
 */
import { z } from 'zod';

export const eventKind = z.enum([
  'entretien', 'contact', 'atelier', 'relance', 'bilan', 'poursuite', 'commission', 'conge',
  'reunion-structure', 'point-etape', 'autre',
]);
export const eventMode = z.enum(['physique', 'telephone', 'visio', 'mail', 'courrier', 'sms']);
export const eventFormat = z.enum(['individuel', 'collectif']);
export const role = z.enum(['cip', 'psychologue', 'cesf', 'autre']);
export const stepCategory = z.enum([
  'emploi', 'formation', 'iae', 'contrat-aide', 'atelier', 'immersion', 'creation', 'diagnostic',
  'remobilisation', 'autre',
]);
export const contractType = z.enum([
  'cdi', 'cdd', 'interim', 'cddi', 'pec', 'apprentissage', 'professionnalisation', 'autre',
]);
export const windowKind = z.enum(['month', 'bimester', 'quarter', 'year']);

/**
 * Which agenda events count. Omitted lists mean "any". `attended`: true counts only attended
 * events (présent/honoré/réalisé or empty attendance); review kinds (bilan, poursuite) always
 * count whatever their attendance (rules.md §3).
 */
export const eventMatch = z
  .object({
    kinds: z.array(eventKind).min(1),
    modes: z.array(eventMode).min(1).optional(),
    formats: z.array(eventFormat).min(1).optional(),
    roles: z.array(role).min(1).optional(),
    attended: z.boolean().default(true),
  })
  .strict();
export type EventMatch = z.infer<typeof eventMatch>;

export const stepMatch = z
  .object({
    categories: z.array(stepCategory).min(1).optional(),
    contracts: z.array(contractType).min(1).optional(),
    plie: z.boolean().optional(),
    clause: z.boolean().optional(),
    qualifying: z.boolean().optional(),
  })
  .strict();
export type StepMatch = z.infer<typeof stepMatch>;

export const populationFilter = z
  .object({
    brsa: z.boolean().optional(),
    cer: z.boolean().optional(),
  })
  .strict();
