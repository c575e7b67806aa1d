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
  WHOSAID_RATE_LIMIT_KEYED: Type.Integer({ minimum: 0, default: 600, description: 'Requests per rate window for each API key (WHOSAID_ADMIN_KEY is one key of its own); 0: unlimited.' }),
  WHOSAID_RATE_LIMIT_ANONYMOUS: Type.Integer({ minimum: 0, default: 120, description: 'Requests per rate window for each client IP address that sends no key; 0: unlimited.' }),
  WHOSAID_RATE_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60, description: 'Length of the rate-limit window in seconds.' }),
  WHOSAID_CORS_ORIGINS: Type.Optional(Type.String({
    pattern: String.raw`^\s*(\*|https?://[^/,\s]+(\s*,\s*https?://[^/,\s]+)*)\s*$`,
    description: 'Origins browsers may call the API from: a comma-separated list of scheme://host[:port], or *; unset: CORS off.',
  })),
  WHOSAID_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 1000, description: 'Answer 503 while the mean event-loop delay exceeds this many milliseconds; 0: off.' }),
  WHOSAID_MAX_HEAP_USED_PERCENT: Type.Number({ minimum: 0, maximum: 100, default: 90, description: 'Answer 503 while the V8 heap in use exceeds this percentage of the heap limit; 0: off.' }),
  WHOSAID_CONNECTION_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 120_000, description: 'Close a socket idle for this many milliseconds; 0: never.' }),
  WHOSAID_REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 300_000, description: 'Answer 408 to a request not fully received within this many milliseconds; 0: no limit.' }),
  WHOSAID_KEEP_ALIVE_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 72_000, description: 'Keep an idle keep-alive connection open this many milliseconds.' }),
  WHOSAID_WORKERS: Type.Integer({ minimum: 0, maximum: 256, default: 1, description: 'Processes serving the API over the same database: 1 serves from this process; N forks N workers; 0: one per CPU core.' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info', description: 'pino log level.' },
  ),
});

type Env = Static<typeof EnvSchema>;

/** Rate limits, load shedding, CORS and timeouts; src/plugins/limits.ts applies them. */
export interface LimitsConfig {
  /** Requests per window for each API key; 0: unlimited. */
  rateLimitKeyed: number;
  /** Requests per window for each client IP address without a key; 0: unlimited. */
  rateLimitAnonymous: number;
  rateWindowSeconds: number;
  /** Origins allowed by CORS, lower-cased; ['*'] for any; empty: CORS off. */
  corsOrigins: string[];
  /** 0: off. */
  maxEventLoopDelayMs: number;
  /** Of the V8 heap limit; 0: off. */
  maxHeapUsedPercent: number;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export interface Config {
  port: number;
  host: string;
  dbFile: string;
  adminKey: string | undefined;
  demo: boolean;
  publicReads: boolean;
  bodyLimit: number;
  logLevel: Env['LOG_LEVEL'];
  limits: LimitsConfig;
  /** Worker processes to serve from (1: this process; 0: one per CPU core). */
  workers: number;
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
    limits: {
      rateLimitKeyed: e.WHOSAID_RATE_LIMIT_KEYED,
      rateLimitAnonymous: e.WHOSAID_RATE_LIMIT_ANONYMOUS,
      rateWindowSeconds: e.WHOSAID_RATE_WINDOW_SECONDS,
      corsOrigins: (e.WHOSAID_CORS_ORIGINS ?? '').split(',').map((o) => o.trim().toLowerCase()).filter((o) => o !== ''),
      maxEventLoopDelayMs: e.WHOSAID_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedPercent: e.WHOSAID_MAX_HEAP_USED_PERCENT,
      connectionTimeoutMs: e.WHOSAID_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: e.WHOSAID_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.WHOSAID_KEEP_ALIVE_TIMEOUT_MS,
    },
    workers: e.WHOSAID_WORKERS,
  };
}
