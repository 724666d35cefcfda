import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/database.js';
import { databaseTargets } from '../testing/databases.js';
import { type Jobs, type JobsLogger, startJobs } from './jobs.js';

describe.each(databaseTargets())('jobs (pg-boss) on $name', (target) => {
  const logger: JobsLogger = { error: vi.fn(), warn: vi.fn() };
  let database: Database;
  let jobs: Jobs;

  beforeAll(async () => {
    // pg-boss installs its own `pgboss` schema; the platform migrations are not needed here.
    database = await target.open({});
    jobs = await startJobs({ pool: database.pool, logger });
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
    // pg-boss reports its own failures (SQL errors, a pool closed under it) through 'error'.
    const errors = vi.mocked(logger.error).mock.calls;
    if (errors.length > 0) throw new Error(`pg-boss logged errors: ${JSON.stringify(errors)}`);
  });

  it('processes a sent job once', async () => {
    const seen: Array<{ id: string; queue: string; data: unknown }> = [];
    await jobs.work<{ tenderId: string }>(
      'test-once',
      async (job) => {
        seen.push(job);
      },
      { pollingIntervalSeconds: 0.5 },
    );
    const id = await jobs.send('test-once', { tenderId: 'T-1' });

    await vi.waitFor(() => expect(seen).toHaveLength(1));
    await delay(1_200); // more than two polls: nothing comes back
    expect(seen).toEqual([{ id, queue: 'test-once', data: { tenderId: 'T-1' } }]);
  });

  it('retries a failing job per its retry limit, then gives up', async () => {
    let attempts = 0;
    await jobs.work(
      'test-retry',
      async () => {
        attempts++;
        throw new Error(`attempt ${attempts} failed`);
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await jobs.send('test-retry', {}, { retryLimit: 2, retryDelaySeconds: 0 });

    await vi.waitFor(() => expect(attempts).toBe(3), { timeout: 10_000 });
    await delay(1_500);
    expect(attempts).toBe(3); // the first attempt and 2 retries
    expect(logger.warn).toHaveBeenCalledTimes(3);
  });

  it('sends with a transaction: a rolled-back job never runs, a committed one does', async () => {
    const seen: unknown[] = [];
    await jobs.work(
      'test-tx',
      async (job) => {
        seen.push(job.data);
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await expect(
      database.db.transaction().execute(async (tx) => {
        await jobs.send('test-tx', { n: 'rolled back' }, { tx });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    await database.db.transaction().execute(async (tx) => {
      await jobs.send('test-tx', { n: 'committed' }, { tx });
    });

    await vi.waitFor(() => expect(seen).toHaveLength(1));
    await delay(1_200);
    expect(seen).toEqual([{ n: 'committed' }]);
  });

  it('accepts a cron schedule for a queue (pg-boss sends it at the next matching minute)', async () => {
    await expect(jobs.schedule('test-cron', '*/5 * * * *', { report: 'daily' }, { tz: 'Asia/Shanghai' })).resolves.toBeUndefined();
  });

  it('refuses to send in a transaction to a queue this process has not created', async () => {
    await expect(database.db.transaction().execute((tx) => jobs.send('test-unknown', {}, { tx }))).rejects.toThrow(/must be created/);
  });

  it('stops promptly, waiting for a running handler', async () => {
    const other = await startJobs({ pool: database.pool, logger });
    let finished = false;
    let started = false;
    await other.work(
      'test-stop',
      async () => {
        started = true;
        await delay(300);
        finished = true;
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await other.send('test-stop', {});
    await vi.waitFor(() => expect(started).toBe(true));

    const stopping = performance.now();
    await other.stop();
    expect(finished).toBe(true);
    expect(performance.now() - stopping).toBeLessThan(3_000);
  });
});
