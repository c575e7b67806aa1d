// parsePartialDate and overlaps(): precision, interval bounds, calendar validity.
import { describe, expect, it } from 'vitest';
import { overlaps, parsePartialDate, type PartialDate } from '../../src/domain/partial-date.js';

const date = (value: string): PartialDate => {
  const parsed = parsePartialDate(value);
  if (parsed === null) throw new Error(`test date ${value} does not parse`);
  return parsed;
};

describe('parsePartialDate', () => {
  it.each([
    ['2008', 'year', '2008-01-01', '2008-12-31'],
    ['0001', 'year', '0001-01-01', '0001-12-31'],
    ['2021-12', 'month', '2021-12-01', '2021-12-31'],
    ['2021-04', 'month', '2021-04-01', '2021-04-30'],
    ['2021-02', 'month', '2021-02-01', '2021-02-28'],
    ['2020-02', 'month', '2020-02-01', '2020-02-29'],
    ['2000-02', 'month', '2000-02-01', '2000-02-29'],
    ['1900-02', 'month', '1900-02-01', '1900-02-28'],
    ['2021-12-02', 'day', '2021-12-02', '2021-12-02'],
    ['2020-02-29', 'day', '2020-02-29', '2020-02-29'],
    ['2021-01-31', 'day', '2021-01-31', '2021-01-31'],
    ['2021-04-30', 'day', '2021-04-30', '2021-04-30'],
  ])('%s is a %s from %s to %s', (value, precision, lo, hi) => {
    expect(parsePartialDate(value)).toEqual({ value, precision, lo, hi });
  });

  it.each([
    ['0000', 'year zero'],
    ['0000-01-01', 'a day of year zero'],
    ['2021-02-29', '29 February of a common year'],
    ['1900-02-29', '29 February of a century that is not a leap year'],
    ['2021-02-30', '30 February'],
    ['2021-04-31', '31 April'],
    ['2021-13', 'month 13'],
    ['2021-00', 'month 0'],
    ['2021-01-00', 'day 0'],
    ['2021-01-32', 'day 32'],
    ['21', 'a two-digit year'],
    ['2021-1', 'a one-digit month'],
    ['2021-01-1', 'a one-digit day'],
    ['2021/01/01', 'slashes'],
    ['2021-01-01T00:00:00Z', 'a date-time'],
    [' 2021', 'leading space'],
    ['', 'the empty string'],
  ])('refuses %s (%s)', (value) => {
    expect(parsePartialDate(value)).toBeNull();
  });
});

describe('overlaps', () => {
  it.each([
    ['2021-12-02', '2021-12', '2021-12', true],
    ['2021-12', '2021-12-31', null, true],
    ['2021-12', null, '2021-12-01', true],
    ['2021', '2021-12-31', '2022', true],
    ['2021', '2022', null, false],
    ['2021-11-30', '2021-12', null, false],
    ['2022-01-01', null, '2021', false],
    ['2008', null, null, true],
    ['2020-02-29', '2020-02', '2020-02', true],
  ])('%s against [%s, %s] is %s', (value, from, to, expected) => {
    expect(overlaps(date(value), from === null ? null : date(from), to === null ? null : date(to))).toBe(expected);
  });
});
