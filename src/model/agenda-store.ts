/**
 * The agenda kept column by column. A network's year is a million rows; as objects (one per row,
 * plus its origin) they took ~200 bytes each and most of the audit's memory. Agenda fields take
 * few distinct values (dates of the year, référents, kinds, times, durations), so each column
 * stores small codes into its own table of values: ~30 bytes a row.
 *
 * Records are materialised on demand (`get`, iteration, `rowsByParticipant` + `get`): callers get
 * ordinary AgendaEvent objects, short-lived, never the million at once.
 */
import type { AgendaEvent, Origin } from './types.js';

/**
 * A column of values coded by first appearance. Codes start as bytes and widen (16, then 32 bits)
 * when a column has more distinct values (participant keys, names) than the width holds. A column
 * holding one value so far (every row code 0: a column the export does not have, all null) keeps
 * no codes at all: an export fills about half of the agenda's twenty fields, and the empty ones
 * took a megabyte each per million rows.
 */
class CodedColumn<T> {
  readonly values: T[] = [];
  /** value → code while rows are added; dropped by `seal` (rebuilt if a row is added later). */
  private codeOf: Map<T, number> | null = new Map<T, number>();
  /** null while every row holds code 0. */
  private store: Uint8Array | Uint16Array | Int32Array | null = null;
  /** Rows the codes have room for (what `store` will be sized to when first needed). */
  private capacity: number;
  // Consecutive rows often repeat a value (same référent, same day): identity check first.
  private lastValue: T | undefined = undefined;
  private lastCode = -1;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Each row's code (a column of zeros made now if it had none). */
  get codes(): Uint8Array | Uint16Array | Int32Array {
    return (this.store ??= new Uint8Array(this.capacity));
  }

  set(i: number, v: T): void {
    if (v !== this.lastValue || this.lastCode < 0) {
      this.lastCode = this.codeFor(v);
      this.lastValue = v;
    }
    this.setCode(i, this.lastCode);
  }

  /** Row i holds the value of `code` (from `codeFor`). */
  setCode(i: number, code: number): void {
    if (code !== 0) this.codes[i] = code;
    else if (this.store !== null) this.store[i] = 0;
  }

  /** v's code, handed out now if v is new (the codes widen as needed). Codes never change. */
  codeFor(v: T): number {
    this.codeOf ??= new Map(this.values.map((x, c) => [x, c]));
    const hit = this.codeOf.get(v);
    if (hit !== undefined) return hit;
    const code = this.values.length;
    this.values.push(v);
    this.codeOf.set(v, code);
    if (code === 256 && this.store instanceof Uint8Array) this.store = widen(this.store, Uint16Array);
    else if (code === 65536 && this.store instanceof Uint16Array) this.store = widen(this.store, Int32Array);
    return code;
  }

  get(i: number): T {
    const codes = this.store;
    return this.values[codes === null ? 0 : codes[i]!]!;
  }

  seal(length: number): void {
    this.codeOf = null;
    this.lastValue = undefined;
    this.lastCode = -1;
    // Spare capacity is kept when small (as the store keeps it for its row numbers): trimming copies the column.
    if (length < this.capacity * 0.75) {
      this.capacity = length;
      if (this.store !== null) this.store = this.store.slice(0, length);
    }
  }

  grow(capacity: number): void {
    this.capacity = capacity;
    const from = this.store;
    if (from === null) return;
    const next = new (from.constructor as new (n: number) => Uint8Array | Uint16Array | Int32Array)(capacity);
    next.set(from);
    this.store = next;
  }
}

function widen<A extends Uint16Array | Int32Array>(from: Uint8Array | Uint16Array, To: new (n: number) => A): A {
  const to = new To(from.length);
  to.set(from);
  return to;
}

/** Every AgendaEvent field but the origin, in one list so that push/get cannot forget one. */
const FIELDS = [
  'participantKey', 'participantId', 'lastName', 'firstName', 'date', 'startTime', 'endTime',
  'durationMin', 'referent', 'role', 'kind', 'mode', 'format', 'attendance', 'subject',
  'timeCategory', 'enteredAt', 'signed', 'location',
] as const satisfies readonly (keyof AgendaEvent)[];
type Field = (typeof FIELDS)[number];

