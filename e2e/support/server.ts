import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@ggzy/contracts';
import { pino } from 'pino';
import { demoAccounts, DEMO_PASSWORD } from '../../apps/server/src/modules/identity/index.js';
import type { Clock } from '../../apps/server/src/platform/clock.js';
import type { PlatformModule } from '../../apps/server/src/platform/module.js';
import { loadConfig } from '../../apps/server/src/platform/config/config.js';
import { type RunningPlatform, startPlatform } from '../../apps/server/src/platform.js';
import { createScratchDatabase } from './postgres.js';

export { e2eDatabaseKinds } from './postgres.js';

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
 * directory, or a scratch PostgreSQL database next to TEST_DATABASE_URL), the demo seed, and the
 * built web app.
 */
export async function startTestServer(
  options: { env?: Record<string, string>; database?: 'pglite' | 'postgres'; clock?: Clock; extraModules?: PlatformModule[] } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ggzy-test-'));
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (options.database === 'postgres' && !baseUrl) throw new Error('PostgreSQL e2e tests need TEST_DATABASE_URL');
  const scratch = options.database === 'postgres' && baseUrl ? await createScratchDatabase(baseUrl) : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    SEED_DEMO: 'always',
    // Tests sign in far more often than a person; the limits themselves are tested with their own servers.
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...options.env,
  });
  const platform = await startPlatform(config, {
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.extraModules ? { extraModules: options.extraModules } : {}),
  });
  return {
    url: platform.url,
    platform,
    close: async () => {
      await platform.close();
      await scratch?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
