/**
 * Merging across files: name-keyed rows linked to id-keyed participants when unambiguous,
 * participants built with their attributes (conflicts reported, first value kept), agenda rows
 * naming nobody known reported.
 */
import { ATTRIBUTE_FIELDS, type AttributeField } from './aliases.js';
import type { AnyRecord, MappedTable } from './mapper.js';
import { normalize } from './normalize.js';
import type { AgendaEvent, DataIssue, ISODate, Origin, Participant } from './types.js';

/** Evidence rows listed on one 'participant-inconnu' issue (the count is in args.rows). */
export const MAX_UNKNOWN_EVIDENCE = 50;

interface NameKey {
  last: string;
  first: string;
  birth: string | null;
}

function parseNameKey(key: string): NameKey {
  const [last = '', first = '', birth] = key.slice(5).split('|');
  return { last, first, birth: birth ?? null };
}

function signature(last: string, first: string): string {
  return `${last} ${first}`.trim();
}

function display(rec: AnyRecord): string {
  if (rec.participantId !== null) return rec.participantId;
  return [rec.lastName, rec.firstName].filter((x) => x !== null).join(' ');
}

/**
 * Rewrites name-keyed records to the participant they name when exactly one candidate fits:
 * first an id-keyed participant with the same normalised last + first name (and a compatible
 * birth date), else, for a key without birth date, the one name+birth key with that name.
 * Several candidates → one 'identite-ambigue' issue per name key, and the rows stay on their own key.
 */
export function linkNames(tables: readonly MappedTable[], issues: DataIssue[]): void {
  // Nearly every export names participants by id: then there is nothing to link (and no need to
  // normalise the names of a million rows to find out).
  if (!tables.some((t) => t.nameKeyedRows > 0)) return;
  const anchors = new Map<string, Set<string>>();
  const birthOf = new Map<string, ISODate>();
  const withBirth = new Map<string, Set<string>>();
  const firstOrigin = new Map<string, Origin>();
  const firstRecord = new Map<string, AnyRecord>();
  let anyNameKey = false;

  for (const t of tables) {
    const birthIdx = t.attrFields.indexOf('birthDate');
    const recs = t.records;
    for (let i = 0; i < recs.count; i++) {
      const key = recs.key(i);
      if (key === null) continue;
      const rec = recs.record(i);
      if (!firstOrigin.has(key)) {
        firstOrigin.set(key, rec.origin);
        firstRecord.set(key, rec);
      }
      if (key.startsWith('id:')) {
        if (rec.lastName !== null || rec.firstName !== null) {
          const sig = signature(normalize(rec.lastName ?? ''), normalize(rec.firstName ?? ''));
          let set = anchors.get(sig);
          if (!set) anchors.set(sig, (set = new Set()));
          set.add(key);
        }
        if (birthIdx >= 0 && !birthOf.has(key)) {
          const b = t.attr(i, birthIdx) as ISODate | null;
          if (b !== null) birthOf.set(key, b);
        }
      } else {
        anyNameKey = true;
        const nk = parseNameKey(key);
        if (nk.birth !== null) {
          const base = `name:${nk.last}|${nk.first}`;
          let set = withBirth.get(base);
          if (!set) withBirth.set(base, (set = new Set()));
          set.add(key);
        }
      }
    }
  }
  if (!anyNameKey) return;

  const resolved = new Map<string, string | null>();
  const resolve = (key: string): string | null => {
    const nk = parseNameKey(key);
    const sig = signature(nk.last, nk.first);
    let candidates = [...(anchors.get(sig) ?? [])];
    if (nk.birth !== null) candidates = candidates.filter((c) => !birthOf.has(c) || birthOf.get(c) === nk.birth);
    if (candidates.length === 0 && nk.birth === null) {
      candidates = [...(withBirth.get(`name:${nk.last}|${nk.first}`) ?? [])];
    }
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length > 1) {
      const rec = firstRecord.get(key)!;
      issues.push({
        code: 'identite-ambigue',
        participant: key,
        referent: null,
        date: null,
        field: 'lastName',
        column: null,
        args: {
          value: display(rec),
          candidates: candidates.map((c) => (c.startsWith('id:') ? c.slice(3) : c)).join(', '),
          count: candidates.length,
        },
        evidence: [firstOrigin.get(key)!, ...candidates.map((c) => firstOrigin.get(c)!)],
        effect: 'kept',
      });
    }
    return null;
  };

  for (const t of tables) {
    const recs = t.records;
    for (let i = 0; i < recs.count; i++) {
      const key = recs.key(i);
      if (key === null || !key.startsWith('name:')) continue;
      let to = resolved.get(key);
      if (to === undefined) {
        to = resolve(key);
        resolved.set(key, to);
      }
      if (to === null) continue;
      const id = to.startsWith('id:') ? (firstRecord.get(to)?.participantId ?? to.slice(3)) : recs.record(i).participantId;
      recs.relink(i, to, id);
    }
  }
}

