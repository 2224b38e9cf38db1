export { configJsonSchema, renderSchemaFiles, rulesetJsonSchema } from './json-schema.js';
export { bundledRulesDir, listRulesets, loadRuleset, loadRulesetSync, readRuleset, type LoadRulesetOptions } from './load.js';
export { deepMerge } from './merge.js';
export { resolveRuleset, type ResolveOptions } from './resolve.js';
export { rulesetFileSchema } from './schema.js';
export type {
  CheckRegistry,
  ResolvedRule,
  ResolvedRuleset,
  RuleDef,
  RuleSource,
  RulesetFile,
  RulesetLot,
  RulesetSummary,
} from './types.js';
export { validateRuleset } from './validate.js';