// Compile-time guard: FIELDS + origin is exactly the AgendaEvent shape.
type Missing = Exclude<keyof AgendaEvent, Field | 'origin'>;
const _complete: Missing extends never ? true : Missing = true;
void _complete;

type Columns = { [K in Field]: CodedColumn<AgendaEvent[K]> };

const INITIAL_CAPACITY = 1024;

/**
 * Each participant's agenda rows: one array of row indexes grouped by participant, and where each
 * group starts. A view per participant, kept, would cost ~90 bytes each (4.6 MB for a network's
 * 50 000 participants) for lists read once per check: `get` makes the view when asked.
 */
export class ParticipantRows {
  constructor(
    private readonly slotOf: Map<string, number>,
    private readonly order: Int32Array,
    private readonly offsets: Int32Array,
  ) {}

  get(key: string): Int32Array | undefined {
    const k = this.slotOf.get(key);
    return k === undefined ? undefined : this.order.subarray(this.offsets[k]!, this.offsets[k + 1]!);
  }

  keys(): IterableIterator<string> {
    return this.slotOf.keys();
  }
}

/**
 * A participant's codes in the store's key and number columns (from `identityCodes`), kept by
 * the caller on its own entry for the participant: -1 until known.
 */
export interface IdentityCodes {
  keyCode: number;
  idCode: number;
}

export class AgendaStore implements Iterable<AgendaEvent> {
  private n = 0;
  private capacity: number;
  private readonly cols: Columns;
  private inputs: CodedColumn<number>;
  private rowNumbers: Int32Array;

  constructor(capacity = INITIAL_CAPACITY) {
    this.capacity = Math.max(16, capacity);
    this.cols = Object.fromEntries(FIELDS.map((f) => [f, new CodedColumn(this.capacity)])) as unknown as Columns;
    this.inputs = new CodedColumn<number>(this.capacity);
    this.rowNumbers = new Int32Array(this.capacity);
  }

  static from(events: Iterable<AgendaEvent>): AgendaStore {
    const store = new AgendaStore();
    for (const e of events) store.push(e);
    return store;
  }

  get length(): number {
    return this.n;
  }

  /** Room for `rows` rows in all (a table's estimated size): columns grown once, not doubled. */
  reserve(rows: number): void {
    if (rows > this.capacity) this.grow(rows);
  }

  /**
   * The codes of a participant's key and number, for `push`: a caller that maps many rows of the
   * same participants keeps them, and spares two lookups per row in maps of every participant.
   */
  identityCodes(key: string | null, id: string | null, into: IdentityCodes): void {
    into.keyCode = this.cols.participantKey.codeFor(key);
    into.idCode = this.cols.participantId.codeFor(id);
  }

  push(e: AgendaEvent, identity?: IdentityCodes): void {
    if (this.n === this.capacity) this.grow(this.capacity * 2);
    const i = this.n++;
    const c = this.cols;
    // Unrolled on purpose: a loop over FIELDS with e[f] is a megamorphic lookup per cell.
    if (identity === undefined) {
      c.participantKey.set(i, e.participantKey);
      c.participantId.set(i, e.participantId);
    } else {
      c.participantKey.setCode(i, identity.keyCode);
      c.participantId.setCode(i, identity.idCode);
    }
    c.lastName.set(i, e.lastName);
    c.firstName.set(i, e.firstName);
    c.date.set(i, e.date);
    c.startTime.set(i, e.startTime);
    c.endTime.set(i, e.endTime);
    c.durationMin.set(i, e.durationMin);
    c.referent.set(i, e.referent);
    c.role.set(i, e.role);
    c.kind.set(i, e.kind);
    c.mode.set(i, e.mode);
    c.format.set(i, e.format);
    c.attendance.set(i, e.attendance);
    c.subject.set(i, e.subject);
    c.timeCategory.set(i, e.timeCategory);
    c.enteredAt.set(i, e.enteredAt);
    c.signed.set(i, e.signed);
    c.location.set(i, e.location);
    this.inputs.set(i, e.origin.input);
    this.rowNumbers[i] = e.origin.row;
  }

