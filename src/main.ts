// The `h22` command line: start, migrate, seed, user, token, backup, restore, import.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createRuntime, resolveDatabase, seedAll, type Runtime } from './app.ts';
import { buildServer } from './server.ts';
import { migrate } from './db/migrate.ts';
import { LauncherError } from './db/launcher.ts';
import { cliCommands } from './modules/index.ts';
import type { Cli } from './platform/cli.ts';

const HELP: Record<string, string> = {
  main: `Usage: h22 <command> [options]

Commands:
  start                 start the platform (embedded PostgreSQL unless DATABASE_URL is set)
  migrate               apply database migrations
  seed                  load the H22 demo content (idempotent)
  user create           create a user: --email E --role R [--name N] [--password P] [--org SLUG]
  token create          create a personal API token: --email E [--name N]
  backup [FILE]         write a logical backup of the database (default: backups/h22-<time>.h22backup)
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

async function start(cli: Cli): Promise<void> {
  const { config, log } = cli;
  const runtime = await createRuntime(config, { log });
  const { ctx } = runtime;
  if (config.seedDemo) await seedAll(ctx);
  const app = await buildServer(ctx, { logger: true });
  // Printed before listening, so the credentials are never lost even if the port turns out to be busy.
  const firstAdmin = await cliCommands.ensureFirstAdmin(ctx);
  if (firstAdmin) {
    cli.out(`\nFirst start: an administrator was created.\n  e-mail:   ${firstAdmin.email}\n  password: ${firstAdmin.password}\nSign in at ${config.baseUrl}/logga-in and change the password. It is shown only this once.\n`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: stopping …`);
    const timer = setTimeout(() => process.exit(1), 15_000);
    await app.close().catch(() => {});
    await runtime.close().catch((e: Error) => log(`while stopping: ${e.message}`));
    clearTimeout(timer);
    log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      log(`Port ${config.port} on ${config.host} is already in use. Stop the other program or set PORT to another port.`);
      await runtime.close();
      process.exit(1);
    }
    throw e;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  cli.out(`\nH22 is running at ${config.baseUrl.replace(/:\d+$/, '')}:${port}/ (English: /en/)`);
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
    if (e instanceof LauncherError) {
      process.stderr.write(`h22: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

