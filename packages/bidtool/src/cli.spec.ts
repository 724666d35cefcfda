import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm2 } from '../../../apps/server/src/platform/crypto/gm/index.js';
import { open as openSealed, seal } from '../../../apps/server/src/modules/tendering/domain/sealed-bid/envelope.js';
import { main, parseCommandLine } from './cli.js';
import { ChunkHasher, splitChunks, summaryProblem } from './envelope.js';
import { AppError, localeFrom } from './errors.js';
import { HELP } from './help.js';
import { bidPaths } from './package-file.js';

/** Runs the CLI in-process; returns the exit code and what it printed. */
async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function usageError(argv: string[]): AppError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} parsed`);
}

describe('ggzy-bidtool command line', () => {
  it('prints the overview for no arguments, --help, -h and help, and documents encrypt, sign, package and upload', async () => {
    for (const argv of [[], ['--help'], ['-h'], ['help'], ['--lang', 'en', '--help']]) {
      const { code, stdout, stderr } = await run(argv);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toBe(HELP.main);
    }
    for (const command of ['encrypt', 'package', 'sign', 'upload', 'submit']) expect(HELP.main).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('prints each command’s own help with --help, whatever else is given', async () => {
    for (const command of ['encrypt', 'package', 'sign', 'upload', 'submit'] as const) {
      const { code, stdout } = await run([command, '--help', '--tender', 'x']);
      expect(code).toBe(0);
      expect(stdout).toBe(HELP[command]);
      expect(stdout).toContain(`Usage: ggzy-bidtool ${command}`);
    }
  });

  it('refuses an unknown command with exit code 2, in Chinese by default and in English when asked', async () => {
    const zh = await run(['seal']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe(
      '错误 [UNKNOWN_COMMAND]: 未知命令“seal”。可用命令：encrypt、package、sign、upload、submit（ggzy-bidtool --help）\n参见 ggzy-bidtool --help。\n',
    );
    const en = await run(['seal'], { LANG: 'en_US.UTF-8' });
    expect(en.stderr).toBe(
      'Error [UNKNOWN_COMMAND]: Unknown command "seal". Commands: encrypt, package, sign, upload, submit (ggzy-bidtool --help)\nSee ggzy-bidtool --help.\n',
    );
    expect((await run(['--lang=en', 'seal'])).stderr).toContain('Unknown command "seal"');
  });

  it('chooses the language like the server: zh-CN unless English is asked for; --lang over GGZY_LANG over LC_ALL over LANG', () => {
    expect(localeFrom(undefined, {})).toBe('zh-CN');
    expect(localeFrom(undefined, { LANG: 'C.UTF-8' })).toBe('zh-CN');
    expect(localeFrom(undefined, { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(localeFrom(undefined, { LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(localeFrom(undefined, { LC_ALL: 'zh_CN.UTF-8', GGZY_LANG: 'en' })).toBe('en');
    expect(localeFrom('zh-CN', { GGZY_LANG: 'en' })).toBe('zh-CN');
  });

  it('refuses unknown options, missing values and stray arguments as usage errors (exit 2)', async () => {
    expect(usageError(['package', 'bid.ggzybid', '--chunk', '5'])).toMatchObject({ code: 'BAD_ARGUMENTS' });
    expect(usageError(['encrypt', '--file'])).toMatchObject({ code: 'BAD_ARGUMENTS' });
    expect(usageError(['sign', 'a.ggzybid', 'b.ggzybid'])).toMatchObject({
      code: 'BAD_ARGUMENTS',
      params: { detail: 'unexpected argument "b.ggzybid"' },
    });
    expect(usageError(['encrypt', 'bid.pdf'])).toMatchObject({ code: 'BAD_ARGUMENTS' });
    expect(usageError(['upload'])).toMatchObject({ code: 'MISSING_OPTION', params: { option: 'BID' } });
    const { code, stderr } = await run(['upload', '--server'], { LANG: 'en' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Error \[BAD_ARGUMENTS\]: Bad arguments: Option '--server <value>' argument missing/);
  });

  it('names the missing required options of encrypt, in order, before touching any file or server', async () => {
    const en = { LANG: 'en' };
    expect((await run(['encrypt'], en)).stderr).toContain('[MISSING_OPTION]: Missing --file: the bid file to seal');
    expect((await run(['encrypt', '--file', 'f'], en)).stderr).toContain('Missing --tender');
    expect((await run(['encrypt', '--file', 'f', '--tender', 't'], en)).stderr).toContain('Missing --section');
    const noSummary = await run(['encrypt', '--file', 'f', '--tender', 't', '--section', 's'], en);
    expect(noSummary.code).toBe(2);
    expect(noSummary.stderr).toContain('Missing --summary: the opening summary');
    const stdin = await run([
      'encrypt',
      '--file',
      '-',
      '--tender',
      't',
      '--section',
      's',
      '--price',
      '1',
      '--duration',
      '2',
      '--quality',
      '3',
    ]);
    expect(stdin.stderr).toContain('缺少 --out');
    expect((await run(['sign', 'x.ggzybid'], en)).stderr).toContain('Missing --key');
  });

  it('checks option values: versions and parallelism are whole numbers, keys are SM2 points, the summary has its three fields', async () => {
    const base = ['encrypt', '--file', 'f', '--tender', 't', '--section', 's', '--price', '1', '--duration', '2', '--quality', '3'];
    expect((await run([...base, '--version', '0'], { LANG: 'en' })).stderr).toContain(
      '[BAD_VALUE]: Invalid --version: "0" is not a whole number from 1',
    );
    expect((await run([...base, '--opening-key', '04abc'], { LANG: 'en' })).stderr).toContain(
      'Invalid --opening-key: an SM2 public key is 04 followed by 128 hex digits',
    );
    expect((await run(['upload', 'b', '--parallel', '9'], { LANG: 'en' })).stderr).toContain('Invalid --parallel');
    const partial = await run(['encrypt', '--file', 'f', '--tender', 't', '--section', 's', '--price', '1'], { LANG: 'en' });
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('[SUMMARY_INVALID]: Invalid opening summary: "duration" is missing or not a string');
    expect((await run([...base, '--summary', 'x.json'], { LANG: 'en' })).stderr).toContain(
      'give --summary FILE or --price/--duration/--quality, not both',
    );
    expect(summaryProblem([])).toBe('not a JSON object');
    expect(summaryProblem({ price: '1', duration: '2', quality: 3 })).toBe('"quality" is missing or not a string');
    expect(summaryProblem({ price: '1', duration: '2', quality: '3', extra: true })).toBeUndefined();
  });

  it('needs a bidder key to wrap to, and asks for the platform only when a flag is missing (SERVER_REQUIRED, TOKEN_REQUIRED)', async () => {
    const base = [
      'encrypt',
      '--file',
      'package.json',
      '--tender',
      't',
      '--section',
      's',
      '--price',
      '1',
      '--duration',
      '2',
      '--quality',
      '3',
      '--out',
      '/nonexistent/x',
    ];
    expect((await run(base, { LANG: 'en' })).stderr).toContain('Missing --certificate');
    const key = sm2.generateKeyPair().publicKey;
    const noServer = await run([...base, '--bidder-public-key', key], { LANG: 'en' });
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain('[SERVER_REQUIRED]');
    const noToken = await run([...base, '--bidder-public-key', key], { LANG: 'en', GGZY_SERVER: 'http://127.0.0.1:9' });
    expect(noToken.stderr).toContain('[TOKEN_REQUIRED]');
  });

  it('reports a missing file with its name (exit 1)', async () => {
    const { code, stderr } = await run(['package', '/nonexistent/bid.ggzybid'], { LANG: 'en' });
    expect(code).toBe(1);
    expect(stderr).toBe('Error [FILE_NOT_FOUND]: No such file: /nonexistent/bid.ggzybid.json\n');
  });

  it('names the files of a bid after its sealed file, given either the sealed file or its description', () => {
    const expected = {
      sealed: 'd/b.ggzybid',
      package: 'd/b.ggzybid.json',
      upload: 'd/b.ggzybid.upload.json',
      receipt: 'd/b.ggzybid.receipt.json',
    };
    expect(bidPaths('d/b.ggzybid')).toEqual(expected);
    expect(bidPaths('d/b.ggzybid.json')).toEqual(expected);
  });
});

describe('chunk hashing while streaming', () => {
  it('gives the SM3 of every chunk whatever the pieces the stream delivers, and sees the sealed header', () => {
    const sealed = seal(Buffer.alloc(32, 1), Buffer.alloc(100_000, 9));
    const expected = splitChunks(sealed, 4096).map((c) => createHash('sm3').update(c).digest('hex'));
    for (const piece of [1, 7, 4096, 5000, 65_536]) {
      const hasher = new ChunkHasher(4096);
      for (let offset = 0; offset < sealed.length; offset += piece) hasher.update(sealed.subarray(offset, offset + piece));
      expect(hasher.finish()).toEqual({ size: sealed.length, chunkSm3: expected, sealed: true });
    }
    const plain = new ChunkHasher(4096);
    plain.update(Buffer.from('%PDF-1.7'));
    expect(plain.finish()).toMatchObject({ sealed: false, chunkSm3: [createHash('sm3').update('%PDF-1.7').digest('hex')] });
    expect(openSealed(Buffer.alloc(32, 1), sealed).length).toBe(100_000);
  });
});
