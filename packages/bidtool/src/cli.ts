/**
 * `ggzy-bidtool <command> [options]`: argument parsing, help, and turning failures into a message
 * in the user's language and an exit code (errors.ts EXIT). The work is in commands.ts.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as commands from './commands.js';
import type { OpeningSummary } from './envelope.js';
import { summaryProblem } from './envelope.js';
import { AppError, bidtoolError, describeError, EXIT, localeFrom } from './errors.js';
import { HELP, type CommandName } from './help.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

const common: Options = { help: { type: 'boolean', short: 'h' }, lang: { type: 'string' } };
const serverFlags: Options = { server: { type: 'string' }, token: { type: 'string' } };
const encryptOptions: Options = {
  file: { type: 'string' },
  tender: { type: 'string' },
  section: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  summary: { type: 'string' },
  price: { type: 'string' },
  duration: { type: 'string' },
  quality: { type: 'string' },
  certificate: { type: 'string' },
  'bidder-public-key': { type: 'string' },
  'opening-key': { type: 'string' },
  'bidder-id': { type: 'string' },
  version: { type: 'string' },
};
const signOptions: Options = { key: { type: 'string' }, certificate: { type: 'string' }, 'passphrase-file': { type: 'string' } };
const uploadOptions: Options = {
  receipt: { type: 'string' },
  parallel: { type: 'string' },
  'proof-wait': { type: 'string' },
  'platform-key': { type: 'string' },
  'log-key': { type: 'string' },
};

const OPTIONS: Record<CommandName, Options> = {
  encrypt: { ...common, ...serverFlags, ...encryptOptions },
  package: { ...common, 'chunk-size': { type: 'string' } },
  sign: { ...common, ...signOptions },
  upload: { ...common, ...serverFlags, ...uploadOptions },
  submit: { ...common, ...serverFlags, ...encryptOptions, ...signOptions, ...uploadOptions },
};
/** Commands that take the bid (sealed file or its .json) as their one positional argument. */
const TAKES_BID: ReadonlySet<CommandName> = new Set(['package', 'sign', 'upload']);

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export type Parsed =
  { kind: 'help'; command: CommandName | undefined } | { kind: 'run'; command: CommandName; values: Values; bid: string | undefined };

/** Pure: argv → what to do, or a usage error (AppError with status EXIT.usage). */
export function parseCommandLine(argv: readonly string[]): Parsed {
  // `--lang` may also come before the command (main() reads it from anywhere).
  const skip = argv[0]?.startsWith('--lang=') ? 1 : argv[0] === '--lang' ? 2 : 0;
  const [first, ...rest] = argv.slice(skip);
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { kind: 'help', command: undefined };
  if (!isCommand(first)) throw bidtoolError('UNKNOWN_COMMAND', { command: first });
  // Help wins over anything else on the line, even options the command does not know.
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', command: first };
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: OPTIONS[first], strict: true, allowPositionals: true }) as {
      values: Values;
      positionals: string[];
    };
  } catch (error) {
    throw bidtoolError('BAD_ARGUMENTS', { detail: error instanceof Error ? error.message : String(error) });
  }
  const allowed = TAKES_BID.has(first) ? 1 : 0;
  if (parsed.positionals.length > allowed)
    throw bidtoolError('BAD_ARGUMENTS', { detail: `unexpected argument "${parsed.positionals[allowed] ?? ''}"` });
  const bid = parsed.positionals[0];
  if (TAKES_BID.has(first) && bid === undefined)
    throw bidtoolError('MISSING_OPTION', { option: 'BID', what: 'the sealed file or its .json package / 密封文件或其 .json 描述文件' });
  return { kind: 'run', command: first, values: parsed.values, bid };
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(OPTIONS, name);
}

const str = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

function required(values: Values, name: string, what: string): string {
  const value = str(values, name);
  if (value === undefined || value === '') throw bidtoolError('MISSING_OPTION', { option: `--${name}`, what });
  return value;
}

function positiveInteger(values: Values, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw bidtoolError('BAD_VALUE', { option: `--${name}`, reason: `"${text}" is not a whole number from 1 to ${max}` });
  return Number(text);
}

function nonNegative(values: Values, name: string): number | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) throw bidtoolError('BAD_VALUE', { option: `--${name}`, reason: `"${text}" is not a number of seconds` });
  return Number(text);
}

const HEX_KEY = /^04[0-9a-fA-F]{128}$/;
function publicKey(values: Values, name: string): string | undefined {
  const text = str(values, name);
  if (text !== undefined && !HEX_KEY.test(text))
    throw bidtoolError('BAD_VALUE', { option: `--${name}`, reason: 'an SM2 public key is 04 followed by 128 hex digits' });
  return text?.toLowerCase();
}

