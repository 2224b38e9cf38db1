/**
 * JSON Schemas for editors, generated from the zod schemas (scripts/gen-schemas.ts writes them
 * to schemas/; a test checks the committed files are up to date).
 */
import { z } from 'zod';
import { checks } from '../checks/index.js';
import { configSchema } from '../config/schema.js';
import { rulesetFileSchema } from './schema.js';
import type { CheckRegistry } from './types.js';

type Json = Record<string, unknown>;

const OPTIONS = { target: 'draft-07', io: 'input', unrepresentable: 'any' } as const;

function toJson(schema: z.ZodType): Json {
  return z.toJSONSchema(schema, OPTIONS) as Json;
}

export function configJsonSchema(): Json {
  return toJson(configSchema);
}

/**
 * The rule set schema, with each check kind's params schema attached through
 * `if kind = k then params: <schema of k>`, so editors check params too.
 */
export function rulesetJsonSchema(registry: CheckRegistry = checks): Json {
  const root = toJson(rulesetFileSchema);
  const rules = (root.properties as Json).rules as Json;
  const entries = (rules.items as Json).anyOf as Json[];
  const rule = entries.find((e) => (e.properties as Json | undefined)?.kind !== undefined);
  if (!rule) throw new Error('rulesetJsonSchema: rule entry not found');
  const kinds = Object.keys(registry).sort();
  if (kinds.length === 0) return root;

  const props = rule.properties as Json;
  props.kind = { ...(props.kind as Json), enum: kinds };
  const definitions: Json = { ...((root.definitions as Json | undefined) ?? {}) };
  rule.allOf = kinds.map((kind) => {
    const { $schema: _s, definitions: defs, ...params } = toJson(registry[kind]!.params);
    for (const [name, def] of Object.entries((defs as Json | undefined) ?? {})) {
      if (name in definitions && JSON.stringify(definitions[name]) !== JSON.stringify(def)) {
        throw new Error(`rulesetJsonSchema: two different definitions named ${name}`);
      }
      definitions[name] = def;
    }
    return {
      if: { properties: { kind: { const: kind } }, required: ['kind'] },
      then: { properties: { params: params } },
    };
  });
  if (Object.keys(definitions).length) root.definitions = definitions;
  return root;
}

/** File name in schemas/ → content (2-space JSON, final newline). */
export function renderSchemaFiles(registry: CheckRegistry = checks): Record<string, string> {
  const render = (j: Json) => `${JSON.stringify(j, null, 2)}\n`;
  return {
    'config.schema.json': render(configJsonSchema()),
    'ruleset.schema.json': render(rulesetJsonSchema(registry)),
  };
}
