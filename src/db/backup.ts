// Logical backup and restore (the embedded package ships no pg_dump). A backup is a gzip file of JSON
// lines: a header (format version, time, migrations, tables in foreign-key order with their columns and
// row counts, sequence values), then per table a {"table": name} line followed by one JSON array per row
// holding each column's PostgreSQL text form (so every type round-trips exactly), then a trailer.
// Restore checks the header and the migration list, then replaces everything in ONE transaction.
// The pg-boss schema is left out on purpose: it holds transient job state in pg-boss's own, versioned
// layout (partitioned per queue), and the app re-creates its schedules at start.
// See docs/decisions/015-logical-backups.md.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import cliProgress from 'cli-progress';

export const BACKUP_FORMAT = 'h22-backup';
export const BACKUP_VERSION = 1;
/** Not data: the header carries the migration list. */
const SKIPPED_TABLES = new Set(['schema_migrations']);
const FETCH_ROWS = 1000;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_PARAMS = 30_000;

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupTable {
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  app: { name: string; version: string };
  postgres: string;
  database: string;
  migrations: string[];
  /** In restore order: a table comes after the tables it references. */
  tables: BackupTable[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
  excluded: string[];
}

export interface Progress {
  start(total: number): void;
  update(done: number, table: string): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

/** A bar on a terminal; elsewhere (logs, CI) one plain line per table. */
export function progressOn(stream: NodeJS.WriteStream, verb: string): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `${verb} [{bar}] {percentage}% | {value}/{total} rows | {table}`, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total) => bar.start(Math.max(total, 1), 0, { table: '' }),
      update: (done, table) => bar.update(done, { table }),
      stop: () => {
        bar.stop();
      },
    };
  }
  let current = '';
  let total = 0;
  return {
    start(t) {
      total = t;
    },
    update(done, table) {
      if (table !== current) {
        current = table;
        stream.write(`${verb}: ${table} (${done}/${total} rows so far)\n`);
      }
    },
    stop() {
      stream.write(`${verb}: done (${total} rows)\n`);
    },
  };
}

// ---------- reading the schema ----------

interface TableInfo {
  name: string;
  /** Columns we write: not generated, not dropped. */
  columns: string[];
  hasIdentity: boolean;
  primaryKey: string[];
}

async function describeTables(client: pg.Client): Promise<TableInfo[]> {
  const cols = await client.query<{ table: string; column: string; identity: string; generated: string }>(`
    SELECT c.relname AS table, a.attname AS column, a.attidentity AS identity, a.attgenerated AS generated
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname, a.attnum`);
  const pks = await client.query<{ table: string; column: string }>(`
    SELECT c.relname AS table, a.attname AS column
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE n.nspname = 'public' AND i.indisprimary
    ORDER BY c.relname, k.ord`);
  const fks = await client.query<{ from: string; to: string }>(`
    SELECT src.relname AS from, dst.relname AS to
    FROM pg_constraint k
    JOIN pg_class src ON src.oid = k.conrelid
    JOIN pg_class dst ON dst.oid = k.confrelid
    JOIN pg_namespace sn ON sn.oid = src.relnamespace
    JOIN pg_namespace dn ON dn.oid = dst.relnamespace
    WHERE k.contype = 'f' AND sn.nspname = 'public' AND dn.nspname = 'public'`);

  const tables = new Map<string, TableInfo>();
  for (const r of cols.rows) {
    if (SKIPPED_TABLES.has(r.table)) continue;
    let t = tables.get(r.table);
    if (!t) tables.set(r.table, (t = { name: r.table, columns: [], hasIdentity: false, primaryKey: [] }));
    if (r.generated !== '') continue; // recomputed by PostgreSQL on insert
    t.columns.push(r.column);
    if (r.identity !== '') t.hasIdentity = true;
  }
  for (const r of pks.rows) tables.get(r.table)?.primaryKey.push(r.column);

  // Foreign-key order (Kahn); self-references need no order between tables. A cycle, which the schema
  // does not have today, falls back to name order and relies on deferrable constraints.
  const deps = new Map<string, Set<string>>([...tables.keys()].map((n) => [n, new Set<string>()]));
  for (const fk of fks.rows) if (fk.from !== fk.to && tables.has(fk.from) && tables.has(fk.to)) deps.get(fk.from)!.add(fk.to);
  const order: TableInfo[] = [];
  const remaining = new Set([...tables.keys()].sort());
  while (remaining.size) {
    const ready = [...remaining].filter((n) => [...deps.get(n)!].every((d) => !remaining.has(d)));
    const next = ready.length ? ready : [...remaining];
    for (const n of next.slice(0, ready.length ? undefined : 1)) {
      order.push(tables.get(n)!);
      remaining.delete(n);
    }
  }
  return order;
}

