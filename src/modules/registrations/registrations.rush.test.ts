// The rush, for real: two app processes (the real server, started as child processes) on one test
// database, 2,000 concurrent sign-ups with groups of 1–4 for a 100-seat occurrence with a waiting
// list, split across both; then 20 concurrent cancellations. And the same rush with one process
// killed (SIGKILL) in the middle: no acknowledged registration may be lost.
//
// The rule checked, precisely: in arrival order (the order the occurrence's lock was taken, stored
// as `arrival` 1, 2, 3 …) a group is confirmed when it fits in the seats still free, otherwise it
// waits. The stored statuses must equal that replay exactly; with single-seat groups arriving after
// the first hundred seats are nearly gone, the replay fills exactly 100 seats, which is asserted too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDb, type TestDb } from '../../../test/helpers.ts';
import { makeRegistrable } from '../../../test/registration-fixtures.ts';
import { loadConfig } from '../../config.ts';
import { createRuntime, type Runtime } from '../../app.ts';
import { cancelAndCheck, checkRush, closeAgents, fire, makeRequests, request, rowsOf, startAppProcess, type AppProcess } from '../../../bench/registration-rush.ts';

let db: TestDb;
let runtime: Runtime;
let pool: pg.Pool;
const started: AppProcess[] = [];
before(async () => {
  db = await createTestDb();
  runtime = await createRuntime(loadConfig({ BASE_URL: 'http://127.0.0.1', JOBS: 'false' }), { log: () => {}, databaseUrl: db.url, jobs: false, runMigrations: false, poolSize: 2 });
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
});
after(async () => {
  closeAgents();
  for (const a of started) await a.stop().catch(() => {});
  await pool.end();
  await runtime.close();
  await db.drop();
});

async function twoApps(): Promise<AppProcess[]> {
  const apps = await Promise.all([startAppProcess(db.url), startAppProcess(db.url)]);
  started.push(...apps);
  return apps;
}

test('2,000 concurrent sign-ups across two processes fill exactly 100 seats, the rest wait in arrival order; 20 cancellations promote the right people once each', { timeout: 300_000 }, async () => {
  const [a, b] = await twoApps();
  const ev = await makeRegistrable(runtime.ctx, { capacity: 100, waitlist: 100_000, maxGroup: 4, titleSv: 'Öppningen' });
  const occ = ev.occurrenceIds[0]!;
  const reqs = makeRequests(2000, 2022, 'rush');
  assert.deepEqual([...new Set(reqs.map((r) => r.seats))].sort(), [1, 2, 3, 4], 'groups of 1–4');
  const { attempts, seconds } = await fire(
    [a!, b!].map((p) => ({ baseUrl: p.baseUrl, alive: () => true })),
    occ,
    reqs,
    { concurrency: 256 },
  );
  const report = await checkRush(pool, occ, 100, attempts, seconds);
  assert.deepEqual(report.problems, []);
  assert.equal(report.errors, 0);
  assert.equal(report.lost, 0);
  assert.equal(report.acknowledged, 2000);
  assert.equal(report.rows, 2000, 'one registration per request, none lost, none doubled');
  assert.equal(report.confirmedSeats, 100);
  assert.equal(report.waiting, 2000 - report.confirmedPeople);
  // Both processes did part of the work.
  assert.ok(attempts.some((x) => x.target === 0 && x.status === 201) && attempts.some((x) => x.target === 1 && x.status === 201));
  // Sanity of the replay's precondition: someone waiting has one seat and arrived after the fill.
  const rows = await rowsOf(pool, occ);
  const lastConfirmed = Math.max(...rows.filter((r) => r.status === 'confirmed').map((r) => r.arrival));
  assert.ok(rows.some((r) => r.status === 'waitlisted' && r.seats === 1 && r.arrival > lastConfirmed));

  // 20 concurrent cancellations through the manage URLs, split across both processes.
  const confirmed = attempts.filter((x) => x.json?.status === 'confirmed').slice(0, 20).map((x) => ({ id: x.json!.id, manageUrl: x.json!.manageUrl }));
  assert.equal(confirmed.length, 20);
  const cancel = await cancelAndCheck(pool, [a!.baseUrl, b!.baseUrl], occ, 100, confirmed);
  assert.deepEqual(cancel.problems, []);
  assert.equal(cancel.cancelled, 20);
  assert.ok(cancel.offered >= 1);
  // Each person offered a seat got exactly one offer e-mail.
  const offered = (await pool.query<{ email: string }>(`SELECT email FROM registrations WHERE occurrence_id = $1 AND status = 'offered'`, [occ])).rows;
  assert.equal(offered.length, cancel.offered);
  const mails = (await pool.query<{ to_address: string; n: number }>(`SELECT to_address, count(*)::int AS n FROM mail_outbox WHERE subject LIKE 'En plats har blivit ledig:%' GROUP BY to_address`)).rows;
  assert.deepEqual(mails.map((m) => m.to_address).sort(), offered.map((o) => o.email).sort());
  assert.ok(mails.every((m) => m.n === 1));
  await Promise.all([a!.stop(), b!.stop()]);
});

test('killing one app process in the middle of the rush loses no acknowledged registration; retries with the same key create nothing twice', { timeout: 300_000 }, async () => {
  const [a, b] = await twoApps();
  const ev = await makeRegistrable(runtime.ctx, { capacity: 100, waitlist: 100_000, maxGroup: 4, titleSv: 'Urban Future' });
  const occ = ev.occurrenceIds[0]!;
  const reqs = makeRequests(2000, 4711, 'kill');
  let killed = false;
  const killing: Promise<void>[] = [];
  const alive = [true, true];
  const { attempts, seconds } = await fire(
    [a!, b!].map((p, i) => ({ baseUrl: p.baseUrl, alive: () => alive[i]! })),
    occ,
    reqs,
    {
      concurrency: 256,
      retry: true,
      onAck: (n) => {
        if (!killed && n >= 400) {
          killed = true;
          alive[0] = false;
          killing.push(a!.kill());
        }
      },
    },
  );
  await Promise.all(killing);
  assert.ok(killed, 'the process was killed during the rush');
  assert.equal(a!.child.signalCode, 'SIGKILL');
  const cut = attempts.filter((x) => x.tries > 1);
  assert.ok(cut.length > 0, 'some requests were cut off by the kill and sent again');
  // Every request ends acknowledged (201, or 200 for a retry whose first try had already committed).
  const report = await checkRush(pool, occ, 100, attempts, seconds);
  assert.deepEqual(report.problems, []);
  assert.equal(report.acknowledged, 2000);
  assert.equal(report.lost, 0);
  assert.equal(report.rows, 2000, 'no duplicates from the retries');
  assert.equal(report.confirmedSeats, 100);

  // After a restart, the restarted process serves every acknowledged registration as answered.
  const restarted = await startAppProcess(db.url);
  started.push(restarted);
  const sample = attempts.filter((x) => x.status === 201 || x.status === 200).filter((_, i) => i % 20 === 0);
  for (const x of sample) {
    const r = await request(restarted.baseUrl, 'GET', new URL(x.json!.manageUrl).pathname);
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body).status, x.json!.status);
  }
  await Promise.all([b!.stop(), restarted.stop()]);
});