const TEXT_ATTRIBUTES = new Set<AttributeField>(['commune', 'epci', 'educationLevel']);
/** Age moves with time (age at export vs at entry): first value kept, no conflict reported. */
const NO_CONFLICT = new Set<AttributeField>(['age']);

function sameValue(field: AttributeField, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (TEXT_ATTRIBUTES.has(field) && typeof a === 'string' && typeof b === 'string') return normalize(a) === normalize(b);
  return false;
}

function argValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}

function fillNames(p: Participant, rec: AnyRecord): void {
  if (p.lastName === null && rec.lastName !== null) p.lastName = rec.lastName;
  if (p.firstName === null && rec.firstName !== null) p.firstName = rec.firstName;
}

function newParticipant(key: string, rec: AnyRecord): Participant {
  return {
    key,
    id: key.startsWith('id:') ? (rec.participantId ?? key.slice(3)) : null,
    lastName: rec.lastName,
    firstName: rec.firstName,
    sex: null,
    birthDate: null,
    age: null,
    commune: null,
    epci: null,
    qpv: null,
    brsa: null,
    cer: null,
    deld: null,
    th: null,
    educationLevel: null,
    healthStart: null,
    orientationDate: null,
    entryDate: null,
    origins: [],
  };
}

/**
 * Participants in load order with every row that names them; attributes from affectations,
 * sorties and étapes rows: the first non-null value is kept, a different one later is one
 * 'conflit-attribut' issue (per participant, attribute and conflicting value) with both origins.
 */
export function buildParticipants(tables: readonly MappedTable[], issues: DataIssue[]): Map<string, Participant> {
  const participants = new Map<string, Participant>();
  // Where each attribute value was first read: per participant, one slot per attribute field
  // (a composite string key per participant and field cost more than the rest of the merge).
  const firstSeen = new Map<Participant, Origin[]>();
  const reported = new Set<string>();
  for (const t of tables) {
    const fields = t.attrFields;
    const slots = fields.map((f) => ATTRIBUTE_FIELDS.indexOf(f));
    const recs = t.records;
    if (t.dataset === 'agenda') {
      addAgendaParticipants(t, participants);
      continue;
    }
    for (let i = 0; i < recs.count; i++) {
      const key = recs.key(i);
      if (key === null) continue;
      let p = participants.get(key);
      const rec = recs.record(i);
      if (!p) participants.set(key, (p = newParticipant(key, rec)));
      p.origins.push(rec.origin);
      fillNames(p, rec);
      if (fields.length === 0) continue;
      const target = p as unknown as Record<string, unknown>;
      for (let j = 0; j < fields.length; j++) {
        const v = t.attr(i, j);
        if (v === null || v === undefined) continue;
        const f = fields[j]!;
        const cur = target[f];
        if (cur === null || cur === undefined) {
          target[f] = v;
          let seen = firstSeen.get(p);
          if (!seen) firstSeen.set(p, (seen = []));
          seen[slots[j]!] = rec.origin;
          continue;
        }
        if (NO_CONFLICT.has(f) || sameValue(f, cur, v)) continue;
        const once = `${key}\u0000${f}\u0000${String(v)}`;
        if (reported.has(once)) continue;
        reported.add(once);
        issues.push({
          code: 'conflit-attribut',
          participant: key,
          referent: 'referent' in rec ? rec.referent : null,
          date: null,
          field: f,
          column: t.headers.get(f) ?? (f === 'cer' ? (t.headers.get('cerDate') ?? null) : null),
          args: { value: argValue(v), kept: argValue(cur) },
          evidence: [firstSeen.get(p)![slots[j]!]!, rec.origin],
          effect: 'kept',
        });
      }
    }
  }
  // To their exact length (see ParticipantTimeline): a list grown by push holds 17 slots or more.
  for (const p of participants.values()) p.origins = p.origins.slice();
  return participants;
}

