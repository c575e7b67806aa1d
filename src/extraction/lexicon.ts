// Word lists for claim extraction: reporting verbs, titles, descriptions, places that stand for governments.

/** How a reporting verb takes its content. */
export interface VerbInfo {
  lemma: string;
  /** Accepts a bare clause without "that" ("said he was", "told Trump the attack was"). */
  zeroThat: boolean;
  /** Takes an infinitive: "promised to hold" (to) or "urged both sides to renounce" (obj-to). */
  infinitive?: 'to' | 'obj-to';
  /** Takes an addressee before its content ("told Trump", "told the newspaper"). */
  addressee?: boolean;
}

// lemma -> [forms, zeroThat, infinitive?, addressee?]
const VERB_TABLE: [string, string[], boolean, ('to' | 'obj-to')?, boolean?][] = [
  ['say', ['say', 'says', 'said', 'saying'], true],
  ['tell', ['tell', 'tells', 'told', 'telling'], true, undefined, true],
  ['stress', ['stress', 'stresses', 'stressed', 'stressing'], true, undefined, true],
  ['declare', ['declare', 'declares', 'declared', 'declaring'], true],
  ['affirm', ['affirm', 'affirms', 'affirmed', 'affirming'], true],
  ['add', ['add', 'adds', 'added', 'adding'], true],
  ['recall', ['recall', 'recalls', 'recalled', 'recalling'], false],
  ['maintain', ['maintain', 'maintains', 'maintained', 'maintaining'], false],
  ['note', ['note', 'notes', 'noted', 'noting'], true],
  ['urge', ['urge', 'urges', 'urged', 'urging'], false, 'obj-to'],
  ['warn', ['warn', 'warns', 'warned', 'warning'], true, 'obj-to'],
  ['state', ['state', 'states', 'stated', 'stating'], true],
  ['announce', ['announce', 'announces', 'announced', 'announcing'], true],
  ['explain', ['explain', 'explains', 'explained', 'explaining'], true],
  ['insist', ['insist', 'insists', 'insisted', 'insisting'], true],
  ['argue', ['argue', 'argues', 'argued', 'arguing'], true],
  ['claim', ['claim', 'claims', 'claimed', 'claiming'], true],
  ['assert', ['assert', 'asserts', 'asserted', 'asserting'], true],
  ['conclude', ['conclude', 'concludes', 'concluded', 'concluding'], false],
  ['reiterate', ['reiterate', 'reiterates', 'reiterated', 'reiterating'], true],
  ['emphasize', ['emphasize', 'emphasizes', 'emphasized', 'emphasizing', 'emphasise', 'emphasises', 'emphasised', 'emphasising'], true],
  ['underline', ['underline', 'underlines', 'underlined', 'underlining', 'underscore', 'underscores', 'underscored', 'underscoring'], false],
  ['acknowledge', ['acknowledge', 'acknowledges', 'acknowledged', 'acknowledging'], true],
  ['admit', ['admit', 'admits', 'admitted', 'admitting'], true],
  ['agree', ['agree', 'agrees', 'agreed', 'agreeing'], false],
  ['deny', ['deny', 'denies', 'denied', 'denying'], false],
  ['confirm', ['confirm', 'confirms', 'confirmed', 'confirming'], true],
  ['report', ['report', 'reports', 'reported', 'reporting'], true],
  ['write', ['write', 'writes', 'wrote', 'writing'], true],
  ['tweet', ['tweet', 'tweets', 'tweeted', 'tweeting'], true],
  ['promise', ['promise', 'promises', 'promised', 'promising'], true, 'to'],
  ['pledge', ['pledge', 'pledges', 'pledged', 'pledging'], true, 'to'],
  ['vow', ['vow', 'vows', 'vowed', 'vowing'], true, 'to'],
  ['predict', ['predict', 'predicts', 'predicted', 'predicting'], true],
  ['suggest', ['suggest', 'suggests', 'suggested', 'suggesting'], false],
  ['observe', ['observe', 'observes', 'observed', 'observing'], false],
  ['reply', ['reply', 'replies', 'replied', 'replying'], false],
  ['respond', ['respond', 'responds', 'responded', 'responding'], false],
  ['comment', ['comment', 'comments', 'commented', 'commenting'], false],
  ['complain', ['complain', 'complains', 'complained', 'complaining'], true],
  ['allege', ['allege', 'alleges', 'alleged', 'alleging'], false],
  ['caution', ['caution', 'cautions', 'cautioned', 'cautioning'], false],
  ['repeat', ['repeat', 'repeats', 'repeated', 'repeating'], false],
  ['indicate', ['indicate', 'indicates', 'indicated', 'indicating'], false],
  ['reveal', ['reveal', 'reveals', 'revealed', 'revealing'], false],
  ['contend', ['contend', 'contends', 'contended', 'contending'], true],
  ['concede', ['concede', 'concedes', 'conceded', 'conceding'], true],
  ['assure', ['assure', 'assures', 'assured', 'assuring'], false, undefined, true],
  ['remind', ['remind', 'reminds', 'reminded', 'reminding'], false, undefined, true],
  ['estimate', ['estimate', 'estimates', 'estimated', 'estimating'], false],
];

