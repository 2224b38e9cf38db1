/** Terminal styles: chalk's output at level 1; none at all without colour. */
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeStyle, type Style } from '../../src/report/style.js';

const chalk = new Chalk({ level: 1 });
const STYLES: (keyof Style)[] = ['bold', 'dim', 'italic', 'red', 'yellow', 'blue', 'gray'];

/** Text with the pieces chalk treats specially: escape codes (its own closings), CR, LF. */
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', 'é', ' ', '\n', '\r\n', '\r', '—', '\u001b[22m', '\u001b[39m', '\u001b[23m', '\u001b[31m', '\u001b[1m'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('makeStyle', () => {
  it('in colour, each style is chalk level 1 (property: nested styles, line breaks)', () => {
    const c = makeStyle(true);
    fc.assert(
      fc.property(fc.constantFrom(...STYLES), fc.constantFrom(...STYLES), text, (outer, inner, t) => {
        expect(c[outer](t)).toBe(chalk[outer](t));
        expect(c[outer](`« ${c[inner](t)} »`)).toBe(chalk[outer](`« ${chalk[inner](t)} »`));
      }),
      { numRuns: 500 },
    );
  });

  it('exact codes', () => {
    const c = makeStyle(true);
    expect(c.bold('x')).toBe('\u001b[1mx\u001b[22m');
    expect(c.gray('x')).toBe('\u001b[90mx\u001b[39m');
    expect(c.bold(`a ${c.dim('b')} c`)).toBe('\u001b[1ma \u001b[2mb\u001b[22m\u001b[1m c\u001b[22m');
    expect(c.red('a\nb')).toBe('\u001b[31ma\u001b[39m\n\u001b[31mb\u001b[39m');
    expect(c.red('')).toBe('');
  });

  it('without colour, every style returns its text', () => {
    const c = makeStyle(false);
    for (const s of STYLES) expect(c[s]('« \u001b[1m x\n')).toBe('« \u001b[1m x\n');
  });
});
