// Item 2 of issue 7: speakers by name and alias, titles and descriptions, pronouns, places standing for
// governments, and unknown speakers proposed as new actors.
import { describe, expect, it } from 'vitest';
import { extractClaims, type KnownActor, type Suggestion } from '../../src/extraction/index.js';

const ACTORS: KnownActor[] = [
  { id: 'putin', name: 'Vladimir Putin', kind: 'person', aliases: ['Putin'], roles: [{ title: 'President of Russia', organization: 'russia' }] },
  { id: 'biden', name: 'Joe Biden', kind: 'person', aliases: ['Biden'], roles: [{ title: 'President of the United States', organization: 'united-states' }] },
  { id: 'lavrov', name: 'Sergey Lavrov', kind: 'person', aliases: ['Sergei Lavrov', 'Lavrov'], roles: [{ title: 'Minister of Foreign Affairs of Russia', organization: 'russian-foreign-ministry' }] },
  { id: 'zakharova', name: 'Maria Zakharova', kind: 'person', aliases: ['Zakharova', 'Maria Zajárova'], roles: [{ title: 'Director of the Information and Press Department (spokeswoman) of the Ministry of Foreign Affairs of Russia', organization: 'russian-foreign-ministry' }] },
  { id: 'russia', name: 'Russia', kind: 'country', aliases: ['Moscow', 'the Kremlin', 'Kremlin'], roles: [] },
  { id: 'united-states', name: 'United States', kind: 'country', aliases: ['US', 'Washington'], roles: [] },
  { id: 'ukraine-gov', name: 'Government of Ukraine', kind: 'organization', aliases: ['Kiev', 'Kyiv'], roles: [] },
  { id: 'nato', name: 'NATO', kind: 'organization', aliases: ['the Alliance'], roles: [] },
];

const extract = (text: string, actors = ACTORS) => extractClaims({ text, publishedAt: '2021-12-03', actors });
const speakers = (text: string, actors = ACTORS) => extract(text, actors).map((s) => s.speaker.actor_id ?? s.speaker.name);
const last = (text: string, actors = ACTORS) => extract(text, actors).at(-1) as Suggestion;

describe('known actors by name and alias', () => {
  it.each([
    ['full name', 'Vladimir Putin said that the talks had failed.', 'putin', 'Vladimir Putin'],
    ['alias', 'Lavrov said that the talks had failed.', 'lavrov', 'Lavrov'],
    ['another spelling, with diacritics', 'Maria Zajárova said that the talks had failed.', 'zakharova', 'Maria Zajárova'],
    ['a title before the name', 'Russian Foreign Minister Sergey Lavrov said that the talks had failed.', 'lavrov', 'Sergey Lavrov'],
    ['a person before the organisation in the same phrase', 'NATO Secretary General Vladimir Putin said that the talks had failed.', 'putin', 'Vladimir Putin'],
    ['an appositive name', 'The spokeswoman for the Russian Foreign Ministry, Maria Zajárova, stressed that the talks had failed.', 'zakharova', 'Maria Zajárova'],
    ['a name before a relative clause', 'Sergey Lavrov, who spoke in Stockholm, said that the talks had failed.', 'lavrov', 'Sergey Lavrov'],
    ['an alias with an article', 'In 2008 the Alliance promised that Ukraine would join.', 'nato', 'Alliance'],
  ])('%s', (_name, text, id, mention) => {
    const s = last(text);
    expect(s.speaker.actor_id).toBe(id);
    expect(s.speaker.mention).toBe(mention);
  });
});

describe('titles and descriptions', () => {
  it.each([
    ['"the head of Russian diplomacy" through the role, before any mention', 'The head of Russian diplomacy said that the talks had failed.', 'lavrov'],
    ['"the spokeswoman for the Russian Foreign Ministry" through the role', 'The spokeswoman for the Russian Foreign Ministry stressed that the talks had failed.', 'zakharova'],
    ['"the Russian president" after a mention', 'Vladimir Putin said that talks had failed. The Russian president stressed that sanctions would follow.', 'putin'],
    ['"the president": the most recent compatible speaker', 'Joe Biden said that talks had failed. Vladimir Putin said that sanctions were unfair. "We will answer," said the president.', 'putin'],
    ['"the president": the other way round', 'Vladimir Putin said that sanctions were unfair. Joe Biden said that talks had failed. "We will answer," said the president.', 'biden'],
    ['"the expert": the most recent person', 'Hugo Ruiz said that talks had failed. "It is over," says the expert.', 'Hugo Ruiz'],
    ['a description learnt from the text', 'Prime Minister Hugo Ruiz said that talks had failed. Then the prime minister added that sanctions would follow.', 'Hugo Ruiz'],
  ])('%s', (_name, text, expected) => {
    const s = last(text);
    expect(s.speaker.actor_id ?? s.speaker.name).toBe(expected);
  });

  it('leaves "the president" unresolved when two presidents fit and neither was mentioned', () => {
    expect(extract('The president said that talks had failed.')).toEqual([]);
  });
});