export const VERBS: ReadonlyMap<string, VerbInfo> = new Map(
  VERB_TABLE.flatMap(([lemma, forms, zeroThat, infinitive, addressee]) =>
    forms.map((form) => [form, { lemma, zeroThat, infinitive, addressee }] as const)),
);

/** Phrases that introduce content with their source first: "According to X, ...". */
export const SOURCE_PHRASES = ['according to', 'in the opinion of', 'in the words of', 'in the view of', 'as stated by'];

export const PRONOUNS: Record<string, 'person' | 'plural' | 'thing'> = {
  he: 'person', she: 'person', his: 'person', her: 'person', him: 'person',
  they: 'plural', their: 'plural', them: 'plural', we: 'plural', it: 'thing', its: 'thing',
};

/** Words that open a sentence without being its subject. */
export const CONNECTIVES = new Set([
  'however', 'meanwhile', 'finally', 'moreover', 'also', 'and', 'but', 'earlier', 'later', 'then', 'still',
  'separately', 'instead', 'nevertheless', 'furthermore', 'additionally', 'indeed', 'thus', 'so', 'yet',
]);

/** Adverbs that may stand between a speaker and the verb ("initially denied", "also maintained"). */
export const ADVERBS = new Set([
  'also', 'initially', 'repeatedly', 'strongly', 'later', 'again', 'then', 'firmly', 'publicly', 'previously',
  'once', 'further', 'earlier', 'reportedly', 'allegedly', 'recently', 'often', 'frequently', 'has', 'have',
  'had', 'would', 'will', 'did', 'does', 'do', 'may', 'might', 'could', 'had', 'not', 'never', 'already',
  'explicitly', 'openly', 'privately', 'separately', 'simply', 'clearly', 'categorically', 'flatly', 'just',
]);

/** Words that end a noun phrase when walking back from a verb. */
export const NP_BOUNDARY = new Set([
  'that', 'which', 'who', 'whom', 'whose', 'when', 'while', 'after', 'before', 'because', 'since', 'although',
  'though', 'if', 'as', 'during', 'was', 'were', 'is', 'are', 'be', 'been', 'being', 'held', 'came', 'appeared',
  'where', 'whereas', 'until', 'than', 'so', 'but', 'or', 'nor', 'not', 'from', 'by', 'with', 'at', 'in', 'on',
  'into', 'about', 'against', 'over', 'under', 'through', 'between', 'among', 'without', 'within', 'upon',
  'regarding', 'concerning', 'continuing', 'following', 'following', 'amid', 'despite', 'like', 'unlike',
]);