  /**
   * A read-only view of row i: fields are read from the columns when asked. Iteration and the
   * per-participant lists hand out views, which cost one small object instead of twenty fields.
   */
  view(i: number): AgendaEvent {
    return new AgendaRowView(this.cols, this, i);
  }

  /** A fresh AgendaEvent for row i (changing it does not change the store). */
  get(i: number): AgendaEvent {
    const c = this.cols;
    return {
      participantKey: c.participantKey.get(i),
      participantId: c.participantId.get(i),
      lastName: c.lastName.get(i),
      firstName: c.firstName.get(i),
      date: c.date.get(i),
      startTime: c.startTime.get(i),
      endTime: c.endTime.get(i),
      durationMin: c.durationMin.get(i),
      referent: c.referent.get(i),
      role: c.role.get(i),
      kind: c.kind.get(i),
      mode: c.mode.get(i),
      format: c.format.get(i),
      attendance: c.attendance.get(i),
      subject: c.subject.get(i),
      timeCategory: c.timeCategory.get(i),
      enteredAt: c.enteredAt.get(i),
      signed: c.signed.get(i),
      location: c.location.get(i),
      origin: this.origin(i),
    };
  }

  participantKey(i: number): string | null {
    return this.cols.participantKey.get(i);
  }

  /**
   * Row i's participant as a small code (one per distinct key, in order of first appearance):
   * per-participant passes over a million rows index arrays by it instead of hashing keys.
   */
  keyCode(i: number): number {
    return this.cols.participantKey.codes[i]!;
  }

  /** Number of key codes handed out so far (codes are < this). */
  get keyCodeCount(): number {
    return this.cols.participantKey.values.length;
  }

  /**
   * A column's distinct values and each row's code into them (codes beyond `length` are spare
   * capacity): a pass over a million rows reads small integers, and decides once per value.
   */
  coded<K extends 'kind' | 'attendance'>(field: K): { values: readonly AgendaEvent[K][]; codes: ArrayLike<number> } {
    const col = this.cols[field] as CodedColumn<AgendaEvent[K]>;
    return { values: col.values, codes: col.codes };
  }

  date(i: number): string {
    return this.cols.date.get(i);
  }

  origin(i: number): Origin {
    return { input: this.inputs.get(i), row: this.rowNumbers[i]! };
  }

  /** Name-keyed rows linked to a participant's key (and id) once every file is read. */
  relink(i: number, participantKey: string, participantId: string | null): void {
    this.cols.participantKey.set(i, participantKey);
    this.cols.participantId.set(i, participantId);
  }

  /** A new store with the rows kept by `keep`, in order. */
  filter(keep: (i: number) => boolean): AgendaStore {
    const out = new AgendaStore(this.n);
    for (let i = 0; i < this.n; i++) if (keep(i)) out.push(this.view(i));
    out.seal();
    return out;
  }

  /** Views (see `view`), in row order. */
  forEach(fn: (e: AgendaEvent, i: number) => void): void {
    for (let i = 0; i < this.n; i++) fn(this.view(i), i);
  }

  /** Views (see `view`), in row order. */
  *[Symbol.iterator](): Iterator<AgendaEvent> {
    for (let i = 0; i < this.n; i++) yield this.view(i);
  }

  toArray(): AgendaEvent[] {
    const out = new Array<AgendaEvent>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.get(i);
    return out;
  }

