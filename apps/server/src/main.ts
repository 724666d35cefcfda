import { ConfigError, loadConfig } from './platform/config/config.js';
import { DataDirLockedError } from './platform/db/embedded-lock.js';
import { startPlatform } from './platform.js';
import { DEMO_PASSWORD, demoAccounts } from './modules/identity/index.js';

/** `npm start`: read the settings, start everything, say where and how it runs. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const platform = await startPlatform(config);
  const lines = [
    '',
    `  ggzy 公共资源交易平台 is running at ${platform.url}`,
    `  API docs: ${platform.url}/docs`,
    config.mode === 'embedded'
      ? `  Mode: embedded (PGlite in ${config.DATA_DIR}/pg, files in ${config.DATA_DIR}/files, in-process events and jobs)\n` +
        '  WARNING: embedded mode is not crash-durable (PGlite does not fsync). Use it for evaluation, demos and development;\n' +
        '           set DATABASE_URL=postgres://… for real trading.'
      : '  Mode: PostgreSQL (DATABASE_URL)',
  ];
  if (platform.seeded || config.SEED_DEMO !== 'never') {
    lines.push(`  Demo logins (password ${DEMO_PASSWORD}): ${demoAccounts.map((a) => `${a.username} (${a.roles.join(',')})`).join(', ')}`);
    lines.push('  Staff, experts, supervisors and admins also give a TOTP code: the login page\'s demo panel fills it in.');
  }
  console.log(lines.join('\n') + '\n');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    platform.deps.logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    platform.close().then(
      () => process.exit(0),
      (error: unknown) => {
        platform.deps.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
