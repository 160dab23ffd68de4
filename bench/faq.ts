// Benchmark: the app's cached public responses against a bare node:http server that sends the same
// bytes and headers. Both run as child processes on 127.0.0.1; autocannon loads them in turn from
// this process, alternating the order each round. Prints req/s, p50/p99 latency and the ratio app/raw.
//
//   node --import tsx bench/faq.ts [--duration 4] [--warmup 3] [--connections 32] [--rounds 6] [--check] [--profile DIR]
//
// Many short alternating rounds rather than a few long ones: on a shared machine, load comes in bursts,
// and a pair of back-to-back runs sees nearly the same conditions. Ratios are medians of per-round pairs.
//
// The app is started exactly as `h22 start` starts it (bin/h22.mjs, logger on, demo content seeded)
// on a throwaway database in a PostgreSQL cluster of its own (embedded unless DATABASE_URL is set).
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import autocannon from 'autocannon';
import { startTestCluster, type TestCluster } from '../scripts/test-db.ts';
import { withDatabase } from '../src/db/launcher.ts';
import type { Fixture } from './raw-server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '6' },
    check: { type: 'boolean', default: false },
    target: { type: 'string', default: '0.9' },
    profile: { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const ROUNDS = Number(args.rounds);
const TARGET = Number(args.target);
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/**
 * With two or more CPUs, the server under test runs on the last CPU and this process (autocannon) on the
 * first, so client and server never take turns on one core and both servers are placed alike.
 * Only this process and its own children are pinned (taskset, Linux).
 */
const PIN = !args['no-pin'] && os.cpus().length >= 2 && hasTaskset();
const SERVER_CPU = String(os.cpus().length - 1);
function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
function pin(pid: number | undefined, cpu: string): void {
  if (PIN && pid) execFileSync('taskset', ['-a', '-p', '-c', cpu, String(pid)], { stdio: 'ignore' });
}

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

// ---------- servers ----------

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

/** CPU time (user + system, ms) a process has used so far, from /proc; undefined where there is no /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime and stime are the 14th and 15th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100; // USER_HZ on Linux

const pids = { app: undefined as number | undefined, raw: undefined as number | undefined };

async function startApp(databaseUrl: string): Promise<string> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // --profile DIR: a V8 CPU profile of the app, written to DIR when it stops (open it in Chrome DevTools).
  const prof = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [];
  const child = spawn(process.execPath, [...prof, path.join(root, 'bin/h22.mjs'), 'start'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', BASE_URL: baseUrl, SEED_DEMO: 'true', JOBS: 'false', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  pids.app = child.pid;
  // stdout carries the generated admin password on first start: read it for the "running" line, never print it.
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('H22 is running at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the app exited with ${code} before listening:\n${err.slice(-2000)}`)));
  });
  return baseUrl;
}

async function startRaw(fixtures: Fixture[]): Promise<string> {
  const child = fork(path.join(root, 'bench/raw-server.ts'), [], { cwd: root, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  pids.raw = child.pid;
  pin(child.pid, SERVER_CPU);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the raw server exited with ${code}`)));
    child.send({ fixtures });
  });
  return `http://127.0.0.1:${port}`;
}

// ---------- capturing and comparing responses ----------

interface Captured {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** Headers node:http adds by itself on every response; they are not copied to the raw server. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function get(url: string, headers: Record<string, string> = {}): Promise<Captured> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
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

interface Target {
  label: string;
  path: string;
  headers: Record<string, string>;
  status: number;
}

// ---------- load ----------

interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time per request in µs (user + system), when /proc is available. */
  cpuUs: number | undefined;
}

