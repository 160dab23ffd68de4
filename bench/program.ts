// Benchmark: the City Expo programme with 10,000 programme items.
//
//   node --import tsx bench/program.ts [--events 10000] [--duration 5] [--warmup 3] [--connections 64] [--rounds 6] [--check] [--publish-only] [--gzip] [--no-pin]
//                                      [--cases REGEX] [--profile DIR]
//
// 1. A PostgreSQL cluster of its own (embedded, or a throwaway database with DATABASE_URL), the demo
//    content, then invented items up to --events; publishing that release is timed (target < 2 s), and
//    so is a small follow-up release, with the cache tags it invalidates. Next to wall time: the CPU time
//    of the publisher (Node) and of PostgreSQL's client backends (from /proc, embedded cluster only).
// 2. The app starts exactly as `h22 start` does (bin/h22.mjs, NODE_ENV=production) on 127.0.0.1.
// 3. `/program?date=…` (HTML) and `/api/v1/events?date=…` (JSON) are loaded with autocannon against the
//    app and against a bare node:http server (bench/raw-server.ts) that sends the same bytes: cached
//    (anonymous, 200 and 304) and uncached (signed in / with an API token, rendered on every request).
//    Reported per round: req/s and the app/raw ratio; medians of p50/p99 latency, server CPU per request
//    (from /proc) and app/raw CPU (targets: ≥ 0.9 cached, p99 ≤ 25 ms). The servers run on the last CPU
//    and autocannon on the first (taskset), as in bench/faq.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createRuntime, seedAll } from '../src/app.ts';
import { createApiToken, createUser } from '../src/modules/accounts/index.ts';
import { createSession, SESSION_COOKIE } from '../src/platform/auth/sessions.ts';
import { createRenderCache } from '../src/platform/cache.ts';
import type { AppContext } from '../src/platform/context.ts';
import { publishRelease } from '../src/modules/expo/expo.commands.ts';
import { bulkInsertEvents, seedPlaces } from '../src/modules/expo/expo.seed.ts';
import { EDITION, SEED_ORGANISATIONS, SEED_VENUES, generateDemoEvents, openingHoursFor } from '../src/modules/expo/expo.seed-data.ts';
import { assertSameAnswers, benchDatabase, captureCases, get, load as loadRun, log, median, pinning, procStat, root, run, startH22, startRaw, type Run, type Target } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    // Many short rounds rather than a few long ones: alternating servers often makes a passing disturbance
    // on a shared machine touch one round of many, and the median sets it aside.
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '6' },
    date: { type: 'string', default: '2022-06-04' },
    check: { type: 'boolean', default: false },
    'publish-only': { type: 'boolean', default: false },
    // Ask for gzip as browsers do (the app gzips cached pages once; raw sends the same gzipped bytes).
    gzip: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    // Only the cases whose label matches (e.g. "304"); all by default.
    cases: { type: 'string' },
    // A V8 CPU profile of the app, written to DIR when it stops (open it in Chrome DevTools).
    profile: { type: 'string' },
  },
});
const EVENTS = Number(args.events);
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const ROUNDS = Number(args.rounds);
const DATE = args.date;
const { on: PIN, serverCpu: SERVER_CPU, pin } = pinning(!args['no-pin']);

/** CPU time (ms) of the bench cluster's client backends (not its background writers), or undefined. */
function postgresCpuMs(): number | undefined {
  const pidFile = path.join(root, '.test-data', `run-${process.pid}`, 'pg', 'postmaster.pid');
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return undefined; // DATABASE_URL: another server's processes are not ours to read
  }
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = procStat(d);
    try {
      // A client backend's title names its client ("postgres: user db 127.0.0.1(port) …").
      if (stat?.ppid === postmaster && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('127.0.0.1(')) total += stat.cpuMs;
    } catch {
      /* ended meanwhile */
    }
  }
  return total;
}

// ---------- data: 10,000 items and the timed release ----------

interface Timed {
  wallMs: number;
  cpuMs: number;
  /** PostgreSQL's client backends (the publisher's connection, mostly); undefined without /proc or with DATABASE_URL. */
  pgCpuMs: number | undefined;
}

interface PublishTiming {
  items: number;
  occurrences: number;
  big: Timed;
  small: Timed;
  smallChanges: number;
  smallTags: string[];
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, Timed]> {
  const pg0 = postgresCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = postgresCpuMs();
  return [r, { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, pgCpuMs: pg0 !== undefined && pg1 !== undefined ? pg1 - pg0 : undefined }];
}

