/**
 * The boxed tables: drawn here for plain one-column-per-character text, by cli-table3 otherwise;
 * either way the text is cli-table3's own, character for character.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainTable } from '../../src/report/grid.js';

const Table = createRequire(import.meta.url)('cli-table3') as typeof import('cli-table3');

/** What the reports drew before: cli-table3 with the reports' options. */
function reference(head: string[], rows: string[][], color: boolean): string {
  const t = new Table({ head, style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true } });
  for (const r of rows) t.push(r);
  return t.toString();
}

function drawn(head: string[], rows: string[][], color = false): string {
  const t = plainTable(head, color);
  for (const r of rows) t.push(r);
  return t.toString();
}

/** Characters drawn here: printable ASCII, Latin-1 and Latin extensions, French typography. */
const NARROW = [
  ...'abcXYZ 019;:,.-_()[]«»\'"éèêàçÉÀÇïîôûüœŒ°€—–’‘“”…·→−',
  '\u00a0', '\u202f', '\u0152', '\u0178', '\u01c4', '\u02c6',
];
const narrowText = fc.array(fc.constantFrom(...NARROW), { maxLength: 24 }).map((a) => a.join(''));

describe('plainTable', () => {
  it('draws a small report table exactly', () => {
    expect(drawn(['Référent', 'Erreurs'], [['Aïcha Benamar', '65'], ['(sans référent)', '1']])).toBe(
      [
        '┌─────────────────┬─────────┐',
        '│ Référent        │ Erreurs │',
        '├─────────────────┼─────────┤',
        '│ Aïcha Benamar   │ 65      │',
        '│ (sans référent) │ 1       │',
        '└─────────────────┴─────────┘',
      ].join('\n'),
    );
  });

  it('a head with no rows: top rule, head, bottom rule (as cli-table3)', () => {
    expect(drawn(['Règle', 'Type'], [])).toBe(reference(['Règle', 'Type'], [], false));
    expect(drawn(['Règle', 'Type'], [])).toBe('┌───────┬──────┐\n│ Règle │ Type │\n└───────┴──────┘');
  });

  it('is cli-table3 character for character on narrow text (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((cols) =>
          fc.tuple(
            fc.array(narrowText, { minLength: cols, maxLength: cols }),
            fc.array(fc.array(narrowText, { minLength: cols, maxLength: cols }), { maxLength: 8 }),
          ),
        ),
        ([head, rows]) => {
          expect(drawn(head, rows)).toBe(reference(head, rows, false));
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['wide characters', [['東京', 'x']]],
    ['an emoji', [['ok ✅', 'x']]],
    ['© and ® (emoji for string-width)', [['© PLIE', '®']]],
    ['a combining accent', [['e\u0301tape', 'x']]],
    ['a line break', [['deux\nlignes', 'x']]],
    ['ANSI colour in a cell', [['\u001b[31merreur\u001b[39m', 'x']]],
    ['a short row', [['seul']]],
  ])('falls back to cli-table3 for %s', (_label, rows) => {
    expect(drawn(['A', 'B'], rows)).toBe(reference(['A', 'B'], rows, false));
  });

  it('in colour, cli-table3 draws (cyan head, grey borders)', () => {
    const rows = [['Marie Dupont', '3']];
    const text = drawn(['Référent', 'Erreurs'], rows, true);
    expect(text).toBe(reference(['Référent', 'Erreurs'], rows, true));
    expect(text).toContain('\u001b[90m');
  });

  it('push takes several rows and returns the count', () => {
    const t = plainTable(['A'], false);
    expect(t.push(['1'], ['2'])).toBe(2);
    expect(t.push(['3'])).toBe(3);
    expect(t.toString()).toBe(reference(['A'], [['1'], ['2'], ['3']], false));
  });
});
