// Item 1 of issue 7: direct quotes in every style, mixed quotes, indirect speech with each reporting verb and
// "according to", and the three orders (speaker-cue-content, content-cue-speaker, content split around the cue).
import { describe, expect, it } from 'vitest';
import { extractClaims, toClaimDraft, type Suggestion } from '../../src/extraction/index.js';

const extract = (text: string, publishedAt: string | null = '2021-12-03') => extractClaims({ text, publishedAt, actors: [] });
const only = (text: string): Suggestion => {
  const found = extract(text);
  expect(found).toHaveLength(1);
  return found[0] as Suggestion;
};
/** The quote as the code-point offsets frame it. */
const framed = (text: string, s: Suggestion) => [...text].slice(s.start, s.end).join('');

describe('direct quotes in every quote style', () => {
  it.each([
    ['straight double quotes', '"We will not retreat," said Maria Lopez.'],
    ['curly double quotes', '\u201CWe will not retreat,\u201D said Maria Lopez.'],
    ['guillemets', '\u00ABWe will not retreat\u00BB, said Maria Lopez.'],
    ['low-high quotes', '\u201EWe will not retreat\u201C, said Maria Lopez.'],
    ['single quotes', '\u2018We will not retreat,\u2019 said Maria Lopez.'],
  ])('%s', (_name, text) => {
    const s = only(text);
    expect(s).toMatchObject({ kind: 'direct_quote', text: 'We will not retreat', cue: 'said', speaker: { name: 'Maria Lopez', actor_id: null } });
    expect(framed(text, s)).toBe(s.quote);
  });

  it('keeps nested single quotes inside the quoted words', () => {
    const s = only('"They call it \'a peace plan\' and nothing more," Maria Lopez said.');
    expect(s.text).toBe("They call it 'a peace plan' and nothing more");
    expect(s.kind).toBe('direct_quote');
  });

  it('reads a quote of several sentences as one statement', () => {
    const s = only('"And what should we do? We will answer. We can do it now," Maria Lopez stressed.');
    expect(s.text).toBe('And what should we do? We will answer. We can do it now');
  });

  it('ignores a quotation with no cue and no speaker (a headline)', () => {
    expect(extract('"The nightmare scenario of a military confrontation"\nNothing else happened here.')).toEqual([]);
  });
});

describe('mixed quotes (partly quoted content)', () => {
  it.each([
    ['a quoted phrase inside the clause', 'Maria Lopez said the plan was "dead on arrival" and would be withdrawn.', 'the plan was "dead on arrival" and would be withdrawn'],
    ['a quoted opening', 'Maria Lopez stressed that "the talks have failed" for now.', '"the talks have failed" for now'],
    ['a quoted ending', 'Maria Lopez noted that the idea was "unacceptable."', 'the idea was "unacceptable."'],
    ['a fully quoted that-clause', 'Maria Lopez said that "she does not accept red lines from anyone."', 'she does not accept red lines from anyone'],
  ])('%s', (_name, text, content) => {
    const s = only(text);
    expect(s.text).toBe(content);
    expect(s.kind).toBe('indirect_quote');
  });
});

describe('indirect speech with each reporting verb', () => {
  it.each([
    ['said', 'Maria Lopez said that the border would stay closed.', 'the border would stay closed'],
    ['said (no "that")', 'Maria Lopez said the border would stay closed.', 'the border would stay closed'],
    ['stressed', 'Maria Lopez stressed that the border would stay closed.', 'the border would stay closed'],
    ['declared', 'Maria Lopez declared that the border would stay closed.', 'the border would stay closed'],
    ['affirmed', 'Maria Lopez affirmed that the border would stay closed.', 'the border would stay closed'],
    ['told', 'Maria Lopez told the newspaper El Sol that the border would stay closed.', 'the border would stay closed'],
    ['told (addressee, no "that")', 'Maria Lopez told Hugo Ruiz the border would stay closed.', 'the border would stay closed'],
    ['added', 'Maria Lopez added that the border would stay closed.', 'the border would stay closed'],
    ['recalled', 'Maria Lopez recalled that the border had stayed closed.', 'the border had stayed closed'],
    ['maintained', 'Maria Lopez maintained that the border would stay closed.', 'the border would stay closed'],
    ['noted', 'Maria Lopez noted that the border would stay closed.', 'the border would stay closed'],
    ['warned', 'Maria Lopez warned that the border would stay closed.', 'the border would stay closed'],
    ['urged', 'Maria Lopez urged both sides to keep the border closed.', 'both sides to keep the border closed'],
    ['promised', 'Maria Lopez promised to keep the border closed.', 'to keep the border closed'],
  ])('%s', (verb, text, content) => {
    const s = only(text);
    expect(s.cue).toBe(verb.split(' ')[0]);
    expect(s.text).toBe(content);
    expect(s.speaker.name).toBe('Maria Lopez');
  });

  it.each([
    ['fronted', 'According to Maria Lopez, the border will stay closed.', 'According to'],
    ['trailing', 'The border will stay closed, according to Maria Lopez.', 'according to'],
    ['"In the opinion of" with a description', 'In the opinion of Maria Lopez, head of the border agency, the border will stay closed.', 'In the opinion of'],
    ['"according to which"', 'Reports appeared in the newspaper El Sol according to which the border will stay closed.', 'according to'],
  ])('"according to": %s', (_name, text, cue) => {
    const s = only(text);
    expect(s).toMatchObject({ cue, kind: 'paraphrase' });
    expect(s.text.toLowerCase()).toBe('the border will stay closed');
  });

  it.each([
    ['a passive ("was said to")', 'The border was said to be closed.'],
    ['a noun ("a report that")', 'Nobody believed a report that the border was closed.'],
    ['a verb with no content', 'Maria Lopez denied this information, but later confirmed it.'],
    ['a capitalised word ("Secretary of State")', 'The Secretary of State visited Kiev.'],
  ])('no claim from %s', (_name, text) => {
    expect(extract(text)).toEqual([]);
  });
});

