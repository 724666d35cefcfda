import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Children still running and temp dirs not yet removed: cleaned up however the runner exits (Ctrl-C too). */
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

export interface Child {
  pid: number | undefined;
  /** Resolves with the exit code (null when killed by a signal) once stdio is closed. */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** SIGTERM (the platform closes PGlite cleanly), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

const KEEP = 64 * 1024;

/** `node --import tsx <args>` from the repository root, the way `npm start` runs the server. */
export function spawnChild(args: string[], env: Record<string, string>, label: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-KEEP);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-KEEP);
  });
  const exited = new Promise<number | null>((resolveExit, reject) => {
    child.on('error', (error) => reject(new Error(`${label}: could not start: ${error.message}`)));
    child.on('close', (code) => {
      live.delete(child);
      resolveExit(code);
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited.catch(() => undefined);
    clearTimeout(force);
  };
  return { pid: child.pid, exited, stdout: () => out, stderr: () => err, stop };
}

/** A port free right now (PORT=0 would work, but then the server's port is not known here). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('No free port'))));
    });
  });
}

export interface StartedServer {
  child: Child;
  url: string;
  /** Milliseconds from spawn to the first 200 on the ready path. */
  readyMs: number;
}

/**
 * Spawns a server script on a free port and polls `readyPath` every 5 ms until it answers 200.
 * Fails with the child's stderr when it exits first or does not get ready in time.
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  options: { readyPath: string; timeoutMs?: number },
): Promise<StartedServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawnChild([script], { HOST: '127.0.0.1', PORT: String(port), ...env }, script);
  let exitCode: number | null | undefined;
  child.exited.then(
    (code) => (exitCode = code),
    () => (exitCode = null),
  );
  const deadline = started + (options.timeoutMs ?? 120_000);
  try {
    while (performance.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`${script} exited (${exitCode}) before it was ready:\n${child.stderr()}`);
      const ok = await fetch(url + options.readyPath, { signal: AbortSignal.timeout(2_000) }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status === 200;
        },
        () => false,
      );
      if (ok) return { child, url, readyMs: performance.now() - started };
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`${script} was not ready on ${url}${options.readyPath} within ${options.timeoutMs ?? 120_000} ms:\n${child.stderr()}`);
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** A fresh temporary directory for `fn`, removed afterwards even when `fn` throws. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.add(dir);
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
}

export function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number) => sorted[i] ?? Number.NaN;
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** The settings every platform child gets: quiet logs, no rate limit in the way of the load. */
export function platformEnv(dataDir: string): Record<string, string> {
  return { DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000000', SEED_DEMO: 'always' };
}

export const PLATFORM_MAIN = 'apps/server/src/main.ts';
export const HELLO_SERVER = 'bench/servers/hello.ts';

/**
 * For a benchmark file that also runs as its own child (`<file> --child <target>`, spawned with
 * spawnChild): when this process is that child, runs `measure(target)` and writes its result as
 * JSON to stdout, then exits (1 with the error on stderr when it fails).
 */
export function runAsChild(measure: (target: string) => Promise<unknown>): void {
  const target = process.argv[3];
  if (process.argv[2] !== '--child' || !target) return;
  measure(target).then(
    (result) => {
      process.stdout.write(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
