// One arbitrary per operation of openapi.yaml: requests with path, query, headers and body each
// valid (generated from the documented schemas) or not (wrong types, out of range, unknown or
// repeated parameters, malformed ids and JSON, duplicate keys, wrong content types, odd Unicode).
import fc from 'fast-check';
import {
  ftsQuery, idOf, longString, oddString, otherIds, randomId, valueOf, wrongValueOf, type IdPool,
} from './arbitraries.js';
import { deref, type Operation, type Parameter, type Schema } from './spec.js';

/** A header value the driver replaces with the current ETag of the record (read with a GET first). */
export const CURRENT_ETAG = '<current etag>';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface Keys { read: string; write: string; admin: string }

// ---------------------------------------------------------------------------------------------- path

/** A path segment, percent-encoded; a lone surrogate becomes the (invalid UTF-8) bytes of its WTF-8 form. */
export function encodeSegment(s: string): string {
  return [...s].map((ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');
}

// Malformed ids; never empty or dots only, which would make the URL another route.
const malformedId = (prefix: string, pool: IdPool) => fc.oneof(
  otherIds(prefix, pool),
  oddString,
  longString,
  fc.constantFrom(`${prefix}_`, `${prefix.toUpperCase()}_01JEG8S0V2Y6Q5H3N0W4X9Z7KD`, `${prefix}_01jeg8s0v2y6q5h3n0w4x9z7kd`,
    `${prefix}_01JEG8S0V2Y6Q5H3N0W4X9Z7KDX`, `${prefix}_IIIIIIIIIIIIIIIIIIIIIIIIII`, `${prefix}-01JEG8S0V2Y6Q5H3N0W4X9Z7KD`, 'null', '0', '-1',
    '1e9', 'undefined', '%', '%25', '*', 'a/b', '?', '#', ' '),
  randomId(prefix).map((id) => ` ${id}`),
).filter((s) => s.length > 0 && !/^\.+$/.test(s));

function pathValues(params: Parameter[], pool: IdPool) {
  return fc.record(Object.fromEntries(params.map((p) => {
    const prefix = (/\^([a-z]+)_/.exec(String(deref(p.schema).pattern)) ?? [])[1] ?? 'x';
    return [p.name, fc.oneof({ arbitrary: idOf(prefix, pool), weight: 8 }, { arbitrary: malformedId(prefix, pool), weight: 2 })];
  })));
}

// --------------------------------------------------------------------------------------------- query

type Pair = [name: string, value: string];

const BASE64URL = (s: string) => Buffer.from(s).toString('base64url');

/** Cursors: garbage text, and base64url JSON of the right or the wrong shape. */
const cursor = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double({ noNaN: true }), fc.constant(null), fc.boolean(), fc.constant({})), { maxLength: 4 })
    .map((key) => BASE64URL(JSON.stringify(key))),
  fc.constantFrom('[1e400]', '[9007199254740993,"x"]', '["\\ud800"]', '{}', 'null', '[', '[null,null,null]').map(BASE64URL),
);

/** Values of a query parameter as sent: arrays repeat the parameter, the rest is text. */
function pairsOf(name: string, value: unknown): Pair[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => pairsOf(name, v));
  return [[name, typeof value === 'string' ? value : JSON.stringify(value)]];
}

/** The required parameters and up to three optional ones, each with a valid value. */
function validQuery(params: Parameter[], pool: IdPool): fc.Arbitrary<Pair[]> {
  const value = (p: Parameter) => {
    const special = p.name === 'q' ? ftsQuery.filter((q) => [...q].length <= 500) : p.name === 'cursor' ? cursor : undefined;
    return special ? fc.oneof(special, valueOf(p.schema, pool, p.name)) : valueOf(p.schema, pool, p.name);
  };
  const required = params.filter((p) => p.required);
  const optional = params.filter((p) => !p.required);
  return fc.subarray(optional, { maxLength: Math.min(3, optional.length) }).chain((chosen) =>
    fc.tuple(...[...required, ...chosen].map((p) => value(p).map((v) => pairsOf(p.name, v)))).map((pairs) => pairs.flat()));
}

