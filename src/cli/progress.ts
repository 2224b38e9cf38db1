/**
 * Progress on stderr while large exports are read: only on a terminal (never in a pipe, a CI log
 * or a redirected file) and only past a few thousand rows, so small audits stay silent. One line,
 * rewritten in place, erased before the report is written.
 */
import type { Io } from './io.js';

/** Below this many rows reading is quick: nothing is shown. */
export const PROGRESS_MIN_ROWS = 5000;

export interface Progress {
  /** Rows read so far over all inputs (PrepareOptions.onProgress). */
  rows(total: number, file: string): void;
  /** The next stage, once reading is over (shown only if progress was shown). */
  phase(label: string): void;
  /** Erases the line. */
  done(): void;
}

const ERASE_LINE = '\r\u001b[2K';

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
}

/** null when stderr is not a terminal: callers then pass no onProgress at all. */
export function createProgress(io: Pick<Io, 'stderr'>, minRows = PROGRESS_MIN_ROWS): Progress | null {
  if (!io.stderr.isTTY) return null;
  let shown = false;
  const write = (line: string) => {
    shown = true;
    io.stderr.write(`${ERASE_LINE}${line}`);
  };
  return {
    rows(total, file) {
      if (total < minRows) return;
      write(`Lecture des exports : ${thousands(total)} lignes (${file})…`);
    },
    phase(label) {
      if (shown) write(`${label}…`);
    },
    done() {
      if (shown) io.stderr.write(ERASE_LINE);
      shown = false;
    },
  };
}
