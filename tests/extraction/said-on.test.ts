// Item 3 of issue 7: said_on from the phrase attached to the statement or its paragraph, resolved against the
// publication date, with precision and the phrase kept; a date inside the reported content is not said_on.
import { describe, expect, it } from 'vitest';
import { extractClaims, type Suggestion } from '../../src/extraction/index.js';

const FRIDAY = '2021-12-03';
const extract = (text: string, publishedAt: string | null = FRIDAY) => extractClaims({ text, publishedAt, actors: [] });
const dated = (s: Suggestion | undefined) => s && { said_on: s.said_on, said_on_precision: s.said_on_precision, said_on_text: s.said_on_text };

describe('the phrase attached to the statement', () => {
  it.each([
    ['this Thursday', 'Hugo Ruiz stressed this Thursday that talks had failed.', '2021-12-02', 'day', 'this Thursday'],
    ['on Thursday', 'Hugo Ruiz said on Thursday that talks had failed.', '2021-12-02', 'day', 'on Thursday'],
    ['on Tuesday', 'Hugo Ruiz affirmed on Tuesday that talks had failed.', '2021-11-30', 'day', 'on Tuesday'],
    ['on Friday (the publication day)', 'Hugo Ruiz said on Friday that talks had failed.', '2021-12-03', 'day', 'on Friday'],
    ['this Wednesday (in a relative clause)', 'Hugo Ruiz, who spoke this Wednesday in Moscow, agreed that talks had failed.', '2021-12-01', 'day', 'this Wednesday'],
    ['yesterday', 'Hugo Ruiz said yesterday that talks had failed.', '2021-12-02', 'day', 'yesterday'],
    ['Sunday after the cue', 'Talks had failed, Hugo Ruiz said Sunday.', '2021-11-28', 'day', 'Sunday'],
    ['last week', 'Hugo Ruiz said last week that talks had failed.', '2021-11', 'month', 'last week'],
    ['In 2008', 'In 2008, at a meeting in Bucharest, Hugo Ruiz promised that Ukraine would join.', '2008', 'year', 'In 2008'],
    ['at the beginning of November', 'At the beginning of November, Hugo Ruiz said that talks had failed.', '2021-11', 'month', 'At the beginning of November'],
    ['a date after a direct quote', '"Talks have failed," Hugo Ruiz said on Tuesday.', '2021-11-30', 'day', 'on Tuesday'],
  ])('%s', (_name, text, value, precision, phrase) => {
    const [s] = extract(text);
    expect(dated(s)).toEqual({ said_on: value, said_on_precision: precision, said_on_text: phrase });
  });

  it('a weekday means the most recent such day on or before publication', () => {
    const [s] = extract('Hugo Ruiz said on Saturday that talks had failed.');
    expect(s?.said_on).toBe('2021-11-27');
  });

  it('unless the text says otherwise ("last Friday" on a Friday)', () => {
    const [s] = extract('Hugo Ruiz said last Friday that talks had failed.');
    expect(s?.said_on).toBe('2021-11-26');
  });

  it('is null without a publication date', () => {
    expect(dated(extract('Hugo Ruiz said on Thursday that talks had failed.', null)[0])).toEqual({ said_on: null, said_on_precision: null, said_on_text: null });
  });
});

describe('a date inside the reported content is not the date it was said', () => {
  it.each([
    ['a year in the content', 'Hugo Ruiz said that NATO had promised in 1990 not to expand.'],
    ['a weekday in the content', 'Hugo Ruiz said the talks would resume on Tuesday.'],
    ['a date in a direct quote', '"We met on Monday," Hugo Ruiz said.'],
    ['an event date after "According to"', 'According to officials, a man entered a police station yesterday.'],
    ['the date of a reported call', "Erdogan's office says the president spoke to Trump by telephone Sunday."],
    ['a range of years in the speaker\'s description', 'The envoy to NATO in the years 2014-2016, Hugo Ruiz, admitted that talks had failed.'],
    ['nothing dates it', 'Hugo Ruiz said that talks had failed.'],
  ])('%s', (_name, text) => {
    const [s] = extract(text);
    expect(s).toBeDefined();
    expect(dated(s)).toEqual({ said_on: null, said_on_precision: null, said_on_text: null });
  });
});

describe('the phrase of the paragraph: the same speaker\'s account goes on', () => {
  it.each([
    ['a pronoun in the next sentence', 'Hugo Ruiz said on Thursday that talks had failed. He added that sanctions were unfair.', ['2021-12-02', '2021-12-02']],
    ['a quotation after the dated statement', 'Hugo Ruiz affirmed on Tuesday that talks had failed. "We will answer," Ruiz stressed.', ['2021-11-30', '2021-11-30']],
    ['the next paragraph, same speaker', 'Hugo Ruiz agreed this Wednesday that talks had failed.\nRuiz urged both sides to keep talking.', ['2021-12-01', '2021-12-01']],
    ['another speaker does not inherit', 'Hugo Ruiz said on Thursday that talks had failed. Ana Gil said that sanctions were unfair.', ['2021-12-02', null]],
    ['a later sentence does not date an earlier one', 'Ana Gil said that sanctions were unfair. Hugo Ruiz said on Thursday that talks had failed.', [null, '2021-12-02']],
    ['two paragraphs apart does not inherit', 'Hugo Ruiz said on Thursday that talks had failed.\nNothing moved.\nRuiz said that sanctions were unfair.', ['2021-12-02', null]],
  ])('%s', (_name, text, expected) => {
    expect(extract(text).map((s) => s.said_on)).toEqual(expected);
  });
});
