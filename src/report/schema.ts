/**
 * The JSON report contracts (check, kpi), as zod schemas: schemas/*.schema.json are generated
 * from them, and tests validate real output against the generated JSON Schema.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const severity = z.enum(['error', 'warning', 'info']);

export const evidenceSchema = z
  .object({ path: z.string(), sheet: z.string().nullable(), row: z.number().int().min(1) })
  .strict();

export const inputSchema = z
  .object({
    path: z.string(),
    sheet: z.string().nullable(),
    dataset: z.enum(['affectations', 'agenda', 'etapes', 'sorties']),
    rows: z.number().int().min(0),
    headerRow: z.number().int().min(1),
    encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).nullable(),
    delimiter: z.string().nullable(),
    skippedRows: z.number().int().min(0),
    warnings: z.number().int().min(0),
  })
  .strict();

const header = {
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('plie-audit'), version: z.string() }).strict(),
  ruleset: z
    .object({ id: z.string(), lot: z.string().nullable(), title: z.string(), cahier: z.string() })
    .strict(),
  period: z.object({ start: isoDate, end: isoDate }).strict(),
  asOf: isoDate,
  inputs: z.array(inputSchema),
};

export const checkReportSchema = z
  .object({
    ...header,
    rules: z.array(
      z
        .object({
          id: z.string(),
          kind: z.string(),
          severity: z.enum(['error', 'warning', 'info', 'off']),
          status: z.enum(['ran', 'skipped', 'off']),
          reason: z.string().nullable(),
          violations: z.number().int().min(0),
          source: z.object({ cahier: z.string(), section: z.string(), quote: z.string() }).strict().nullable(),
          fidelity: z.enum(['exact', 'interpretation']).nullable(),
          interpretation: z.string().nullable(),
        })
        .strict(),
    ),
    violations: z.array(
      z
        .object({
          rule: z.string(),
          severity,
          participant: z.string().nullable(),
          referent: z.string().nullable(),
          period: z.string().regex(/^\d{4}-\d{2}(\/\d{4}-\d{2})?$/).nullable(),
          date: isoDate.nullable(),
          milestone: z.union([z.number(), z.literal('sortie')]).nullable(),
          expected: z.union([z.number(), z.string()]).nullable(),
          actual: z.union([z.number(), z.string()]).nullable(),
          message: z.string().min(1),
          args: z.record(z.string(), z.unknown()),
          evidence: z.array(evidenceSchema),
        })
        .strict(),
    ),
    summary: z
      .object({
        error: z.number().int().min(0),
        warning: z.number().int().min(0),
        info: z.number().int().min(0),
        participants: z.number().int().min(0),
        rulesRan: z.number().int().min(0),
        rulesSkipped: z.number().int().min(0),
        baselined: z.number().int().min(0).optional(),
      })
      .strict(),
    baseline: z
      .object({
        path: z.string(),
        hidden: z.number().int().min(0),
        resolved: z.array(
          z
            .object({
              rule: z.string(),
              severity: severity.nullable(),
              participant: z.string().nullable(),
              referent: z.string().nullable(),
              period: z.string().nullable(),
              date: z.string().nullable(),
              message: z.string().nullable(),
            })
            .strict(),
        ),
      })
      .strict()
      .optional(),
    pseudonymized: z.object({ keyed: z.enum(['PLIE_AUDIT_KEY', 'aléatoire']) }).strict().optional(),
  })
  .strict();
