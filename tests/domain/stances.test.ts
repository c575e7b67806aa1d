// Stance analysis logic: windows, the position in force, combined stances, changes and tallies.
import { describe, expect, it } from 'vitest';
import { parsePartialDate, type PartialDate } from '../../src/domain/partial-date.js';
import {
  addDays, positionInForce, stanceChanges, stanceChangesByTopic, stanceWindow, tallyStances, type Stance,
} from '../../src/domain/stances.js';

const date = (value: string): PartialDate => {
  const parsed = parsePartialDate(value);
  if (parsed === null) throw new Error(`test date ${value} does not parse`);
  return parsed;
};

describe('addDays', () => {
  it.each([
    ['2021-12-02', 30, '2022-01-01'],
    ['2021-12-02', -30, '2021-11-02'],
    ['2021-03-01', -1, '2021-02-28'],
    ['2020-03-01', -1, '2020-02-29'],
    ['2021-12-31', 0, '2021-12-31'],
    ['0050-06-15', 1, '0050-06-16'],
    ['0001-01-10', -3650, '0001-01-01'],
    ['9999-12-01', 3650, '9999-12-31'],
  ])('%s %+i days is %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });
});

describe('stanceWindow', () => {
  it.each([
    ['2021-12-02', 30, '2021-11-02', '2022-01-01'],
    ['2021-12', 0, '2021-12-01', '2021-12-31'],
    ['2021', 1, '2020-12-31', '2022-01-01'],
  ])('%s widened by %i days is %s to %s', (at, days, from, to) => {
    expect(stanceWindow(date(at), days)).toEqual({ from, to });
  });
});

describe('positionInForce', () => {
  const p = (id: string, from: string | null, to: string | null) => ({
    id, valid_from_lo: from === null ? null : date(from).lo, valid_to_hi: to === null ? null : date(to).hi,
  });
  const old = p('pos_a', '2008', null);
  const ended = p('pos_b', '2010', '2015-06');
  const recent = p('pos_c', '2021-06-20', null);
  const unknownStart = p('pos_d', null, null);

  it.each([
    ['the later one has not started on that day', '2021-06-15', [old, recent], 'pos_a'],
    ['both meet the month: the latest-starting wins', '2021-06', [old, recent], 'pos_c'],
    ['the last day of a month-precision end is still in force', '2015-06-30', [old, ended], 'pos_b'],
    ['it ended before', '2015-07', [ended], null],
    ['it had not started', '2009', [ended], null],
    ['an unknown start is open', '1990', [unknownStart, recent], 'pos_d'],
    ['a known start beats an unknown one', '2022', [unknownStart, old], 'pos_a'],
    ['no positions', '2022', [], null],
  ])('%s (at %s)', (_why, at, list, expected) => {
    expect(positionInForce(list, date(at))?.id ?? null).toBe(expected);
  });

  it('breaks a tie on the same start by the later id', () => {
    expect(positionInForce([p('pos_b', '2021', null), p('pos_a', '2021', null)], date('2021'))?.id).toBe('pos_b');
  });
});

describe('stanceChanges', () => {
  const walk = (stances: string, ignoreNeutral = false) => {
    const claims = stances.split(' ').filter(Boolean).map((s, i) => ({ id: `c${i + 1}`, stance: s as Stance }));
    return stanceChanges(claims, { ignoreNeutral }).map((ch) => `${ch.before.id}>${ch.after.id}`);
  };

  it.each([
    ['', false, []],
    ['supports', false, []],
    ['supports supports opposes', false, ['c2>c3']],
    ['supports opposes supports', false, ['c1>c2', 'c2>c3']],
    ['supports neutral supports', false, ['c1>c2', 'c2>c3']],
    ['supports neutral supports', true, []],
    ['supports neutral opposes', true, ['c1>c3']],
    ['neutral neutral opposes', true, []],
    ['opposes mixed mixed opposes', false, ['c1>c2', 'c3>c4']],
    ['neutral supports', false, ['c1>c2']],
  ])('%j (ignore_neutral %s) changes at %j', (stances, ignoreNeutral, expected) => {
    expect(walk(stances, ignoreNeutral)).toEqual(expected);
  });
});

describe('stanceChangesByTopic', () => {
  it('compares stances only within a topic and merges the changes in the order of the rows', () => {
    const row = (id: string, topic_id: string, stance: Stance) => ({ id, topic_id, stance });
    const rows = [
      row('c1', 'expansion', 'opposes'), row('c1', 'guarantees', 'supports'),
      row('c2', 'guarantees', 'opposes'),
      row('c3', 'expansion', 'supports'), row('c3', 'guarantees', 'opposes'),
      row('c4', 'expansion', 'neutral'), row('c4', 'guarantees', 'supports'),
    ];
    const walk = (ignoreNeutral: boolean) => stanceChangesByTopic(rows, { ignoreNeutral })
      .map((ch) => `${ch.after.topic_id}: ${ch.before.id} ${ch.before.stance} > ${ch.after.id} ${ch.after.stance}`);
    expect(walk(false)).toEqual([
      'guarantees: c1 supports > c2 opposes',
      'expansion: c1 opposes > c3 supports',
      'expansion: c3 supports > c4 neutral',
      'guarantees: c3 opposes > c4 supports',
    ]);
    expect(walk(true)).toEqual([
      'guarantees: c1 supports > c2 opposes',
      'expansion: c1 opposes > c3 supports',
      'guarantees: c3 opposes > c4 supports',
    ]);
  });
});

describe('tallyStances', () => {
  it('sums rows per key and stance, with zeros for stances without rows', () => {
    const counts = tallyStances([
      { key: 'a', stance: 'supports', n: 2 },
      { key: 'a', stance: 'opposes', n: 1 },
      { key: 'b', stance: 'mixed', n: 3 },
      { key: 'b', stance: 'mixed', n: 1 },
    ]);
    expect(Object.fromEntries(counts)).toEqual({
      a: { supports: 2, opposes: 1, neutral: 0, mixed: 0 },
      b: { supports: 0, opposes: 0, neutral: 0, mixed: 4 },
    });
  });
});
