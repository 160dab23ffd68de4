// Boots everything except the HTTP listener: database (embedded or external), migrations, secrets,
// mail, cache, jobs. Used by `h22 start`, the other CLI commands and the tests.
import crypto from 'node:crypto';
import type { Config } from './config.ts';
import { connect, type DbHandle } from './db/db.ts';
import { checkDatabaseUrl, ensureDatabase, launchEmbeddedPostgres, withDatabase, type PgServer } from './db/launcher.ts';
import { migrate } from './db/migrate.ts';
import { createMailer, registerMailJobs } from './platform/mail.ts';
import { connectCacheBus, createRenderCache, type RenderCache } from './platform/cache.ts';
import { startJobs } from './platform/jobs.ts';
import { createSearchRegistry } from './platform/search.ts';
import type { AppContext } from './platform/context.ts';
import { modules } from './modules/index.ts';

export interface Runtime {
  ctx: AppContext;
  databaseUrl: string;
  dbHandle: DbHandle;
  pgServer: PgServer | undefined;
  close(): Promise<void>;
}

export const DATABASE_NAME = 'h22';

/** Starts the embedded server (unless DATABASE_URL is set) and returns the app database URL. */
export async function resolveDatabase(config: Config, log: (m: string) => void): Promise<{ url: string; server: PgServer | undefined }> {
  if (config.databaseUrl) {
    await checkDatabaseUrl(config.databaseUrl, 'DATABASE_URL');
    return { url: config.databaseUrl, server: undefined };
  }
  const server = await launchEmbeddedPostgres({ dataDir: config.dataDir, port: config.pgPort, log });
  try {
    await ensureDatabase(server.adminUrl, DATABASE_NAME);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { url: withDatabase(server.adminUrl, DATABASE_NAME), server };
}

async function loadSecret(handle: DbHandle): Promise<string> {
  const candidate = crypto.randomBytes(32).toString('base64url');
  await handle.db.insertInto('app_state').values({ key: 'secret', value: JSON.stringify(candidate) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await handle.db.selectFrom('app_state').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  return row.value as string;
}

export interface RuntimeOptions {
  log: (m: string) => void;
  /** Reuse an already resolved database (tests). */
  databaseUrl?: string;
  poolSize?: number;
  jobs?: boolean;
  runMigrations?: boolean;
}

export async function createRuntime(config: Config, opts: RuntimeOptions): Promise<Runtime> {
  const { log } = opts;
  let pgServer: PgServer | undefined;
  let databaseUrl = opts.databaseUrl;
  if (!databaseUrl) {
    const r = await resolveDatabase(config, log);
    databaseUrl = r.url;
    pgServer = r.server;
  }
  try {
    if (opts.runMigrations !== false) await migrate(databaseUrl, log);
    const dbHandle = connect(databaseUrl, opts.poolSize ?? 20);
    const secret = await loadSecret(dbHandle);
    let cache: RenderCache | undefined;
    const bus = await connectCacheBus(databaseUrl, () => cache, log);
    cache = createRenderCache(5000, (tags) => bus.send(dbHandle.pool, tags));
    const jobs = await startJobs(databaseUrl, opts.jobs ?? config.jobs, log);
    const ctx: AppContext = {
      config,
      db: dbHandle.db,
      mail: createMailer(dbHandle.db, { smtpUrl: config.smtpUrl, from: config.mailFrom, log }),
      cache,
      jobs,
      search: createSearchRegistry(),
      secret,
      log,
    };
    for (const m of modules) if (m.search) ctx.search.register(m.search(ctx));
    for (const m of modules) if (m.jobs) await m.jobs(ctx);
    await registerMailJobs(jobs, dbHandle.db);
    return {
      ctx,
      databaseUrl,
      dbHandle,
      pgServer,
      async close() {
        await jobs.stop().catch(() => {});
        await bus.close();
        await dbHandle.close();
        await pgServer?.stop();
      },
    };
  } catch (e) {
    await pgServer?.stop();
    throw e;
  }
}

/** Loads every module's demo content; each seed is idempotent. */
export async function seedAll(ctx: AppContext): Promise<void> {
  for (const m of modules) if (m.seed) await m.seed(ctx);
}
