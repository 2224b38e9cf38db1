export { compareDueItems, computeDue, planDue } from './compute.js';
export {
  countsForFrequency,
  firstContactState,
  firstReviewIn,
  frequencyDue,
  inReviewPopulation,
  isContactEvent,
  lossOfContactOccurrences,
  reviewMilestones,
  type FirstContactState,
  type FrequencyDue,
  type LossOfContactOccurrence,
} from './obligations.js';
export { DUE_KINDS, type DueArgs, type DueItem, type DueKind, type DueOptions, type DueResult, type DueRuleInput, type DueRuleStatus } from './types.js';