async function listMigrationsIn(client: pg.Client): Promise<string[]> {
  const exists = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'schema_migrations'`);
  if (exists.rowCount === 0) throw new BackupError('This database has no schema_migrations table: it is not an H22 database, or it was never migrated.');
  return (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
}

const ident = (client: pg.Client, name: string) => client.escapeIdentifier(name);
/** Every value as PostgreSQL prints it; its input function reads it back unchanged. */
const RAW_TEXT = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;
const SESSION = `SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL TimeZone = 'UTC';
  SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'`;

function appInfo(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { name: string; version: string };
    return { name: pkg.name, version: pkg.version };
  } catch {
    return { name: 'h22', version: 'unknown' };
  }
}

// ---------- backup ----------

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
}

export async function backupDatabase(url: string, file: string, opts: { progress?: Progress } = {}): Promise<BackupSummary> {
  const progress = opts.progress ?? silentProgress;
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  const target = path.resolve(file);
  const partial = `${target}.partial`;
  let wroteFile = false;
  try {
    // One snapshot for every table, so the rows agree with each other.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(SESSION);
    const migrations = await listMigrationsIn(client);
    const tables = await describeTables(client);
    const counts: BackupTable[] = [];
    for (const t of tables) {
      const r = await client.query<{ n: string }>({ text: `SELECT count(*) AS n FROM ${ident(client, t.name)}`, types: RAW_TEXT });
      counts.push({ name: t.name, columns: t.columns, rows: Number(r.rows[0]!.n) });
    }
    const seqNames = await client.query<{ name: string }>(`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND n.nspname = 'public' ORDER BY c.relname`);
    const sequences: BackupHeader['sequences'] = [];
    for (const s of seqNames.rows) {
      const v = await client.query<{ last_value: string; is_called: string }>({ text: `SELECT last_value, is_called FROM ${ident(client, s.name)}`, types: RAW_TEXT });
      sequences.push({ name: s.name, lastValue: v.rows[0]!.last_value, isCalled: v.rows[0]!.is_called === 't' });
    }
    const info = await client.query<{ version: string; db: string }>(`SELECT current_setting('server_version') AS version, current_database() AS db`);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      app: appInfo(),
      postgres: info.rows[0]!.version,
      database: info.rows[0]!.db,
      migrations,
      tables: counts,
      sequences,
      excluded: ['schema pgboss (transient job queue state; schedules are re-created at start)', 'table schema_migrations (listed in this header)'],
    };

    await fsp.mkdir(path.dirname(target), { recursive: true });
    const gzip = zlib.createGzip({ level: 6 });
    // Written under another name and renamed at the end: a file with the final name is always complete.
    const done = pipeline(gzip, fs.createWriteStream(partial, { mode: 0o600 }));
    wroteFile = true;
    done.catch(() => {});
    const write = async (value: unknown) => {
      if (!gzip.write(JSON.stringify(value) + '\n')) await once(gzip, 'drain');
    };
    const total = counts.reduce((s, t) => s + t.rows, 0);
    progress.start(total);
    await write(header);
    let written = 0;
    for (const t of tables) {
      await write({ table: t.name });
      progress.update(written, t.name);
      const order = t.primaryKey.length ? ` ORDER BY ${t.primaryKey.map((c) => ident(client, c)).join(', ')}` : '';
      await client.query(`DECLARE h22_backup NO SCROLL CURSOR FOR SELECT ${t.columns.map((c) => ident(client, c)).join(', ')} FROM ${ident(client, t.name)}${order}`);
      for (;;) {
        const r = await client.query({ text: `FETCH ${FETCH_ROWS} FROM h22_backup`, rowMode: 'array', types: RAW_TEXT });
        for (const row of r.rows as unknown[][]) await write(row);
        written += r.rows.length;
        progress.update(written, t.name);
        if (r.rows.length < FETCH_ROWS) break;
      }
      await client.query('CLOSE h22_backup');
    }
    await write({ end: true, rows: written });
    gzip.end();
    await done;
    await client.query('COMMIT');
    progress.stop();
    await fsp.rename(partial, target);
    const bytes = (await fsp.stat(target)).size;
    return { file: target, tables: tables.length, rows: written, bytes };
  } catch (e) {
    progress.stop();
    await client.query('ROLLBACK').catch(() => {});
    if (wroteFile) await fsp.rm(partial, { force: true });
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------- reading a backup ----------

/** The lines of a gzip file, with errors that say what is wrong with the file. */
async function* backupLines(file: string): AsyncGenerator<{ line: string; n: number }> {
  try {
    await fsp.access(file, fs.constants.R_OK);
  } catch {
    throw new BackupError(`Cannot read ${file}: no such file, or no permission.`);
  }
  const gunzip = zlib.createGunzip();
  const src = fs.createReadStream(file);
  src.on('error', (e) => gunzip.destroy(e));
  src.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let n = 0;
  try {
    for await (const chunk of gunzip) {
      buf += decoder.write(chunk as Buffer);
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        n++;
        yield { line, n };
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'Z_DATA_ERROR' && n === 0) throw new BackupError(`${file} is not an H22 backup (not a gzip file).`);
    if (err.code === 'Z_BUF_ERROR' || err.code === 'Z_DATA_ERROR' || /unexpected end of file/i.test(err.message)) {
      throw new BackupError(`${file} is damaged or incomplete (${err.message}, after line ${n}).`);
    }
    throw e;
  } finally {
    src.destroy();
  }
  buf += decoder.end();
  if (buf !== '') yield { line: buf, n: n + 1 };
}

function parseLine(line: string, n: number, file: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupError(`${file} is damaged: line ${n} is not valid JSON.`);
  }
}

