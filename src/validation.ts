// Request validation: JSON bodies are checked as sent; query strings, params and headers are
// coerced from text. Unknown fields and parameters are refused, never silently dropped.
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';

// ajv-formats is CommonJS; its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const base: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false };

/** One Ajv for bodies (no coercion: null stays null, 123 is not "123") and one for text parts. */
export function createValidators(schemas: TSchema[]) {
  const make = (coerceTypes: Options['coerceTypes']) => {
    const ajv = new Ajv({ ...base, coerceTypes });
    addFormats(ajv);
    for (const schema of schemas) ajv.addSchema(schema);
    return ajv;
  };
  const body = make(false);
  const text = make('array');
  return (httpPart: string | undefined) => (httpPart === 'body' ? body : text);
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * JSON Pointers to the strings of a parsed JSON body that are not well-formed Unicode. JSON can escape a lone
 * surrogate ("\ud800"), which has no UTF-8 form: SQLite would store bytes that read back as three U+FFFD each.
 * Iterative, so that deeply nested bodies cannot overflow the stack.
 */
export function illFormedStrings(body: unknown): string[] {
  const out: string[] = [];
  const stack: [value: unknown, pointer: string][] = [[body, '']];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [value, pointer] = item;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) out.push(pointer || '/');
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, `${pointer}/${i}`]));
    } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [k, v] of Object.entries(value)) stack.push([v, `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`]);
    }
  }
  return out.reverse();
}
