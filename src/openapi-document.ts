// The OpenAPI document, rendered from an app over an empty in-memory database.
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { buildApp } from './app.js';

/** YAML without anchors and aliases, which some OpenAPI tools do not follow. */
export function openApiYaml(app: FastifyInstance): string {
  return stringify(app.swagger(), { aliasDuplicateObjects: false, lineWidth: 0 });
}

export async function renderOpenApi(): Promise<string> {
  const app = await buildApp({ adminKey: undefined, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent', dbFile: ':memory:' });
  await app.ready();
  const yaml = openApiYaml(app);
  await app.close();
  return yaml;
}
