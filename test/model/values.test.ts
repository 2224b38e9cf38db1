import { describe, expect, it } from 'vitest';
import {
  cellText,
  durationUnit,
  excelSerialToDate,
  expandYear,
  INVALID,
  isEmptyCell,
  parseAge,
  parseBoolean,
  parseDate,
  parseDuration,
  parseId,
  parseMonth,
  parseNumber,
  parseTime,
  parseWeeklyHours,
  weeklyHoursUnit,
} from '../../src/model/values.js';
import { normalize } from '../../src/model/normalize.js';

describe('parseDate', () => {
  it.each([
    ['12/03/2019', '2019-03-12'],
    ['1/3/2019', '2019-03-01'],
    ['12/03/19', '2019-03-12'],
    ['12/03/69', '2069-03-12'],
    ['12/03/70', '1970-03-12'],
    ['29/02/2020', '2020-02-29'],
    ['2019-03-12', '2019-03-12'],
    ['2019-3-5', '2019-03-05'],
    ['2019/03/12', '2019-03-12'],
    ['2019-03-12 09:30', '2019-03-12'],
    ['2019-03-12T09:30:00', '2019-03-12'],
    ['2019-03-12T09:30:00.000Z', '2019-03-12'],
    ['12/03/2019 09:30', '2019-03-12'],
    ['12/03/2019 9h30', '2019-03-12'],
    ['12/03/2019 à 9h', '2019-03-12'],
    ['12/03/2019 09:30:15', '2019-03-12'],
    ['12-03-2019', '2019-03-12'],
    ['12.03.2019', '2019-03-12'],
    ['  12/03/2019  ', '2019-03-12'],
    ['20190312', '2019-03-12'],
    ['12032019', '2019-03-12'],
    ['12 mars 2019', '2019-03-12'],
    ['1er mars 2019', '2019-03-01'],
    ['mardi 12 mars 2019', '2019-03-12'],
    ['12 Février 2019', '2019-02-12'],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    '31/02/2019',
    '29/02/2019',
    '31/04/2019',
    '00/01/2019',
    '12/13/2019',
    '2019-02-30',
    '2019-13-01',
    '12/03-2019',
    '12/03/2019 25:00',
    '12/03/2019 09:75',
    '12/03/201',
    '2019',
    '12 machin 2019',
    'demain',
    'N/A',
    '01/01/1850',
  ])('%s is invalid (never rolled over)', (input) => {
    expect(parseDate(input)).toBe(INVALID);
  });

  it('empty cells are null', () => {
    expect(parseDate(null)).toBe(null);
    expect(parseDate('')).toBe(null);
    expect(parseDate('   ')).toBe(null);
    expect(parseDate('\u00a0')).toBe(null);
  });

  it('reads Excel serials in the 1900 system, Lotus bug included', () => {
    expect(parseDate(43536)).toBe('2019-03-12');
    expect(parseDate(43536.75)).toBe('2019-03-12');
    expect(parseDate(1)).toBe('1900-01-01');
    expect(parseDate(59)).toBe('1900-02-28');
    expect(parseDate(60)).toBe(INVALID); // 1900-02-29 never existed
    expect(parseDate(61)).toBe('1900-03-01');
    expect(parseDate(0)).toBe(INVALID);
    expect(parseDate(-5)).toBe(INVALID);
  });

  it('reads Excel serials in the 1904 system', () => {
    expect(parseDate(0, true)).toBe('1904-01-01');
    expect(parseDate(42074, true)).toBe('2019-03-12');
    expect(excelSerialToDate(42074, true)).toBe('2019-03-12');
    expect(excelSerialToDate(43536, false)).toBe('2019-03-12');
  });

  it('reads integral numeric text as a serial only in a plausible range', () => {
    expect(parseDate('43536')).toBe('2019-03-12');
    expect(parseDate('42074', true)).toBe('2019-03-12');
    expect(parseDate('2019')).toBe(INVALID);
    expect(parseDate('43536.5')).toBe(INVALID);
    expect(parseDate('99999')).toBe(INVALID);
  });

  it('booleans are not dates', () => {
    expect(parseDate(true)).toBe(INVALID);
  });

  it('expands two-digit years at 69/70', () => {
    expect(expandYear(0)).toBe(2000);
    expect(expandYear(69)).toBe(2069);
    expect(expandYear(70)).toBe(1970);
    expect(expandYear(99)).toBe(1999);
  });
});

