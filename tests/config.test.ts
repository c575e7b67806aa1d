// loadConfig: defaults, conversions and clear failures.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000, host: '127.0.0.1', dbFile: './data/whosaid.db', adminKey: undefined, demo: true, publicReads: true,
      bodyLimit: 1_048_576, logLevel: 'info',
    });
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
  ])('refuses %j naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
