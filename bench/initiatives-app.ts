// One app process for bench/initiatives.ts: the real runtime and server (createRuntime + buildServer)
// on DATABASE_URL, on 127.0.0.1:PORT. With RENDER_CACHE=off every request renders (queries + HTML):
// that is the server time the target is about. The time from the request arriving to the
// response being written is recorded per request; the bench reads percentiles over IPC.
//
//   DATABASE_URL=… PORT=… RENDER_CACHE=off node --import tsx bench/initiatives-app.ts
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/app.ts';
import { buildServer } from '../src/server.ts';
import { etagOf } from '../src/platform/cache.ts';

const config = loadConfig(process.env);
if (!config.databaseUrl) throw new Error('DATABASE_URL is required');
const runtime = await createRuntime(config, { log: (m) => process.stderr.write(`[app ${process.pid}] ${m}\n`), databaseUrl: config.databaseUrl, runMigrations: false, jobs: false });
if (process.env.RENDER_CACHE === 'off') {
  const real = runtime.ctx.cache;
  // Nothing is ever found, so the front cache and cachedPage render every request.
  runtime.ctx.cache = {
    ...real,
    get: () => undefined,
    set: (_key, _tags, body, contentType) => {
      const buf = typeof body === 'string' ? Buffer.from(body) : body;
      return { body: buf, etag: etagOf(buf), contentType };
    },
  };
}
const app = await buildServer(runtime.ctx);

let times: number[] = [];
app.server.prependListener('request', (_req, res) => {
  const t0 = process.hrtime.bigint();
  res.once('finish', () => times.push(Number(process.hrtime.bigint() - t0) / 1e6));
});
process.on('message', (m: { cmd: 'reset' | 'stats' }) => {
  if (m.cmd === 'reset') times = [];
  else {
    const s = [...times].sort((a, b) => a - b);
    const p = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : 0);
    process.send?.({ count: s.length, p50: p(0.5), p95: p(0.95), p99: p(0.99), max: s[s.length - 1] ?? 0 });
  }
});

await app.listen({ port: config.port, host: '127.0.0.1' });
process.send?.({ listening: config.port });

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