/** Title words stripped from the front of a name ("Russian President Vladimir Putin" -> "Vladimir Putin"). */
export const TITLE_WORDS = new Set([
  'president', 'vice', 'prime', 'minister', 'secretary', 'general', 'state', 'foreign', 'defense', 'defence',
  'interior', 'finance', 'justice', 'health', 'chancellor', 'king', 'queen', 'prince', 'princess', 'senator',
  'sen', 'sen.', 'rep', 'rep.', 'representative', 'governor', 'gov.', 'mayor', 'ambassador', 'envoy', 'chief',
  'director', 'spokesman', 'spokeswoman', 'spokesperson', 'dr', 'dr.', 'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.',
  'sir', 'dame', 'lord', 'lady', 'pope', 'cardinal', 'bishop', 'archbishop', 'rev', 'rev.', 'reverend', 'judge',
  'justice', 'attorney', 'commissioner', 'chairman', 'chairwoman', 'chair', 'ceo', 'leader', 'speaker',
  'deputy', 'acting', 'former', 'ex', 'head', 'colonel', 'col.', 'gen.', 'lieutenant', 'lt.', 'captain',
  'capt.', 'major', 'admiral', 'sergeant', 'officer', 'inspector', 'police', 'mp', 'mep', 'minister-president',
  'premier', 'emir', 'sheikh', 'sultan', 'crown', 'first', 'lady', 'professor', 'prof.', 'coach', 'manager',
  'executive', 'commander', 'marshal', 'field', 'the', 'of', 'and', 'for', 'affairs', 'security', 'national',
  'presidential', 'press', 'white', 'house', 'department', 'ministry', 'office', 'united', 'nations', 'un',
  'nato', 'eu', 'european', 'commission', 'council', 'permanent', 'secretary-general',
]);

/** Nationality adjectives and short forms, folded, to the country they name. */
export const NATIONALITIES: Record<string, string> = {
  russian: 'russia', american: 'united states', us: 'united states', 'u.s.': 'united states', usa: 'united states',
  ukrainian: 'ukraine', british: 'united kingdom', uk: 'united kingdom', french: 'france', german: 'germany',
  chinese: 'china', turkish: 'turkey', iranian: 'iran', israeli: 'israel', palestinian: 'palestine',
  japanese: 'japan', korean: 'korea', indian: 'india', pakistani: 'pakistan', italian: 'italy', spanish: 'spain',
  polish: 'poland', syrian: 'syria', iraqi: 'iraq', afghan: 'afghanistan', egyptian: 'egypt', saudi: 'saudi arabia',
  canadian: 'canada', australian: 'australia', brazilian: 'brazil', mexican: 'mexico', belarusian: 'belarus',
  georgian: 'georgia', congolese: 'congo', kenyan: 'kenya', nigerian: 'nigeria', venezuelan: 'venezuela',
  cuban: 'cuba', swedish: 'sweden', finnish: 'finland', norwegian: 'norway', dutch: 'netherlands',
};

/** A description names an office; its keywords are matched against an actor's role titles. */
export interface Descriptor {
  pattern: RegExp;
  /** Each inner list is a set of synonyms; a role title must contain one of each. */
  keywords: string[][];
  kind: 'person' | 'group';
}

export const DESCRIPTORS: Descriptor[] = [
  { pattern: /\b(head of (\w+ )?diplomacy|top diplomat|chief diplomat|foreign minister|minister of foreign affairs|secretary of state)\b/, keywords: [['minister of foreign affairs', 'minister for foreign affairs', 'foreign minister', 'secretary of state']], kind: 'person' },
  { pattern: /\b(spokes(wo)?man|spokesperson|press secretary)\b/, keywords: [['spokes', 'press secretary', 'information and press']], kind: 'person' },
  { pattern: /\bprime minister|premier\b/, keywords: [['prime minister', 'premier']], kind: 'person' },
  { pattern: /\bsecretary[- ]general\b/, keywords: [['secretary general', 'secretary-general']], kind: 'person' },
  { pattern: /\bpresident\b/, keywords: [['president']], kind: 'person' },
  { pattern: /\bchancellor\b/, keywords: [['chancellor']], kind: 'person' },
  { pattern: /\b(ambassador|envoy|permanent representative)\b/, keywords: [['ambassador', 'envoy', 'representative']], kind: 'person' },
  { pattern: /\bminister\b/, keywords: [['minister']], kind: 'person' },
  { pattern: /\bgovernor\b/, keywords: [['governor']], kind: 'person' },
  { pattern: /\bmayor\b/, keywords: [['mayor']], kind: 'person' },
  { pattern: /\b(expert|analyst|scientist|researcher|scholar|diplomat|politician|official|leader|lawyer|professor|economist|commentator)\b/, keywords: [], kind: 'person' },
];

