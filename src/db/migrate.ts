// Applies the SQL migrations of the platform (src/db/migrations) and of every module
// (src/modules/*/migrations), ordered by file name, each in its own transaction, once.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface MigrationFile {
  name: string;
  file: string;
}

export function listMigrations(): MigrationFile[] {
  const dirs = [path.join(srcDir, 'db', 'migrations')];
  const modulesDir = path.join(srcDir, 'modules');
  for (const m of fs.readdirSync(modulesDir)) {
    const d = path.join(modulesDir, m, 'migrations');
    if (fs.existsSync(d)) dirs.push(d);
  }
  const files: MigrationFile[] = [];
  for (const d of dirs) {
    for (const f of fs.readdirSync(d)) {
      if (f.endsWith('.sql')) files.push({ name: f.replace(/\.sql$/, ''), file: path.join(d, f) });
    }
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name)) throw new Error(`Two migrations are named ${f.name}`);
    seen.add(f.name);
  }
  return files;
}

const LOCK_ID = 220_022;

export async function migrate(databaseUrl: string, log: (m: string) => void = () => {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const m of listMigrations()) {
      if (done.has(m.name)) continue;
      const sql = fs.readFileSync(m.file, 'utf8');
      try {
        await client.query('BEGIN');
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`);
      }
      applied.push(m.name);
      log(`Applied migration ${m.name}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => {});
    await client.end();
  }
  return applied;
}
