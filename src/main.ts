// The `h22` command line: start, migrate, seed, user, token, backup, restore, import.
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline/promises';
import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createRuntime, resolveDatabase, seedAll, type Runtime } from './app.ts';
import { buildServer } from './server.ts';
import { migrate } from './db/migrate.ts';
import { LauncherError, redactUrl } from './db/launcher.ts';
import { BackupError, backupDatabase, otherConnections, progressOn, readBackupHeader, restoreDatabase } from './db/backup.ts';
import { cliCommands } from './modules/index.ts';
import { cliOptions, importCommand, type Cli } from './platform/cli.ts';

const HELP: Record<string, string> = {
  main: `Usage: h22 <command> [options]

Commands:
  start                 start the platform (embedded PostgreSQL unless DATABASE_URL is set)
  migrate               apply database migrations
  seed                  load the H22 demo content (idempotent)
  user create           create a user: --email E --role R [--name N] [--password P] [--org SLUG]
  token create          create a personal API token: --email E [--name N]
  backup [FILE]         write a logical backup of the database (default: DATA_DIR/backups/h22-<time>.jsonl.gz)
  restore FILE          replace the database content with a backup
  import <kind> FILE    import data (kinds provided by modules; --dry-run prints a report only)

Run "h22 <command> --help" for the options of a command.
Settings come from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, BASE_URL, SMTP_URL, OIDC_ISSUER, … (see README).`,
  start: `Usage: h22 start

Starts the web server. On first start it creates the database, runs migrations, loads the demo
content and prints the address and a generated admin e-mail and password.
Environment: PORT (3000), HOST (127.0.0.1), DATA_DIR (./data), DATABASE_URL, PG_PORT (54329),
BASE_URL, SMTP_URL, MAIL_FROM, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, SEED_DEMO (true), JOBS (true).`,
  migrate: `Usage: h22 migrate\n\nApplies all pending SQL migrations and exits.`,
  backup: `Usage: h22 backup [FILE]

Writes a logical backup of the database: every table of the public schema, in foreign-key order, as
gzip-compressed JSON lines with a header (format version, time, migrations, row counts). Works with the
embedded PostgreSQL (which has no pg_dump) and with DATABASE_URL.
FILE defaults to DATA_DIR/backups/h22-<UTC time>.jsonl.gz (./backups/… when DATABASE_URL is set and
DATA_DIR is not). The file holds every row, password hashes and sessions included: it is created
readable by its owner only; keep it that way.
Not included: the pg-boss job queue (schema pgboss: transient job state; schedules are re-created when
the app starts) and schema_migrations (its list is in the header).
Progress goes to stderr: a bar on a terminal, one line per table otherwise.`,
  restore: `Usage: h22 restore FILE [--yes]

Replaces ALL data in the database with the content of a backup made by "h22 backup". The database is
migrated first; the backup's migration list must then match the database's. Everything happens in one
transaction: a damaged file or a failing row changes nothing.
On a terminal it asks for confirmation unless --yes is given. Restart a running app afterwards: it keeps
its page cache and session secret in memory.`,
  seed: `Usage: h22 seed\n\nLoads the H22 demo content. Running it twice adds nothing twice.`,
};

function makeCli(config: Config): Cli {
  const log = (m: string) => process.stderr.write(`[h22] ${m}\n`);
  return {
    config,
    log,
    out: (m) => process.stdout.write(m + '\n'),
    runtime: (opts = {}) => createRuntime(config, { log, jobs: opts.jobs ?? false }),
  };
}

/** Why the app cannot listen on host:port, or undefined when it can. */
function listenProblem(host: string, port: number): Promise<string | undefined> {
  if (port === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(describeListenError(e, host, port)));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(undefined)));
  });
}

