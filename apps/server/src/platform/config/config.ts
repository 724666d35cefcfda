import Type, { type Static, type TSchema } from 'typebox';
import Value from 'typebox/value';

/**
 * Settings come from the environment only (12-factor). Each one is declared once here with
 * its default and its accepted values; a wrong value stops the server with a message that
 * names the setting and what it accepts, before anything is opened.
 */
const oneOf = <const T extends readonly string[]>(values: T, fallback: T[number]) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { default: fallback, accepted: values.join(' | ') },
  );

export const PROCESS_ROLES = ['api', 'worker'] as const;

export const ConfigSchema = Type.Object({
  NODE_ENV: oneOf(['development', 'production', 'test'], 'development'),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1, accepted: 'an interface address such as 127.0.0.1 or 0.0.0.0' }),
  PORT: Type.Integer({ default: 8080, minimum: 0, maximum: 65535, accepted: 'an integer from 0 to 65535' }),
  /** Unset: embedded mode (PGlite in DATA_DIR). Set: PostgreSQL. */
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', accepted: 'a postgres:// or postgresql:// URL' })),
  DATA_DIR: Type.String({ default: './data', minLength: 1, accepted: 'a directory path' }),
  NATS_URL: Type.Optional(Type.String({ pattern: '^nats://', accepted: 'a nats:// URL' })),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  /** Demo data on first start: 'auto' seeds in embedded mode only. */
  SEED_DEMO: oneOf(['auto', 'always', 'never'], 'auto'),
  SESSION_IDLE_MINUTES: Type.Integer({ default: 30, minimum: 1, maximum: 1440, accepted: 'minutes from 1 to 1440' }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({
    default: 600,
    minimum: 1,
    accepted: 'a positive integer (requests per minute per client address)',
  }),
  TOTP_ALGORITHM: oneOf(['SHA256', 'SM3', 'SHA1'], 'SHA256'),
  LOGIN_RATE_LIMIT_PER_MINUTE: Type.Integer({
    default: 20,
    minimum: 1,
    accepted: 'a positive integer (sign-in attempts per minute per client address)',
  }),
  UPLOAD_MAX_BYTES: Type.Integer({ default: 600 * 1024 * 1024, minimum: 1, accepted: 'a positive number of bytes' }),
  KEY_ENCRYPTION_KEY: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', accepted: '64 lower-case hex characters (32 random bytes)' })),
  WEB_DIST: Type.Optional(Type.String({ accepted: 'the directory of the built web app' })),
  ROLES: Type.String({ default: 'api,worker', pattern: '^(api|worker)(,(api|worker))*$', accepted: 'a comma list of api, worker' }),
});

export type RawConfig = Static<typeof ConfigSchema>;

export interface Config extends RawConfig {
  mode: 'embedded' | 'postgres';
  roles: ReadonlySet<(typeof PROCESS_ROLES)[number]>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KEYS = Object.keys(ConfigSchema.properties) as Array<keyof RawConfig>;

/** Reads the settings this schema knows from `env`; unknown variables are ignored. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const picked: Record<string, string> = {};
  for (const key of KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const candidate = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, picked));
  const problems = describeProblems(candidate);
  if (problems.length > 0 || !Value.Check(ConfigSchema, candidate)) throw new ConfigError(problems);
  return {
    ...candidate,
    mode: candidate.DATABASE_URL ? 'postgres' : 'embedded',
    roles: new Set(candidate.ROLES.split(',').filter(isProcessRole)),
  };
}

function isProcessRole(value: string): value is (typeof PROCESS_ROLES)[number] {
  return (PROCESS_ROLES as readonly string[]).includes(value);
}

function describeProblems(candidate: unknown): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const error of Value.Errors(ConfigSchema, candidate)) {
    const key = error.instancePath.replace(/^\//, '').split('/')[0] ?? '';
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const schema: TSchema | undefined = (ConfigSchema.properties as Record<string, TSchema>)[key];
    const accepted = schema && 'accepted' in schema ? String(schema.accepted) : 'see docs/configuration.md';
    const given = (candidate as Record<string, unknown>)[key];
    problems.push(`${key}=${JSON.stringify(given)} is not accepted; ${key} takes ${accepted}`);
  }
  return problems;
}

/** Demo data: 'auto' means in embedded mode only, never silently on a production database. */
export function wantsDemoSeed(config: Pick<Config, 'SEED_DEMO' | 'mode'>): boolean {
  return config.SEED_DEMO === 'always' || (config.SEED_DEMO === 'auto' && config.mode === 'embedded');
}
