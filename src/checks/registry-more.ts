import type { CheckDefinition } from './types.js';
import { caseloadMax } from './caseload-max.js';
import { countTarget } from './count-target.js';
import { earlyStep } from './early-step.js';
import { eligibility } from './eligibility.js';
import { entryDelay } from './entry-delay.js';
import { exitProofDelay } from './exit-proof-delay.js';
import { exitValidity } from './exit-validity.js';
import { lossOfContact } from './loss-of-contact.js';
import { rateTarget } from './rate-target.js';
import { referentActivity } from './referent-activity.js';
import { stepCoverage } from './step-coverage.js';

/** The other kinds of rules.md §1. */
export const moreChecks: Record<string, CheckDefinition> = {
  'caseload-max': caseloadMax,
  'step-coverage': stepCoverage,
  'early-step': earlyStep,
  'referent-activity': referentActivity,
  'entry-delay': entryDelay,
  'exit-validity': exitValidity,
  'exit-proof-delay': exitProofDelay,
  'loss-of-contact': lossOfContact,
  'count-target': countTarget,
  'rate-target': rateTarget,
  eligibility: eligibility,
};
