/**
 * The rule set file format (docs/ruleset-format.md) as zod schemas. Params are free-form here:
 * they are validated by the kind's own schema from the check registry once the file is merged.
 */
import { z } from 'zod';
import { isISODate } from '../model/dates.js';
import { describeValue, orRequired } from '../config/issues.js';
import {
  lotIdSchema,
  periodSchema,
  ruleIdSchema,
  rulesetIdSchema,
  severitySchema,
} from '../config/schema.js';

const text = z.string().trim().min(1);
const paramsObject = z.record(z.string(), z.unknown());

const monthDay = z
  .string({ error: orRequired((v) => `date sans année attendue (MM-JJ), reçu ${describeValue(v)}`) })
  .refine((s) => /^\d{2}-\d{2}$/.test(s) && isISODate(`2000-${s}`), {
    error: (iss) => `date sans année attendue (MM-JJ, ex. 05-31), reçu ${describeValue(iss.input)}`,
  })
  .meta({ pattern: '^\\d{2}-\\d{2}$' });

export const lotSchema = z
  .object({
    title: text,
    etp: z.number().positive().nullable().optional().describe('ETP du lot (quand les ETP des référents ne sont pas configurés)'),
    period: periodSchema.nullable().optional().describe('Période propre au lot'),
  })
  .strict();

export const sourceSchema = z
  .object({
    cahier: text.optional().describe('Par défaut, le cahier du fichier'),
    section: text.describe('Intitulé de la section du cahier'),
    quote: text.describe('Citation exacte du cahier des charges'),
  })
  .strict();

export const fidelitySchema = z.enum(['exact', 'interpretation']);

export const ruleSchema = z
  .object({
    id: ruleIdSchema,
    kind: text.describe('Type de contrôle (clé du registre des contrôles)'),
    severity: severitySchema,
    lots: z.array(lotIdSchema).min(1).optional().describe('Lots concernés (par défaut : tous)'),
    params: paramsObject.optional(),
    lotParams: z
      .record(lotIdSchema, paramsObject)
      .optional()
      .describe('Paramètres propres à un lot, fusionnés sur params (objets fusionnés, listes remplacées)'),
    source: sourceSchema,
    fidelity: fidelitySchema,
    interpretation: text.nullable().optional().describe('Obligatoire quand fidelity vaut interpretation'),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.fidelity === 'interpretation' && !rule.interpretation) {
      ctx.addIssue({
        code: 'custom',
        path: ['interpretation'],
        message: 'champ requis quand fidelity vaut interpretation : expliquez le choix fait là où le cahier en laisse un',
      });
    }
  });

export const removeRuleSchema = z
  .object({
    id: ruleIdSchema,
    remove: z.literal(true).describe('Retire la règle héritée de ce nom'),
  })
  .strict();

function fileSchema<R extends z.ZodType>(rule: R) {
  return z
    .object({
      id: rulesetIdSchema.optional().describe('Identifiant (= nom du fichier sans .yaml)'),
      title: text.optional(),
      cahier: text.optional().describe('Nom du cahier des charges (sans .txt)'),
      period: periodSchema.optional(),
      extends: text.nullable().optional().describe('Jeu de règles hérité : identifiant ou chemin'),
      lots: z.record(lotIdSchema, lotSchema).nullable().optional(),
      kpiSnapshots: z.array(monthDay).optional().describe('Bilans intermédiaires (MM-JJ)'),
      rules: z.array(rule).default([]),
    })
    .strict();
}

/** Structure of a file; each entry of `rules` is validated on its own (errors name the rule). */
export const rulesetFileStructureSchema = fileSchema(z.unknown());

/** The whole file, for the JSON Schema. */
export const rulesetFileSchema = fileSchema(z.union([removeRuleSchema, ruleSchema])).meta({
  title: 'Jeu de règles plie-audit',
  description: 'rules/<id>.yaml : règles tirées d’un cahier des charges PLIE',
});

export type RuleEntry = z.output<typeof ruleSchema>;
export type RemoveEntry = z.output<typeof removeRuleSchema>;
export type LotDef = z.output<typeof lotSchema>;
export type Fidelity = z.output<typeof fidelitySchema>;
