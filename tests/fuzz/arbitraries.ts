// fast-check arbitraries for the fuzzer: values generated from the JSON schemas of openapi.yaml, ids
// (real ones from the database, well-formed random ones, malformed ones), odd strings and FTS syntax.
import fc from 'fast-check';
import { deref, refName, type Schema } from './spec.js';

/** Real ids in the database, by prefix (art, act, top, clm, pos, fcr), read before each property. */
export type IdPool = Record<string, string[]>;

const ULID_ALPHABET = [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'];

/** A well-formed id of this prefix that (almost surely) names no record. */
export const randomId = (prefix: string) =>
  fc.string({ unit: fc.constantFrom(...ULID_ALPHABET), minLength: 26, maxLength: 26 }).map((s) => `${prefix}_${s}`);

/** Ids of one kind: mostly real ones (deleted ones among them), some well-formed unknown ones. */
export function idOf(prefix: string, pool: IdPool): fc.Arbitrary<string> {
  const real = pool[prefix] ?? [];
  return fc.oneof(
    ...(real.length > 0 ? [{ arbitrary: fc.constantFrom(...real), weight: 5 }] : []),
    { arbitrary: randomId(prefix), weight: 1 },
  );
}

/** Real ids of another kind than `prefix`. */
export function otherIds(prefix: string, pool: IdPool): fc.Arbitrary<string> {
  const others = Object.entries(pool).filter(([p]) => p !== prefix).flatMap(([, ids]) => ids);
  return others.length > 0 ? fc.constantFrom(...others) : randomId('zzz');
}

/** The id prefix a string schema's pattern fixes, e.g. ^act_[0-9A-HJKMNP-TV-Z]{26}$ → act. */
const idPrefix = (pattern: unknown) => (typeof pattern === 'string' ? /^\^([a-z]{3})_\[0-9A-HJKMNP-TV-Z\]\{26\}\$$/.exec(pattern)?.[1] : undefined);

/** Strings that trip up text handling: emoji, RTL and zero-width marks, combining marks, a lone surrogate, NUL. */
export const ODD = [
  '👩🏽‍🚀🇺🇦', '\u202egnp.exe\u202c', 'مرحبا بالعالم', 'שלום', 'e\u0301\u0302\u0303', 'Zaja\u0301rova', '\u200b\u200d\ufeff',
  '\ud800', 'x\udfffy', '\ud800'.repeat(120), '\u0000', 'a\u0000b', '\r\n\t', '\\', '"', "'; DROP TABLE claims; --", '%00', '../../etc/passwd',
  '=HYPERLINK("x")', '+1', '-1', '@SUM(1)', 'Ⅻ', 'ß', 'İ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '\u{10FFFF}', 'null', 'undefined', 'NaN', ' ',
];

/** Mostly short strings, sometimes odd ones and their mixtures. */
export const oddString = fc.oneof(
  { arbitrary: fc.string({ maxLength: 20 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }), weight: 2 },
  { arbitrary: fc.constantFrom(...ODD), weight: 3 },
  { arbitrary: fc.array(fc.constantFrom(...ODD), { minLength: 2, maxLength: 4 }).map((a) => a.join('')), weight: 1 },
);

const LONG_UNITS = ['a', 'é', '👍', ' ', '"', '*', 'NATO ', '\u0301', '\ud800'];

/** A string of 300 to `max` (up to ~10,000) UTF-16 units built from one repeated unit. */
export const longStringUpTo = (max: number) => fc.tuple(fc.constantFrom(...LONG_UNITS), fc.integer({ min: Math.min(300, max), max }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

export const longString = longStringUpTo(10_000);

/** SQLite FTS5 query syntax, well-formed or not: phrases, prefixes, NEAR, boolean operators, columns, ^. */
export const ftsQuery = fc.array(fc.oneof(
  fc.constantFrom('"', '*', 'NEAR(', 'NEAR', ')', '(', 'AND', 'OR', 'NOT', ':', '^', '-', '+', ',', '{', '}', 'text:', 'text :', '{text}:',
    'NATO', 'Lavrov', 'russ*', '"NATO expansion"', 'NEAR(NATO Russia, 5)', 'NEAR(NATO, x)', '^NATO', '*NATO', 'OTAN', 'Zajárova', 'and', 'or'),
  fc.string({ maxLength: 6 }),
  fc.constantFrom(...ODD),
), { minLength: 1, maxLength: 8 }).chain((parts) => fc.constantFrom(' ', '').map((sep) => parts.join(sep)));

/** Words of the demo article, so that generated quotes sometimes occur in it. */
const DEMO_WORDS = ['NATO', 'Russia', 'Lavrov', 'expansion', 'Moscow', 'the', 'security guarantees'];

/** Values for some fields by property name, where the schema alone rarely gives a useful one. */
const HINTS: Record<string, fc.Arbitrary<unknown>> = {
  url: fc.oneof(fc.webUrl(), fc.constantFrom('https://Example.COM/a?utm_source=x#frag', 'ftp://example.com/', 'javascript:alert(1)', 'http://')),
  quote: fc.constantFrom(...DEMO_WORDS),
};

interface Bounds { minLength?: number; maxLength?: number; minItems?: number; maxItems?: number; minimum?: number; maximum?: number }

const codePoints = (s: string) => [...s].length;
const withinLength = (s: Schema) => (v: string) =>
  codePoints(v) >= ((s as Bounds).minLength ?? 0) && codePoints(v) <= ((s as Bounds).maxLength ?? Number.POSITIVE_INFINITY);

function stringFrom(s: Schema, pool: IdPool): fc.Arbitrary<string> {
  const prefix = idPrefix(s.pattern);
  if (prefix !== undefined) return idOf(prefix, pool);
  if (s.format === 'date') return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-12-31') }).map((d) => d.toISOString());
  if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern)).filter(withinLength(s));
  const { minLength = 0, maxLength = 10_000 } = s as Bounds;
  return fc.oneof(
    { arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, 30)) }), weight: 3 },
    { arbitrary: oddString.filter(withinLength(s)), weight: 2 },
    ...(maxLength >= 300 ? [{ arbitrary: longStringUpTo(Math.min(maxLength, 10_000)).filter(withinLength(s)), weight: 1 }] : []),
  );
}