/**
 * Agenda rows only name people (no attributes, and they are not listed as origins): a row is read
 * when it names someone new or may give a missing name. Rows of a participant already complete are
 * skipped by code, without hashing the key of each of a million rows.
 */
function addAgendaParticipants(t: MappedTable, participants: Map<string, Participant>): void {
  const recs = t.records;
  const codes = recs.keyCodes;
  const names = t.fields.has('lastName') || t.fields.has('firstName');
  const done = codes ? new Uint8Array(codes.size) : null;
  for (let i = 0; i < recs.count; i++) {
    const code = codes ? codes.at(i) : -1;
    if (done !== null && done[code] === 1) continue;
    const key = recs.key(i);
    if (key === null) continue;
    let p = participants.get(key);
    if (!p) participants.set(key, (p = newParticipant(key, recs.record(i))));
    else if (names && (p.lastName === null || p.firstName === null)) fillNames(p, recs.record(i));
    if (done !== null && (!names || (p.lastName !== null && p.firstName !== null))) done[code] = 1;
  }
}

/**
 * Agenda rows naming a participant that no affectation, sortie or étape knows: one
 * 'participant-inconnu' issue per participant (effect 'kept': the rows still count for
 * référent-level rules), its rows as evidence (the first MAX_UNKNOWN_EVIDENCE, all counted).
 * Nothing when none of those datasets was given.
 */
export function reportUnknownAgendaParticipants(tables: readonly MappedTable[], issues: DataIssue[]): void {
  if (!tables.some((t) => t.dataset !== 'agenda')) return;
  const known = new Set<string>();
  for (const t of tables) {
    if (t.dataset === 'agenda') continue;
    for (let i = 0; i < t.records.count; i++) {
      const key = t.records.key(i);
      if (key !== null) known.add(key);
    }
  }
  const unknown = new Map<string, { first: AgendaEvent; table: MappedTable; evidence: Origin[]; rows: number }>();
  for (const t of tables) {
    if (t.dataset !== 'agenda') continue;
    const recs = t.records;
    const codes = recs.keyCodes;
    // Per key code: 0 not looked up yet, 1 known (or no key), 2 unknown.
    const status = codes ? new Uint8Array(codes.size) : null;
    for (let i = 0; i < recs.count; i++) {
      const code = codes ? codes.at(i) : -1;
      if (status !== null && status[code] === 1) continue;
      const key = recs.key(i);
      const isKnown = key === null || known.has(key);
      if (status !== null) status[code] = isKnown ? 1 : 2;
      if (key === null || isKnown) continue;
      let u = unknown.get(key);
      if (!u) unknown.set(key, (u = { first: recs.record(i) as AgendaEvent, table: t, evidence: [], rows: 0 }));
      u.rows++;
      if (u.evidence.length < MAX_UNKNOWN_EVIDENCE) u.evidence.push(recs.origin(i));
    }
  }
  for (const [key, u] of unknown) {
    const byId = key.startsWith('id:');
    const field = byId ? 'participantId' : 'lastName';
    issues.push({
      code: 'participant-inconnu',
      participant: key,
      referent: u.first.referent,
      date: u.first.date,
      field,
      column: u.table.headers.get(field) ?? u.table.headers.get('fullName') ?? null,
      args: { value: display(u.first), rows: u.rows },
      evidence: u.evidence,
      effect: 'kept',
    });
  }
}
