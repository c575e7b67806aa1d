// loadConfig: defaults, conversions and clear failures.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000, host: '127.0.0.1', dbFile: './data/whosaid.db', adminKey: undefined, demo: true, publicReads: true,
      bodyLimit: 1_048_576, logLevel: 'info',
      limits: {
        rateLimitKeyed: 600, rateLimitAnonymous: 120, rateWindowSeconds: 60, corsOrigins: [],
        maxEventLoopDelayMs: 1000, maxHeapUsedPercent: 90,
        connectionTimeoutMs: 120_000, requestTimeoutMs: 300_000, keepAliveTimeoutMs: 72_000,
      },
      workers: 1,
    });
  });

  it.each([
    [{ WHOSAID_RATE_LIMIT_KEYED: '1000' }, { rateLimitKeyed: 1000 }],
    [{ WHOSAID_RATE_LIMIT_KEYED: '0' }, { rateLimitKeyed: 0 }],
    [{ WHOSAID_RATE_LIMIT_ANONYMOUS: '30' }, { rateLimitAnonymous: 30 }],
    [{ WHOSAID_RATE_LIMIT_ANONYMOUS: '0' }, { rateLimitAnonymous: 0 }],
    [{ WHOSAID_RATE_WINDOW_SECONDS: '3600' }, { rateWindowSeconds: 3600 }],
    [{ WHOSAID_CORS_ORIGINS: '*' }, { corsOrigins: ['*'] }],
    [{ WHOSAID_CORS_ORIGINS: 'https://App.Example.org' }, { corsOrigins: ['https://app.example.org'] }],
    [{ WHOSAID_CORS_ORIGINS: 'https://a.example.org, http://localhost:5173' }, { corsOrigins: ['https://a.example.org', 'http://localhost:5173'] }],
    [{ WHOSAID_MAX_EVENT_LOOP_DELAY_MS: '250' }, { maxEventLoopDelayMs: 250 }],
    [{ WHOSAID_MAX_EVENT_LOOP_DELAY_MS: '0' }, { maxEventLoopDelayMs: 0 }],
    [{ WHOSAID_MAX_HEAP_USED_PERCENT: '75.5' }, { maxHeapUsedPercent: 75.5 }],
    [{ WHOSAID_MAX_HEAP_USED_PERCENT: '0' }, { maxHeapUsedPercent: 0 }],
    [{ WHOSAID_CONNECTION_TIMEOUT_MS: '0' }, { connectionTimeoutMs: 0 }],
    [{ WHOSAID_REQUEST_TIMEOUT_MS: '30000' }, { requestTimeoutMs: 30_000 }],
    [{ WHOSAID_KEEP_ALIVE_TIMEOUT_MS: '5000' }, { keepAliveTimeoutMs: 5000 }],
  ])('reads the limit %j', (env, limits) => {
    expect(loadConfig(env).limits).toMatchObject(limits);
  });

  it('reads and converts the environment', () => {
    const c = loadConfig({ PORT: '8080', WHOSAID_DEMO: '0', WHOSAID_ADMIN_KEY: 'a-long-enough-admin-key', LOG_LEVEL: 'warn', UNRELATED: 'x' });
    expect(c).toMatchObject({ port: 8080, demo: false, adminKey: 'a-long-enough-admin-key', logLevel: 'warn' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ WHOSAID_DEMO: 'yes' }, 'WHOSAID_DEMO'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ WHOSAID_ADMIN_KEY: 'short' }, 'WHOSAID_ADMIN_KEY'],
    [{ WHOSAID_RATE_LIMIT_KEYED: '-1' }, 'WHOSAID_RATE_LIMIT_KEYED'],
    [{ WHOSAID_RATE_LIMIT_ANONYMOUS: 'lots' }, 'WHOSAID_RATE_LIMIT_ANONYMOUS'],
    [{ WHOSAID_RATE_WINDOW_SECONDS: '0' }, 'WHOSAID_RATE_WINDOW_SECONDS'],
    [{ WHOSAID_CORS_ORIGINS: 'https://app.example.org/' }, 'WHOSAID_CORS_ORIGINS'],
    [{ WHOSAID_CORS_ORIGINS: 'app.example.org' }, 'WHOSAID_CORS_ORIGINS'],
    [{ WHOSAID_CORS_ORIGINS: '*, https://app.example.org' }, 'WHOSAID_CORS_ORIGINS'],
    [{ WHOSAID_MAX_EVENT_LOOP_DELAY_MS: '-5' }, 'WHOSAID_MAX_EVENT_LOOP_DELAY_MS'],
    [{ WHOSAID_MAX_HEAP_USED_PERCENT: '101' }, 'WHOSAID_MAX_HEAP_USED_PERCENT'],
    [{ WHOSAID_CONNECTION_TIMEOUT_MS: 'soon' }, 'WHOSAID_CONNECTION_TIMEOUT_MS'],
    [{ WHOSAID_REQUEST_TIMEOUT_MS: '-1' }, 'WHOSAID_REQUEST_TIMEOUT_MS'],
    [{ WHOSAID_KEEP_ALIVE_TIMEOUT_MS: '0' }, 'WHOSAID_KEEP_ALIVE_TIMEOUT_MS'],
  ])('refuses %j naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
