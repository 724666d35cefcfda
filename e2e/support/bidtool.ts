import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const BIN = resolve(import.meta.dirname, '../../packages/bidtool/bin/ggzy-bidtool.mjs');

/** The real CLI as a child process: `node packages/bidtool/bin/ggzy-bidtool.mjs …`. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  stdin?: Readable,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LANG: 'en_US.UTF-8', ...env },
      stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (stdin && child.stdin) pipeline(stdin, child.stdin).catch(fail);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

