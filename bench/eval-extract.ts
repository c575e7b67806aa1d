// Extraction evaluation: runs the claim extractor on the annotated articles in tests/fixtures/extraction and
// prints precision, recall, F1, speaker accuracy and said_on accuracy per article and overall.
// Run: npm run eval:extract  (add --verbose to list missed and spurious claims)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { combine, evaluate, type AnnotatedStatement, type Score } from '../src/extraction/evaluate.js';
import { extractClaims, type KnownActor } from '../src/extraction/index.js';

interface Annotation {
  source_url: string | null;
  text_file?: string;
  known_actors?: string;
  outlet: string;
  license: string;
  published_at: string;
  title: string;
  statements: AnnotatedStatement[];
}

interface DemoActor {
  key: string;
  name: string;
  kind: string;
  aliases: string[];
  roles: { title: string; organization: string | null }[];
}

const ROOT = join(import.meta.dirname, '..');
const DIR = join(ROOT, 'tests/fixtures/extraction');
const verbose = process.argv.includes('--verbose');

function actorsFrom(file: string | undefined): KnownActor[] {
  if (!file) return [];
  const demo = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { actors: DemoActor[] };
  return demo.actors.map((a) => ({ id: a.key, name: a.name, kind: a.kind, aliases: a.aliases, roles: a.roles.map((r) => ({ title: r.title, organization: r.organization })) }));
}

const pct = (x: number) => x.toFixed(2);
const row = (name: string, s: Score) => [
  name.padEnd(34), String(s.gold).padStart(4), String(s.suggested).padStart(5), String(s.matched).padStart(7),
  pct(s.precision).padStart(9), pct(s.recall).padStart(6), pct(s.f1).padStart(5),
  `${pct(s.speaker_accuracy)} (${s.speaker_correct}/${s.span_matched})`.padStart(15),
  `${pct(s.said_on_accuracy)} (${s.said_on_correct}/${s.matched})`.padStart(15),
].join(' ');

const scores: Score[] = [];
const names: string[] = [];
console.log(['article'.padEnd(34), 'gold', 'found', 'matched', 'precision', 'recall', '   F1', ' speaker acc.', ' said_on acc.'].join(' '));
for (const file of readdirSync(DIR).filter((f) => f.endsWith('.annotation.json')).sort()) {
  const name = file.replace(/\.annotation\.json$/, '');
  const ann = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Annotation;
  const text = readFileSync(ann.text_file ? join(ROOT, ann.text_file) : join(DIR, `${name}.txt`), 'utf8');
  const actors = actorsFrom(ann.known_actors);
  const found = extractClaims({ text, publishedAt: ann.published_at, language: 'en', actors });
  const result = evaluate(found, ann.statements, actors);
  scores.push(result);
  names.push(name);
  console.log(row(name, result));
  if (verbose) {
    const cps = [...text];
    for (const i of result.missed) {
      const g = ann.statements[i] as AnnotatedStatement;
      console.log(`    missed   ${g.speaker}: ${cps.slice(g.start, g.end).join('').slice(0, 90)}`);
    }
    for (const j of result.spurious) {
      const s = found[j];
      if (s) console.log(`    spurious ${s.speaker.name} (${s.speaker.mention}): ${s.quote.slice(0, 90)}`);
    }
    for (const [i, j] of result.pairs) {
      const g = ann.statements[i] as AnnotatedStatement;
      const s = found[j];
      if (s && s.said_on !== g.said_on) console.log(`    said_on  ${g.speaker}: expected ${g.said_on}, got ${s.said_on} (${s.said_on_text})`);
    }
  }
}
console.log(row('overall (micro)', combine(scores)));
const others = combine(scores.filter((_, i) => names[i] !== 'seed-article'));
if (scores.length > 1) console.log(row('overall without the seed article', others));