describe('pronouns: the most recent compatible speaker', () => {
  it.each([
    ['he', 'Sergey Lavrov said that talks had failed. He also maintained that sanctions were unfair.', 'lavrov', 'He'],
    ['she', 'Maria Zakharova said that talks had failed. She added that sanctions were unfair.', 'zakharova', 'She'],
    ['he skips a non-person speaker', 'Sergey Lavrov said that talks had failed. Moscow said that sanctions were unfair. He added that nothing had changed.', 'lavrov', 'He'],
    ['they: a group', 'Investigators said that the man was armed. They added that he had a forged passport.', 'Investigators', 'They'],
    ['it: an organisation', 'The ministry said that the man was armed. It added that he had a forged passport.', 'ministry', 'It'],
    ['"his words" after "According to"', 'Maria Zakharova stressed that talks had failed. According to her words, sanctions were unfair.', 'zakharova', 'her'],
    ['a pronoun after the quote', '"We will answer," he said.', null, null],
  ])('%s', (_name, text, expected, mention) => {
    const found = extract(text);
    if (expected === null) {
      expect(found).toEqual([]);
      return;
    }
    const s = found.at(-1) as Suggestion;
    expect(s.speaker.actor_id ?? s.speaker.name).toBe(expected);
    expect(s.speaker.mention).toBe(mention);
  });
});

describe('places standing for governments', () => {
  it.each([
    ['Moscow', 'Moscow said that the talks had failed.', 'russia'],
    ['the Kremlin', 'The Kremlin said that the talks had failed.', 'russia'],
    ['Washington', 'Washington said that the talks had failed.', 'united-states'],
    ['Kiev', 'Kiev said that the talks had failed.', 'ukraine-gov'],
    ['a place before a pronoun', 'For their part, from Moscow they declared that the talks had failed.', 'russia'],
  ])('%s, matched to the known actor', (_name, text, id) => {
    expect(last(text).speaker).toMatchObject({ actor_id: id });
  });

  it.each([
    ['Moscow', 'Russia', 'country'],
    ['Beijing', 'China', 'country'],
    ['The White House', 'White House', 'organization'],
    ['Brussels', 'European Union', 'organization'],
  ])('%s, proposed as a new actor when unknown', (place, name, kind) => {
    const s = last(`${place} said that the talks had failed.`, []);
    expect(s.speaker).toMatchObject({ actor_id: null, name, kind, mention: place });
  });

  it('does not read a place inside a quotation as a speaker', () => {
    expect(speakers('"Kiev depends on Washington," Hugo Ruiz says.')).toEqual(['Hugo Ruiz']);
  });
});

describe('unknown speakers proposed as new actors', () => {
  it.each([
    ['a person with a title', 'Prime Minister Jean-Michel Sama Lukonde said in a statement, "I share the pain."', 'Jean-Michel Sama Lukonde', 'person'],
    ['a person with a description after the name', 'Hugo Ruiz, a local farmer, said that the river had flooded.', 'Hugo Ruiz', 'person'],
    ['an organisation', "The country's energy provider, Société Nationale d'Électricité, said it happened during a storm.", "Société Nationale d'Électricité", 'organization'],
    ['a country', 'Turkey says the militia is linked to the PKK.', 'Turkey', 'country'],
    ['a group', 'Investigators said they have found evidence.', 'Investigators', 'group'],
    ['a common noun', 'A spokesperson said the government was holding a meeting.', 'spokesperson', 'person'],
    ['a witness account', 'A witness account to French news network i-Télé said police told the man to move back.', 'witness', 'person'],
    ['"quoted X as saying"', 'The BBC quoted one merchant as saying rains often flooded the market.', 'merchant', 'person'],
    ['a possessive office', "Erdogan's office says the president spoke to Trump.", "Erdogan's office", 'organization'],
  ])('%s', (_name, text, name, kind) => {
    expect(last(text, []).speaker).toMatchObject({ actor_id: null, name, kind });
  });

  it('refers a later surname back to the proposed person', () => {
    const found = extract('Turkey is ready, President Recep Tayyip Erdogan said Sunday. Erdogan told Trump the attack was a provocation.', []);
    expect(found.map((s) => s.speaker.name)).toEqual(['Recep Tayyip Erdogan', 'Recep Tayyip Erdogan']);
    expect(found.map((s) => s.speaker.mention)).toEqual(['Recep Tayyip Erdogan', 'Erdogan']);
  });
});
