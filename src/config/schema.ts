/**
 * plie-audit.yaml, as zod schemas (the JSON Schema for editors is generated from them).
 * Every object is strict: a misspelt key is an error that lists the allowed keys.
 */
import { z } from 'zod';
import { role } from '../checks/params.js';
import { isISODate } from '../model/dates.js';
import { DATASET_NAMES, type DatasetName } from '../model/types.js';
import { describeValue, orRequired } from './issues.js';

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day 'YYYY-MM-DD' that exists (2019-02-31 is rejected). */
export const isoDate = z
  .string({ error: orRequired((v) => `date attendue (AAAA-MM-JJ), reçu ${describeValue(v)}`) })
  .refine((s) => isISODate(s), {
    error: (iss) =>
      ISO_SHAPE.test(String(iss.input))
        ? `date inexistante ${describeValue(iss.input)}`
        : `date attendue au format AAAA-MM-JJ, reçu ${describeValue(iss.input)}`,
  })
  .meta({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const periodSchema = z
  .object({
    start: isoDate.describe('Premier jour de la période (inclus)'),
    end: isoDate.describe('Dernier jour de la période (inclus)'),
  })
  .strict()
  .refine((p) => !(isISODate(p.start) && isISODate(p.end) && p.start > p.end), {
    error: 'la fin de la période précède son début',
    path: ['end'],
  });
export type Period = { start: string; end: string };

export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebab = (what: string, example: string) =>
  z
    .string({ error: orRequired((v) => `${what} attendu, reçu ${describeValue(v)}`) })
    .regex(KEBAB, {
      error: (iss) =>
        `${what} en minuscules, chiffres et tirets attendu (ex. ${example}), reçu ${describeValue(iss.input)}`,
    });

export const ruleIdSchema = kebab('identifiant de règle', 'entretiens-mensuels');
export const lotIdSchema = kebab('identifiant de lot', 'lot1');
export const rulesetIdSchema = kebab('identifiant de jeu de règles', 'lunel-2019');

export const severitySchema = z.enum(['error', 'warning', 'info']);
export const severityOrOffSchema = z.enum(['off', 'info', 'warning', 'error']);

export const ruleOverrideSchema = z.union([
  severityOrOffSchema,
  z
    .object({
      severity: severityOrOffSchema.optional(),
      params: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('Paramètres fusionnés sur ceux de la règle, puis revalidés'),
    })
    .strict(),
]);
export type RuleOverride = z.infer<typeof ruleOverrideSchema>;

export const encodingSchema = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']);

const referentSchema = z
  .object({
    name: z.string().trim().min(1).describe('Nom du référent, tel qu’il figure dans les exports'),
    etp: z.number().positive().describe('Équivalent temps plein (ex. 1, 0.6)'),
    role: role.nullable().optional(),
    territory: z.string().min(1).nullable().optional(),
    lot: lotIdSchema.nullable().optional(),
  })
  .strict();

const nonEmpty = z.string().min(1);

export const configSchema = z
  .object({
    ruleset: z
      .string()
      .min(1)
      .optional()
      .describe('Identifiant d’un jeu de règles fourni (ex. lunel-2019) ou chemin d’un fichier de règles'),
    lot: lotIdSchema.nullable().optional().describe('Lot audité (ex. lot1)'),
    period: periodSchema.optional().describe('Période auditée ; par défaut celle du jeu de règles'),
    referents: z
      .array(referentSchema)
      .default([])
      .superRefine((list, ctx) => {
        const seen = new Map<string, number>();
        list.forEach((r, i) => {
          if (typeof r?.name !== 'string') return;
          const key = r.name.trim().toLowerCase();
          const first = seen.get(key);
          if (first !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'name'],
              message: `référent ${describeValue(r.name)} déjà déclaré (referents[${first}])`,
            });
          } else seen.set(key, i);
        });
      })
      .describe('Référents : l’ETP et le rôle ne figurent pas dans les exports Viesion'),
    commissions: z.array(isoDate).default([]).describe('Dates des commissions'),
    communes: z.array(nonEmpty).default([]).describe('Communes membres du PLIE'),
    columns: z
      .partialRecord(z.enum(DATASET_NAMES as unknown as [DatasetName, ...DatasetName[]]), z.record(nonEmpty, nonEmpty))
      .default({})
      .describe('En-têtes propres à vos exports, par jeu de données : { champ: "En-tête" }'),
    values: z
      .record(nonEmpty, z.record(z.string(), nonEmpty))
      .default({})
      .describe('Valeurs propres à vos exports, par champ : { "Valeur brute": valeur-canonique }'),
    rules: z
      .record(ruleIdSchema, ruleOverrideSchema)
      .default({})
      .describe('Par règle : off | info | warning | error, ou { severity, params }'),
    encoding: encodingSchema.optional().describe('Encodage des fichiers texte (détecté sinon)'),
    delimiter: z
      .string()
      .length(1, { error: (iss) => `un seul caractère attendu (ex. « ; »), reçu ${describeValue(iss.input)}` })
      .optional()
      .describe('Séparateur des fichiers CSV (détecté sinon)'),
  })
  .strict()
  .meta({ title: 'plie-audit.yaml', description: 'Configuration de plie-audit' });

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
