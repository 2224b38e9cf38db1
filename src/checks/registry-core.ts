import type { CheckDefinition } from './types.js';
import { agendaForbidden } from './agenda-forbidden.js';
import { contactFrequency } from './contact-frequency.js';
import { fileActive } from './file-active.js';
import { firstContactDelay } from './first-contact-delay.js';
import { milestoneReview } from './milestone-review.js';
import { requiredFields } from './required-fields.js';

/** contact-frequency, first-contact-delay, milestone-review, file-active, agenda-forbidden, required-fields. */
export const coreChecks: Record<string, CheckDefinition> = {
  'contact-frequency': contactFrequency,
  'first-contact-delay': firstContactDelay,
  'milestone-review': milestoneReview,
  'file-active': fileActive,
  'agenda-forbidden': agendaForbidden,
  'required-fields': requiredFields,
};
