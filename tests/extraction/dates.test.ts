// Date phrases resolved against the publication date: weekday rule, precision, qualifiers, non-dates.
import { describe, expect, it } from 'vitest';
import { findDatePhrases, referenceDate, resolveDatePhrase } from '../../src/extraction/dates.js';

const FRIDAY = '2021-12-03';

describe('resolveDatePhrase: the seed article phrases (published Friday 2021-12-03)', () => {
  it.each([
    ['this Thursday', '2021-12-02', 'day'],
    ['on Thursday', '2021-12-02', 'day'],
    ['on Tuesday', '2021-11-30', 'day'],
    ['on Friday', '2021-12-03', 'day'],
    ['this Wednesday', '2021-12-01', 'day'],
    ['In 2008', '2008', 'year'],
    ['at the beginning of November', '2021-11', 'month'],
  ])('%s -> %s (%s)', (phrase, value, precision) => {
    expect(resolveDatePhrase(phrase, FRIDAY)).toEqual({ value, precision });
  });
});

describe('resolveDatePhrase: the weekday rule', () => {
  it.each([
    ['a weekday means the most recent such day', 'on Monday', '2021-11-29'],
    ['the publication weekday is the publication day', 'Friday', '2021-12-03'],
    ['"last" excludes the publication day', 'last Friday', '2021-11-26'],
    ['"next" looks forward', 'next Thursday', '2021-12-09'],
    ['"this" with a later weekday is still the past one', 'this Saturday', '2021-11-27'],
    ['with a time of day', 'Thursday night', '2021-12-02'],
  ])('%s: %s -> %s', (_name, phrase, value) => {
    expect(resolveDatePhrase(phrase, FRIDAY)).toEqual({ value, precision: 'day' });
  });
});

describe('resolveDatePhrase: precision kept', () => {
  it.each([
    ['yesterday', '2021-12-02', 'day'],
    ['today', '2021-12-03', 'day'],
    ['on December 1', '2021-12-01', 'day'],
    ['on 5 March', '2021-03-05', 'day'],
    ['on 5 March 2019', '2019-03-05', 'day'],
    ['in March', '2021-03', 'month'],
    ['in late November', '2021-11', 'month'],
    ['last month', '2021-11', 'month'],
    ['earlier this month', '2021-12', 'month'],
    ['last week', '2021-11', 'month'],
    ['last year', '2020', 'year'],
    ['during 1999', '1999', 'year'],
  ])('%s -> %s (%s)', (phrase, value, precision) => {
    expect(resolveDatePhrase(phrase, FRIDAY)).toEqual({ value, precision });
  });

  it('a week across two months keeps only the year', () => {
    expect(resolveDatePhrase('last week', '2021-12-08')).toEqual({ value: '2021', precision: 'year' });
  });
});

describe('findDatePhrases: what is not a date', () => {
  it.each([
    ['a year used as an adjective', 'he was involved in a 2013 robbery case'],
    ['a range of years', 'the envoy in the years 2014-2016'],
    ['the verb "may"', 'Russia may have a sphere of interest'],
    ['a count', 'killed 19 people'],
    ['nothing', 'the talks went on'],
  ])('%s', (_name, text) => {
    expect(findDatePhrases(text, FRIDAY)).toEqual([]);
  });

  it('keeps the phrase as printed with its offsets', () => {
    const text = 'It said, at the beginning of November, that';
    const [p] = findDatePhrases(text, FRIDAY);
    expect(p && text.slice(p.start, p.end)).toBe('at the beginning of November');
    expect(p?.text).toBe('at the beginning of November');
  });

  it.each([[null], ['not a date'], ['']])('no publication date (%s): nothing resolves', (published) => {
    expect(referenceDate(published)).toBeNull();
    expect(findDatePhrases('on Thursday', published)).toEqual([]);
  });

  it('accepts an ISO date-time as the publication date', () => {
    expect(resolveDatePhrase('on Thursday', '2021-12-03T18:30:00Z')).toEqual({ value: '2021-12-02', precision: 'day' });
  });
});
