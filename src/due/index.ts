export { compareDueItems, computeDue, planDue } from './compute.js';
// The per-participant computations the échéancier shares with the checks live with the checks.
export { countsForFrequency, frequencyDue, type FrequencyDue } from '../checks/contact-frequency.js';
export { firstContactState, type FirstContactState } from '../checks/first-contact-delay.js';
export { isContactEvent, lossOfContactOccurrences, type LossOfContactOccurrence } from '../checks/loss-of-contact.js';
export { firstReviewIn, inReviewPopulation, reviewMilestones, reviewWindows, type ReviewWindow } from '../checks/milestone-review.js';
export { DUE_KINDS, type DueArgs, type DueItem, type DueKind, type DueOptions, type DueResult, type DueRuleInput, type DueRuleStatus } from './types.js';
