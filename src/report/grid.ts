/**
 * Boxed terminal tables. cli-table3 draws them, but it measures every cell several times with
 * string-width and ANSI regexes: a six-hundred-référent summary took a few hundred milliseconds.
 * Tables without colour whose cells are one line of characters one column wide each (Latin
 * scripts, French typography) are drawn here instead, character for character as cli-table3
 * draws them; anything else (colour, wide or combining characters, emoji, line breaks) still goes
 * to cli-table3, loaded only then.
 */
import { createRequire } from 'node:module';
import type CliTable from 'cli-table3';

export interface TextTable {
  push(...rows: string[][]): number;
  toString(): string;
}

/**
 * A character string-width counts as exactly one column, alone and next to any other such
 * character: printable ASCII, Latin-1 and the Latin extensions (© and ® excepted: they are emoji
 * for string-width), and the typographic signs of French text.
 */
function narrow(code: number): boolean {
  if (code >= 0x20 && code <= 0x7e) return true;
  if (code >= 0xa0 && code <= 0x2ff) return code !== 0xa9 && code !== 0xae;
  switch (code) {
    case 0x2010: // ‐
    case 0x2011: // non-breaking hyphen
    case 0x2013: // –
    case 0x2014: // —
    case 0x2018: // ‘
    case 0x2019: // ’
    case 0x201c: // “
    case 0x201d: // ”
    case 0x2022: // •
    case 0x2026: // …
    case 0x202f: // narrow no-break space
    case 0x20ac: // €
    case 0x2192: // →
    case 0x2212: // −
      return true;
    default:
      return false;
  }
}

/** The text's width in columns when every character is narrow(), else -1. */
function simpleWidth(text: string): number {
  for (let i = 0; i < text.length; i++) if (!narrow(text.charCodeAt(i))) return -1;
  return text.length;
}

const requireCjs = createRequire(import.meta.url);

/**
 * cli-table3 colours through @colors/colors, which turns itself off when stdout is not a
 * terminal or TERM is unset (a CI job, a pipe). The caller has already decided colour is wanted
 * (--color), so it is switched on in cli-table3's own copy; without that copy (an optional
 * dependency of cli-table3) the table is drawn without colour.
 */
function enableTableColours(): void {
  try {
    const fromTable = createRequire(requireCjs.resolve('cli-table3'));
    (fromTable('@colors/colors/safe') as { enable(): void }).enable();
  } catch {
    // No @colors/colors: cli-table3 draws without colour, as it does itself.
  }
}

function cliTable(head: string[], color: boolean): CliTable.Table {
  const Table = requireCjs('cli-table3') as typeof CliTable;
  if (color) enableTableColours();
  return new Table({
    head,
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
}

function rule(widths: readonly number[], left: string, mid: string, right: string): string {
  return left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
}

function line(cells: readonly string[], widths: readonly number[]): string {
  let s = '│';
  for (let i = 0; i < widths.length; i++) s += ` ${cells[i]!}${' '.repeat(widths[i]! - cells[i]!.length)} │`;
  return s;
}

/** cli-table3's compact layout: top rule, head, one rule under it, the rows, the bottom rule. */
function draw(head: readonly string[], rows: readonly string[][]): string | null {
  const widths = head.map((h) => simpleWidth(h));
  if (widths.includes(-1)) return null;
  for (const row of rows) {
    if (row.length !== head.length) return null;
    for (let i = 0; i < row.length; i++) {
      const cell = row[i];
      if (typeof cell !== 'string') return null;
      const w = simpleWidth(cell);
      if (w < 0) return null;
      if (w > widths[i]!) widths[i] = w;
    }
  }
  const out = [rule(widths, '┌', '┬', '┐'), line(head, widths)];
  if (rows.length > 0) out.push(rule(widths, '├', '┼', '┤'));
  for (const row of rows) out.push(line(row, widths));
  out.push(rule(widths, '└', '┴', '┘'));
  return out.join('\n');
}

/** A table with a head row; colour only for the head (cyan) and the borders (grey). */
export function plainTable(head: string[], color: boolean): TextTable {
  const rows: string[][] = [];
  return {
    push(...more: string[][]): number {
      for (const r of more) rows.push(r);
      return rows.length;
    },
    toString(): string {
      const drawn = color || head.length === 0 ? null : draw(head, rows);
      if (drawn !== null) return drawn;
      const t = cliTable(head, color);
      for (const r of rows) t.push(r);
      return t.toString();
    },
  };
}
