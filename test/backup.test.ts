// `h22 backup` / `h22 restore`: a logical backup of a seeded database comes back exactly, and a damaged
// or mismatched file changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { createTestApp, type TestApp } from './helpers.ts';
import { makeOrganisation, makeUser } from './factories.ts';
import { backupDatabase, readBackupHeader, restoreDatabase, BackupError, type BackupHeader } from '../src/db/backup.ts';

let t: TestApp;
let client: pg.Client;
let tmp: string;
const root = path.resolve(import.meta.dirname, '..');

before(async () => {
  t = await createTestApp({ seed: true });
  const org = await makeOrganisation(t.ctx, { name: 'Backup AB' });
  await makeUser(t.ctx, { email: 'backup.person@example.test', name: 'Åsa Öberg', org: { id: org.id, role: 'editor' } });
  client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  // Values whose text form is easy to get wrong: microseconds, arrays, JSON, NULL, quotes and newlines.
  await client.query(`UPDATE users SET updated_at = '2022-05-30 10:11:12.345678+02', global_roles = '{finance,admin}' WHERE email = 'backup.person@example.test'`);
  await client.query(`INSERT INTO app_state (key, value) VALUES ('backup-test', '{"a": [1, 2.5, null], "b": "it''s \\"quoted\\"\\nline"}')`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h22-backup-'));
});
after(async () => {
  await client.end();
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every table's rows as JSON text, ordered: equal snapshots mean equal data. */
async function snapshot(): Promise<Record<string, string[]>> {
  const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`);
  const out: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const r = await client.query<{ j: string }>(`SELECT to_jsonb(t)::text AS j FROM ${client.escapeIdentifier(name)} t ORDER BY 1`);
    out[name] = r.rows.map((x) => x.j);
  }
  return out;
}

const count = async (table: string) => Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

test('backup, change, restore: every table and row is back exactly, and identities continue after the restored ids', async () => {
  const before = await snapshot();
  assert.ok(before.faq_entries!.length > 10, 'the seed FAQ is there');
  const file = path.join(tmp, 'nested', 'first.jsonl.gz');
  const summary = await backupDatabase(t.db.url, file);
  assert.equal(summary.file, file);
  assert.equal(summary.rows, Object.values(before).reduce((s, rows) => s + rows.length, 0));
  assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'readable by its owner only');
  assert.equal(fs.existsSync(`${file}.partial`), false);

  const header = await readBackupHeader(file);
  assert.equal(header.format, 'h22-backup');
  assert.equal(header.version, 1);
  const migrations = (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
  assert.deepEqual(header.migrations, migrations);
  // Foreign-key order: users before memberships, organisations before memberships.
  const order = header.tables.map((x) => x.name);
  assert.ok(order.indexOf('users') < order.indexOf('memberships'));
  assert.ok(order.indexOf('organisations') < order.indexOf('memberships'));
  assert.equal(header.tables.find((x) => x.name === 'faq_entries')!.rows, before.faq_entries!.length);
  assert.ok(!header.tables.find((x) => x.name === 'faq_entries')!.columns.includes('search_sv'), 'generated columns are left out');

  const faq = (await client.query('SELECT id, slug FROM faq_entries ORDER BY id LIMIT 1')).rows[0];
  await client.query('DELETE FROM faq_entries WHERE id = $1', [faq.id]);
  await client.query(`UPDATE users SET name = 'Someone Else' WHERE email = 'backup.person@example.test'`);
  await client.query('DELETE FROM memberships');
  await makeOrganisation(t.ctx, { name: 'Created after the backup' });
  const nextIdBefore = Number((await client.query(`SELECT last_value FROM organisations_id_seq`)).rows[0].last_value);
  assert.notDeepEqual(await snapshot(), before);

  const r = await restoreDatabase(t.db.url, file);
  assert.equal(r.rows, summary.rows);
  assert.equal(r.createdAt, header.createdAt);
  assert.deepEqual(await snapshot(), before);
  const person = (await client.query(`SELECT name, global_roles, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS at FROM users WHERE email = 'backup.person@example.test'`)).rows[0];
  assert.deepEqual(person, { name: 'Åsa Öberg', global_roles: ['finance', 'admin'], at: '2022-05-30 08:11:12.345678' });
  assert.deepEqual((await client.query(`SELECT value FROM app_state WHERE key = 'backup-test'`)).rows[0].value, { a: [1, 2.5, null], b: 'it\'s "quoted"\nline' });
  assert.equal((await client.query('SELECT slug FROM faq_entries WHERE id = $1', [faq.id])).rows[0]?.slug, faq.slug);
  // Generated search columns are recomputed, so search still finds the restored entry.
  const hit = await client.query(`SELECT slug FROM faq_entries WHERE search_sv @@ plainto_tsquery('swedish', h22_unaccent('testbäddar'))`);
  assert.ok(hit.rows.length > 0);

  // The identity sequence is where the backup left it: the next organisation gets the next id after the backup's.
  const seq = header.sequences.find((s) => s.name === 'organisations_id_seq')!;
  const created = await makeOrganisation(t.ctx, { name: 'After restore' });
  assert.equal(created.id, Number(seq.lastValue) + 1);
  assert.ok(created.id < nextIdBefore + 1);
  await client.query('DELETE FROM organisations WHERE id = $1', [created.id]);
});

async function expectUnchanged(fn: () => Promise<unknown>, message: RegExp): Promise<void> {
  const before = await snapshot();
  await assert.rejects(fn, (e: Error) => {
    assert.ok(e instanceof BackupError, `a BackupError, got ${e.name}: ${e.message}`);
    assert.match(e.message, message);
    return true;
  });
  assert.deepEqual(await snapshot(), before, 'nothing changed');
}

function rewrite(file: string, target: string, edit: (lines: string[]) => string[]): void {
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
  fs.writeFileSync(target, zlib.gzipSync(edit(lines).join('\n')));
}

test('a damaged or mismatched backup is refused with a clear message and changes nothing', async () => {
  const file = path.join(tmp, 'good.jsonl.gz');
  await backupDatabase(t.db.url, file);
  await client.query(`UPDATE faq_entries SET question_sv = 'Ändrad efter säkerhetskopian' WHERE id = (SELECT min(id) FROM faq_entries)`);

  // Cut in the middle: the rows stream up to the cut, then gzip fails inside the transaction.
  const bytes = fs.readFileSync(file);
  const cut = path.join(tmp, 'cut.jsonl.gz');
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
  await expectUnchanged(() => restoreDatabase(t.db.url, cut), /cut\.jsonl\.gz is damaged or incomplete .*Nothing was changed\./);

  // A flipped byte in the compressed data.
  const flipped = Buffer.from(bytes);
  const at = Math.floor(flipped.length * 0.6);
  flipped[at] = flipped[at]! ^ 0xff;
  const bad = path.join(tmp, 'flipped.jsonl.gz');
  fs.writeFileSync(bad, flipped);
  await expectUnchanged(() => restoreDatabase(t.db.url, bad), /flipped\.jsonl\.gz is (damaged|incomplete)/);

  // Valid gzip, but a row that does not fit its table, late in the file.
  const wrongRow = path.join(tmp, 'wrong-row.jsonl.gz');
  rewrite(file, wrongRow, (lines) => {
    const i = lines.length - 3;
    lines[i] = JSON.stringify(['only', 'two']);
    return lines;
  });
  await expectUnchanged(() => restoreDatabase(t.db.url, wrongRow), /line \d+ is not a row of \w+.*Nothing was changed\./);

  // A row PostgreSQL itself refuses (a category outside the CHECK constraint).
  const refused = path.join(tmp, 'refused.jsonl.gz');
  rewrite(file, refused, (lines) => {
    const start = lines.indexOf(JSON.stringify({ table: 'faq_entries' }));
    const header = JSON.parse(lines[0]!) as BackupHeader;
    const cols = header.tables.find((x) => x.name === 'faq_entries')!.columns;
    const row = JSON.parse(lines[start + 1]!) as string[];
    row[cols.indexOf('category')] = 'no-such-category';
    lines[start + 1] = JSON.stringify(row);
    return lines;
  });
  await expectUnchanged(() => restoreDatabase(t.db.url, refused), /Restore failed, nothing was changed: .*faq_entries_category_check/);

  // The end marker is missing.
  const noEnd = path.join(tmp, 'no-end.jsonl.gz');
  rewrite(file, noEnd, (lines) => lines.filter((l) => !l.startsWith('{"end"')));
  await expectUnchanged(() => restoreDatabase(t.db.url, noEnd), /no-end\.jsonl\.gz is incomplete: the end marker is missing/);

  // Another schema version.
  const other = path.join(tmp, 'other-migrations.jsonl.gz');
  rewrite(file, other, (lines) => {
    const h = JSON.parse(lines[0]!) as BackupHeader;
    h.migrations = [...h.migrations.slice(1), '209912310000_from_the_future'];
    lines[0] = JSON.stringify(h);
    return lines;
  });
  await expectUnchanged(() => restoreDatabase(t.db.url, other), /different set of migrations[\s\S]*only in the backup: 209912310000_from_the_future[\s\S]*only in the database: 202611290001_platform/);

  // Not a backup at all.
  const text = path.join(tmp, 'notes.txt');
  fs.writeFileSync(text, 'just some notes\n');
  await expectUnchanged(() => restoreDatabase(t.db.url, text), /notes\.txt is not an H22 backup \(not a gzip file\)/);
  const json = path.join(tmp, 'other.json.gz');
  fs.writeFileSync(json, zlib.gzipSync('{"hello": "world"}\n'));
  await expectUnchanged(() => restoreDatabase(t.db.url, json), /other\.json\.gz is not an H22 backup/);
  await expectUnchanged(() => restoreDatabase(t.db.url, path.join(tmp, 'missing.jsonl.gz')), /Cannot read .*missing\.jsonl\.gz/);

  const edited = (await client.query(`SELECT question_sv FROM faq_entries WHERE id = (SELECT min(id) FROM faq_entries)`)).rows[0].question_sv;
  assert.equal(edited, 'Ändrad efter säkerhetskopian');
});

function h22(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(root, 'bin/h22.mjs'), ...args], {
    cwd: tmp,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('the CLI: h22 backup and h22 restore with --help, a default folder, progress lines and exit codes', async () => {
  const env = { DATABASE_URL: t.db.url, DATA_DIR: path.join(tmp, 'data') };
  const help = h22(['backup', '--help'], env);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: h22 backup \[FILE\]/);
  assert.match(help.stdout, /pgboss/);
  const rhelp = h22(['restore', '--help'], env);
  assert.equal(rhelp.status, 0);
  assert.match(rhelp.stdout, /^Usage: h22 restore FILE \[--yes\]/);
  const noFile = h22(['restore'], env);
  assert.equal(noFile.status, 2);
  assert.match(noFile.stderr, /Give the backup FILE to restore\./);

  const b = h22(['backup'], env);
  assert.equal(b.status, 0, b.stderr);
  const m = /^Backed up (\d+) rows from (\d+) tables to (.+\/data\/backups\/h22-\d{8}-\d{6}\.jsonl\.gz) \(/m.exec(b.stdout);
  assert.ok(m, b.stdout);
  assert.ok(fs.existsSync(m[3]!));
  // Not a terminal: one plain progress line per table instead of a bar.
  assert.match(b.stderr, /^backup: faq_entries \(\d+\/\d+ rows so far\)$/m);
  assert.match(b.stderr, new RegExp(`^backup: done \\(${m[1]} rows\\)$`, 'm'));

  const faqCount = await count('faq_entries');
  await client.query('DELETE FROM faq_entries');
  const r = h22(['restore', m[3]!], env);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^Restored ${m[1]} rows in ${m[2]} tables from the backup of \\d{4}-`, 'm'));
  assert.equal(await count('faq_entries'), faqCount);

  fs.writeFileSync(path.join(tmp, 'junk.jsonl.gz'), 'junk');
  const junk = h22(['restore', 'junk.jsonl.gz'], env);
  assert.equal(junk.status, 1);
  assert.match(junk.stderr, /^h22: .*junk\.jsonl\.gz is not an H22 backup \(not a gzip file\)\.$/m);
  assert.equal(await count('faq_entries'), faqCount);
});