/** The summary from --summary FILE, or from --price/--duration/--quality; undefined if neither. */
export async function summaryFrom(values: Values): Promise<OpeningSummary | undefined> {
  const file = str(values, 'summary');
  const fields = ['price', 'duration', 'quality'].filter((f) => str(values, f) !== undefined);
  if (file !== undefined && fields.length > 0)
    throw bidtoolError('BAD_ARGUMENTS', { detail: 'give --summary FILE or --price/--duration/--quality, not both' });
  if (file !== undefined) return commands.loadSummary(file);
  if (fields.length === 0) return undefined;
  const summary = { price: str(values, 'price') ?? '', duration: str(values, 'duration') ?? '', quality: str(values, 'quality') ?? '' };
  const problem = summaryProblem(summary);
  if (problem) throw bidtoolError('SUMMARY_INVALID', { reason: problem });
  return summary;
}

function serverOptions(values: Values, env: Record<string, string | undefined>): commands.ServerOptions {
  const server = str(values, 'server') ?? env.GGZY_SERVER;
  const token = str(values, 'token') ?? env.GGZY_API_TOKEN;
  return { ...(server ? { server } : {}), ...(token ? { token } : {}) };
}

export async function encryptOptionsFrom(values: Values, env: Record<string, string | undefined>): Promise<commands.EncryptOptions> {
  const summary = await summaryFrom(values);
  const version = positiveInteger(values, 'version');
  const bidderPublicKey = publicKey(values, 'bidder-public-key');
  const openingKey = publicKey(values, 'opening-key');
  const optional = {
    out: str(values, 'out'),
    certificate: str(values, 'certificate'),
    bidderId: str(values, 'bidder-id'),
    bidderPublicKey,
    openingKey,
    summary,
    version,
  };
  return {
    file: required(values, 'file', 'the bid file to seal / 要加密的投标文件'),
    tender: required(values, 'tender', 'the tender id (GET /api/tenders) / 招标项目编号'),
    section: required(values, 'section', 'the section code (标段编号, 23 characters)'),
    force: values.force === true,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...serverOptions(values, env),
  };
}

async function signOptionsFrom(values: Values, env: Record<string, string | undefined>): Promise<commands.SignOptions> {
  const passphraseFile = str(values, 'passphrase-file');
  const passphrase =
    passphraseFile !== undefined ? (await readFile(passphraseFile, 'utf8')).replace(/\r?\n$/, '') : env.GGZY_KEY_PASSPHRASE;
  return {
    key: required(values, 'key', 'the certificate private key, PEM PKCS#8 / 证书私钥文件'),
    certificate: required(values, 'certificate', 'the signing certificate, PEM / 签名证书'),
    ...(passphrase !== undefined ? { passphrase } : {}),
  };
}

function uploadOptionsFrom(values: Values, env: Record<string, string | undefined>): commands.UploadOptions {
  const optional = {
    receipt: str(values, 'receipt'),
    parallel: positiveInteger(values, 'parallel', 8),
    proofWait: nonNegative(values, 'proof-wait'),
    platformKey: publicKey(values, 'platform-key'),
    logKey: publicKey(values, 'log-key'),
  };
  return { ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)), ...serverOptions(values, env) };
}

/** Runs one command line; returns the exit code. Never throws. */
export async function main(argv: readonly string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const langIndex = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const langFlag = langIndex < 0 ? undefined : (argv[langIndex]?.split('=')[1] ?? argv[langIndex + 1]);
  const locale = localeFrom(langFlag, env);
  const out: commands.Io = { locale, out: (line) => io.stdout(`${line}\n`), progress: (line) => io.stderr(`${line}\n`) };
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === 'help') {
      io.stdout(HELP[parsed.command ?? 'main']);
      return EXIT.ok;
    }
    const { command, values, bid } = parsed;
    switch (command) {
      case 'encrypt':
        await commands.encrypt(await encryptOptionsFrom(values, env), out);
        break;
      case 'package':
        await commands.packageBid(bid ?? '', out, positiveInteger(values, 'chunk-size'));
        break;
      case 'sign':
        await commands.signBid(bid ?? '', await signOptionsFrom(values, env), out);
        break;
      case 'upload':
        await commands.uploadPackage(bid ?? '', uploadOptionsFrom(values, env), out);
        break;
      case 'submit':
        await commands.submit(
          { ...(await encryptOptionsFrom(values, env)), ...(await signOptionsFrom(values, env)), ...uploadOptionsFrom(values, env) },
          out,
        );
        break;
    }
    return EXIT.ok;
  } catch (error) {
    const { message, exitCode } = describeError(error, locale);
    io.stderr(`${message}\n`);
    if (error instanceof AppError && exitCode === EXIT.usage)
      io.stderr(locale === 'en' ? 'See ggzy-bidtool --help.\n' : '参见 ggzy-bidtool --help。\n');
    return exitCode;
  }
}
