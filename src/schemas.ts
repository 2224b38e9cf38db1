/**
 * Every JSON Schema the package ships, rendered from the zod schemas that validate the same
 * data at run time (one source of truth). Written by scripts/gen-schemas.ts; a test fails when
 * the committed files are stale.
 */
import { z } from 'zod';
import { checkReportSchema } from './report/schema.js';
import { renderSchemaFiles as renderConfigAndRuleset } from './ruleset/json-schema.js';

const render = (j: unknown) => `${JSON.stringify(j, null, 2)}\n`;

export function renderAllSchemas(): Record<string, string> {
  return {
    ...renderConfigAndRuleset(),
    'report.schema.json': render({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'plie-audit check --format json (schemaVersion 1)',
      ...(z.toJSONSchema(checkReportSchema, { target: 'draft-7' }) as Record<string, unknown>),
    }),
  };
}
