/**
 * --pseudonymize: participant ids and names become a keyed hash (HMAC-SHA256) in every format,
 * so a report can leave the PLIE without naming anyone. Référents keep their names: they are the
 * staff the audit is about, not the people accompanied.
 *
 * With PLIE_AUDIT_KEY the hash is stable from one run to the next (a participant keeps the same
 * pseudonym, a pseudonymised report can serve as --baseline); without it the key is drawn at
 * random for the run and pseudonyms cannot be linked across reports.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Datasets } from '../model/types.js';
import type { AuditResult, PseudonymKeySource, Violation } from './result.js';
import { DATA_QUALITY_RULE } from './result.js';
import { compareViolations } from './run.js';

export const PSEUDONYM_KEY_ENV = 'PLIE_AUDIT_KEY';

export interface Pseudonymizer {
  source: PseudonymKeySource;
  /** 'P-' + the first 10 hex digits of HMAC-SHA256(key, value). */
  hash(value: string): string;
}

export function pseudonym(key: string | Uint8Array, value: string): string {
  return `P-${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 10)}`;
}

export function makePseudonymizer(env: NodeJS.ProcessEnv, random: () => Uint8Array = () => randomBytes(32)): Pseudonymizer {
  const fromEnv = env[PSEUDONYM_KEY_ENV];
  const key = fromEnv !== undefined && fromEnv !== '' ? fromEnv : random();
  return { source: typeof key === 'string' ? 'PLIE_AUDIT_KEY' : 'aléatoire', hash: (value) => pseudonym(key, value) };
}

/**
 * Every spelling under which a participant may surface in a report: its id, its key (with and
 * without the 'id:' / 'name:' prefix), its name in both orders. First or last names alone are
 * left out: they would also match référents, communes or labels.
 */
export function participantIdentifiers(data: Pick<Datasets, 'participants'>): Set<string> {
  const out = new Set<string>();
  for (const p of data.participants.values()) {
    if (p.id) out.add(p.id);
    out.add(p.key);
    out.add(p.key.replace(/^(id|name):/, ''));
    if (p.lastName && p.firstName) {
      out.add(`${p.lastName} ${p.firstName}`);
      out.add(`${p.firstName} ${p.lastName}`);
    } else if (p.lastName || p.firstName) {
      out.add((p.lastName ?? p.firstName)!);
    }
  }
  return out;
}

/** Fields whose values name a participant (data-quality args carry the raw value). */
const IDENTITY_FIELDS = new Set(['participantId', 'lastName', 'firstName', 'fullName', 'birthDate']);
/** Data-quality codes whose `value` is always a participant id or name. */
const IDENTITY_CODES = new Set(['participant-inconnu', 'identite-ambigue', 'identite-par-nom']);

type ArgValue = Violation['args'][string];

function pseudonymizeViolation(v: Violation, hash: (s: string) => string, known: ReadonlySet<string>): Violation {
  const args: Violation['args'] = {};
  const field = typeof v.args.field === 'string' ? v.args.field : null;
  const identityArg = (name: string): boolean => {
    if (v.rule !== DATA_QUALITY_RULE) return false;
    const code = String(v.args.code ?? '');
    if (IDENTITY_CODES.has(code)) return name === 'value' || name === 'candidates';
    if (field !== null && IDENTITY_FIELDS.has(field)) return name === 'value' || name === 'kept' || name === 'first' || name === 'second';
    return false;
  };
  const one = (s: string, always: boolean): string => {
    if (always) return hash(s);
    if (known.has(s)) return hash(s);
    // « 000123, 000456 »: lists of candidates joined by the model.
    if (s.includes(', ')) {
      const parts = s.split(', ');
      if (parts.some((p) => known.has(p))) return parts.map((p) => (known.has(p) ? hash(p) : p)).join(', ');
    }
    return s;
  };
  for (const [name, value] of Object.entries(v.args)) {
    const always = identityArg(name);
    let out: ArgValue = value;
    if (typeof value === 'string') {
      out = always && name === 'candidates' ? value.split(', ').map((p) => hash(p)).join(', ') : one(value, always);
    } else if (typeof value === 'number' && always) {
      out = hash(String(value));
    } else if (Array.isArray(value)) {
      out = value.map((s) => one(s, always));
    }
    args[name] = out;
  }
  return { ...v, participant: v.participant === null ? null : hash(v.participant), args };
}

/**
 * The same result with every participant replaced by its pseudonym: violations (participant and
 * the args their messages quote) and the resolved baseline entries. `known` adds the spellings
 * of the datasets' participants, so that an id quoted in any argument is caught too.
 */
export function pseudonymizeResult(
  result: AuditResult,
  p: Pseudonymizer,
  known: ReadonlySet<string> = new Set(),
): AuditResult {
  const memo = new Map<string, string>();
  const hash = (s: string): string => {
    let h = memo.get(s);
    if (h === undefined) memo.set(s, (h = p.hash(s)));
    return h;
  };
  const all = new Set(known);
  for (const v of result.violations) if (v.participant !== null) all.add(v.participant);
  const violations = result.violations.map((v) => pseudonymizeViolation(v, hash, all)).sort(compareViolations);
  let baseline = result.baseline;
  if (baseline && baseline.resolved.length > 0) {
    // A resolved entry's participant is usually gone from today's data: quote it by itself too.
    for (const e of baseline.resolved) if (e.participant !== null) all.add(e.participant);
    const quoted = [...all].filter((k) => k.length >= 3).sort((a, b) => b.length - a.length);
    baseline = {
      ...baseline,
      resolved: baseline.resolved.map((e) => ({
        ...e,
        participant: e.participant === null ? null : hash(e.participant),
        // The earlier report's sentence may quote the participant (unknown dossier…).
        message: e.message === null ? null : scrub(e.message, quoted, hash),
      })),
    };
  }
  return { ...result, violations, ...(baseline ? { baseline } : {}), pseudonymized: { keyed: p.source } };
}

/**
 * Replaces the identifiers quoted in a free sentence, in one pass (longest first, so an id inside
 * a name goes with it and a pseudonym already written is never rewritten).
 */
function scrub(text: string, quoted: readonly string[], hash: (s: string) => string): string {
  const present = quoted.filter((id) => text.includes(id));
  if (present.length === 0) return text;
  const re = new RegExp(present.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(re, (id) => hash(id));
}