/** Text that is not a valid value of `schema` for a query parameter (or, sometimes, happens to be). */
const wrongQueryValue = (schema: Schema) => fc.oneof(
  wrongValueOf(schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')),
  fc.constantFrom('', ' ', '0', '-1', '501', '1.5', '1e3', '0x10', 'true', 'TRUE', '1', 'yes', '[]', 'null'),
  oddString,
  longString,
  ftsQuery,
);

/** 1 to 2 bad entries: unknown names, wrong values, a scalar parameter repeated. */
function badQueryPairs(params: Parameter[]): fc.Arbitrary<Pair[]> {
  const unknown = fc.tuple(fc.constantFrom('zz_unknown', 'LIMIT', 'limit[]', 'q ', '__proto__', 'constructor', 'format[0]', 'a.b', ''), fc.string({ maxLength: 5 }))
    .map(([n, v]): Pair[] => [[n, v]]);
  const choices: fc.Arbitrary<Pair[]>[] = [unknown];
  if (params.length > 0) {
    const param = fc.constantFrom(...params);
    choices.push(param.chain((p) => wrongQueryValue(p.schema).map((v): Pair[] => [[p.name, v]])));
    const scalars = params.filter((p) => deref(p.schema).type !== 'array');
    if (scalars.length > 0) {
      choices.push(fc.tuple(fc.constantFrom(...scalars), valueOf({ type: 'string', maxLength: 8 }, {}), wrongQueryValue({}))
        .map(([p, a, b]): Pair[] => [[p.name, String(a)], [p.name, b]]));
    }
    const arrays = params.filter((p) => deref(p.schema).type === 'array');
    if (arrays.length > 0) choices.push(fc.constantFrom(...arrays).map((p): Pair[] => Array.from({ length: 101 }, (_, i) => [p.name, String(i)])));
  }
  return fc.array(fc.oneof(...choices), { minLength: 1, maxLength: 2 }).map((a) => a.flat());
}

/** Query text that is not even well-formed percent-encoding, appended as is. */
const rawQuery = fc.constantFrom('%ZZ', 'limit=%', 'q=%E0%A4%A', '&&&', '=', 'q', 'limit', 'q=a%00b', 'q=%ED%A0%80', 'q=%C0%AF', 'limit=1&limit=', '+=+');

const encodePair = ([n, v]: Pair) => `${encodeSegment(n)}=${encodeSegment(v)}`;

function queryString(params: Parameter[], pool: IdPool): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: validQuery(params, pool).map((pairs) => pairs.map(encodePair)), weight: 6 },
    { arbitrary: fc.tuple(validQuery(params, pool), badQueryPairs(params)).map(([ok, bad]) => [...ok, ...bad].map(encodePair)), weight: 3 },
    { arbitrary: fc.tuple(validQuery(params, pool), rawQuery).map(([ok, raw]) => [...ok.map(encodePair), raw]), weight: 1 },
  ).map((parts) => parts.join('&'));
}

// ------------------------------------------------------------------------------------------- headers

const ACCEPTS = [
  'application/json', 'text/csv', 'application/x-ndjson', '*/*', 'text/*', 'application/*', 'text/html', 'application/xml',
  'application/problem+json', 'application/vnd.popolo+json', 'application/ld+json', 'application/graphml+xml', 'application/gexf+xml',
  'text/csv;q=0.9, application/json;q=0.1', 'application/json;q=0', 'application/x-ndjson, text/csv;q=0.5', '*/*;q=0, text/csv',
  'application/ld+json;q=0.9, application/json;q=0.8', 'application/vnd.popolo+json, */*;q=0.1', ';;q=', ',', 'q=1', 'text/csv;q=abc', '',
];

const ETAGS = ['*', '"x"', 'W/"x"', '', ' , ', '"', 'W/', '*, "x"', `"${'a'.repeat(1000)}"`, '"x", W/"y"', 'null'];

