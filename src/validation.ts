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
