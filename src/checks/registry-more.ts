import type { CheckDefinition } from './types.js';

/** The other kinds of rules.md §1. */
export const moreChecks: Record<string, CheckDefinition> = {};
