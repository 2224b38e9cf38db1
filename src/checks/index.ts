/** The registry of check kinds: a plain map, the single source for YAML validation and CLI choices. */
import type { CheckDefinition } from './types.js';
import { coreChecks } from './registry-core.js';
import { moreChecks } from './registry-more.js';

export const checks: Record<string, CheckDefinition> = { ...coreChecks, ...moreChecks };

export function getCheck(kind: string): CheckDefinition | undefined {
  return Object.hasOwn(checks, kind) ? checks[kind] : undefined;
}
