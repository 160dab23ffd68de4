// Prepares PostgreSQL for a test run: the embedded server (or DATABASE_URL's cluster) and a
// migrated template database that every test file clones into its own database.
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { launchEmbeddedPostgres, withDatabase, type PgServer } from '../src/db/launcher.ts';
import { migrate } from '../src/db/migrate.ts';

export const TEMPLATE_DB = 'h22_test_template';

export interface TestCluster {
  adminUrl: string;
  server: PgServer | undefined;
}

export async function startTestCluster(root: string, log: (m: string) => void): Promise<TestCluster> {
  const external = process.env.DATABASE_URL;
  if (external) return { adminUrl: external, server: undefined };
  await removeStaleRuns(path.join(root, '.test-data'), log);
  // A cluster of its own per run (folder and port), so parallel runs never meet; removed afterwards.
  const dataDir = path.join(root, '.test-data', `run-${process.pid}`);
  const server = await launchEmbeddedPostgres({ dataDir, port: 0, log });
  return {
    adminUrl: server.adminUrl,
    server: {
      ...server,
      async stop() {
        await server.stop();
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    },
  };
}

export async function prepareTemplate(adminUrl: string, log: (m: string) => void): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    // Leftovers from an interrupted run.
    const old = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'h22_t_%' OR datname = $1", [TEMPLATE_DB]);
    for (const r of old.rows) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(r.datname)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(TEMPLATE_DB)}`);
  } finally {
    await c.end();
  }
  await migrate(withDatabase(adminUrl, TEMPLATE_DB), () => {});
  log('template database migrated');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Folders of earlier runs that were killed: stop their PostgreSQL and remove them. */
async function removeStaleRuns(dir: string, log: (m: string) => void): Promise<void> {
  let entries: string[] = [];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const m = /^run-(\d+)$/.exec(e);
    if (!m || alive(Number(m[1]))) continue;
    const runDir = path.join(dir, e);
    try {
      const pid = Number((await fs.readFile(path.join(runDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
      if (pid > 0 && alive(pid)) {
        log(`stopping PostgreSQL ${pid} left by an interrupted test run`);
        process.kill(pid, 'SIGQUIT');
      }
    } catch {
      /* no pid file */
    }
    await fs.rm(runDir, { recursive: true, force: true });
  }
}
