// Benchmark: the public initiatives list with 10 000 initiatives, three filters and a search term.
//
//   node --import tsx bench/initiatives.ts [--count 10000] [--duration 10] [--rounds 3] [--connections 1] [--check] [--target-ms 20] [--profile DIR]
//
// Three servers on 127.0.0.1, loaded in turn by autocannon from this process, alternating the order:
//   - app, rendering: RENDER_CACHE=off, so every request runs the queries (text search, facet counts,
//     the page of results) and renders the HTML — the server time the issue's target (p95 ≤ 20 ms) is about;
//   - app, as deployed: the render and front caches answer repeated anonymous requests;
//   - raw node:http sending the exact bytes and headers of the same response (bench/raw-server.ts).
// Server time is measured inside each app process, from the request arriving to the response written.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import autocannon from 'autocannon';
import { startTestCluster, type TestCluster } from '../scripts/test-db.ts';
import { withDatabase } from '../src/db/launcher.ts';
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/app.ts';
import { seedInitiatives } from '../src/modules/initiatives/initiatives.seed.ts';
import type { Fixture } from './raw-server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    // One request at a time measures server time; more connections measure throughput (and queueing).
    connections: { type: 'string', default: '1' },
    path: { type: 'string', default: '/initiativ?q=sensorer&stage=pilot&sdg=11&sector=environment' },
    check: { type: 'boolean', default: false },
    'target-ms': { type: 'string', default: '20' },
    profile: { type: 'string' },
  },
});
const COUNT = Number(args.count);
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const TARGET_MS = Number(args['target-ms']);
const PATH = args.path;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

// ---------- what this process started, so it stops exactly that ----------

const children: ChildProcess[] = [];
let cluster: TestCluster | undefined;
let benchDb: { admin: string; name: string } | undefined;

async function cleanup(): Promise<void> {
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
  if (benchDb) {
    const c = new pg.Client({ connectionString: benchDb.admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(benchDb.name)} WITH (FORCE)`).finally(() => c.end());
    benchDb = undefined;
  }
  await cluster?.server?.stop();
  cluster = undefined;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: stopping what the bench started …`);
    void cleanup().finally(() => process.exit(130));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.on('error', reject);
    s.listen({ port: 0, host: '127.0.0.1' }, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface ServerStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

async function startApp(databaseUrl: string, renderCache: boolean): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = fork(path.join(root, 'bench/initiatives-app.ts'), [], {
    cwd: root,
    // --profile DIR: a V8 CPU profile of the rendering app, written when it stops (open it in Chrome DevTools).
    execArgv: ['--import', 'tsx', ...(args.profile && !renderCache ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [])],
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), BASE_URL: url, JOBS: 'false', LOG_LEVEL: 'silent', NODE_ENV: 'production', RENDER_CACHE: renderCache ? 'on' : 'off' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the app exited with ${code} before listening`)));
  });
  return { url, child };
}

function ask(child: ChildProcess, cmd: 'reset' | 'stats'): Promise<ServerStats | undefined> {
  if (cmd === 'reset') {
    child.send({ cmd });
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    child.once('message', (m: ServerStats) => resolve(m));
    child.send({ cmd });
  });
}

async function startRaw(fixtures: Fixture[]): Promise<string> {
  const child = fork(path.join(root, 'bench/raw-server.ts'), [], { cwd: root, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the raw server exited with ${code}`)));
    child.send({ fixtures });
  });
  return `http://127.0.0.1:${port}`;
}

interface Captured {
  status: number;
  headers: [string, string][];
  body: Buffer;
}
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
function get(url: string): Promise<Captured> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const pairs: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks) });
        });
      })
      .on('error', reject);
  });
}
const comparable = (c: Captured) => JSON.stringify({ s: c.status, h: c.headers.filter(([k]) => !PER_CONNECTION.has(k.toLowerCase())), b: c.body.toString('base64') });

interface Run {
  rps: number;
  p50: number;
  p99: number;
  server?: ServerStats;
  /** CPU time (user + system) of the server process per request, in ms, from /proc. */
  cpuMs?: number;
}