describe('parseMonth', () => {
  it.each([
    ['2019-03', '2019-03'],
    ['2019/03', '2019-03'],
    ['03/2019', '2019-03'],
    ['3/2019', '2019-03'],
    ['03-2019', '2019-03'],
    ['03/19', '2019-03'],
    ['201903', '2019-03'],
    ['mars 2019', '2019-03'],
    ['Mars 2019', '2019-03'],
    ['Mars-19', '2019-03'],
    ['Mar-19', '2019-03'],
    ['févr. 2019', '2019-02'],
    ['Août 2019', '2019-08'],
    ['décembre 2019', '2019-12'],
    ['15/03/2019', '2019-03'],
    ['2019-03-15', '2019-03'],
  ])('%s → %s', (input, expected) => {
    expect(parseMonth(input)).toBe(expected);
  });

  it('reads date cells and serials', () => {
    expect(parseMonth(43536)).toBe('2019-03');
    expect(parseMonth(42074, true)).toBe('2019-03');
  });

  it.each(['13/2019', '2019-13', 'mois 2019', 'mars', '31/02/2019', 'bientôt'])('%s is invalid', (input) => {
    expect(parseMonth(input)).toBe(INVALID);
  });

  it('empty is null', () => {
    expect(parseMonth(null)).toBe(null);
    expect(parseMonth(' ')).toBe(null);
  });
});

describe('parseTime', () => {
  it.each([
    ['09:05', '09:05'],
    ['9:05', '09:05'],
    ['9:05:00', '09:05'],
    ['9h05', '09:05'],
    ['14H30', '14:30'],
    ['9h', '09:00'],
    ['2019-03-12 09:30', '09:30'],
    ['12/03/2019 14:15', '14:15'],
  ])('%s → %s', (input, expected) => {
    expect(parseTime(input)).toBe(expected);
  });

  it('reads Excel day fractions', () => {
    expect(parseTime(0.375)).toBe('09:00');
    expect(parseTime(0.5104166666666666)).toBe('12:15');
    expect(parseTime(1.5)).toBe(INVALID);
  });

  it.each(['24:00', '9:60', 'midi', '2019-03-12'])('%s is invalid', (input) => {
    expect(parseTime(input)).toBe(INVALID);
  });
});

describe('durations', () => {
  it('derives the unit from the header', () => {
    expect(durationUnit(normalize('Durée (min)'))).toBe('min');
    expect(durationUnit(normalize('Durée en minutes'))).toBe('min');
    expect(durationUnit(normalize('Durée (mn)'))).toBe('min');
    expect(durationUnit(normalize('Durée (h)'))).toBe('h');
    expect(durationUnit(normalize('Durée en heures'))).toBe('h');
    expect(durationUnit(normalize("Nombre d'heures"))).toBe('h');
    expect(durationUnit(normalize('Durée'))).toBe('auto');
    expect(durationUnit(normalize('Temps participant'))).toBe('auto');
  });

  it.each([
    ['9h05', 'auto', 545],
    ['1h30', 'min', 90],
    ['1h', 'h', 60],
    ['2 h 15', 'auto', 135],
    ['09:05', 'auto', 545],
    ['01:30:00', 'auto', 90],
    ['45 min', 'h', 45],
    ['1,5 h', 'min', 90],
    ['90', 'min', 90],
    ['90', 'auto', 90],
    ['1,5', 'auto', 90],
    ['1.5', 'auto', 90],
    ['0,75', 'auto', 45],
    ['1,5', 'h', 90],
    ['2', 'h', 120],
    ['2', 'auto', 2],
    ['1,5', 'min', 2],
    ['13,5', 'auto', 14],
    ['11,5', 'auto', 690],
    ['12,5', 'auto', 13],
    ['0', 'auto', 0],
  ] as const)('%s (%s) → %i min', (input, unit, expected) => {
    expect(parseDuration(input, unit)).toBe(expected);
  });

  it('reads numeric cells with the column unit', () => {
    expect(parseDuration(45, 'min')).toBe(45);
    expect(parseDuration(1.5, 'h')).toBe(90);
    expect(parseDuration(1.5, 'auto')).toBe(90);
    expect(parseDuration(60, 'auto')).toBe(60);
  });

  it.each(['-5', 'une heure', '1h75', '1:75', 'abc'])('%s is invalid', (input) => {
    expect(parseDuration(input, 'auto')).toBe(INVALID);
  });

  it('empty is null', () => {
    expect(parseDuration('', 'auto')).toBe(null);
    expect(parseDuration(null, 'min')).toBe(null);
  });
});

describe('parseNumber', () => {
  it.each([
    ['12', 12],
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['1 234,5', 1234.5],
    ['1\u00a0234,5', 1234.5],
    ['1\u202f234,5', 1234.5],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    ['-3', -3],
    [' 7 ', 7],
  ])('%s → %d', (input, expected) => {
    expect(parseNumber(input)).toBe(expected);
  });

  it.each(['12,5,3', '1.2.3', 'douze', '12 €', '--3'])('%s is invalid', (input) => {
    expect(parseNumber(input)).toBe(INVALID);
  });

  it('numbers pass, empty is null', () => {
    expect(parseNumber(3.25)).toBe(3.25);
    expect(parseNumber('')).toBe(null);
    expect(parseNumber(null)).toBe(null);
  });
});

