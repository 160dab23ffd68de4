// The registration rush: two app processes on one PostgreSQL, 2,000 concurrent sign-ups (groups of
// 1–4) for a 100-seat occurrence with a waiting list, split across both; then 20 concurrent
// cancellations. Checks that the capacity is exactly filled by the rule, the rest wait in arrival
// order, nothing is lost or doubled, and each promotion goes to the right person once. Prints
// confirmed seats, waiting, errors and sign-ups per second.
//
//   node --import tsx bench/registration-rush.ts [--signups 2000] [--capacity 100] [--concurrency 256] [--inline-mail] [--rounds 1] [--profile DIR]
//
// The functions are shared with src/modules/registrations/registrations.rush.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------- app processes ----------

export interface AppProcess {
  baseUrl: string;
  pid: number;
  child: ChildProcess;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-work, as in a crash. */
  kill(): Promise<void>;
  stderr(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts bench/registration-app.ts on the database; resolves when it listens. */
export async function startAppProcess(databaseUrl: string, env: Record<string, string> = {}, execArgv: string[] = []): Promise<AppProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...execArgv, '--import', 'tsx', path.join(root, 'bench/registration-app.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      BASE_URL: baseUrl,
      JOBS: 'false',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      // The rush is scripted on purpose: this process's own limits are lifted.
      REGISTRATION_LIMIT_PER_IP: '0',
      REGISTRATION_LIMIT_PER_EMAIL: '0',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"listening"')) resolve();
    });
    child.once('exit', (code, sig) => reject(new Error(`app process exited (${code ?? sig}) before listening:\n${err.slice(-3000)}`)));
  });
  return {
    baseUrl,
    pid: child.pid!,
    child,
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

// ---------- requests ----------

export interface Res {
  status: number;
  body: string;
}

const agents = new Map<string, http.Agent>();
function agentFor(baseUrl: string, max: number): http.Agent {
  const key = `${baseUrl} ${max}`;
  let a = agents.get(key);
  if (!a) agents.set(key, (a = new http.Agent({ keepAlive: true, maxSockets: max })));
  return a;
}
export function closeAgents(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}

export function request(baseUrl: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}, maxSockets = 128): Promise<Res> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      `${baseUrl}${p}`,
      {
        method,
        agent: agentFor(baseUrl, maxSockets),
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...headers },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A small seeded PRNG, so a rush is repeatable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SignUpRequest {
  i: number;
  name: string;
  email: string;
  seats: number;
  key: string;
}

export function makeRequests(count: number, seed = 22, tag = 'rush'): SignUpRequest[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, (_, i) => ({ i, name: `Rusa ${i}`, email: `${tag}${i}@example.test`, seats: 1 + Math.floor(rnd() * 4), key: `${tag}-${seed}-${i}` }));
}

export interface Attempt {
  req: SignUpRequest;
  /** Index of the process that answered (or failed). */
  target: number;
  status?: number;
  json?: { id: number; status: string; position?: number; manageUrl: string; reason?: string };
  error?: string;
  tries: number;
}

/**
 * Fires the sign-ups with `concurrency` in flight, request i to process i mod n. With `retry`, a
 * request that got no answer (its process died) is sent again with the same Idempotency-Key to
 * another live process, as a careful client would.
 */
export async function fire(
  targets: { baseUrl: string; alive: () => boolean }[],
  occurrenceId: number,
  reqs: SignUpRequest[],
  opts: { concurrency?: number; retry?: boolean; onAck?: (acked: number) => void } = {},
): Promise<{ attempts: Attempt[]; seconds: number }> {
  const concurrency = opts.concurrency ?? 256;
  const attempts: Attempt[] = new Array(reqs.length);
  let next = 0;
  let acked = 0;
  const started = performance.now();
  const one = async (r: SignUpRequest): Promise<Attempt> => {
    let target = r.i % targets.length;
    const a: Attempt = { req: r, target, tries: 0 };
    for (;;) {
      a.tries++;
      a.target = target;
      try {
        const res = await request(targets[target]!.baseUrl, 'POST', `/api/v1/occurrences/${occurrenceId}/registrations`, { name: r.name, email: r.email, seats: r.seats }, { 'idempotency-key': r.key }, Math.ceil(concurrency / targets.length));
        a.status = res.status;
        delete a.error;
        try {
          a.json = JSON.parse(res.body);
        } catch {
          a.error = `not JSON: ${res.body.slice(0, 200)}`;
        }
        return a;
      } catch (e) {
        a.error = (e as Error).message;
        const live = targets.map((t, i) => (t.alive() ? i : -1)).filter((i) => i >= 0 && i !== target);
        if (!opts.retry || live.length === 0 || a.tries > 5) return a;
        target = live[a.tries % live.length]!;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, reqs.length) }, async () => {
      while (next < reqs.length) {
        const r = reqs[next++]!;
        const a = await one(r);
        attempts[r.i] = a;
        if (a.status === 201 || a.status === 200) opts.onAck?.(++acked);
      }
    }),
  );
  return { attempts, seconds: (performance.now() - started) / 1000 };
}

