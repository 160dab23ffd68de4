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
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertSameAnswers, benchDatabase, captureCases, get, load as loadRun, log, median, pinning, run, startH22, startRaw, type Run, type Target } from './lib.ts';

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
const { on: PIN, serverCpu: SERVER_CPU, pin } = pinning(!args['no-pin']);
const pids = { app: undefined as number | undefined, raw: undefined as number | undefined };

// ---------- load ----------

const load = (who: 'app' | 'raw', baseUrl: string, t: Target, duration: number): Promise<Run> =>
  loadRun(baseUrl + t.path, { connections: CONNECTIONS, duration, headers: t.headers, status: t.status, pid: pids[who], label: t.label });

async function main(): Promise<void> {
  const databaseUrl = await benchDatabase('h22_bench');
  log('starting the app (h22 start: migrations, demo content) …');
  // --profile DIR: a V8 CPU profile of the app, written to DIR when it stops (open it in Chrome DevTools).
  const started = await startH22(databaseUrl, { seedDemo: true, execArgv: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [] });
  const app = started.url;
  pids.app = started.pid;

  // The JSON API when it exists; otherwise the English FAQ page stands in for a second document.
  const api = await get(`${app}/api/v1/faq`);
  const paths = ['/faq', api.status === 200 ? '/api/v1/faq' : '/en/faq'];
  if (api.status !== 200) log(`/api/v1/faq answered ${api.status}: benchmarking /en/faq instead`);

  const { fixtures, targets } = await captureCases(app, paths);
  const rawServer = await startRaw(fixtures);
  const raw = rawServer.url;
  pids.raw = rawServer.pid;
  pin(rawServer.pid, SERVER_CPU);
  await assertSameAnswers(app, raw, targets);
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

await run(main);
