// Configuration: one TypeBox schema of the environment, read once, failing fast on bad values.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const Flag = Type.Union([Type.Literal('0'), Type.Literal('1')]);

export const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'TCP port to listen on.' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Address to bind.' }),
  WHOSAID_DB: Type.String({ minLength: 1, default: './data/whosaid.db', description: 'SQLite database file (":memory:" for a throwaway database).' }),
  WHOSAID_ADMIN_KEY: Type.Optional(Type.String({ minLength: 16, description: 'Accepted as an admin API key, for automation and tests.' })),
  WHOSAID_DEMO: Type.Union([Flag], { default: '1', description: '1: load the demo data into a new database; 0: start empty.' }),
  WHOSAID_PUBLIC_READS: Type.Union([Flag], { default: '1', description: '1: reads need no key; 0: reads need a key with the read scope.' }),
  WHOSAID_BODY_LIMIT: Type.Integer({ minimum: 1024, default: 1_048_576, description: 'Largest accepted request body in bytes.' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info', description: 'pino log level.' },
  ),
});

type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dbFile: string;
  adminKey: string | undefined;
  demo: boolean;
  publicReads: boolean;
  bodyLimit: number;
  logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {}

/** Reads the environment into a Config; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = Object.keys(EnvSchema.properties);
  const picked: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const withDefaults = Value.Default(EnvSchema, Value.Convert(EnvSchema, picked));
  const errors = [...Value.Errors(EnvSchema, withDefaults)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.path.slice(1) || '(env)'}: ${e.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = withDefaults as Env;
  return {
    port: e.PORT,
    host: e.HOST,
    dbFile: e.WHOSAID_DB,
    adminKey: e.WHOSAID_ADMIN_KEY,
    demo: e.WHOSAID_DEMO === '1',
    publicReads: e.WHOSAID_PUBLIC_READS === '1',
    bodyLimit: e.WHOSAID_BODY_LIMIT,
    logLevel: e.LOG_LEVEL,
  };
}