describe('the three orders', () => {
  it.each([
    ['speaker-cue-content', 'Maria Lopez said on Monday that the border would stay closed.', 'the border would stay closed'],
    ['content-cue-speaker, speaker then cue', 'The border will stay closed, Maria Lopez said on Monday.', 'The border will stay closed'],
    ['content-cue-speaker, cue then speaker', 'The border will stay closed, said Maria Lopez.', 'The border will stay closed'],
    ['content-cue-speaker with a quote', '"The border will stay closed," Maria Lopez said.', 'The border will stay closed'],
  ])('%s', (_name, text, content) => {
    const s = only(text);
    expect(s.text).toBe(content);
    expect(s.speaker.name).toBe('Maria Lopez');
  });

  it.each([
    ['a direct quote split around the cue', '"The border," Maria Lopez said, "will stay closed."', 'The border will stay closed', 'direct_quote'],
    ['an indirect clause split around the cue', 'The suspect had a knife, said investigators, and a forged passport.', 'The suspect had a knife and a forged passport', 'indirect_quote'],
  ])('content split around the cue: %s', (_name, text, content, kind) => {
    const s = only(text);
    expect(s.text).toBe(content);
    expect(s.kind).toBe(kind);
    expect(framed(text, s)).toBe(s.quote);
  });

  it.each([
    ['"and that" gives two claims with one cue', 'Maria Lopez said that the border would stay closed and that talks would resume.', ['the border would stay closed', 'talks would resume'], ['said', 'said']],
    ['a second verb after "and"', 'Maria Lopez declared that the border would stay closed, and affirmed that talks would resume.', ['the border would stay closed', 'talks would resume'], ['declared', 'affirmed']],
    ['a participle', '"The border stays shut," Maria Lopez says, adding that talks would resume.', ['The border stays shut', 'talks would resume'], ['says', 'adding']],
    ['"while" with a participle', 'Maria Lopez said that the border would stay closed, while reiterating that talks would resume.', ['the border would stay closed', 'talks would resume'], ['said', 'reiterating']],
  ])('coordinated statements: %s', (_name, text, contents, cues) => {
    const found = extract(text);
    expect(found.map((s) => s.text)).toEqual(contents);
    expect(found.map((s) => s.cue)).toEqual(cues);
    expect(found.every((s) => s.speaker.name === 'Maria Lopez')).toBe(true);
  });

  it('does not report a statement nested inside another one\'s content', () => {
    const found = extract('Maria Lopez told the newspaper that the authorities maintain that talks make sense.');
    expect(found.map((s) => s.speaker.name)).toEqual(['Maria Lopez']);
  });
});

describe('output', () => {
  const text = '\u{1F600} "We will not retreat," said Maria Lopez on Thursday.';
  const [s] = extract(text);

  it('gives code-point offsets that frame the quote', () => {
    expect(s?.start).toBe(3);
    expect(s && framed(text, s)).toBe('We will not retreat');
    expect(s && [...text].slice(s.speaker.mention_start, s.speaker.mention_end).join('')).toBe('Maria Lopez');
  });

  it('gives a confidence between 0 and 1 and the cue', () => {
    expect(s?.confidence).toBeGreaterThan(0);
    expect(s?.confidence).toBeLessThanOrEqual(1);
    expect(s?.cue).toBe('said');
  });

  it('turns into a claim draft: origin extraction, status unreviewed, no topics, the source span and cue', () => {
    expect(s && toClaimDraft(s, { articleId: 'art_1', actorId: 'act_1', language: 'en' })).toEqual({
      actor_id: 'act_1', text: 'We will not retreat', kind: 'direct_quote', said_on: '2021-12-02', said_on_text: 'on Thursday',
      language: 'en', topics: [], status: 'unreviewed', origin: 'extraction', confidence: s?.confidence,
      sources: [{ article_id: 'art_1', quote: 'We will not retreat', start: 3, end: 22, cue: 'said' }],
    });
  });

  it('has no claim draft while the speaker is only a proposed actor', () => {
    expect(s && toClaimDraft(s, { articleId: 'art_1' })).toBeNull();
  });

  it('is deterministic', () => {
    expect(extract(text)).toEqual(extract(text));
  });
});
