// `npm start` in the real world: the CLI runs as a child process against its own DATA_DIR and ports, and
// we kill, block and starve it the way machines do. Every process started here is tracked and ended in
// `after` by pid: the apps, and each embedded postmaster (read from DATA_DIR/pg/postmaster.pid).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { listMigrations } from '../src/db/migrate.ts';
import { withDatabase } from '../src/db/launcher.ts';

const root = path.resolve(import.meta.dirname, '..');
const STARTUP_MS = 120_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h22-launch-'));
// Run as root, PostgreSQL runs as the "postgres" user and must be able to reach DATA_DIR (mkdtemp makes 0700).
fs.chmodSync(tmp, 0o755);
const dataDir = path.join(tmp, 'data');
const apps = new Set<App>();
const postmasters = new Set<number>();
const externalDbs: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1' }, () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** A TCP server standing in for "another program" on a port. */
async function occupy(port: number): Promise<net.Server> {
  const srv = net.createServer((s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ port, host: '127.0.0.1' }, () => resolve());
  });
  return srv;
}

function lock(dir = dataDir): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    if (pid !== process.pid) postmasters.add(pid);
    return { pid, port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

class App {
  readonly proc: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  url = '';

  constructor(env: Record<string, string>) {
    const base = { ...process.env };
    delete base.DATABASE_URL;
    this.proc = spawn(process.execPath, [path.join(root, 'bin/h22.mjs'), 'start'], {
      cwd: tmp,
      env: { ...base, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    apps.add(this);
    this.proc.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exit = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.proc.pid!;
  }

  async waitFor(re: RegExp, ms = STARTUP_MS): Promise<RegExpMatchArray> {
    const until = Date.now() + ms;
    let exited = false;
    void this.exit.then(() => (exited = true));
    for (;;) {
      const m = re.exec(this.stdout + '\n' + this.stderr);
      if (m) return m;
      if (exited || Date.now() > until) {
        throw new Error(`${exited ? 'exited' : 'timed out'} waiting for ${re}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`);
      }
      await sleep(50);
    }
  }

  async running(): Promise<string> {
    this.url = (await this.waitFor(/H22 is running at (http:\/\/127\.0\.0\.1:\d+)\//))[1]!;
    lock();
    return this.url;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    this.proc.kill(signal);
    const r = await this.exit;
    apps.delete(this);
    return r;
  }
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const r = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  return { status: r.status, body: await r.text() };
}

async function pgUrl(dir = dataDir): Promise<string> {
  const l = lock(dir);
  assert.ok(l, 'postmaster.pid exists');
  const password = fs.readFileSync(path.join(dir, 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${l.port}/h22`;
}

async function query<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function counts(url: string) {
  const [r] = await query<{ faq: number; orgs: number; pages: number; users: number }>(
    url,
    `SELECT (SELECT count(*) FROM faq_entries)::int AS faq, (SELECT count(*) FROM organisations)::int AS orgs,
            (SELECT count(*) FROM pages)::int AS pages, (SELECT count(*) FROM users)::int AS users`,
  );
  return r!;
}

let appPort: number;
let pgPort: number;
const env = () => ({ DATA_DIR: dataDir, PORT: String(appPort), PG_PORT: String(pgPort), SEED_DEMO: 'true' });

before(async () => {
  appPort = await freePort();
  pgPort = await freePort();
});

after(async () => {
  for (const a of apps) {
    a.proc.kill('SIGKILL');
    await a.exit;
  }
  lock();
  const isPostgres = (pid: number) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
    } catch {
      return alive(pid);
    }
  };
  for (const pid of postmasters) if (alive(pid) && isPostgres(pid)) process.kill(pid, 'SIGQUIT');
  for (const pid of postmasters) for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
  if (externalDbs.length) {
    const admin = new pg.Client({ connectionString: process.env.H22_TEST_ADMIN_URL });
    await admin.connect();
    for (const db of externalDbs) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(db)} WITH (FORCE)`);
    await admin.end();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

let firstCounts: Awaited<ReturnType<typeof counts>>;
let current: App | undefined;

test('first start prints the address and a generated admin password once; a second start prints no password and loads nothing twice', async () => {
  const first = new App(env());
  const url = await first.running();
  assert.equal(url, `http://127.0.0.1:${appPort}`);
  assert.equal((first.stdout.match(/password:/g) ?? []).length, 1, first.stdout);
  assert.match(first.stdout, /First start: an administrator was created\.\n {2}e-mail: {3}admin@[^\s]+\n {2}password: \S{12,}\n/);
  assert.match(first.stderr, /Creating a new PostgreSQL cluster in .*\/data\/pg/);
  assert.match(first.stderr, new RegExp(`Database: embedded PostgreSQL on 127\\.0\\.0\\.1:${pgPort}, data in `));
  assert.deepEqual(JSON.parse((await get(`${url}/healthz`)).body), { status: 'ok' });
  const faq = await get(`${url}/faq`);
  assert.equal(faq.status, 200);
  assert.match(faq.body, /<html lang="sv">/);
  firstCounts = await counts(await pgUrl());
  assert.ok(firstCounts.faq > 10 && firstCounts.users === 1, JSON.stringify(firstCounts));

  const pm = lock()!.pid;
  const stopped = await first.stop('SIGTERM');
  assert.deepEqual(stopped, { code: 0, signal: null });
  assert.match(first.stderr, /SIGTERM received: stopping …\n[\s\S]*stopped\./);
  assert.equal(alive(pm), false, 'SIGTERM stopped PostgreSQL too');
  assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false);
  assert.equal(fs.existsSync(path.join(dataDir, 'pg-owner.json')), false);

  const second = new App(env());
  await second.running();
  assert.doesNotMatch(second.stdout, /password/i);
  assert.doesNotMatch(second.stderr, /Creating a new PostgreSQL cluster/);
  assert.deepEqual(await counts(await pgUrl()), firstCounts);
  current = second;
});

test('kill -9 leaves PostgreSQL running; the next start stops that orphan and comes back with all data', async () => {
  const app = current!;
  const url = await pgUrl();
  await query(url, `INSERT INTO organisations (slug, name, kind) VALUES ('kill-nine', 'Kill Nine AB', 'partner')`);
  const pm = lock()!.pid;
  assert.equal(JSON.parse(fs.readFileSync(path.join(dataDir, 'pg-owner.json'), 'utf8')).pid, app.pid);

  app.proc.kill('SIGKILL');
  assert.deepEqual(await app.exit, { code: null, signal: 'SIGKILL' });
  apps.delete(app);
  assert.equal(alive(pm), true, 'the postmaster outlives a kill -9 of the app');

  const next = new App(env());
  await next.running();
  assert.match(next.stderr, new RegExp(`Found PostgreSQL \\(pid ${pm}\\) still running from an earlier run of the app that ended abruptly; stopping it`));
  assert.equal(alive(pm), false);
  assert.notEqual(lock()!.pid, pm);
  const rows = await query(await pgUrl(), `SELECT name FROM organisations WHERE slug = 'kill-nine'`);
  assert.deepEqual(rows, [{ name: 'Kill Nine AB' }]);
  assert.deepEqual(await counts(await pgUrl()), { ...firstCounts, orgs: firstCounts.orgs + 1 });
  current = next;
});

test('a CLI command while the app runs shares its PostgreSQL and leaves it running', async () => {
  const app = current!;
  const pm = lock()!.pid;
  const cli = spawn(process.execPath, [path.join(root, 'bin/h22.mjs'), 'migrate'], { cwd: tmp, env: { ...process.env, DATABASE_URL: '', ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
  cli.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
  assert.equal(code, 0, out);
  assert.match(out, new RegExp(`PostgreSQL for .* is already running \\(pid ${pm}, port \\d+\\), started by the H22 process ${app.pid}; using it\\.`));
  assert.match(out, /The database is up to date\./);
  assert.equal(alive(pm), true);
  assert.deepEqual(JSON.parse((await get(`${app.url}/healthz`)).body), { status: 'ok' });
});

test('when PostgreSQL dies under the running app: 503 health and pages in the visitor language, then recovery by itself', async () => {
  const app = current!;
  const pm = lock()!.pid;
  process.kill(pm, 'SIGINT'); // what `pg_ctl stop -m fast` sends
  let outage: { health: { status: number; body: string }; sv: { status: number; body: string }; en: { status: number; body: string } } | undefined;
  let recovered = false;
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    const [health, sv, en] = await Promise.all([get(`${app.url}/healthz`), get(`${app.url}/sok?q=innovation`), get(`${app.url}/en/search?q=innovation`)]);
    if (!outage && health.status === 503 && sv.status === 503 && en.status === 503) outage = { health, sv, en };
    if (outage && health.status === 200 && sv.status === 200) {
      recovered = true;
      break;
    }
    await sleep(50);
  }
  assert.ok(outage, `saw the outage\n${app.stderr}`);
  assert.deepEqual(JSON.parse(outage.health.body), { status: 'unavailable', reason: 'database unreachable' });
  assert.match(outage.sv.body, /<html lang="sv">[\s\S]*<h1>Tjänsten är tillfälligt otillgänglig<\/h1>/);
  assert.match(outage.en.body, /<html lang="en">[\s\S]*<h1>The service is temporarily unavailable<\/h1>/);
  assert.ok(recovered, `recovered\n${app.stderr}`);
  assert.equal(app.proc.exitCode, null, 'the app did not crash');
  assert.match(app.stderr, new RegExp(`PostgreSQL \\(pid ${pm}\\) stopped unexpectedly \\(exit code 0\\); restarting it in 1 s\\.`));
  const again = /PostgreSQL is running again \(pid (\d+), port (\d+)\)\./.exec(app.stderr);
  assert.ok(again);
  assert.notEqual(Number(again[1]), pm);
  assert.equal(lock()!.pid, Number(again[1]));
  const sv = await get(`${app.url}/sok?q=innovation`);
  assert.match(sv.body, /<html lang="sv">/);
  assert.deepEqual(await query(await pgUrl(), `SELECT name FROM organisations WHERE slug = 'kill-nine'`), [{ name: 'Kill Nine AB' }]);

  // SIGINT (Ctrl-C) stops the restarted PostgreSQL as well.
  const newPm = Number(again[1]);
  assert.deepEqual(await app.stop('SIGINT'), { code: 0, signal: null });
  assert.equal(alive(newPm), false);
  assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false);
});

test('a stale lock file naming a pid that is not PostgreSQL is removed; a busy PG_PORT makes it choose another and say so', async () => {
  // After a reboot the old pid may belong to anything: here, this test process.
  fs.writeFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), `${process.pid}\n${path.join(dataDir, 'pg')}\n1700000000\n${pgPort}\n\n127.0.0.1\n  1234   5678\nready   \n`);
  const blocker = await occupy(pgPort);
  try {
    const app = new App(env());
    await app.running();
    assert.match(app.stderr, new RegExp(`names pid ${process.pid}, which is not PostgreSQL for this folder; removing the stale lock file`));
    const m = new RegExp(`Port ${pgPort} is in use by another program; the embedded PostgreSQL uses port (\\d+) instead \\(set PG_PORT to choose\\)`).exec(app.stderr);
    assert.ok(m, app.stderr);
    assert.equal(lock()!.port, Number(m[1]));
    assert.deepEqual(JSON.parse((await get(`${app.url}/healthz`)).body), { status: 'ok' });
    assert.deepEqual(await counts(await pgUrl()), { ...firstCounts, orgs: firstCounts.orgs + 1 });
    const pm = lock()!.pid;
    assert.deepEqual(await app.stop('SIGTERM'), { code: 0, signal: null });
    assert.equal(alive(pm), false);
  } finally {
    blocker.close();
  }
});

test('a busy PORT: a clear message, exit code 1, and no PostgreSQL left behind', async () => {
  const blocker = await occupy(appPort);
  try {
    const app = new App(env());
    const r = await app.exit;
    apps.delete(app);
    assert.equal(r.code, 1);
    assert.match(app.stderr, new RegExp(`Port ${appPort} on 127\\.0\\.0\\.1 is already in use by another program\\. Stop that program or set PORT to another port\\.`));
    assert.doesNotMatch(app.stdout, /H22 is running/);
    assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'no postmaster');
  } finally {
    blocker.close();
  }
});

async function runCli(args: string[], extraEnv: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawn(process.execPath, [path.join(root, 'bin/h22.mjs'), ...args], { cwd: tmp, env: { ...process.env, DATA_DIR: path.join(tmp, 'unused'), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => p.once('exit', resolve));
  return { code, stdout, stderr };
}

test('configuration errors name the setting: exit 2 for a bad value, exit 1 for a database that cannot be used', async () => {
  const closed = await freePort();
  const admin = new URL(process.env.H22_TEST_ADMIN_URL!);
  const stranger = new URL(admin);
  stranger.username = 'h22_no_such_role';
  stranger.password = 'wrong-password';
  // Independent processes: run them side by side.
  const [port, url, scheme, refused, denied, missing] = await Promise.all([
    runCli(['start'], { PORT: 'abc' }),
    runCli(['start'], { DATABASE_URL: 'not a url' }),
    runCli(['start'], { DATABASE_URL: 'mysql://localhost/h22' }),
    runCli(['start'], { DATABASE_URL: `postgres://h22:s3cret-pw@127.0.0.1:${closed}/h22`, PORT: '0' }),
    runCli(['migrate'], { DATABASE_URL: stranger.toString() }),
    runCli(['migrate'], { DATABASE_URL: withDatabase(admin.toString(), 'h22_no_such_db') }),
  ]);
  assert.equal(port.code, 2);
  assert.equal(port.stderr.trim(), 'h22: Invalid setting PORT: expected a whole number, got "abc"');
  assert.equal(url.code, 2);
  assert.equal(url.stderr.trim(), 'h22: Invalid setting DATABASE_URL: not a valid URL');
  assert.equal(scheme.code, 2);
  assert.match(scheme.stderr, /^h22: Invalid setting DATABASE_URL: expected a URL starting with postgres:\/\/ or postgresql:\/\/$/m);

  assert.equal(refused.code, 1);
  assert.equal(refused.stderr.trim(), `h22: Cannot use DATABASE_URL (postgres://h22:****@127.0.0.1:${closed}/h22): nothing answers at 127.0.0.1:${closed} (connection refused). Is PostgreSQL running there?`);
  assert.doesNotMatch(refused.stderr + refused.stdout, /s3cret-pw/);
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /^h22: Cannot use DATABASE_URL \(postgres:\/\/h22_no_such_role:\*\*\*\*@[^)]+\): the server at \S+ refused (the user name or password|this user: .*h22_no_such_role.*)\.?$/m);
  assert.doesNotMatch(denied.stderr, /wrong-password/);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /the database "h22_no_such_db" does not exist on 127\.0\.0\.1:\d+\. Create it first/);
});

test('with DATABASE_URL no embedded server starts, and migrations still run', async () => {
  const name = `h22_t_ext_${crypto.randomBytes(4).toString('hex')}`;
  externalDbs.push(name);
  const admin = new pg.Client({ connectionString: process.env.H22_TEST_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = withDatabase(process.env.H22_TEST_ADMIN_URL!, name);
  const extDir = path.join(tmp, 'external');
  const app = new App({ DATABASE_URL: url, DATA_DIR: extDir, PORT: '0', SEED_DEMO: 'false', JOBS: 'false' });
  const base = await app.running();
  const all = listMigrations().map((m) => m.name);
  for (const m of all) assert.match(app.stderr, new RegExp(`Applied migration ${m}`));
  assert.deepEqual((await query<{ name: string }>(url, 'SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name), all);
  assert.match(app.stderr, new RegExp(`Database: postgres://[^\\s:]+:\\*\\*\\*\\*@[^\\s/]+/${name}\\n`));
  assert.doesNotMatch(app.stderr, /PostgreSQL cluster|embedded PostgreSQL/);
  assert.equal(fs.existsSync(path.join(extDir, 'pg')), false);
  assert.equal(fs.existsSync(path.join(extDir, 'pg-password')), false);
  assert.deepEqual(JSON.parse((await get(`${base}/healthz`)).body), { status: 'ok' });
  assert.deepEqual(await app.stop('SIGTERM'), { code: 0, signal: null });
});
