// Background jobs on pg-boss, in the same PostgreSQL. Modules register handlers by queue name.
import PgBoss from 'pg-boss';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

/**
 * Works through `items` in turn; one failing (a mail server refusing one address) does not stop the
 * rest. Returns the first failure, for the caller to throw once it has recorded what went, so the job
 * is retried for what did not.
 */
export async function tryEach<T>(items: Iterable<T>, work: (item: T) => Promise<void>): Promise<{ error: unknown } | undefined> {
  let failed: { error: unknown } | undefined;
  for (const item of items) {
    try {
      await work(item);
    } catch (error) {
      failed ??= { error };
    }
  }
  return failed;
}

/** `tryEach`, then the first failure thrown. */
export async function eachOrThrow<T>(items: Iterable<T>, work: (item: T) => Promise<void>): Promise<void> {
  const failed = await tryEach(items, work);
  if (failed) throw failed.error;
}

export interface Jobs {
  /** Queue a job; runs inline when jobs are disabled (tests, CLI), where a failure is logged and not retried. */
  send(queue: string, data?: Record<string, unknown>, opts?: { startAfterSeconds?: number; singletonKey?: string }): Promise<void>;
  work(queue: string, handler: JobHandler): Promise<void>;
  schedule(queue: string, cron: string): Promise<void>;
  stop(): Promise<void>;
  readonly enabled: boolean;
}

export async function startJobs(databaseUrl: string, enabled: boolean, log: (m: string) => void): Promise<Jobs> {
  const handlers = new Map<string, JobHandler>();
  if (!enabled) {
    return {
      enabled: false,
      async send(queue, data = {}) {
        const h = handlers.get(queue);
        // Run now, in the request that queued it: its own change is committed, so a failing job (an SMTP
        // server that refuses) is logged, not turned into an error page. Without the queue there is no retry.
        if (h) await h(data).catch((e: Error) => log(`jobs: ${queue} failed: ${e.message}`));
      },
      async work(queue, handler) {
        handlers.set(queue, handler);
      },
      async schedule() {},
      async stop() {},
    };
  }
  const boss = new PgBoss({ connectionString: databaseUrl, max: 4 });
  boss.on('error', (e: Error) => log(`jobs: ${e.message}`));
  await boss.start();
  return {
    enabled: true,
    async send(queue, data = {}, opts = {}) {
      await boss.createQueue(queue).catch(() => {});
      const o: Record<string, unknown> = {};
      if (opts.startAfterSeconds) o.startAfter = opts.startAfterSeconds;
      if (opts.singletonKey) o.singletonKey = opts.singletonKey;
      await boss.send(queue, data, o);
    },
    async work(queue, handler) {
      await boss.createQueue(queue).catch(() => {});
      await boss.work(queue, async (jobs) => {
        for (const job of jobs) await handler((job.data ?? {}) as Record<string, unknown>);
      });
    },
    async schedule(queue, cron) {
      await boss.createQueue(queue).catch(() => {});
      await boss.schedule(queue, cron, {}, { tz: 'Europe/Stockholm' });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}
