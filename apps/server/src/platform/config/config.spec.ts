import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const attempt = () => loadConfig({ LOG_LEVEL: 'loud', PORT: '70000' });

describe('loadConfig', () => {
  it('defaults to embedded mode with every default filled', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('embedded');
    expect(config.PORT).toBe(8080);
    expect(config.DATA_DIR).toBe('./data');
    expect([...config.roles]).toEqual(['api', 'worker']);
  });

  it('switches to PostgreSQL mode when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1/db' }).mode).toBe('postgres');
  });

  it('names the setting and the accepted values when a value is wrong', () => {
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('LOG_LEVEL="loud" is not accepted; LOG_LEVEL takes fatal | error | warn | info | debug | trace | silent');
    expect(attempt).toThrow('PORT=70000 is not accepted; PORT takes an integer from 0 to 65535');
  });

  it('refuses a database URL of another kind', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@localhost/x' })).toThrow(/DATABASE_URL.*postgres/);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});
