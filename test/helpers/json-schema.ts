/** Validates data against a shipped JSON Schema with a real validator (ajv), as an editor or a consumer would. */
import { Ajv } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false });

/** `instancePath: keyword` per failure; empty when valid. */
export function schemaErrors(schema: object, value: unknown): string[] {
  const validate = ajv.compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath}: ${e.keyword}`);
}