/** CPU time (user + system, ms) a process has used so far, from /proc; undefined where there is no /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

async function load(url: string, connections: number, duration: number, child?: ChildProcess): Promise<Run> {
  if (child) await ask(child, 'reset');
  const cpu0 = cpuMs(child?.pid);
  const r = await autocannon({ url, connections, duration });
  const cpu1 = cpuMs(child?.pid);
  const total = Object.values(r.statusCodeStats).reduce((n, s) => n + s.count, 0);
  if (r.errors > 0 || r.timeouts > 0 || (r.statusCodeStats['200']?.count ?? 0) !== total || total === 0) {
    throw new Error(`${url}: ${r.errors} errors, ${r.timeouts} timeouts, statuses ${JSON.stringify(r.statusCodeStats)}`);
  }
  const server = child ? await ask(child, 'stats') : undefined;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, ...(server ? { server } : {}), ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuMs: (cpu1 - cpu0) / total } : {}) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  log('PostgreSQL for the bench …');
  cluster = await startTestCluster(root, log);
  const name = `h22_bench_initiatives_${process.pid}`;
  const c = new pg.Client({ connectionString: cluster.adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`).finally(() => c.end());
  benchDb = { admin: cluster.adminUrl, name };
  const dbUrl = withDatabase(cluster.adminUrl, name);

  log(`migrating and loading ${COUNT} generated initiatives …`);
  const t0 = Date.now();
  const rt = await createRuntime(loadConfig({ DATABASE_URL: dbUrl, JOBS: 'false' }), { log: () => {}, databaseUrl: dbUrl, jobs: false });
  try {
    const { inserted } = await seedInitiatives(rt.ctx, { count: COUNT, seed: 2022 });
    log(`${inserted} initiatives in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await rt.close();
  }
  const v = new pg.Client({ connectionString: dbUrl });
  await v.connect();
  await v.query('VACUUM ANALYZE').finally(() => v.end());

  const rendering = await startApp(dbUrl, false);
  const cached = await startApp(dbUrl, true);
  await get(cached.url + PATH);
  const sample = await get(cached.url + PATH);
  if (sample.status !== 200) throw new Error(`${PATH} answered ${sample.status}`);
  const shown = /Visar (\d+)–(\d+) av (\d+) initiativ|Showing (\d+)–(\d+) of (\d+)/.exec(sample.body.toString());
  log(`${PATH}: ${sample.body.length} bytes, ${shown ? `${shown[3] ?? shown[6]} matching initiatives` : 'no results line found'}`);
  const renderedSample = await get(rendering.url + PATH);
  if (renderedSample.body.toString() !== sample.body.toString()) log('note: the rendering app and the cached app sent different bodies');
  const fixtures: Fixture[] = [{ path: PATH, status: 200, headers: sample.headers.filter(([k]) => !PER_CONNECTION.has(k.toLowerCase())), bodyBase64: sample.body.toString('base64') }];
  const raw = await startRaw(fixtures);
  if (comparable(await get(raw + PATH)) !== comparable(await get(cached.url + PATH))) throw new Error("the raw server's answer differs from the app's");
  log('raw server answers byte-for-byte like the app (headers except Date/Connection/Keep-Alive)');
  log(`${ROUNDS} round(s) × ${DURATION} s per server, ${CONNECTIONS} connections, after a ${WARMUP} s warm-up each`);

  const servers = [
    { key: 'rendering', label: 'app, rendering every request', url: rendering.url + PATH, child: rendering.child },
    { key: 'cached', label: 'app, as deployed (caches on)', url: cached.url + PATH, child: cached.child },
    { key: 'raw', label: 'raw node:http, same bytes', url: raw + PATH, child: undefined },
  ] as const;
  const runs = new Map<string, Run[]>(servers.map((s) => [s.key, []]));
  for (const s of servers) await load(s.url, CONNECTIONS, WARMUP, s.child);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const s of order) runs.get(s.key)!.push(await load(s.url, CONNECTIONS, DURATION, s.child));
    const r = (k: string) => runs.get(k)![round]!;
    log(`round ${round + 1}: rendering ${r('rendering').rps.toFixed(0)} req/s (server p95 ${r('rendering').server!.p95.toFixed(1)} ms), cached ${r('cached').rps.toFixed(0)} req/s, raw ${r('raw').rps.toFixed(0)} req/s`);
  }

  const rawRps = median(runs.get('raw')!.map((x) => x.rps));
  const out: string[] = [''];
  const widths = [32, 9, 8, 8, 10, 10, 10, 10, 12];
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  out.push(`GET ${PATH} — ${COUNT} initiatives, ${sample.body.length} bytes, ${CONNECTIONS} connections`);
  out.push(row(['server', 'req/s', 'p50 ms', 'p99 ms', 'srv p50', 'srv p95', 'srv p99', 'CPU ms/req', 'vs raw req/s']));
  for (const s of servers) {
    const rs = runs.get(s.key)!;
    const srv = (f: keyof ServerStats) => (rs[0]!.server ? median(rs.map((x) => x.server![f])).toFixed(2) : '–');
    const rps = median(rs.map((x) => x.rps));
    const cpu = rs.every((x) => x.cpuMs !== undefined) ? median(rs.map((x) => x.cpuMs!)).toFixed(2) : '–';
    out.push(row([s.label, rps.toFixed(0), median(rs.map((x) => x.p50)).toFixed(0), median(rs.map((x) => x.p99)).toFixed(0), srv('p50'), srv('p95'), srv('p99'), cpu, (rps / rawRps).toFixed(3)]));
  }
  const p95 = median(runs.get('rendering')!.map((x) => x.server!.p95));
  out.push('');
  out.push('req/s and client latency: median over rounds. srv: server time in ms inside the app process (request in → response written).');
  out.push('CPU ms/req: the app process\'s own CPU time per request; the rest of its server time is waiting (for PostgreSQL, or for a core on a busy machine).');
  out.push(`server time p95 when rendering every request: ${p95.toFixed(2)} ms — target ≤ ${TARGET_MS} ms: ${p95 <= TARGET_MS ? 'met' : 'NOT met'}`);
  process.stdout.write(out.join('\n') + '\n');
  if (args.check && p95 > TARGET_MS) process.exitCode = 1;
}

try {
  await main();
} catch (e) {
  process.exitCode = 1;
  log(`failed: ${(e as Error).message}`);
} finally {
  await cleanup();
}
