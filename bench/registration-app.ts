// One app process for the registration rush: the real runtime and server (createRuntime +
// buildServer) on DATABASE_URL, listening on 127.0.0.1:PORT. The rush test and bench start two of
// these on one database. Prints one JSON line {"listening": port, "pid": …} when ready.
//
//   DATABASE_URL=postgres://… PORT=4123 BASE_URL=http://127.0.0.1:4123 node --import tsx bench/registration-app.ts
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/app.ts';
import { buildServer } from '../src/server.ts';

const config = loadConfig(process.env);
if (!config.databaseUrl) throw new Error('DATABASE_URL is required');
const runtime = await createRuntime(config, { log: (m) => process.stderr.write(`[app ${process.pid}] ${m}\n`), databaseUrl: config.databaseUrl, runMigrations: false, poolSize: Number(process.env.POOL_SIZE ?? 20) });
const app = await buildServer(runtime.ctx);
await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ listening: config.port, pid: process.pid })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await app.close().catch(() => {});
  await runtime.close().catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
