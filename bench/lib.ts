// What the benchmarks share: their own PostgreSQL, the processes they start (and stop, also on Ctrl-C),
// CPU pinning and CPU time from /proc, capturing the app's answers for the raw server, and load runs.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import autocannon from 'autocannon';
import { startTestCluster, type TestCluster } from '../scripts/test-db.ts';
import { withDatabase } from '../src/db/launcher.ts';
import type { Fixture } from './raw-server.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// ---------- CPU: pinning and time used ----------

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** A process's parent and CPU time (user + system, ms) so far, from /proc; undefined where there is none. */
export function procStat(pid: number | string | undefined): { ppid: number; cpuMs: number } | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): ppid is the 4th, utime and stime the 14th and 15th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

export const cpuMs = (pid: number | undefined) => procStat(pid)?.cpuMs;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * With two or more CPUs, servers under test run on the last CPU and the bench process (autocannon) on the
 * first, so client and server never take turns on one core. Only this process and its own children are pinned.
 */
export function pinning(wanted: boolean) {
  const on = wanted && os.cpus().length >= 2 && hasTaskset();
  const serverCpu = String(os.cpus().length - 1);
  return {
    on,
    serverCpu,
    pin(pid: number | undefined, cpu: string): void {
      if (on && pid) execFileSync('taskset', ['-a', '-p', '-c', cpu, String(pid)], { stdio: 'ignore' });
    },
  };
}

// ---------- what this process started, so it stops exactly that ----------

const children: ChildProcess[] = [];
let cluster: TestCluster | undefined;
let benchDb: { admin: string; name: string } | undefined;

/** A PostgreSQL cluster of the bench's own (or DATABASE_URL's server) and a throwaway database in it. */
export async function benchDatabase(prefix: string): Promise<string> {
  log('PostgreSQL for the bench …');
  cluster = await startTestCluster(root, log);
  const name = `${prefix}_${process.pid}`;
  const c = new pg.Client({ connectionString: cluster.adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`).finally(() => c.end());
  benchDb = { admin: cluster.adminUrl, name };
  return withDatabase(cluster.adminUrl, name);
}

export async function cleanup(): Promise<void> {
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

/** Runs a bench's main, reports a failure, and always stops what it started. */
export async function run(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (e) {
    process.exitCode = 1;
    log(`failed: ${(e as Error).message}`);
  } finally {
    await cleanup();
  }
}

// ---------- servers ----------

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.on('error', reject);
    s.listen({ port: 0, host: '127.0.0.1' }, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Forks a bench helper script (run through tsx) that the bench stops at the end. */
export function forkChild(script: string, execArgv: string[] = [], env?: NodeJS.ProcessEnv): ChildProcess {
  const child = fork(path.join(root, script), [], { cwd: root, execArgv: ['--import', 'tsx', ...execArgv], ...(env ? { env } : {}), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}

/** The app exactly as users start it (`h22 start`, NODE_ENV=production) on 127.0.0.1; resolves when it listens. */
export async function startH22(databaseUrl: string, o: { seedDemo: boolean; execArgv?: string[] }): Promise<{ url: string; pid: number | undefined }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...(o.execArgv ?? []), path.join(root, 'bin/h22.mjs'), 'start'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', BASE_URL: url, SEED_DEMO: String(o.seedDemo), JOBS: 'false', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
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
  return { url, pid: child.pid };
}

/** The baseline: bench/raw-server.ts answering with the captured bytes and headers. */
export async function startRaw(fixtures: Fixture[]): Promise<{ url: string; pid: number | undefined }> {
  const child = forkChild('bench/raw-server.ts');
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the raw server exited with ${code}`)));
    child.send({ fixtures });
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid };
}

// ---------- capturing and comparing answers ----------

export interface Captured {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** Headers node:http adds by itself on every response; they are not copied to the raw server. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export function get(url: string, headers: Record<string, string> = {}): Promise<Captured> {
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

/** What the raw server needs to answer a path like the app did. */
export function fixtureOf(p: string, c: Captured, ifNoneMatch?: string): Fixture {
  return { path: p, ...(ifNoneMatch ? { ifNoneMatch } : {}), status: c.status, headers: c.headers.filter(([k]) => !PER_CONNECTION.has(k.toLowerCase())), bodyBase64: c.body.toString('base64') };
}

export interface Target {
  label: string;
  path: string;
  headers: Record<string, string>;
  status: number;
  /** Rendered on every request: no raw comparison, only throughput and latency. */
  uncached?: boolean;
}

/**
 * Each path's cached answer (the second request: the first may fill the render cache) and, when it has an
 * ETag, its 304: the fixtures for the raw server and the load targets.
 */
export async function captureCases(app: string, paths: string[], headers: Record<string, string> = {}, note = ''): Promise<{ fixtures: Fixture[]; targets: Target[] }> {
  const fixtures: Fixture[] = [];
  const targets: Target[] = [];
  for (const p of paths) {
    await get(app + p, headers);
    const full = await get(app + p, headers);
    if (full.status !== 200) throw new Error(`${p} answered ${full.status}`);
    fixtures.push(fixtureOf(p, full));
    targets.push({ label: `GET ${p} → 200 (${full.body.length} bytes${note ? `, ${note}` : ''})`, path: p, headers, status: 200 });
    const etag = full.headers.find(([k]) => k.toLowerCase() === 'etag')?.[1];
    if (!etag) {
      log(`${p} has no ETag: no 304 case`);
      continue;
    }
    const notModified = await get(app + p, { ...headers, 'if-none-match': etag });
    if (notModified.status !== 304) throw new Error(`${p} with If-None-Match answered ${notModified.status}, not 304`);
    fixtures.push(fixtureOf(p, notModified, etag));
    targets.push({ label: `GET ${p} If-None-Match → 304${note ? ` (${note})` : ''}`, path: p, headers: { ...headers, 'if-none-match': etag }, status: 304 });
  }
  return { fixtures, targets };
}

/** The baseline must really be the same response, or the ratio compares different work. */
export async function assertSameAnswers(app: string, raw: string, targets: Target[]): Promise<void> {
  for (const t of targets) {
    const [a, b] = [await get(app + t.path, t.headers), await get(raw + t.path, t.headers)];
    if (comparable(a) !== comparable(b)) throw new Error(`the raw server's answer to ${t.label} differs from the app's`);
  }
}

// ---------- load ----------

export interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time per request in µs (user + system), when /proc is available. */
  cpuUs: number | undefined;
}

/** One autocannon run; any error, timeout or unexpected status fails the bench. */
export async function load(url: string, o: { connections: number; duration: number; headers?: Record<string, string>; status?: number; pid?: number | undefined; label?: string }): Promise<Run> {
  const status = o.status ?? 200;
  const cpu0 = cpuMs(o.pid);
  const r = await autocannon({ url, connections: o.connections, duration: o.duration, ...(o.headers ? { headers: o.headers } : {}) });
  const cpu1 = cpuMs(o.pid);
  const total = Object.values(r.statusCodeStats).reduce((n, s) => n + s.count, 0);
  const expected = r.statusCodeStats[String(status)]?.count ?? 0;
  if (r.errors > 0 || r.timeouts > 0 || expected !== total || total === 0) {
    throw new Error(`${o.label ?? url} on ${url}: ${r.errors} errors, ${r.timeouts} timeouts, statuses ${JSON.stringify(r.statusCodeStats)} (expected only ${status})`);
  }
  const cpuUs = cpu0 !== undefined && cpu1 !== undefined ? ((cpu1 - cpu0) * 1000) / total : undefined;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuUs };
}
