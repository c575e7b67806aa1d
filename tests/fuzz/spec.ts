// The committed openapi.yaml as the fuzzer sees it: its operations, and a check of a response against
// what the document says that operation answers (status, content type, body schema, problem details).
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// ajv-formats is CommonJS; its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

interface MediaType { schema?: Schema }
interface Response { description: string; content?: Record<string, MediaType> }

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. /v1/claims/{id}. */
  path: string;
  parameters: Parameter[];
  /** Media types of the request body and their schemas; undefined when the operation takes none. */
  body?: Record<string, MediaType>;
  /** True when the operation needs an API key (no anonymous alternative in security). */
  writes: boolean;
  responses: Record<string, Response>;
}

interface Document {
  paths: Record<string, Record<string, {
    operationId: string; parameters?: Parameter[]; requestBody?: { content: Record<string, MediaType> };
    security?: Record<string, string[]>[]; responses: Record<string, Response>;
  }>>;
  components: { schemas: Record<string, Schema> };
}

export const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as Document;
export const components = doc.components.schemas;

export const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({
    operationId: op.operationId,
    method: method.toUpperCase(),
    path,
    parameters: op.parameters ?? [],
    body: op.requestBody?.content,
    writes: !(op.security ?? []).some((s) => Object.keys(s).length === 0),
    responses: op.responses,
  })));

/** The component a `$ref` names, e.g. #/components/schemas/Claim → Claim. */
export function refName(ref: string): string {
  const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
  if (name === undefined || components[name] === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return name;
}

/** A schema with a leading $ref followed to its component (one level). */
export function deref(schema: Schema): Schema {
  return typeof schema.$ref === 'string' ? (components[refName(schema.$ref)] as Schema) : schema;
}

// One Ajv over every component; `#/components/schemas/X` refs become refs to the component's own $id.
const BASE = 'https://whosaid.test/components/';
const rewriteRefs = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) =>
    [k, k === '$ref' && typeof v === 'string' ? BASE + refName(v) : rewriteRefs(v)]));
};
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
for (const [name, schema] of Object.entries(components)) ajv.addSchema({ ...(rewriteRefs(schema) as Schema), $id: BASE + name });

const validators = new Map<Schema, ValidateFunction>();
function validatorFor(schema: Schema): ValidateFunction {
  let v = validators.get(schema);
  if (v === undefined) {
    v = ajv.compile(rewriteRefs(schema) as Schema);
    validators.set(schema, v);
  }
  return v;
}

/** Validates a value against a schema of the document; the Ajv errors, or [] when it is valid. */
export function validate(schema: Schema, value: unknown): ErrorObject[] {
  const v = validatorFor(schema);
  return v(value) ? [] : [...(v.errors ?? [])];
}

/** Media types whose bodies are JSON documents (not NDJSON, CSV or XML). */
const isJson = (mediaType: string) => /^application\/([\w.+-]+\+)?json$/.test(mediaType);

export interface Observed { statusCode: number; headers: Record<string, unknown>; body: string }

/**
 * Everything wrong with a response to `op`, as readable lines; empty when it is as documented:
 * no 5xx; a documented status (or `default`); a documented content type (none for a response
 * without content); a JSON body valid against that content's schema; every 4xx problem+json with
 * type, title and status equal to the HTTP status.
 */
export function checkResponse(op: Operation, res: Observed): string[] {
  const out: string[] = [];
  const status = res.statusCode;
  if (status >= 500) out.push(`server error ${status}`);
  const documented = op.responses[String(status)] ?? op.responses.default;
  if (documented === undefined) {
    out.push(`status ${status} is not documented for ${op.operationId} (documented: ${Object.keys(op.responses).join(', ')})`);
    return out;
  }
  const contentType = String(res.headers['content-type'] ?? '');
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const content = documented.content;
  if (content === undefined || Object.keys(content).length === 0) {
    if (res.body.length > 0) out.push(`status ${status} is documented without content, but the response has a body (${contentType || 'no content type'})`);
    return out;
  }
  const media = content[mediaType];
  if (media === undefined) {
    out.push(`content type "${contentType}" is not documented for ${status} (documented: ${Object.keys(content).join(', ')})`);
    return out;
  }
  if (!isJson(mediaType)) return out;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    out.push(`the ${mediaType} body is not JSON`);
    return out;
  }
  if (media.schema !== undefined) {
    for (const e of validate(media.schema, body)) out.push(`schema: ${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  }
  if (status >= 400 && status < 500) {
    if (mediaType !== 'application/problem+json') out.push(`a ${status} must be application/problem+json, not ${contentType}`);
    const p = (body ?? {}) as { type?: unknown; title?: unknown; status?: unknown };
    if (typeof p.type !== 'string' || typeof p.title !== 'string') out.push('a problem needs a string type and title');
    if (p.status !== status) out.push(`problem status ${String(p.status)} differs from the HTTP status ${status}`);
  }
  return out;
}
