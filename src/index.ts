/** Public API: the CLI is a thin shell on these. */
export { audit, auditPrepared } from './engine/audit.js';
export type { AuditOptions } from './engine/audit.js';
export { prepare } from './engine/prepare.js';
export type { AuditResult, RuleResult, Violation } from './engine/result.js';
export { checkJson } from './report/json.js';
export { violationMessage } from './report/messages.js';
export { VERSION } from './version.js';