async function loadProgramme(databaseUrl: string): Promise<{ timing: PublishTiming; session: string; token: string }> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, JOBS: 'false', SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  const rt = await createRuntime(config, { log: () => {}, databaseUrl, jobs: false, poolSize: 4 });
  try {
    const ctx = rt.ctx;
    log('demo content …');
    await seedAll(ctx);
    const have = Number((await ctx.db.selectFrom('expo_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const extra = Math.max(0, EVENTS - have);
    log(`inventing ${extra} more items (to ${EVENTS}) …`);
    const venues = SEED_VENUES.map((v) => ({ slug: v.slug, exclusive: false, hours: openingHoursFor(v.hours), accessibility: v.accessibility }));
    const demo = generateDemoEvents({ count: extra, seed: 2022, from: EDITION.starts_on, to: EDITION.ends_on, venues, organisations: SEED_ORGANISATIONS.map((o) => o.slug), keyPrefix: 'bench' });
    await ctx.db.transaction().execute(async (trx) => bulkInsertEvents(trx, await seedPlaces(trx), demo, 'bench'));

    // A cache that records what a release invalidates.
    const invalidated: string[] = [];
    const cache = createRenderCache(10, (tags) => invalidated.push(...tags));
    const recording: AppContext = { ...ctx, cache };
    // As a programme team would: the bulk load is over (autovacuum has seen it) before the release.
    await sql`VACUUM ANALYZE`.execute(ctx.db);
    log('publishing the release with every new item …');
    const [big, bigTime] = await timed(() => publishRelease(recording, { kind: 'anonymous' }));
    if (big.outcome !== 'ok') throw new Error(`publishing answered ${big.outcome}`);
    const counts = await ctx.db
      .selectFrom('expo_pub_occurrences')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const items = Number((await ctx.db.selectFrom('expo_pub_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    // A follow-up release: five items renamed, one moved a day.
    const few = await ctx.db.selectFrom('expo_events').select('id').where('source', '=', 'bench').where('state', '=', 'accepted').orderBy('id').limit(6).execute();
    await ctx.db.updateTable('expo_events').set({ title_sv: 'Ändrad i benchmarken' }).where('id', 'in', few.slice(0, 5).map((f) => f.id)).execute();
    const moved = await ctx.db.selectFrom('expo_occurrences').select(['id', 'starts_at', 'ends_at']).where('event_id', '=', few[5]!.id).limit(1).executeTakeFirstOrThrow();
    await ctx.db.updateTable('expo_occurrences').set({ starts_at: new Date(moved.starts_at.getTime() + 86_400_000), ends_at: new Date(moved.ends_at.getTime() + 86_400_000) }).where('id', '=', moved.id).execute();
    invalidated.length = 0;
    const [small, smallTime] = await timed(() => publishRelease(recording, { kind: 'anonymous' }));
    if (small.outcome !== 'ok') throw new Error(`the follow-up release answered ${small.outcome}`);

    // The releases' aftermath (autovacuum of 25,000 new rows, a checkpoint) now, not in the middle of
    // one server's load rounds.
    await sql`VACUUM ANALYZE`.execute(ctx.db);
    await sql`CHECKPOINT`.execute(ctx.db);

    // Credentials for the uncached path: a session (HTML) and an API token (JSON).
    const user = await createUser(ctx.db, { kind: 'anonymous' }, { email: `bench-${process.pid}@example.test`, name: 'Bench', password: 'bench-password-123', globalRoles: [], verified: true, locale: 'sv' });
    if (user.outcome !== 'ok') throw new Error('could not create the bench user');
    const session = await createSession(ctx.db, user.userId, 'password', 'bench');
    const token = (await createApiToken(ctx.db, { kind: 'anonymous' }, user.userId, 'bench')).token;
    return {
      timing: { items, occurrences: Number(counts.n), big: bigTime, small: smallTime, smallChanges: small.changes, smallTags: [...new Set(invalidated)] },
      session,
      token,
    };
  } finally {
    await rt.close();
  }
}

const pids = { app: undefined as number | undefined, raw: undefined as number | undefined };

// ---------- load ----------

/** Rendering on every request is slow next to a cache hit: fewer connections, so requests finish within the run. */
const UNCACHED_CONNECTIONS = 8;

const load = (who: 'app' | 'raw', baseUrl: string, t: Target, duration: number): Promise<Run> =>
  loadRun(baseUrl + t.path, { connections: t.uncached ? UNCACHED_CONNECTIONS : CONNECTIONS, duration, headers: t.headers, status: t.status, pid: pids[who], label: t.label });

const loadAtStart = os.loadavg()[0]!;

async function main(): Promise<void> {
  const databaseUrl = await benchDatabase('h22_bench_program');

  const { timing, session, token } = await loadProgramme(databaseUrl);
  const out: string[] = [''];
  const cpus = (x: Timed) => `${x.cpuMs.toFixed(0)} ms CPU in the publisher (Node), ${x.pgCpuMs === undefined ? '–' : x.pgCpuMs.toFixed(0)} ms CPU in PostgreSQL`;
  out.push(`first release, ${timing.items} items / ${timing.occurrences} dates: ${timing.big.wallMs.toFixed(0)} ms wall; ${cpus(timing.big)} — target < 2000 ms wall: ${timing.big.wallMs < 2000 ? 'met' : 'NOT met'}`);
  out.push(`follow-up release (${timing.smallChanges} changes): ${timing.small.wallMs.toFixed(0)} ms wall; ${cpus(timing.small)}`);
  out.push(`  invalidated ${timing.smallTags.length} cache tags: ${timing.smallTags.sort().join(' ')}`);
  out.push(`${os.cpus().length} CPUs; load average ${loadAtStart.toFixed(1)} when the bench started, ${os.loadavg()[0]!.toFixed(1)} after publishing.`);
  if (args['publish-only']) {
    process.stdout.write(out.join('\n') + '\n');
    if (args.check && timing.big.wallMs >= 2000) process.exitCode = 1;
    return;
  }

  log('starting the app (h22 start) …');
  const started = await startH22(databaseUrl, { seedDemo: false, execArgv: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [] });
  const app = started.url;
  pids.app = started.pid;
  const pages = [`/program?date=${DATE}`, `/api/v1/events?date=${DATE}&limit=100`];
  const { fixtures, targets } = await captureCases(app, pages, args.gzip ? { 'accept-encoding': 'gzip' } : {}, args.gzip ? 'gzip' : '');
  // One request first, so a failure says what went wrong instead of "no answers".
  for (const [p, h] of [[pages[0]!, { cookie: `${SESSION_COOKIE}=${session}` }], [pages[1]!, { authorization: `Bearer ${token}` }]] as const) {
    const t0 = performance.now();
    const r = await get(app + p, h);
    if (r.status !== 200) throw new Error(`${p} (uncached) answered ${r.status}`);
    log(`${p} uncached: ${(performance.now() - t0).toFixed(0)} ms for one request (${r.body.length} bytes)`);
  }
  targets.push({ label: `GET ${pages[0]} signed in (uncached, ${UNCACHED_CONNECTIONS} conn.)`, path: pages[0]!, headers: { cookie: `${SESSION_COOKIE}=${session}` }, status: 200, uncached: true });
  targets.push({ label: `GET ${pages[1]} with a token (uncached, ${UNCACHED_CONNECTIONS} conn.)`, path: pages[1]!, headers: { authorization: `Bearer ${token}` }, status: 200, uncached: true });
  const rawServer = await startRaw(fixtures);
  const raw = rawServer.url;
  pids.raw = rawServer.pid;
  await assertSameAnswers(app, raw, targets.filter((x) => !x.uncached));
  // Pinned only now: the app's threads all exist once it listens, and startup used both CPUs.
  pin(pids.app, SERVER_CPU);
  pin(pids.raw, SERVER_CPU);
  pin(process.pid, '0');
  log(`${ROUNDS} round(s) × ${DURATION} s per server and case, ${CONNECTIONS} connections, after a ${WARMUP} s warm-up each${PIN ? `; servers on CPU ${SERVER_CPU}, autocannon on CPU 0` : ''}`);
  const loadBefore = os.loadavg()[0]!;

  const widths = [62, 10, 5, 5, 7, 10, 5, 5, 7, 30, 11];
  const row = (cells: string[]) => cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(' ');
  out.push('');
  out.push(row(['case', 'app req/s', 'p50', 'p99', 'µs/req', 'raw req/s', 'p50', 'p99', 'µs/req', 'app/raw req/s (rounds)', 'app/raw CPU']));
  let worst = Infinity;
  let worstCpu = Infinity;
  let worstP99 = 0;
  const only = args.cases === undefined ? undefined : new RegExp(args.cases);
  for (const t of targets) {
    if (only && !only.test(t.label)) continue;
    await load('app', app, t, WARMUP);
    if (!t.uncached) await load('raw', raw, t, WARMUP);
    const rs = { app: [] as Run[], raw: [] as Run[] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first, so drift on a shared machine hurts both alike.
      const order = round % 2 === 0 ? (['app', 'raw'] as const) : (['raw', 'app'] as const);
      for (const who of order) {
        if (who === 'raw' && t.uncached) continue;
        rs[who].push(await load(who, who === 'app' ? app : raw, t, DURATION));
      }
      const a = rs.app.at(-1)!;
      const r = rs.raw.at(-1);
      const cpu = a.cpuUs !== undefined ? `; CPU/request app ${a.cpuUs.toFixed(0)} µs${r?.cpuUs !== undefined ? `, raw ${r.cpuUs.toFixed(0)} µs` : ''}` : '';
      log(`${t.label} round ${round + 1}: app ${a.rps.toFixed(0)} req/s${r ? `, raw ${r.rps.toFixed(0)} req/s, ratio ${(a.rps / r.rps).toFixed(3)}` : ''}${cpu}`);
    }
    const cpuOf = (xs: Run[]) => (xs.length && xs.every((x) => x.cpuUs !== undefined) ? median(xs.map((x) => x.cpuUs!)) : undefined);
    const side = (xs: Run[]) => {
      if (!xs.length) return ['–', '–', '–', '–'];
      const c = cpuOf(xs);
      return [median(xs.map((x) => x.rps)).toFixed(0), median(xs.map((x) => x.p50)).toFixed(0), median(xs.map((x) => x.p99)).toFixed(0), c === undefined ? '–' : c.toFixed(0)];
    };
    if (t.uncached) {
      out.push(row([t.label, ...side(rs.app), ...side([]), '–', '–']));
      continue;
    }
    const ratios = rs.app.map((a, i) => a.rps / rs.raw[i]!.rps);
    const ratio = median(ratios);
    const cpuRatios = rs.app.map((a, i) => (a.cpuUs && rs.raw[i]!.cpuUs ? rs.raw[i]!.cpuUs! / a.cpuUs : undefined));
    const cpuRatio = cpuRatios.every((x) => x !== undefined) ? median(cpuRatios as number[]) : undefined;
    worst = Math.min(worst, ratio);
    if (cpuRatio !== undefined) worstCpu = Math.min(worstCpu, cpuRatio);
    worstP99 = Math.max(worstP99, median(rs.app.map((x) => x.p99)));
    out.push(row([t.label, ...side(rs.app), ...side(rs.raw), `${ratio.toFixed(3)} (${ratios.map((r) => r.toFixed(2)).join(' ')})`, cpuRatio === undefined ? '–' : cpuRatio.toFixed(3)]));
  }
  out.push('');
  out.push('req/s, p50/p99 (ms), µs/req (server CPU time, user+system, per request): medians over rounds.');
  out.push('app/raw req/s: median of the rounds (each round in parentheses); app/raw CPU: raw µs/req ÷ app µs/req, median of the rounds.');
  out.push(`cached: lowest app/raw req/s ${worst.toFixed(3)}, lowest app/raw CPU ${worstCpu === Infinity ? '–' : worstCpu.toFixed(3)} (target ≥ 0.9: ${worst >= 0.9 ? 'met' : 'NOT met'}), highest p99 ${worstP99.toFixed(0)} ms at ${CONNECTIONS} connections (target ≤ 25 ms: ${worstP99 <= 25 ? 'met' : 'NOT met'})`);
  out.push(`${os.cpus().length} CPUs; load average ${loadBefore.toFixed(1)} when loading started, ${os.loadavg()[0]!.toFixed(1)} at the end (above the CPU count, other programs competed).`);
  process.stdout.write(out.join('\n') + '\n');
  if (args.check && (worst < 0.9 || worstP99 > 25 || timing.big.wallMs >= 2000)) process.exitCode = 1;
}

await run(main);