async function load(who: 'app' | 'raw', baseUrl: string, t: Target, duration: number): Promise<Run> {
  const cpu0 = cpuMs(pids[who]);
  const r = await autocannon({ url: baseUrl + t.path, connections: CONNECTIONS, duration, headers: t.headers });
  const cpu1 = cpuMs(pids[who]);
  const total = Object.values(r.statusCodeStats).reduce((n, s) => n + s.count, 0);
  const expected = r.statusCodeStats[String(t.status)]?.count ?? 0;
  if (r.errors > 0 || r.timeouts > 0 || expected !== total || total === 0) {
    throw new Error(`${t.label} on ${baseUrl}: ${r.errors} errors, ${r.timeouts} timeouts, statuses ${JSON.stringify(r.statusCodeStats)} (expected only ${t.status})`);
  }
  const cpuUs = cpu0 !== undefined && cpu1 !== undefined ? ((cpu1 - cpu0) * 1000) / total : undefined;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuUs };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  log(`PostgreSQL for the bench …`);
  cluster = await startTestCluster(root, log);
  const name = `h22_bench_${process.pid}`;
  const c = new pg.Client({ connectionString: cluster.adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`).finally(() => c.end());
  benchDb = { admin: cluster.adminUrl, name };

  log('starting the app (h22 start: migrations, demo content) …');
  const app = await startApp(withDatabase(cluster.adminUrl, name));

  // The JSON API when it exists; otherwise the English FAQ page stands in for a second document.
  const api = await get(`${app}/api/v1/faq`);
  const paths = ['/faq', api.status === 200 ? '/api/v1/faq' : '/en/faq'];
  if (api.status !== 200) log(`/api/v1/faq answered ${api.status}: benchmarking /en/faq instead`);

  const fixtures: Fixture[] = [];
  const targets: Target[] = [];
  for (const p of paths) {
    // The second request is the one measured: the first may fill the render cache.
    await get(app + p);
    const full = await get(app + p);
    if (full.status !== 200) throw new Error(`${p} answered ${full.status}`);
    const etag = full.headers.find(([k]) => k.toLowerCase() === 'etag')?.[1];
    fixtures.push({ path: p, status: 200, headers: full.headers.filter(([k]) => !PER_CONNECTION.has(k.toLowerCase())), bodyBase64: full.body.toString('base64') });
    targets.push({ label: `GET ${p} → 200 (${full.body.length} bytes)`, path: p, headers: {}, status: 200 });
    if (etag) {
      const notModified = await get(app + p, { 'if-none-match': etag });
      if (notModified.status !== 304) throw new Error(`${p} with If-None-Match answered ${notModified.status}, not 304`);
      fixtures.push({ path: p, ifNoneMatch: etag, status: 304, headers: notModified.headers.filter(([k]) => !PER_CONNECTION.has(k.toLowerCase())), bodyBase64: '' });
      targets.push({ label: `GET ${p} If-None-Match → 304`, path: p, headers: { 'if-none-match': etag }, status: 304 });
    } else {
      log(`${p} has no ETag: no 304 case`);
    }
  }
  const raw = await startRaw(fixtures);

  // The baseline must really be the same response, or the ratio compares different work.
  for (const t of targets) {
    const [a, b] = [await get(app + t.path, t.headers), await get(raw + t.path, t.headers)];
    if (comparable(a) !== comparable(b)) throw new Error(`the raw server's answer to ${t.label} differs from the app's`);
  }
  log(`raw server answers byte-for-byte like the app (${targets.length} cases, headers except Date/Connection/Keep-Alive)`);
  // Pinned only now: the app's threads (libuv, V8) all exist once it listens, and startup used both CPUs.
  pin(pids.app, SERVER_CPU);
  pin(process.pid, '0');
  log(`${ROUNDS} round(s) × ${DURATION} s per server and case, ${CONNECTIONS} connections, after a ${WARMUP} s warm-up each${PIN ? `; servers on CPU ${SERVER_CPU}, autocannon on CPU 0` : ''}`);
  const loadBefore = os.loadavg()[0]!;

  const results = new Map<string, { app: Run[]; raw: Run[] }>();
  for (const t of targets) {
    await load('app', app, t, WARMUP);
    await load('raw', raw, t, WARMUP);
    const rs = { app: [] as Run[], raw: [] as Run[] };
    results.set(t.label, rs);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first, so drift on a shared machine hurts both alike.
      const order = round % 2 === 0 ? (['app', 'raw'] as const) : (['raw', 'app'] as const);
      for (const who of order) rs[who].push(await load(who, who === 'app' ? app : raw, t, DURATION));
      const a = rs.app[rs.app.length - 1]!;
      const r = rs.raw[rs.raw.length - 1]!;
      const cpu = a.cpuUs && r.cpuUs ? `; CPU/request app ${a.cpuUs.toFixed(0)} µs, raw ${r.cpuUs.toFixed(0)} µs` : '';
      log(`${t.label} round ${round + 1}: app ${a.rps.toFixed(0)} req/s, raw ${r.rps.toFixed(0)} req/s, ratio ${(a.rps / r.rps).toFixed(3)}${cpu}`);
    }
  }

  const out: string[] = [];
  const widths = [38, 10, 5, 5, 7, 10, 5, 5, 7, 44, 11];
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  out.push('');
  out.push(row(['case', 'app req/s', 'p50', 'p99', 'µs/req', 'raw req/s', 'p50', 'p99', 'µs/req', 'app/raw req/s (rounds)', 'app/raw CPU']));
  let worst = Infinity;
  for (const t of targets) {
    const rs = results.get(t.label)!;
    const ratios = rs.app.map((a, i) => a.rps / rs.raw[i]!.rps);
    const ratio = median(ratios);
    worst = Math.min(worst, ratio);
    const cpu = (xs: Run[]) => (xs.every((x) => x.cpuUs !== undefined) ? median(xs.map((x) => x.cpuUs!)) : undefined);
    const side = (xs: Run[]) => {
      const c = cpu(xs);
      return [median(xs.map((x) => x.rps)).toFixed(0), median(xs.map((x) => x.p50)).toFixed(0), median(xs.map((x) => x.p99)).toFixed(0), c === undefined ? '–' : c.toFixed(0)];
    };
    const cpuRatios = rs.app.map((a, i) => (a.cpuUs && rs.raw[i]!.cpuUs ? rs.raw[i]!.cpuUs! / a.cpuUs : undefined));
    const cpuRatio = cpuRatios.every((x) => x !== undefined) ? median(cpuRatios as number[]).toFixed(3) : '–';
    out.push(row([t.label, ...side(rs.app), ...side(rs.raw), `${ratio.toFixed(3)} (${ratios.map((r) => r.toFixed(2)).join(' ')})`, cpuRatio]));
  }
  out.push('');
  out.push('req/s, p50/p99 (ms), µs/req (server CPU time, user+system, per request): medians over rounds.');
  out.push('app/raw req/s: the figure the target is about (median of the rounds, each round in parentheses);');
  out.push('app/raw CPU: raw µs/req ÷ app µs/req, median of the rounds (steadier when other programs share the CPU).');
  out.push(`${os.cpus().length} CPUs; load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end (above the CPU count, other programs competed).`);
  out.push(`lowest throughput ratio ${worst.toFixed(3)} — target ≥ ${TARGET}: ${worst >= TARGET ? 'met' : 'NOT met'}`);
  process.stdout.write(out.join('\n') + '\n');
  if (args.check && worst < TARGET) process.exitCode = 1;
}

try {
  await main();
} catch (e) {
  process.exitCode = 1;
  log(`failed: ${(e as Error).message}`);
} finally {
  await cleanup();
}