describe('parseAge', () => {
  it('reads whole years', () => {
    expect(parseAge('45')).toBe(45);
    expect(parseAge('45 ans')).toBe(45);
    expect(parseAge(45)).toBe(45);
    expect(parseAge('quarante')).toBe(INVALID);
    expect(parseAge(45.5)).toBe(INVALID);
    expect(parseAge('')).toBe(null);
  });
});

describe('weekly hours', () => {
  it('derives the unit from the header', () => {
    expect(weeklyHoursUnit(normalize('% temps plein'))).toBe('percent');
    expect(weeklyHoursUnit(normalize('Pourcentage temps plein'))).toBe('percent');
    expect(weeklyHoursUnit(normalize('Quotité'))).toBe('percent');
    expect(weeklyHoursUnit(normalize('Durée hebdomadaire'))).toBe('hours');
    expect(weeklyHoursUnit(normalize('Temps de travail'))).toBe('hours');
  });

  it.each([
    ['35', 'hours', 35],
    ['24,5', 'hours', 24.5],
    ['24h30', 'hours', 24.5],
    ['80 %', 'hours', 28],
    ['80%', 'percent', 28],
    ['80', 'percent', 28],
    ['50', 'percent', 17.5],
    ['100', 'percent', 35],
  ] as const)('%s (%s) → %d h', (input, unit, expected) => {
    expect(parseWeeklyHours(input, unit)).toBe(expected);
  });

  it('reads Excel percent cells (fractions) in a percent column', () => {
    expect(parseWeeklyHours(0.8, 'percent')).toBe(28);
    expect(parseWeeklyHours(1, 'percent')).toBe(35);
    expect(parseWeeklyHours(26, 'hours')).toBe(26);
  });

  it('rejects nonsense', () => {
    expect(parseWeeklyHours('beaucoup', 'hours')).toBe(INVALID);
    expect(parseWeeklyHours('200', 'hours')).toBe(INVALID);
    expect(parseWeeklyHours('', 'hours')).toBe(null);
  });
});

describe('parseBoolean', () => {
  it.each([
    ['Oui', true], ['oui', true], ['OUI', true], ['O', true], ['X', true], ['x', true], ['1', true],
    ['Vrai', true], ['Yes', true], ['True', true], ['✓', true],
    ['Non', false], ['N', false], ['0', false], ['Faux', false], ['No', false], ['False', false],
  ] as const)('%s → %s', (input, expected) => {
    expect(parseBoolean(input)).toBe(expected);
  });

  it('reads typed cells', () => {
    expect(parseBoolean(true)).toBe(true);
    expect(parseBoolean(false)).toBe(false);
    expect(parseBoolean(1)).toBe(true);
    expect(parseBoolean(0)).toBe(false);
    expect(parseBoolean(2)).toBe(INVALID);
  });

  it('empty (X/empty convention or gap) is null, unknown words invalid', () => {
    expect(parseBoolean(null)).toBe(null);
    expect(parseBoolean('')).toBe(null);
    expect(parseBoolean('-')).toBe(null);
    expect(parseBoolean('Peut-être')).toBe(INVALID);
  });

  it('takes field-specific words', () => {
    const extra = new Map([['droit commun', false], ['plie', true]]);
    expect(parseBoolean('Droit commun', extra)).toBe(false);
    expect(parseBoolean('PLIE', extra)).toBe(true);
    expect(parseBoolean('Oui', extra)).toBe(true);
  });
});

describe('ids and text', () => {
  it('keeps ids as text', () => {
    expect(parseId(123)).toBe('123');
    expect(parseId(123.0)).toBe('123');
    expect(parseId('000123')).toBe('000123');
    expect(parseId(' P0042 ')).toBe('P0042');
    expect(parseId(12345678901234)).toBe('12345678901234');
    expect(parseId('')).toBe(null);
    expect(parseId(null)).toBe(null);
  });

  it('cellText trims and reads typed cells', () => {
    expect(cellText('  a b ')).toBe('a b');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText(false)).toBe('false');
    expect(cellText('\u202f')).toBe(null);
  });

  it('isEmptyCell', () => {
    expect(isEmptyCell(null)).toBe(true);
    expect(isEmptyCell(undefined)).toBe(true);
    expect(isEmptyCell('')).toBe(true);
    expect(isEmptyCell(' \t\u00a0')).toBe(true);
    expect(isEmptyCell(0)).toBe(false);
    expect(isEmptyCell(false)).toBe(false);
    expect(isEmptyCell(' a')).toBe(false);
  });
});
