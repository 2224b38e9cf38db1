import { describe, expect, it } from 'vitest';
import { convertCell, isDateFormat, serialToText } from '../../src/load/excel-cells.js';

describe('serial dates', () => {
  it('converts 1900-system serials by format', () => {
    expect(serialToText(43539, false, 'dd/mm/yyyy')).toBe('2019-03-15');
    expect(serialToText(43539.75, false, 'dd/mm/yyyy')).toBe('2019-03-15');
    expect(serialToText(43539.75, false, 'dd/mm/yyyy hh:mm')).toBe('2019-03-15 18:00');
    expect(serialToText(43539.378472222, false, 'h:mm')).toBe('09:05');
    expect(serialToText(0.999999, false, 'hh:mm')).toBe('00:00');
    expect(serialToText(1.5, false, '[h]:mm')).toBe('36:00');
    expect(serialToText(0.0625, false, '[mm]:ss')).toBe('01:30');
    expect(serialToText(1, false, 'dd/mm/yyyy')).toBe('1900-01-01');
    expect(serialToText(59, false, 'dd/mm/yyyy')).toBe('1900-02-28');
    expect(serialToText(61, false, 'dd/mm/yyyy')).toBe('1900-03-01');
  });

  it('converts 1904-system serials', () => {
    expect(serialToText(0, true, 'dd/mm/yyyy')).toBe('1904-01-01');
    expect(serialToText(42077, true, 'dd/mm/yyyy')).toBe('2019-03-15');
  });

  it('lets the value decide when the format says neither date nor time clearly', () => {
    expect(serialToText(0.5, false, undefined)).toBe('12:00');
    expect(serialToText(43539, false, undefined)).toBe('2019-03-15');
    expect(serialToText(43539.5, false, undefined)).toBe('2019-03-15 12:00');
  });

  it('recognises date formats without being fooled by literals', () => {
    expect(['dd/mm/yyyy', 'DD/MM/YYYY', 'mmm-yy', 'h:mm', '[h]:mm', '[$-40C]d mmmm yyyy', 'yyyy-mm-dd hh:mm:ss'].map(isDateFormat)).toEqual([
      true, true, true, true, true, true, true,
    ]);
    expect(['General', '0.00', '#,##0 "jours"', '0\\ \\h', '[Red]0', '@', '0.00E+00', '_-* #,##0 €_-', undefined].map(isDateFormat)).toEqual([
      false, false, false, false, false, false, false, false, false,
    ]);
  });
});

describe('cell values', () => {
  it('flattens rich text, hyperlinks and formula results; errors are empty', () => {
    expect(convertCell({ richText: [{ text: 'Réf' }, { text: 'érent' }] }, undefined, false)).toBe('Référent');
    expect(convertCell({ text: 'fiche', hyperlink: 'https://x' }, undefined, false)).toBe('fiche');
    expect(convertCell({ formula: 'A1', result: 'x' }, undefined, false)).toBe('x');
    expect(convertCell({ formula: 'A1', result: 43539 }, 'dd/mm/yyyy', false)).toBe('2019-03-15');
    expect(convertCell({ formula: 'A1', result: { error: '#REF!' } }, undefined, false)).toBeNull();
    expect(convertCell({ error: '#N/A' }, undefined, false)).toBeNull();
    expect(convertCell(Number.NaN, undefined, false)).toBeNull();
    expect(convertCell('ligne_x000D_suite', undefined, false)).toBe('ligne\rsuite');
    expect(convertCell('__proto__', undefined, false)).toBe('__proto__');
  });

  it('turns back into a number a Date exceljs built from a format that is not a date', () => {
    const d = new Date(Math.round((12.5 - 25569) * 86_400_000));
    expect(convertCell(d, '0\\ \\h', false)).toBe(12.5);
  });
});
