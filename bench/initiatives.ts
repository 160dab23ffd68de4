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
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/app.ts';
import { seedInitiatives } from '../src/modules/initiatives/initiatives.seed.ts';
import { assertSameAnswers, benchDatabase, fixtureOf, forkChild, freePort, get, load as loadRun, log, median, run, startRaw } from './lib.ts';

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
  // --profile DIR: a V8 CPU profile of the rendering app, written when it stops (open it in Chrome DevTools).
  const child = forkChild('bench/initiatives-app.ts', args.profile && !renderCache ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [], {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    BASE_URL: url,
    JOBS: 'false',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    RENDER_CACHE: renderCache ? 'on' : 'off',
  });
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

interface Run {
  rps: number;
  p50: number;
  p99: number;
  server?: ServerStats;
  /** CPU time (user + system) of the server process per request, in ms, from /proc. */
  cpuMs?: number;
}

async function load(url: string, connections: number, duration: number, child?: ChildProcess): Promise<Run> {
  if (child) await ask(child, 'reset');
  const r = await loadRun(url, { connections, duration, pid: child?.pid });
  const server = child ? await ask(child, 'stats') : undefined;
  return { rps: r.rps, p50: r.p50, p99: r.p99, ...(server ? { server } : {}), ...(r.cpuUs !== undefined ? { cpuMs: r.cpuUs / 1000 } : {}) };
}

async function main(): Promise<void> {
  const dbUrl = await benchDatabase('h22_bench_initiatives');

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
  const raw = (await startRaw([fixtureOf(PATH, sample)])).url;
  await assertSameAnswers(cached.url, raw, [{ label: PATH, path: PATH, headers: {}, status: 200 }]);
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

await run(main);
