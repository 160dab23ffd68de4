// Prepares PostgreSQL for a test run: the embedded server (or DATABASE_URL's cluster) and a
// migrated template database that every test file clones into its own database.
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
  const server = await launchEmbeddedPostgres({ dataDir: path.join(root, '.test-data'), port: 55432, log });
  return { adminUrl: server.adminUrl, server };
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