function describeListenError(e: NodeJS.ErrnoException, host: string, port: number): string {
  switch (e.code) {
    case 'EADDRINUSE':
      return `Port ${port} on ${host} is already in use by another program. Stop that program or set PORT to another port.`;
    case 'EACCES':
      return `Port ${port} needs administrator rights on this system. Set PORT to a number above 1023.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `HOST=${host} is not an address of this machine. Use 127.0.0.1, 0.0.0.0 or one of its addresses.`;
    default:
      return `Cannot listen on ${host}:${port}: ${e.message}`;
  }
}

async function start(cli: Cli): Promise<void> {
  const { config, log } = cli;
  // Checked before anything starts: the most common mistake, and nothing needs undoing yet.
  const portProblem = await listenProblem(config.host, config.port);
  if (portProblem) {
    log(portProblem);
    process.exit(1);
  }

  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let runtime: Runtime | undefined;
  let app: FastifyInstance | undefined;
  const shutdown = async (signal: string, code = 0) => {
    if (phase === 'stopping') {
      log(`${signal} received again: exiting now.`);
      process.exit(1);
    }
    if (phase === 'starting') {
      // The launcher's exit hook asks PostgreSQL for a fast shutdown; migrations run in transactions.
      log(`${signal} received while starting: exiting.`);
      process.exit(1);
    }
    phase = 'stopping';
    log(`${signal} received: stopping …`);
    const timer = setTimeout(() => {
      log('Stopping took longer than 15 s: exiting anyway.');
      process.exit(1);
    }, 15_000);
    await app?.close().catch(() => {});
    await runtime?.close().catch((e: Error) => log(`while stopping: ${e.message}`));
    clearTimeout(timer);
    log('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
  // A stray rejected promise (say, during a database outage) must not take the site down.
  process.on('unhandledRejection', (e) => log(`unhandled error: ${(e as Error)?.stack ?? String(e)}`));
  process.on('uncaughtException', (e) => {
    log(`fatal error: ${e.stack ?? e.message}`);
    void shutdown('uncaught exception', 1);
  });

  runtime = await createRuntime(config, { log });
  const { ctx } = runtime;
  if (config.seedDemo) await seedAll(ctx);
  app = await buildServer(ctx, { logger: true });
  // Printed before listening, so the credentials are never lost even if the port turns out to be busy.
  const firstAdmin = await cliCommands.ensureFirstAdmin(ctx);
  if (firstAdmin) {
    cli.out(`\nFirst start: an administrator was created.\n  e-mail:   ${firstAdmin.email}\n  password: ${firstAdmin.password}\nSign in at ${config.baseUrl}/logga-in and change the password. It is shown only this once.\n`);
  }

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    log(err.code ? describeListenError(err, config.host, config.port) : `Cannot start the web server: ${err.message}`);
    phase = 'stopping';
    await app.close().catch(() => {});
    await runtime.close().catch(() => {});
    process.exit(1);
  }
  phase = 'running';
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const pg = runtime.pgServer;
  log(
    pg
      ? `Database: embedded PostgreSQL on 127.0.0.1:${pg.port}, data in ${path.join(config.dataDir, 'pg')}${pg.owned ? '' : ' (started by another H22 process that is still running)'}`
      : `Database: ${redactUrl(runtime.databaseUrl)}`,
  );
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const local = `http://${host}:${port}`;
  cli.out(`\nH22 is running at ${local}/ (English: ${local}/en/)${config.baseUrl !== local ? `\nPublic address (BASE_URL): ${config.baseUrl}/` : ''}`);
}

function defaultBackupFile(config: Config): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\.\d+Z$/, '');
  const dir = config.databaseUrl && !process.env.DATA_DIR ? path.resolve('backups') : path.join(config.dataDir, 'backups');
  return path.join(dir, `h22-${stamp}.jsonl.gz`);
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