// ---------- checks ----------

export interface Row {
  id: number;
  arrival: number;
  status: string;
  seats: number;
  email: string;
  cancel_reason: string | null;
}

export async function rowsOf(pool: pg.Pool, occurrenceId: number): Promise<Row[]> {
  return (await pool.query<Row>('SELECT id::int, arrival, status, seats, email, cancel_reason FROM registrations WHERE occurrence_id = $1 ORDER BY arrival', [occurrenceId])).rows;
}

export interface RushReport {
  requests: number;
  acknowledged: number;
  errors: number;
  lost: number;
  rows: number;
  confirmedSeats: number;
  confirmedPeople: number;
  waiting: number;
  seconds: number;
  perSecond: number;
  problems: string[];
}

/**
 * The rule, precisely: in arrival order (the order the occurrence's lock was taken, stored as
 * `arrival` 1, 2, 3 …), a group is confirmed when it fits in the seats still free, otherwise it
 * waits. The stored statuses must be exactly that replay; confirmed seats never exceed the capacity.
 */
export async function checkRush(pool: pg.Pool, occurrenceId: number, capacity: number, attempts: Attempt[], seconds: number): Promise<RushReport> {
  const problems: string[] = [];
  const rows = await rowsOf(pool, occurrenceId);
  const acked = attempts.filter((a) => a.status === 201 || a.status === 200);
  const errors = attempts.filter((a) => !(a.status === 201 || a.status === 200));
  for (const e of errors.slice(0, 5)) problems.push(`request ${e.req.i}: ${e.status ?? ''} ${e.error ?? JSON.stringify(e.json)}`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  let lost = 0;
  for (const a of acked) {
    const row = byId.get(a.json!.id);
    if (!row || row.email !== a.req.email || row.seats !== a.req.seats) lost++;
    else if (row.status !== a.json!.status) problems.push(`registration ${row.id}: answered ${a.json!.status}, stored ${row.status}`);
  }
  if (lost) problems.push(`${lost} acknowledged registrations are missing or different`);
  const emails = new Set(rows.map((r) => r.email));
  if (emails.size !== rows.length) problems.push(`${rows.length - emails.size} duplicate registrations`);
  if (new Set(acked.map((a) => a.json!.id)).size !== acked.length) problems.push('two requests were answered with the same registration');
  rows.forEach((r, i) => {
    if (r.arrival !== i + 1) problems.push(`arrival numbers skip at ${i + 1} (found ${r.arrival})`);
  });
  let free = capacity;
  for (const r of rows) {
    const expected = r.seats <= free ? 'confirmed' : 'waitlisted';
    if (expected === 'confirmed') free -= r.seats;
    if (r.status !== expected) {
      problems.push(`arrival ${r.arrival} (${r.seats} seats): ${r.status}, the rule says ${expected}`);
      break;
    }
  }
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const confirmedSeats = confirmed.reduce((n, r) => n + r.seats, 0);
  if (confirmedSeats > capacity) problems.push(`OVERBOOKED: ${confirmedSeats} seats confirmed of ${capacity}`);
  // The waiting list in arrival order: the positions answered are 1, 2, 3 … without gaps or repeats.
  const arrivalOf = new Map(rows.map((r) => [r.id, r.arrival]));
  const positions = acked.filter((a) => a.json!.status === 'waitlisted').sort((x, y) => arrivalOf.get(x.json!.id)! - arrivalOf.get(y.json!.id)!).map((a) => a.json!.position);
  positions.forEach((p, i) => {
    if (p !== i + 1 && problems.length < 20) problems.push(`waiting position ${i + 1} was answered as ${p}`);
  });
  return {
    requests: attempts.length,
    acknowledged: acked.length,
    errors: errors.length,
    lost,
    rows: rows.length,
    confirmedSeats,
    confirmedPeople: confirmed.length,
    waiting: rows.filter((r) => r.status === 'waitlisted').length,
    seconds,
    perSecond: attempts.length / seconds,
    problems,
  };
}

/**
 * Cancels the given registrations concurrently through their manage URLs, split across the
 * processes, then replays the promotions in commit order (the audit log's order) with the rule —
 * freed seats go to the first people in line whose group fits — and compares with what was stored.
 */
export async function cancelAndCheck(
  pool: pg.Pool,
  targets: string[],
  occurrenceId: number,
  capacity: number,
  toCancel: { id: number; manageUrl: string }[],
): Promise<{ cancelled: number; offered: number; problems: string[] }> {
  const problems: string[] = [];
  const before = await rowsOf(pool, occurrenceId);
  const results = await Promise.all(toCancel.map((c, i) => request(targets[i % targets.length]!, 'DELETE', new URL(c.manageUrl).pathname)));
  results.forEach((r, i) => {
    if (r.status !== 200) problems.push(`cancel ${toCancel[i]!.id}: ${r.status} ${r.body.slice(0, 200)}`);
  });
  const audit = (
    await pool.query<{ entity_id: string; after: { offered: number[] } }>(
      `SELECT entity_id, after FROM audit_log WHERE action = 'registration.cancel.visitor' AND entity_id = ANY($1::text[]) ORDER BY id`,
      [toCancel.map((c) => String(c.id))],
    )
  ).rows;
  if (audit.length !== toCancel.length) problems.push(`${audit.length} cancellations recorded, ${toCancel.length} expected`);
  const state = new Map(before.map((r) => [r.id, { ...r }]));
  const everOffered = new Set<number>();
  for (const a of audit) {
    state.get(Number(a.entity_id))!.status = 'cancelled';
    const held = [...state.values()].filter((r) => ['confirmed', 'checked_in', 'offered'].includes(r.status)).reduce((n, r) => n + r.seats, 0);
    let free = capacity - held;
    const expected: number[] = [];
    for (const r of [...state.values()].filter((x) => x.status === 'waitlisted').sort((x, y) => x.arrival - y.arrival)) {
      if (free <= 0) break;
      if (r.seats <= free) {
        expected.push(r.id);
        free -= r.seats;
      }
    }
    if (JSON.stringify(expected) !== JSON.stringify(a.after.offered)) problems.push(`cancelling ${a.entity_id} offered ${JSON.stringify(a.after.offered)}, the rule says ${JSON.stringify(expected)}`);
    for (const id of a.after.offered) {
      if (everOffered.has(id)) problems.push(`registration ${id} was offered twice`);
      everOffered.add(id);
      const s = state.get(id);
      if (s) s.status = 'offered';
    }
  }
  const after = await rowsOf(pool, occurrenceId);
  for (const r of after) {
    const expected = state.get(r.id)?.status;
    if (expected !== r.status) problems.push(`registration ${r.id}: stored ${r.status}, the replay says ${expected}`);
  }
  const held = after.filter((r) => ['confirmed', 'checked_in', 'offered'].includes(r.status)).reduce((n, r) => n + r.seats, 0);
  if (held > capacity) problems.push(`OVERBOOKED after cancellations: ${held} of ${capacity}`);
  return { cancelled: audit.length, offered: everOffered.size, problems };
}

// ---------- CPU accounting (Linux /proc), so results on a busy machine can be read honestly ----------

import fs from 'node:fs';

/** utime + stime of a process in ms (clock ticks of 10 ms), or 0 when it is gone. */
function procCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

function childPids(ppid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

export interface CpuSnapshot {
  apps: number;
  postgres: number;
  client: number;
}

/** CPU used so far by the app processes, the PostgreSQL server (postmaster and backends) and this process. */
export function cpuSnapshot(appPids: number[], postmasterPid: number | undefined): CpuSnapshot {
  const u = process.cpuUsage();
  const pgPids = postmasterPid ? [postmasterPid, ...childPids(postmasterPid)] : [];
  return {
    apps: appPids.reduce((n, p) => n + procCpuMs(p), 0),
    postgres: pgPids.reduce((n, p) => n + procCpuMs(p), 0),
    client: (u.user + u.system) / 1000,
  };
}

export async function postmasterPid(pool: pg.Pool): Promise<number | undefined> {
  const backend = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
  if (!backend) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${backend}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Waits until every status change has been mailed (the pg-boss workers have caught up). */
async function mailDrained(pool: pg.Pool, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const n = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM registrations WHERE notified_status IS DISTINCT FROM status AND status <> 'checked_in' AND erased_at IS NULL`)).rows[0]!.n;
    if (n === 0 || Date.now() > until) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---------- the bench ----------

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      signups: { type: 'string', default: '2000' },
      capacity: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '256' },
      rounds: { type: 'string', default: '1' },
      'inline-mail': { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  });
  const log = (m: string) => process.stderr.write(`[rush] ${m}\n`);
  const { startTestCluster, prepareTemplate, TEMPLATE_DB } = await import('../scripts/test-db.ts');
  const { withDatabase } = await import('../src/db/launcher.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { createRuntime } = await import('../src/app.ts');
  const { makeRegistrable } = await import('../test/registration-fixtures.ts');
  const cluster = await startTestCluster(root, log);
  const apps: AppProcess[] = [];
  const dbName = `h22_rush_${process.pid}`;
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  let pool: pg.Pool | undefined;
  const cleanup = async () => {
    closeAgents();
    for (const a of apps) await a.stop().catch(() => {});
    await pool?.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(dbName)} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
    await cluster.server?.stop();
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    await prepareTemplate(cluster.adminUrl, log);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(dbName)} TEMPLATE ${admin.escapeIdentifier(TEMPLATE_DB)}`);
    const url = withDatabase(cluster.adminUrl, dbName);
    pool = new pg.Pool({ connectionString: url, max: 4 });
    // As in production, mail goes out through pg-boss workers unless --inline-mail (the tests' mode).
    const env: Record<string, string> = { JOBS: args['inline-mail'] ? 'false' : 'true' };
    log(`starting two app processes (mail ${args['inline-mail'] ? 'inline' : 'through pg-boss workers'}) …`);
    // --profile DIR: V8 CPU profiles of both app processes, written when they stop.
    const execArgv = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [];
    apps.push(await startAppProcess(url, env, execArgv), await startAppProcess(url, env, execArgv));
    const runtime = await createRuntime(loadConfig({ BASE_URL: 'http://127.0.0.1', JOBS: 'false' }), { log: () => {}, databaseUrl: url, jobs: false, runMigrations: false, poolSize: 2 });
    const capacity = Number(args.capacity);
    const signups = Number(args.signups);
    const rows: string[] = [];
    for (let round = 1; round <= Number(args.rounds); round++) {
      const ev = await makeRegistrable(runtime.ctx, { capacity, waitlist: 100_000, maxGroup: 4, titleSv: `Rusning ${round}` });
      const occ = ev.occurrenceIds[0]!;
      // Warm both processes (JIT, pools) on another occurrence, so the measurement is the rush.
      const warm = await makeRegistrable(runtime.ctx, { capacity: 1000, waitlist: 10_000, maxGroup: 4 });
      await fire(apps.map((a) => ({ baseUrl: a.baseUrl, alive: () => true })), warm.occurrenceIds[0]!, makeRequests(800, 7, `warm${round}-`), { concurrency: Number(args.concurrency) });
      // Mail of earlier sign-ups (the warm-up, the last round) is sent before the measurement starts;
      // this rush's own mail goes out through the workers while it runs, as in production.
      await mailDrained(pool, 180_000);
      const reqs = makeRequests(signups, 22 + round, `r${round}-`);
      const pmPid = await postmasterPid(pool);
      const cpu0 = cpuSnapshot(apps.map((a) => a.pid), pmPid);
      const load0 = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      const { attempts, seconds } = await fire(apps.map((a) => ({ baseUrl: a.baseUrl, alive: () => true })), occ, reqs, { concurrency: Number(args.concurrency) });
      const cpu1 = cpuSnapshot(apps.map((a) => a.pid), pmPid);
      const used = { apps: cpu1.apps - cpu0.apps, postgres: cpu1.postgres - cpu0.postgres, client: cpu1.client - cpu0.client };
      const cpuPer = (used.apps + used.postgres + used.client) / signups;
      const report = await checkRush(pool, occ, capacity, attempts, seconds);
      const confirmed = attempts.filter((a) => a.json?.status === 'confirmed').slice(0, 20).map((a) => ({ id: a.json!.id, manageUrl: a.json!.manageUrl }));
      const cancel = await cancelAndCheck(pool, apps.map((a) => a.baseUrl), occ, capacity, confirmed);
      const problems = [...report.problems, ...cancel.problems];
      rows.push(
        `round ${round}: ${signups} sign-ups in ${seconds.toFixed(2)} s = ${report.perSecond.toFixed(0)} sign-ups/s | confirmed seats ${report.confirmedSeats}/${capacity} (${report.confirmedPeople} groups) | waiting ${report.waiting} | errors ${report.errors} | lost ${report.lost} | ` +
          `20 cancellations → ${cancel.offered} offers | ${problems.length ? `PROBLEMS:\n  ${problems.slice(0, 10).join('\n  ')}` : 'all checks passed'}\n` +
          `  load average before ${load0}; CPU per sign-up ${cpuPer.toFixed(2)} ms (apps ${(used.apps / signups).toFixed(2)}, PostgreSQL ${(used.postgres / signups).toFixed(2)}, load generator ${(used.client / signups).toFixed(2)}) ` +
          `→ two idle cores could serve about ${Math.round(2000 / cpuPer)} sign-ups/s`,
      );
      log(rows[rows.length - 1]!);
      if (problems.length) process.exitCode = 1;
    }
    await runtime.close();
    process.stdout.write(`\nRegistration rush, two app processes, ${signups} concurrent sign-ups (groups of 1–4, ${args.concurrency} in flight) at ${capacity} seats, mail ${args['inline-mail'] ? 'inline' : 'via pg-boss'}:\n${rows.join('\n')}\n`);
  } finally {
    await cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
