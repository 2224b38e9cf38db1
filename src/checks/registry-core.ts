import type { CheckDefinition } from './types.js';

/** contact-frequency, first-contact-delay, milestone-review, file-active, agenda-forbidden, required-fields. */
export const coreChecks: Record<string, CheckDefinition> = {};