  /**
   * Row indexes per participant key, each list in date order then load order (which is origin
   * order: inputs are numbered as they are read, rows ascend within one).
   */
  rowsByParticipant(): ParticipantRows {
    const keys = this.cols.participantKey;
    const slots = keys.values.length;
    const counts = new Int32Array(slots);
    for (let i = 0; i < this.n; i++) counts[keys.codes[i]!]!++;
    const offsets = new Int32Array(slots + 1);
    for (let k = 0; k < slots; k++) offsets[k + 1] = offsets[k]! + counts[k]!;
    const order = new Int32Array(this.n);
    const fill = offsets.slice(0, slots);
    for (let i = 0; i < this.n; i++) order[fill[keys.codes[i]!]!++] = i;

    // Dates compared as ranks: the distinct dates are few, the comparisons many.
    const dates = this.cols.date;
    const distinct = dates.values.map((d, code) => ({ d, code })).sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0));
    const rankOfCode = new Int32Array(distinct.length);
    distinct.forEach((x, rank) => (rankOfCode[x.code] = rank));
    const rank = (i: number): number => rankOfCode[dates.codes[i]!]!;

    const slotOf = new Map<string, number>();
    for (let k = 0; k < slots; k++) {
      const key = keys.values[k];
      if (key === null || key === undefined || counts[k] === 0) continue;
      const rows = order.subarray(offsets[k]!, offsets[k + 1]!);
      let sorted = true;
      for (let j = 1; j < rows.length && sorted; j++) sorted = rank(rows[j - 1]!) <= rank(rows[j]!);
      // Exports are usually sorted by date: then each participant's rows already are.
      if (!sorted) rows.set([...rows].sort((a, b) => rank(a) - rank(b) || a - b));
      slotOf.set(key, k);
    }
    return new ParticipantRows(slotOf, order, offsets);
  }

  /**
   * Loading is over: the value → code maps (tens of thousands of participant keys and names) and
   * the spare capacity are released. Rows can still be added; the maps are then rebuilt.
   */
  seal(): void {
    for (const f of FIELDS) this.cols[f].seal(this.n);
    this.inputs.seal(this.n);
    if (this.n < this.rowNumbers.length * 0.75) this.rowNumbers = this.rowNumbers.slice(0, this.n);
    this.capacity = this.rowNumbers.length;
    if (this.capacity === 0) this.grow(16);
  }

  private grow(capacity: number): void {
    for (const f of FIELDS) this.cols[f].grow(capacity);
    this.inputs.grow(capacity);
    const rows = new Int32Array(capacity);
    rows.set(this.rowNumbers);
    this.rowNumbers = rows;
    this.capacity = capacity;
  }
}

/**
 * Row i of a store, read field by field from its columns. Setting a field is not possible (the
 * model is read-only once loaded); `{ ...view }` does not copy the fields: use `AgendaStore.get`
 * for a plain object.
 */
class AgendaRowView implements AgendaEvent {
  private cachedOrigin: Origin | null = null;
  constructor(
    private readonly cols: Columns,
    private readonly store: AgendaStore,
    private readonly i: number,
  ) {}
  get participantKey() { return this.cols.participantKey.get(this.i); }
  get participantId() { return this.cols.participantId.get(this.i); }
  get lastName() { return this.cols.lastName.get(this.i); }
  get firstName() { return this.cols.firstName.get(this.i); }
  get date() { return this.cols.date.get(this.i); }
  get startTime() { return this.cols.startTime.get(this.i); }
  get endTime() { return this.cols.endTime.get(this.i); }
  get durationMin() { return this.cols.durationMin.get(this.i); }
  get referent() { return this.cols.referent.get(this.i); }
  get role() { return this.cols.role.get(this.i); }
  get kind() { return this.cols.kind.get(this.i); }
  get mode() { return this.cols.mode.get(this.i); }
  get format() { return this.cols.format.get(this.i); }
  get attendance() { return this.cols.attendance.get(this.i); }
  get subject() { return this.cols.subject.get(this.i); }
  get timeCategory() { return this.cols.timeCategory.get(this.i); }
  get enteredAt() { return this.cols.enteredAt.get(this.i); }
  get signed() { return this.cols.signed.get(this.i); }
  get location() { return this.cols.location.get(this.i); }
  /** The same object on every read: evidence lists and caches may key on it. */
  get origin() { return (this.cachedOrigin ??= this.store.origin(this.i)); }
}