const etagHeader = fc.oneof(
  { arbitrary: fc.constant(CURRENT_ETAG), weight: 3 },
  { arbitrary: fc.constantFrom(...ETAGS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
);

function authorization(op: Operation, keys: Keys): fc.Arbitrary<string | undefined> {
  const garbage = fc.oneof(fc.constantFrom('Bearer ws_not_a_key', 'Bearer', 'Basic dXNlcjpwYXNz', 'bearer  ', `Bearer ${keys.write} extra`, `Bearer ${keys.write}x`),
    fc.string({ maxLength: 20 }).map((s) => `Bearer ${s}`));
  const weighted = (write: number, admin: number, read: number, none: number) => fc.oneof(
    { arbitrary: fc.constant(`Bearer ${keys.write}`), weight: write },
    { arbitrary: fc.constant(`Bearer ${keys.admin}`), weight: admin },
    { arbitrary: fc.constant(`Bearer ${keys.read}`), weight: read },
    { arbitrary: fc.constant(undefined), weight: none },
    { arbitrary: garbage, weight: 1 },
  );
  return op.writes ? weighted(12, 3, 1, 1) : weighted(1, 1, 1, 12);
}

/** The value in `percent` % of requests, else undefined (no such header). */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, percent: number) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 100 - percent }, { arbitrary, weight: percent });

function headers(op: Operation, keys: Keys) {
  const takesIfMatch = op.parameters.some((p) => p.in === 'header' && p.name === 'if-match');
  return fc.record({
    authorization: authorization(op, keys),
    accept: sometimes(fc.oneof(fc.constantFrom(...ACCEPTS), fc.string({ maxLength: 20 })), 50),
    'if-match': sometimes(etagHeader, takesIfMatch ? 50 : 5),
    'if-none-match': sometimes(etagHeader, op.method === 'GET' ? 30 : 5),
    'x-request-id': sometimes(fc.oneof(fc.string({ maxLength: 120 }), fc.constant('../../x')), 10),
  });
}

// ---------------------------------------------------------------------------------------------- body

interface Body { payload?: string; contentType?: string }

const CONTENT_TYPES = [
  'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/xml', 'application/x-ndjson', 'application/json; charset=utf-16', 'garbage', 'application/',
];