/** Common nouns that can speak, with the kind of actor they make. */
export const SPEAKING_NOUNS: Record<string, string> = {
  officials: 'group', official: 'person', authorities: 'group', police: 'organization', investigators: 'group',
  investigator: 'person', prosecutors: 'group', prosecutor: 'person', witnesses: 'group', witness: 'person',
  residents: 'group', resident: 'person', experts: 'group', expert: 'person', analysts: 'group',
  analyst: 'person', sources: 'group', source: 'person', government: 'organization', ministry: 'organization',
  spokesperson: 'person', spokesman: 'person', spokeswoman: 'person', diplomats: 'group', diplomat: 'person',
  lawmakers: 'group', critics: 'group', activists: 'group', activist: 'person', doctors: 'group', doctor: 'person',
  researchers: 'group', researcher: 'person', scientists: 'group', scientist: 'person', military: 'organization',
  army: 'organization', media: 'media', press: 'media', merchant: 'person', merchants: 'group',
  organizers: 'group', organisers: 'group', statement: 'other', report: 'other', reports: 'other',
  office: 'organization', presidency: 'organization', administration: 'organization', company: 'organization',
  agency: 'organization', court: 'organization', judge: 'person', coalition: 'group', opposition: 'group',
  party: 'organization', lawyer: 'person', lawyers: 'group', survivors: 'group', survivor: 'person',
  observers: 'group', leaders: 'group', leader: 'person', officers: 'group', officer: 'person',
  rescuers: 'group', workers: 'group', protesters: 'group', students: 'group', teachers: 'group',
  ministers: 'group',
};

/** Organisation words: a capitalised name containing one is an organisation. */
export const ORG_WORDS = new Set([
  'ministry', 'department', 'office', 'agency', 'council', 'committee', 'commission', 'party', 'police',
  'army', 'navy', 'forces', 'bank', 'university', 'institute', 'center', 'centre', 'corporation', 'company',
  'inc', 'inc.', 'ltd', 'group', 'union', 'organization', 'organisation', 'association', 'federation',
  'société', 'societe', 'compagnie', 'court', 'parliament', 'congress', 'senate', 'house', 'news', 'times',
  'post', 'press', 'network', 'television', 'radio', 'church', 'foundation', 'fund', 'authority', 'board',
  'service', 'services', 'administration', 'government', 'club', 'league', 'alliance', 'front', 'movement',
  'bureau', 'command', 'guard', 'guards', 'presidency', 'kremlin', 'pentagon', 'reuters', 'bbc', 'cnn',
]);

