/**
 * A full garbage collection, asked for at the two points of a large audit where most of the heap
 * has just become garbage, and V8 would otherwise let the next phase's allocations grow the heap
 * on top of it before it collects: when every input is read (the rows' cells and batches), and
 * once the audit is done (the prepared data: the agenda's columns, the participants, the
 * timelines). Million-row agenda: peak 258-263 MB without, 250-251 with (three runs each).
 *
 * `gc` is exposed by setting the flag at run time and reading it from a fresh context, since the
 * bin cannot pass Node flags portably. Where that fails, nothing is collected early.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** Below this many agenda rows a collection costs more than the memory it returns. */
const COLLECT_FROM_ROWS = 200_000;

let gc: (() => void) | null | undefined;

/** A full collection, for an audit of `agendaRows` rows: only when it is large enough to pay. */
export function collectGarbage(agendaRows: number): void {
  if (agendaRows < COLLECT_FROM_ROWS) return;
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
