/** Event and step predicates shared by every check kind (rules.md §3 "Attended event"). */
import type { AgendaEvent, Attendance, Step } from '../model/types.js';
import type { EventMatch, StepMatch } from './params.js';

const REVIEW_KINDS = new Set(['bilan', 'poursuite']);

/** présent / honoré / réalisé, or empty attendance. */
export function isAttended(e: AgendaEvent): boolean {
  return isAttendance(e.attendance);
}

/** isAttended on the attendance value (for loops that read each field once). */
export function isAttendance(attendance: Attendance | null): boolean {
  return attendance === null || attendance === 'present';
}

export function isAbsence(e: AgendaEvent): boolean {
  return e.attendance === 'absent' || e.attendance === 'absent-excuse' || e.attendance === 'absent-non-excuse';
}

export function eventMatches(e: AgendaEvent, m: EventMatch): boolean {
  if (!m.kinds.includes(e.kind)) return false;
  if (m.modes && (e.mode === null || !m.modes.includes(e.mode))) return false;
  if (m.formats && (e.format === null || !m.formats.includes(e.format))) return false;
  if (m.roles && (e.role === null || !m.roles.includes(e.role))) return false;
  // Review events count whatever their attendance (rules.md §3).
  if (m.attended && !REVIEW_KINDS.has(e.kind) && !isAttended(e)) return false;
  return true;
}

/** The agenda fields `eventMatches` reads for `m` (a rule needs them: a missing column skips it). */
export function eventMatchFields(m: EventMatch): string[] {
  const f = ['kind'];
  if (m.modes) f.push('mode');
  if (m.formats) f.push('format');
  if (m.roles) f.push('role');
  return f;
}

export function stepMatches(s: Step, m: StepMatch | undefined): boolean {
  if (!m) return true;
  if (m.categories && !m.categories.includes(s.category)) return false;
  if (m.contracts && (s.contract === null || !m.contracts.includes(s.contract))) return false;
  if (m.plie !== undefined && s.plie !== m.plie) return false;
  if (m.clause !== undefined && s.clause !== m.clause) return false;
  if (m.qualifying !== undefined && s.qualifying !== m.qualifying) return false;
  return true;
}