/** Places that stand for a government: candidate actor names, in order of preference, and a proposed new actor. */
export const PLACES: Record<string, { candidates: string[]; name: string; kind: string }> = {
  moscow: { candidates: ['Russia', 'Russian Federation', 'Government of Russia'], name: 'Russia', kind: 'country' },
  kremlin: { candidates: ['Russia', 'Kremlin', 'Russian Federation'], name: 'Russia', kind: 'country' },
  washington: { candidates: ['United States', 'United States of America', 'USA'], name: 'United States', kind: 'country' },
  'white house': { candidates: ['White House', 'United States', 'United States of America'], name: 'White House', kind: 'organization' },
  pentagon: { candidates: ['United States Department of Defense', 'Pentagon', 'the Pentagon'], name: 'United States Department of Defense', kind: 'organization' },
  kiev: { candidates: ['Government of Ukraine', 'Ukraine'], name: 'Ukraine', kind: 'country' },
  kyiv: { candidates: ['Government of Ukraine', 'Ukraine'], name: 'Ukraine', kind: 'country' },
  beijing: { candidates: ['China', "People's Republic of China"], name: 'China', kind: 'country' },
  london: { candidates: ['United Kingdom', 'UK'], name: 'United Kingdom', kind: 'country' },
  'downing street': { candidates: ['United Kingdom', 'UK'], name: 'United Kingdom', kind: 'country' },
  whitehall: { candidates: ['United Kingdom', 'UK'], name: 'United Kingdom', kind: 'country' },
  paris: { candidates: ['France'], name: 'France', kind: 'country' },
  elysee: { candidates: ['France'], name: 'France', kind: 'country' },
  berlin: { candidates: ['Germany'], name: 'Germany', kind: 'country' },
  ankara: { candidates: ['Turkey', 'Türkiye'], name: 'Turkey', kind: 'country' },
  tehran: { candidates: ['Iran'], name: 'Iran', kind: 'country' },
  pyongyang: { candidates: ['North Korea'], name: 'North Korea', kind: 'country' },
  seoul: { candidates: ['South Korea'], name: 'South Korea', kind: 'country' },
  tokyo: { candidates: ['Japan'], name: 'Japan', kind: 'country' },
  brussels: { candidates: ['European Union', 'EU'], name: 'European Union', kind: 'organization' },
  'new delhi': { candidates: ['India'], name: 'India', kind: 'country' },
  islamabad: { candidates: ['Pakistan'], name: 'Pakistan', kind: 'country' },
  damascus: { candidates: ['Syria'], name: 'Syria', kind: 'country' },
  baghdad: { candidates: ['Iraq'], name: 'Iraq', kind: 'country' },
  kabul: { candidates: ['Afghanistan'], name: 'Afghanistan', kind: 'country' },
  minsk: { candidates: ['Belarus'], name: 'Belarus', kind: 'country' },
  warsaw: { candidates: ['Poland'], name: 'Poland', kind: 'country' },
  taipei: { candidates: ['Taiwan'], name: 'Taiwan', kind: 'country' },
  riyadh: { candidates: ['Saudi Arabia'], name: 'Saudi Arabia', kind: 'country' },
  cairo: { candidates: ['Egypt'], name: 'Egypt', kind: 'country' },
  caracas: { candidates: ['Venezuela'], name: 'Venezuela', kind: 'country' },
  havana: { candidates: ['Cuba'], name: 'Cuba', kind: 'country' },
  ottawa: { candidates: ['Canada'], name: 'Canada', kind: 'country' },
  canberra: { candidates: ['Australia'], name: 'Australia', kind: 'country' },
};

/** Country names, folded: a speaker with one of these names is a country. */
export const COUNTRIES = new Set([
  'afghanistan', 'albania', 'algeria', 'argentina', 'armenia', 'australia', 'austria', 'azerbaijan', 'bangladesh',
  'belarus', 'belgium', 'bolivia', 'bosnia', 'botswana', 'brazil', 'bulgaria', 'cambodia', 'cameroon', 'canada',
  'chad', 'chile', 'china', 'colombia', 'congo', 'croatia', 'cuba', 'cyprus', 'czech republic', 'denmark',
  'ecuador', 'egypt', 'eritrea', 'estonia', 'ethiopia', 'finland', 'france', 'georgia', 'germany', 'ghana',
  'greece', 'hungary', 'iceland', 'india', 'indonesia', 'iran', 'iraq', 'ireland', 'israel', 'italy', 'japan',
  'jordan', 'kazakhstan', 'kenya', 'kosovo', 'kuwait', 'latvia', 'lebanon', 'libya', 'lithuania', 'malaysia',
  'mali', 'mexico', 'moldova', 'mongolia', 'montenegro', 'morocco', 'myanmar', 'nepal', 'netherlands',
  'new zealand', 'nicaragua', 'niger', 'nigeria', 'north korea', 'norway', 'pakistan', 'palestine', 'peru',
  'philippines', 'poland', 'portugal', 'qatar', 'romania', 'russia', 'rwanda', 'saudi arabia', 'serbia',
  'singapore', 'slovakia', 'slovenia', 'somalia', 'south africa', 'south korea', 'south sudan', 'spain',
  'sri lanka', 'sudan', 'sweden', 'switzerland', 'syria', 'taiwan', 'tanzania', 'thailand', 'tunisia', 'turkey',
  'uganda', 'ukraine', 'united arab emirates', 'united kingdom', 'united states', 'uruguay', 'uzbekistan',
  'venezuela', 'vietnam', 'yemen', 'zambia', 'zimbabwe',
]);