async function backupCmd(cli: Cli, args: string[]): Promise<number> {
  const o = cliOptions(args, {});
  if ('error' in o || o.values.help || o.positionals.length > 1) {
    if ('error' in o) cli.log(o.error);
    else if (o.positionals.length > 1) cli.log('Give at most one FILE.');
    cli.out(HELP.backup ?? '');
    return 'error' in o || !o.values.help ? 2 : 0;
  }
  const file = path.resolve(o.positionals[0] ?? defaultBackupFile(cli.config));
  const { url, server } = await resolveDatabase(cli.config, cli.log);
  try {
    const r = await backupDatabase(url, file, { progress: progressOn(process.stderr, 'backup') });
    cli.out(`Backed up ${r.rows} rows from ${r.tables} tables to ${r.file} (${formatBytes(r.bytes)}).`);
    return 0;
  } finally {
    await server?.stop();
  }
}

async function restoreCmd(cli: Cli, args: string[]): Promise<number> {
  const o = cliOptions(args, { yes: { type: 'boolean', short: 'y' } });
  if ('error' in o || o.values.help || o.positionals.length !== 1) {
    if ('error' in o) cli.log(o.error);
    else if (!o.values.help) cli.log('Give the backup FILE to restore.');
    cli.out(HELP.restore ?? '');
    return 'error' in o || !o.values.help ? 2 : 0;
  }
  const file = path.resolve(o.positionals[0]!);
  // The file is checked before anything is started or changed.
  const header = await readBackupHeader(file);
  const rows = header.tables.reduce((s, t) => s + t.rows, 0);
  cli.log(`Backup of ${header.createdAt} (H22 ${header.app.version}): ${rows} rows in ${header.tables.length} tables.`);
  const { url, server } = await resolveDatabase(cli.config, cli.log);
  try {
    await migrate(url, cli.log);
    if (process.stdin.isTTY && !o.values.yes) {
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(`Replace ALL data in ${redactUrl(url)} with this backup? [y/N] `);
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        cli.log('Nothing was changed.');
        return 1;
      }
    }
    const others = await otherConnections(url);
    const r = await restoreDatabase(url, file, { progress: progressOn(process.stderr, 'restore') });
    cli.out(`Restored ${r.rows} rows in ${r.tables} tables from the backup of ${r.createdAt}.`);
    if (others > 0) cli.out(`Other sessions are connected to this database (${others}): restart the running app so it drops its cached pages.`);
    return 0;
  } finally {
    await server?.stop();
  }
}

export async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(HELP.main + '\n');
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`h22: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const cli = makeCli(config);
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  try {
    switch (cmd) {
      case 'start':
        if (wantsHelp) return void cli.out(HELP.start ?? '');
        await start(cli);
        return;
      case 'migrate': {
        if (wantsHelp) return void cli.out(HELP.migrate ?? '');
        const { url, server } = await resolveDatabase(config, cli.log);
        try {
          const applied = await migrate(url, cli.log);
          cli.out(applied.length ? `Applied ${applied.length} migration(s).` : 'The database is up to date.');
        } finally {
          await server?.stop();
        }
        return;
      }
      case 'backup': {
        const code = await backupCmd(cli, rest);
        if (code) process.exit(code);
        return;
      }
      case 'restore': {
        const code = await restoreCmd(cli, rest);
        if (code) process.exit(code);
        return;
      }
      case 'import': {
        const code = await importCommand(cli, rest);
        if (code) process.exit(code);
        return;
      }
      case 'seed': {
        if (wantsHelp) return void cli.out(HELP.seed ?? '');
        const rt = await cli.runtime();
        try {
          await seedAll(rt.ctx);
          cli.out('Demo content loaded.');
        } finally {
          await rt.close();
        }
        return;
      }
      default: {
        const handler = cliCommands.commands[cmd];
        if (!handler) {
          process.stderr.write(`h22: unknown command "${cmd}". Run "h22 --help".\n`);
          process.exit(2);
        }
        const code = await handler(cli, rest);
        if (code) process.exit(code);
      }
    }
  } catch (e) {
    if (e instanceof LauncherError || e instanceof BackupError) {
      process.stderr.write(`h22: ${e.message}\n`);
      process.exit(1);
    }
    const err = e as Error;
    process.stderr.write(`h22: ${err.message}\n${config.logLevel === 'debug' ? `${err.stack}\n` : ''}`);
    process.exit(1);
  }
}