function checkHeader(value: unknown, file: string): BackupHeader {
  const h = value as Partial<BackupHeader> | undefined;
  if (!h || typeof h !== 'object' || h.format !== BACKUP_FORMAT) throw new BackupError(`${file} is not an H22 backup (its first line is not an H22 backup header).`);
  if (h.version !== BACKUP_VERSION) throw new BackupError(`${file} uses backup format version ${String(h.version)}; this version of H22 reads version ${BACKUP_VERSION}.`);
  if (!Array.isArray(h.migrations) || !Array.isArray(h.tables) || !Array.isArray(h.sequences)) throw new BackupError(`${file} has an incomplete header.`);
  return h as BackupHeader;
}

export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const { line, n } of backupLines(file)) return checkHeader(parseLine(line, n, file), file);
  throw new BackupError(`${file} is empty.`);
}

// ---------- restore ----------

export interface RestoreSummary {
  tables: number;
  rows: number;
  createdAt: string;
}

function difference(a: string[], b: string[]): string[] {
  const s = new Set(b);
  return a.filter((x) => !s.has(x));
}

/**
 * Replaces every row of the database with the backup's, in one transaction: a damaged file, a mismatch or
 * any failing row leaves the database as it was. The schema must already be migrated to the backup's list.
 */
export async function restoreDatabase(url: string, file: string, opts: { progress?: Progress } = {}): Promise<RestoreSummary> {
  const progress = opts.progress ?? silentProgress;
  // Read the whole file once before touching the database: deflate can turn a flipped byte into plausible
  // rows that fail later for another reason, while gzip's checksum at the end names the real problem.
  try {
    for await (const _ of backupLines(file)) {
      // the checksum is all this pass is for
    }
  } catch (e) {
    if (e instanceof BackupError && /damaged|incomplete/.test(e.message)) throw new BackupError(`${e.message} Nothing was changed.`);
    throw e;
  }
  const lines = backupLines(file);
  const first = await lines.next();
  if (first.done) throw new BackupError(`${file} is empty.`);
  const header = checkHeader(parseLine(first.value.line, first.value.n, file), file);

  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    const migrations = await listMigrationsIn(client);
    const onlyBackup = difference(header.migrations, migrations);
    const onlyDb = difference(migrations, header.migrations);
    if (onlyBackup.length || onlyDb.length) {
      throw new BackupError(
        `The backup was made with a different set of migrations than this database has.` +
          (onlyBackup.length ? `\n  only in the backup: ${onlyBackup.join(', ')}` : '') +
          (onlyDb.length ? `\n  only in the database: ${onlyDb.join(', ')}` : '') +
          `\nRestore it with the version of H22 that made it (${header.app.version}), or into a database at the same migration.`,
      );
    }
    const tables = await describeTables(client);
    const byName = new Map(tables.map((t) => [t.name, t]));
    const missing = header.tables.filter((t) => !byName.has(t.name)).map((t) => t.name);
    const extra = tables.filter((t) => !header.tables.some((h) => h.name === t.name)).map((t) => t.name);
    if (missing.length || extra.length) {
      throw new BackupError(`The tables differ from the backup's${missing.length ? `; missing here: ${missing.join(', ')}` : ''}${extra.length ? `; not in the backup: ${extra.join(', ')}` : ''}.`);
    }
    for (const h of header.tables) {
      const t = byName.get(h.name)!;
      if (difference(h.columns, t.columns).length || difference(t.columns, h.columns).length) {
        throw new BackupError(`The columns of table ${h.name} differ from the backup's (backup: ${h.columns.join(', ')}; here: ${t.columns.join(', ')}).`);
      }
    }

    await client.query('BEGIN');
    try {
      await client.query(SESSION);
      await client.query('SET CONSTRAINTS ALL DEFERRED');
      if (tables.length) await client.query(`TRUNCATE TABLE ${tables.map((t) => ident(client, t.name)).join(', ')} RESTART IDENTITY`);
      // Rows come back exactly as saved: no trigger may rewrite them (e.g. an updated_at trigger).
      for (const t of tables) await client.query(`ALTER TABLE ${ident(client, t.name)} DISABLE TRIGGER USER`);

      const total = header.tables.reduce((s, t) => s + t.rows, 0);
      progress.start(total);
      let done = 0;
      let current: { table: BackupTable; info: TableInfo; seen: number } | undefined;
      let batch: unknown[][] = [];
      let batchBytes = 0;
      const seenTables = new Set<string>();
      let ended = false;

      const flush = async () => {
        if (!current || batch.length === 0) return;
        const cols = current.table.columns;
        const params: unknown[] = [];
        const tuples = batch.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
        await client.query(
          `INSERT INTO ${ident(client, current.table.name)} (${cols.map((c) => ident(client, c)).join(', ')})` +
            `${current.info.hasIdentity ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES ${tuples.join(', ')}`,
          params,
        );
        done += batch.length;
        progress.update(done, current.table.name);
        batch = [];
        batchBytes = 0;
      };
      const finishTable = async () => {
        await flush();
        if (current && current.seen !== current.table.rows) {
          throw new BackupError(`${file} is damaged: table ${current.table.name} has ${current.seen} rows, the header says ${current.table.rows}.`);
        }
      };

      for (;;) {
        const next = await lines.next();
        if (next.done) break;
        const { line, n } = next.value;
        if (ended) throw new BackupError(`${file} is damaged: data after the end marker (line ${n}).`);
        const value = parseLine(line, n, file);
        if (Array.isArray(value)) {
          if (!current) throw new BackupError(`${file} is damaged: a row before any table (line ${n}).`);
          if (value.length !== current.table.columns.length || !value.every((v) => v === null || typeof v === 'string')) {
            throw new BackupError(`${file} is damaged: line ${n} is not a row of ${current.table.name}.`);
          }
          batch.push(value);
          current.seen++;
          batchBytes += line.length;
          if (batchBytes > MAX_BATCH_BYTES || (batch.length + 1) * current.table.columns.length > MAX_PARAMS) await flush();
        } else if (value && typeof value === 'object' && typeof (value as { table?: unknown }).table === 'string') {
          await finishTable();
          const name = (value as { table: string }).table;
          const table = header.tables.find((t) => t.name === name);
          if (!table || seenTables.has(name)) throw new BackupError(`${file} is damaged: unexpected table ${name} (line ${n}).`);
          seenTables.add(name);
          current = { table, info: byName.get(name)!, seen: 0 };
          progress.update(done, name);
        } else if (value && typeof value === 'object' && (value as { end?: unknown }).end === true) {
          await finishTable();
          current = undefined;
          ended = true;
          if ((value as { rows?: unknown }).rows !== done) throw new BackupError(`${file} is damaged: the end marker counts ${String((value as { rows?: unknown }).rows)} rows, the file holds ${done}.`);
        } else {
          throw new BackupError(`${file} is damaged: line ${n} is neither a table, a row nor the end marker.`);
        }
      }
      if (!ended) throw new BackupError(`${file} is incomplete: the end marker is missing.`);
      const notSeen = header.tables.filter((t) => !seenTables.has(t.name)).map((t) => t.name);
      if (notSeen.length) throw new BackupError(`${file} is incomplete: no rows section for ${notSeen.join(', ')}.`);

      for (const s of header.sequences) {
        await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [`public.${ident(client, s.name)}`, s.lastValue, s.isCalled]);
      }
      for (const t of tables) await client.query(`ALTER TABLE ${ident(client, t.name)} ENABLE TRIGGER USER`);
      await client.query('SET CONSTRAINTS ALL IMMEDIATE');
      await client.query('COMMIT');
      progress.stop();
      return { tables: header.tables.length, rows: done, createdAt: header.createdAt };
    } catch (e) {
      progress.stop();
      await client.query('ROLLBACK').catch(() => {});
      if (e instanceof BackupError) throw new BackupError(`${e.message} Nothing was changed.`);
      throw new BackupError(`Restore failed, nothing was changed: ${(e as Error).message}`);
    }
  } finally {
    await lines.return(undefined).catch(() => {});
    await client.end().catch(() => {});
  }
}

/** Other sessions on the database (a running app keeps its render cache and secret until restarted). */
export async function otherConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return r.rows[0]?.n ?? 0;
  } finally {
    await client.end().catch(() => {});
  }
}
