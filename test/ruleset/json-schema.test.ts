import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configJsonSchema, rulesetJsonSchema } from '../../src/ruleset/index.js';
import { fakeRegistry } from './fake-registry.js';
import { schemaErrors as validate } from '../helpers/json-schema.js';
import { renderAllSchemas } from '../../src/schemas.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const here = path.dirname(fileURLToPath(import.meta.url));

const EXAMPLE_CONFIG = `ruleset: lunel-2019
lot: lot1
period: { start: 2019-01-01, end: 2019-12-31 }
referents:
  - { name: "Marie Dupont", etp: 1.0, role: cip, territory: "CC Pays de Lunel" }
  - { name: "Paul Martin",  etp: 0.6, role: cip }
commissions: [2019-01-10, 2019-01-24]
communes: [Lunel, Mauguio, La Grande-Motte]
columns:
  agenda: { kind: "Type de RDV Viesion" }
values:
  kind: { "RDV physique": entretien }
rules:
  agenda-interdits: off
  entretiens-mensuels: { severity: warning }
`;

const yaml = (text: string): unknown => YAML.parse(text, { version: '1.2', schema: 'core' });

describe('JSON Schemas', () => {
  it('schemas/*.json are up to date (regenerate with: npx tsx scripts/gen-schemas.ts)', () => {
    for (const [name, content] of Object.entries(renderAllSchemas())) {
      const committed = readFileSync(path.join(root, 'schemas', name), 'utf8');
      expect(committed, `schemas/${name} is stale: run npx tsx scripts/gen-schemas.ts`).toBe(content);
    }
  });

  it('the example config of exports.md validates; mistakes do not', () => {
    const schema = configJsonSchema();
    const asZod = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    const example = yaml(EXAMPLE_CONFIG);
    expect(asZod.safeParse(example).success).toBe(true);
    expect(validate(schema, example)).toEqual([]);
    const errors = validate(schema, yaml('referent: []\nlot: Lot1\nreferents: [{ name: A, etp: "un" }]\ncolumns: { rdv: {} }\n'));
    // One failure per mistake: unknown key, lot not kebab-case, etp not a number, unknown dataset.
    expect(errors).toEqual(
      expect.arrayContaining([': additionalProperties', '/lot: anyOf', '/referents/0/etp: type', '/columns: propertyNames']),
    );
    expect(errors.every((e) => /^(|\/lot|\/referents\/0\/etp|\/columns): /.test(e))).toBe(true);
    expect(asZod.safeParse(yaml('rules: { entretiens-mensuels: fatal }\n')).success).toBe(false);
  });

  it('rule files validate, params checked per kind through if/then', () => {
    const schema = rulesetJsonSchema(fakeRegistry);
    const base = yaml(readFileSync(path.join(here, 'files/bundled/base.yaml'), 'utf8')) as { rules: Record<string, unknown>[] };
    expect(validate(schema, base)).toEqual([]);
    expect(validate(schema, yaml(readFileSync(path.join(here, 'files/custom/child.yaml'), 'utf8')))).toEqual([]);
    const bad = structuredClone(base);
    (bad.rules[0]!.params as Record<string, unknown>).min = 'deux';
    bad.rules[1]!.kind = 'inconnu';
    const errors = validate(schema, bad);
    expect(errors).toEqual(expect.arrayContaining(['/rules/0/params/min: type', '/rules/1/kind: enum']));
    expect(errors.every((e) => /^\/rules\/[01][/:]/.test(e))).toBe(true);
    const rule = ((schema.properties as Record<string, Record<string, unknown>>).rules!.items as { anyOf: Record<string, unknown>[] }).anyOf[1]!;
    expect(validate(rule, base.rules[0])).toEqual([]);
    expect(validate(rule, bad.rules[0])).toEqual(['/params/min: type', ': if']);
    expect(validate(rule, bad.rules[1])).toEqual(['/kind: enum']);
  });
});