const MALFORMED_JSON = [
  '{', '}', '{"a":}', '{"title":"x",}', "{'title':'x'}", '[', 'nul', '{"a":1}x', '\u0000', ' ', 'NaN', '{"title":"\\x"}', '{"title":"x"',
  '1'.repeat(5000), '['.repeat(20_000), `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, '\ufeff{}', '{"a":1}\n{"b":2}', '"\\ud800"',
];

/** JSON text with `key` spliced in before the first key of an object (so a later duplicate wins) or after its last. */
function spliceKey(json: string, key: string, valueJson: string, atEnd: boolean): string {
  if (!json.startsWith('{')) return json;
  const entry = `${JSON.stringify(key)}:${valueJson}`;
  if (json === '{}') return `{${entry}}`;
  return atEnd ? `${json.slice(0, -1)},${entry}}` : `{${entry},${json.slice(1)}`;
}

function jsonBody(schema: Schema, pool: IdPool): fc.Arbitrary<Body> {
  const object = deref(schema);
  const props = (object.properties ?? {}) as Record<string, Schema>;
  const names = Object.keys(props);
  const required = (object.required ?? []) as string[];
  const valid = valueOf(schema, pool).map((v) => JSON.stringify(v));
  const json = (payload: string): Body => ({ payload, contentType: 'application/json' });

  const mutations: fc.Arbitrary<Body>[] = [
    // An unknown key, a prototype-polluting one among them.
    fc.tuple(valid, fc.constantFrom('zz_unknown', '__proto__', 'constructor', 'id', 'created_at', 'Title', ''), fc.jsonValue({ maxDepth: 1 }), fc.boolean())
      .map(([j, k, v, end]) => json(spliceKey(j, k, JSON.stringify(v), end))),
    // Malformed JSON, and valid JSON cut short.
    fc.constantFrom(...MALFORMED_JSON).map(json),
    valid.chain((j) => fc.nat({ max: Math.max(0, j.length - 1) }).map((n) => json(j.slice(0, n)))),
    // Any JSON at all.
    fc.jsonValue({ maxDepth: 3 }).map((v) => json(JSON.stringify(v) ?? 'null')),
    // The right JSON with another content type, or none.
    fc.tuple(valid, fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined })).map(([payload, contentType]) => ({ payload, contentType })),
  ];
  if (names.length > 0) {
    // A known field with a wrong value, as the last of two copies of the key (or the first).
    mutations.push(fc.tuple(valid, fc.constantFrom(...names), fc.boolean()).chain(([j, k, end]) =>
      wrongValueOf(props[k] as Schema).map((v) => json(spliceKey(j, k, JSON.stringify(v) ?? 'null', end)))));
  }
  if (required.length > 0) {
    mutations.push(fc.tuple(valueOf(schema, pool), fc.constantFrom(...required)).map(([v, k]) => {
      const copy = { ...(v as Record<string, unknown>) };
      delete copy[k];
      return json(JSON.stringify(copy));
    }));
  }
  return fc.oneof({ arbitrary: valid.map(json), weight: 8 }, ...mutations.map((arbitrary) => ({ arbitrary, weight: 1 })));
}

const RECORD_SCHEMAS: Record<string, string> = { topic: 'TopicCreate', actor: 'ActorCreate', article: 'ArticleCreate', claim: 'ClaimCreate', position: 'PositionCreate' };

/** NDJSON for POST /v1/import: records made from the Create schemas, other JSON, garbage and blank lines. */
function ndjsonBody(pool: IdPool): fc.Arbitrary<Body> {
  const record = fc.constantFrom(...Object.keys(RECORD_SCHEMAS)).chain((type) =>
    valueOf({ $ref: `#/components/schemas/${RECORD_SCHEMAS[type]}` }, pool).map((r) => JSON.stringify({ type, ...(r as object) })));
  const line = fc.oneof(
    { arbitrary: record, weight: 6 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'), weight: 1 },
    { arbitrary: fc.constantFrom('', '   ', '{', '{"type":"claim"}', '{"type":"topic","slug":"a","slug":"b","name":"x"}', '"\\ud800"'), weight: 1 },
    { arbitrary: oddString, weight: 1 },
  );
  return fc.tuple(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'),
    fc.oneof({ arbitrary: fc.constant('application/x-ndjson'), weight: 8 }, fc.constantFrom('application/json', 'text/plain', 'application/x-ndjson; charset=utf-8'), fc.constant(undefined)))
    .map(([lines, eol, contentType]) => ({ payload: lines.join(eol), contentType }));
}

function body(op: Operation, pool: IdPool): fc.Arbitrary<Body> {
  if (op.body?.['application/json']?.schema) return jsonBody(op.body['application/json'].schema, pool);
  if (op.body?.['application/x-ndjson']) return ndjsonBody(pool);
  if (op.method === 'GET') return fc.constant({});
  // No body documented: mostly none, sometimes one anyway.
  return fc.oneof(
    { arbitrary: fc.constant({}), weight: 8 },
    { arbitrary: fc.tuple(fc.constantFrom('{}', '{"a":1}', '', 'x', '['), fc.option(fc.constantFrom('application/json', 'text/plain', ...CONTENT_TYPES), { nil: undefined }))
      .map(([payload, contentType]) => ({ payload, contentType })), weight: 1 },
  );
}

// ----------------------------------------------------------------------------------------- requests

/** Requests to one operation: every part valid most of the time, each part sometimes not. */
export function requestsFor(op: Operation, pool: IdPool, keys: Keys): fc.Arbitrary<FuzzRequest> {
  const inPath = op.parameters.filter((p) => p.in === 'path');
  const inQuery = op.parameters.filter((p) => p.in === 'query');
  return fc.record({
    path: pathValues(inPath, pool),
    query: queryString(inQuery, pool),
    headers: headers(op, keys),
    body: body(op, pool),
  }).map(({ path, query, headers: h, body: b }) => {
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(path[name] ?? '')) + (query ? `?${query}` : '');
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = v;
    if (b.contentType !== undefined) out['content-type'] = b.contentType;
    return { method: op.method, url, headers: out, ...(b.payload === undefined ? {} : { payload: b.payload }) };
  });
}
