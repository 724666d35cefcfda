import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@ggzy/contracts';
import { pino } from 'pino';
import { demoAccounts, DEMO_PASSWORD } from '../../apps/server/src/modules/identity/index.js';
import type { Clock } from '../../apps/server/src/platform/clock.js';
import { loadConfig } from '../../apps/server/src/platform/config/config.js';
import { type RunningPlatform, startPlatform } from '../../apps/server/src/platform.js';

export { DEMO_PASSWORD };

/** One demo user per role (the first demo account holding it). */
export const DEMO_USERS: Array<{ username: string; role: Role }> = [
  ...new Map(demoAccounts.flatMap((a) => a.roles.map((role) => [role, { username: a.username, role }] as const))).values(),
];

export interface TestServer {
  url: string;
  platform: RunningPlatform;
  close(): Promise<void>;
}

/**
 * Starts the real platform on 127.0.0.1 with a random port: embedded PGlite in a fresh temp
 * directory (or PostgreSQL when `databaseUrl` is given), the demo seed, and the built web app.
 */
export async function startTestServer(
  options: { env?: Record<string, string>; databaseUrl?: string; clock?: Clock } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ggzy-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    SEED_DEMO: 'always',
    // Tests sign in far more often than a person; the limits themselves are tested with their own servers.
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  });
  const platform = await startPlatform(config, {
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    url: platform.url,
    platform,
    close: async () => {
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
