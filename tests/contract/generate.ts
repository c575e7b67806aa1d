// Generates the client's types from the committed openapi.yaml (openapi-typescript's Node API).
// The contract test runs it first; `npm run typecheck` runs it (as a script) before tsc, since the output is not committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

export const OPENAPI_FILE = new URL('../../openapi.yaml', import.meta.url);
export const SCHEMA_TYPES_FILE = new URL('./generated/schema.d.ts', import.meta.url);

/** Writes generated/schema.d.ts from openapi.yaml and returns its path. */
export async function generateSchemaTypes(): Promise<string> {
  // defaultNonNullable would make every property with a default required, in request bodies too (SourceInput.verbatim):
  // a default is what the server fills in when the client leaves the property out.
  const ast = await openapiTS(OPENAPI_FILE, { silent: true, defaultNonNullable: false });
  const file = fileURLToPath(SCHEMA_TYPES_FILE);
  mkdirSync(new URL('.', SCHEMA_TYPES_FILE), { recursive: true });
  writeFileSync(file, astToString(ast));
  return file;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await generateSchemaTypes();
}