/** A value valid against `schema` (a schema of openapi.yaml), with ids drawn from `pool`. */
export function valueOf(schema: Schema, pool: IdPool, name?: string): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') {
    const component = refName(schema.$ref);
    return valueOf(deref(schema), pool, name ?? component);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches !== undefined) return fc.oneof(...branches.map((b) => valueOf(b, pool, name)));
  const hint = name === undefined ? undefined : HINTS[name];
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return fc.oneof(...type.map((t): fc.Arbitrary<unknown> => {
    const b = schema as Bounds;
    switch (t) {
      case 'string': return hint ?? stringFrom(schema, pool);
      case 'integer': return fc.integer({ min: b.minimum ?? -1_000_000, max: b.maximum ?? 1_000_000 });
      case 'number': return fc.double({ min: b.minimum ?? -1e9, max: b.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
      case 'boolean': return fc.boolean();
      case 'null': return fc.constant(null);
      case 'array': {
        const items = valueOf((schema.items ?? {}) as Schema, pool, name);
        const size = { minLength: b.minItems ?? 0, maxLength: Math.min(b.maxItems ?? 3, Math.max(b.minItems ?? 0, 3)) };
        return schema.uniqueItems === true ? fc.uniqueArray(items, { ...size, selector: (v) => JSON.stringify(v) }) : fc.array(items, size);
      }
      case 'object': {
        const props = (schema.properties ?? {}) as Record<string, Schema>;
        if (Object.keys(props).length === 0 && schema.additionalProperties !== false) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
        const required = ((schema.required ?? []) as string[]).filter((k) => k in props);
        return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueOf(v, pool, k)])), { requiredKeys: required });
      }
      default: return fc.jsonValue({ maxDepth: 2 });
    }
  }));
}

/** A value of the wrong type or out of the range of `schema`: what validation must refuse (or accept, for jsonValue). */
export function wrongValueOf(schema: Schema): fc.Arbitrary<unknown> {
  const s = deref(schema) as Schema & Bounds;
  const specific: fc.Arbitrary<unknown>[] = [fc.constantFrom(null, true, 0, -1, 1.5, 1e308, '', 'x', [], {}, [1, 2], { a: 1 })];
  if (typeof s.maxLength === 'number') specific.push(fc.constant('x'.repeat(s.maxLength + 1)));
  if (typeof s.maximum === 'number') specific.push(fc.constantFrom(s.maximum + 1, s.maximum + 0.5));
  if (typeof s.minimum === 'number') specific.push(fc.constantFrom(s.minimum - 1, s.minimum - 0.5));
  if (typeof s.pattern === 'string' || Array.isArray(s.enum)) specific.push(oddString);
  return fc.oneof(fc.jsonValue({ maxDepth: 2 }), ...specific, longString);
}
