// The edition's dates and the dates of items serialise on the edition's row (ADR 019): an item save or
// an import that runs while the programme team changes the dates can never commit outside them.
// Each test interleaves two real transactions with a third connection as the gate: it holds
// `LOCK TABLE audit_log IN SHARE MODE`, so the first command stops at its first audit entry — after
// its own writes, before its commit — and pg_stat_activity / pg_locks show who waits for whom.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeUser } from '../../../test/factories.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import { saveEvent } from './expo.commands.ts';
import { saveEdition } from './expo.places.commands.ts';
import { applyImport, planImport } from './expo.import.ts';
import { blankEventInput, type EventInput } from './expo.rules.ts';
import { EDITION } from './expo.seed-data.ts';
import { seedPlaces } from './expo.seed.ts';
import { localDate, localTime } from './expo.time.ts';
import './index.ts';

let t: TestApp;
let team: UserActor;
let staff: Client;
let venue: number;
let org: number;
const tz = 'Europe/Stockholm';
const P = '/admin/program/places';

before(async () => {
  t = await createTestApp();
  const places = await t.ctx.db.transaction().execute((trx) => seedPlaces(trx));
  venue = places.venueIds.get('havoteket')!;
  org = places.orgIds.get('nsr')!;
  const u = await makeUser(t.ctx, { roles: ['programme_team'], name: 'Programgruppen', locale: 'en' });
  team = { kind: 'user', id: u.id, email: u.email, name: 'Programgruppen', locale: 'en', globalRoles: ['programme_team'], memberships: [], via: 'session' };
  staff = new Client(t.app);
  await staff.signIn(u.email, u.password);
});
after(async () => {
  await t.close();
});
beforeEach(async () => {
  // Each test starts from the H22 dates and no items.
  await t.ctx.db.deleteFrom('expo_events').execute();
  await t.ctx.db.updateTable('expo_editions').set({ starts_on: EDITION.starts_on, ends_on: EDITION.ends_on, time_zone: EDITION.time_zone }).where('is_current', '=', true).execute();
});

// ---------- the gate and the observer ----------

interface Gate {
  pid: number;
  /** Starts a command that will stop at the gate, or wait behind one that did. */
  run<T>(command: Promise<T>): Promise<T>;
  open(): Promise<void>;
  /** Opens the gate and waits for every command it ran, so a failed test leaves nothing in flight. */
  finish(): Promise<void>;
}

/** A connection holding a lock that every audit entry waits for, until `open()`. */
async function closeGate(): Promise<Gate> {
  const c = new pg.Client({ connectionString: t.db.url });
  await c.connect();
  await c.query('BEGIN');
  await c.query('LOCK TABLE audit_log IN SHARE MODE');
  const pid = Number((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
  const running: Promise<unknown>[] = [];
  let open = false;
  const gate: Gate = {
    pid,
    run(command) {
      command.catch(() => {});
      running.push(command);
      return command;
    },
    async open() {
      if (open) return;
      open = true;
      await c.query('COMMIT');
      await c.end();
    },
    async finish() {
      await gate.open();
      await Promise.allSettled(running);
    },
  };
  return gate;
}

interface Waiter {
  pid: number;
  blockers: number[];
  waitEventType: string | null;
  query: string;
  /** The locks it asked for and was not granted (yet). */
  waitsFor: { locktype: string; mode: string; relation: string | null }[];
}

/**
 * The backend (other than `known`) waiting for a lock, as soon as one is; fails when `pending`, the
 * command expected to wait, settles without ever waiting. Polls what PostgreSQL reports; the
 * transactions themselves are ordered by their locks, not by time.
 */
async function nextWaiter(known: number[], pending: Promise<unknown>): Promise<Waiter> {
  let settled: { value: unknown } | undefined;
  pending.then(
    (value) => (settled = { value }),
    (error: unknown) => (settled = { value: String(error) }),
  );
  const deadline = Date.now() + 15_000;
  for (;;) {
    // pg_stat_activity is a snapshot and pg_blocking_pids is live: a backend counts once both say it
    // waits for a lock, so `query` is the statement that waits (not one it ran before).
    const r = await sql<{ pid: number; blockers: number[]; wait_event_type: string | null; query: string }>`
      SELECT a.pid, pg_blocking_pids(a.pid) AS blockers, a.wait_event_type, a.query
        FROM pg_stat_activity a
       WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND NOT a.pid = ANY(${known}::int[])
         AND a.state = 'active' AND a.wait_event_type = 'Lock' AND cardinality(pg_blocking_pids(a.pid)) > 0`.execute(t.ctx.db);
    const w = r.rows[0];
    if (w) {
      const locks = await sql<{ locktype: string; mode: string; relation: string | null }>`
        SELECT locktype, mode, relation::regclass::text AS relation FROM pg_locks WHERE pid = ${w.pid} AND NOT granted ORDER BY locktype`.execute(t.ctx.db);
      return { pid: w.pid, blockers: w.blockers.map(Number), waitEventType: w.wait_event_type, query: w.query, waitsFor: locks.rows };
    }
    if (settled) assert.fail(`finished without waiting for a lock: ${JSON.stringify(settled.value)}`);
    if (Date.now() > deadline) assert.fail('nothing waited for a lock');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits at the gate: its first audit entry, after its own writes and before its commit. */
function assertAtGate(w: Waiter, gate: Gate) {
  assert.deepEqual(w.blockers, [gate.pid]);
  assert.deepEqual(w.waitsFor, [{ locktype: 'relation', mode: 'RowExclusiveLock', relation: 'audit_log' }]);
  assert.match(w.query, /^insert into "audit_log"/);
}

/** Waits for the transaction of `holder` on the edition's row. */
function assertWaitsForEdition(w: Waiter, holder: Waiter, statement: RegExp) {
  assert.deepEqual(w.blockers, [holder.pid], 'it waits for the other transaction, not for the gate');
  assert.equal(w.waitEventType, 'Lock');
  assert.deepEqual(w.waitsFor, [{ locktype: 'transactionid', mode: 'ShareLock', relation: null }]);
  assert.match(w.query, statement);
}

// ---------- helpers ----------

function itemInput(over: Partial<EventInput>): EventInput {
  return {
    ...blankEventInput(),
    type: 'talk',
    title_sv: 'Ljudvandring i hamnen',
    title_en: 'Sound walk in the harbour',
    themes: ['innovation'],
    mainOrganisationId: org,
    ...over,
  };
}

const editionInput = (starts_on: string, ends_on: string, time_zone = tz) => ({
  name_sv: EDITION.name_sv,
  name_en: EDITION.name_en,
  starts_on,
  ends_on,
  time_zone,
  description_sv: EDITION.description_sv,
  description_en: EDITION.description_en,
});

const editionDates = () =>
  t.ctx.db
    .selectFrom('expo_editions')
    .select([sql<string>`starts_on::text`.as('starts_on'), sql<string>`ends_on::text`.as('ends_on'), 'time_zone'])
    .where('is_current', '=', true)
    .executeTakeFirstOrThrow();

/** The edition's audit entries written since `since` (an earlier call's result). */
async function editionAudit(since: { id: number }[] = []) {
  const rows = await t.ctx.db.selectFrom('audit_log').select(['id', 'action', 'before', 'after']).where('entity_type', '=', 'expo_edition').orderBy('id').execute();
  const last = since.at(-1)?.id ?? 0;
  return rows.filter((r) => r.id > last);
}

function fieldError(body: string, name: string): string | undefined {
  const m = new RegExp(`<p class="error-message" id="f-${name}-error">([^<]*)</p>`).exec(body);
  return m ? decodeEntities(m[1]!) : undefined;
}

// ---------- an item and the edition's dates ----------

test('an item moved while the team narrows the dates: the change waits for the item, then refuses, naming its date', async () => {
  const created = await saveEvent(t.ctx, team, { input: itemInput({ slots: [{ field: 'slot1', venueId: venue, date: '2022-06-10', start: '10:00', end: '11:00' }] }), intent: 'save', confirmWarnings: true, locale: 'en' });
  assert.equal(created.outcome, 'ok');
  const eventId = (created as { id: number }).id;
  const occ = await t.ctx.db.selectFrom('expo_occurrences').select('id').where('event_id', '=', eventId).executeTakeFirstOrThrow();
  const auditBefore = await editionAudit();
  const form = editionInput('2022-06-01', '2022-06-30');

  const gate = await closeGate();
  try {
    // A: the item moves to 2 July, inside the dates it reads; it stops at the gate, uncommitted.
    const moving = gate.run(saveEvent(t.ctx, team, {
      eventId,
      input: itemInput({ slots: [{ field: 'slot1', id: occ.id, venueId: venue, date: '2022-07-02', start: '10:00', end: '11:00' }] }),
      intent: 'save',
      confirmWarnings: true,
      locale: 'en',
    }));
    const a = await nextWaiter([gate.pid], moving);
    assertAtGate(a, gate);

    // B: the team narrows the dates to June; its check must not run before A has committed.
    const narrowing = gate.run(staff.submit(`${P}/edition`, `${P}/edition`, form));
    const b = await nextWaiter([gate.pid, a.pid], narrowing);
    assertWaitsForEdition(b, a, /^select .* from "expo_editions" where "is_current" = \$1 for update$/);

    await gate.open();
    assert.deepEqual(await moving, { outcome: 'ok', id: eventId, slug: `ljudvandring-i-hamnen-${eventId}`, state: 'draft' });
    const refused = await narrowing;
    assert.equal(refused.status, 422);
    const reason = '1 scheduled occurrence would fall outside the new dates (the earliest 2022-07-02, the latest 2022-07-02): “Ljudvandring i hamnen”. Move it first, or choose dates that contain it.';
    assert.equal(fieldError(refused.body, 'starts_on'), reason);
    assert.equal(fieldError(refused.body, 'ends_on'), reason);
  } finally {
    await gate.finish();
  }

  // The item is where A put it; the dates and the edition's audit are untouched.
  const after = await t.ctx.db.selectFrom('expo_occurrences').select(['id', 'starts_at', 'ends_at']).where('event_id', '=', eventId).execute();
  assert.deepEqual(after.map((o) => [o.id, localDate(o.starts_at, tz), localTime(o.starts_at, tz), localTime(o.ends_at, tz)]), [[occ.id, '2022-07-02', '10:00', '11:00']]);
  assert.deepEqual(await editionDates(), { starts_on: '2022-05-30', ends_on: '2022-07-03', time_zone: tz });
  assert.deepEqual(await editionAudit(auditBefore), []);
});

test('an item with a weekly rule saved while the team narrows the dates: the save waits, then is refused against the new dates', async () => {
  const auditBefore = await editionAudit();
  const gate = await closeGate();
  try {
    // B: the team narrows the dates to 1–25 June; it stops at the gate with the edition updated, uncommitted.
    const narrowing = gate.run(saveEdition(t.ctx, team, editionInput('2022-06-01', '2022-06-25')));
    const b = await nextWaiter([gate.pid], narrowing);
    assertAtGate(b, gate);

    // A: a new item every Thursday 2–30 June, inside the dates committed so far; it must wait for B.
    const saving = gate.run(saveEvent(t.ctx, team, {
      input: itemInput({
        title_sv: 'Torsdagsvandring',
        recurrence: { venueId: venue, weekdays: [4], interval: 1, firstDate: '2022-06-02', lastDate: '2022-06-30', start: '18:00', end: '19:00', exceptions: [] },
      }),
      intent: 'submit',
      confirmWarnings: true,
      locale: 'en',
    }));
    const a = await nextWaiter([gate.pid, b.pid], saving);
    assertWaitsForEdition(a, b, /^select .* from "expo_editions" where "is_current" = \$1 for share$/);

    await gate.open();
    assert.deepEqual(await narrowing, { outcome: 'ok' });
    assert.deepEqual(await saving, { outcome: 'invalid', errors: { repeat_until: 'The date must be within the expo, 2022-06-01–2022-06-25.' } });
  } finally {
    await gate.finish();
  }

  assert.deepEqual(await t.ctx.db.selectFrom('expo_events').select('id').where('title_sv', '=', 'Torsdagsvandring').execute(), []);
  assert.deepEqual(await t.ctx.db.selectFrom('expo_recurrences').select('id').execute(), []);
  assert.deepEqual(await editionDates(), { starts_on: '2022-06-01', ends_on: '2022-06-25', time_zone: tz });
  const audit = await editionAudit(auditBefore);
  assert.deepEqual(audit.map((r) => [r.action, r.before, r.after]), [['expo.edition.update', { starts_on: '2022-05-30', ends_on: '2022-07-03' }, { starts_on: '2022-06-01', ends_on: '2022-06-25' }]]);
});

// ---------- the import and the edition's dates ----------

/** A concert on one day and a walk every Thursday from 2 June. */
const importFile = (concertDay = '2022-06-28', walkUntil = '2022-06-30') =>
  JSON.stringify([
    { id: 'L1', title: 'Hamnkonsert', occasions: [{ start_date: `${concertDay} 19:00`, end_date: `${concertDay} 21:00` }], location: { title: 'Havoteket' }, organizers: [{ organizer: 'NSR', main_organizer: true }] },
    {
      id: 'L2',
      title: 'Kvällsvandring',
      rcr_rules: [{ rcr_week_day: 'Thursday', rcr_weekly_interval: 1, rcr_start_time: '18:00', rcr_end_time: '19:00', rcr_start_date: '2022-06-02', rcr_end_date: walkUntil }],
      location: { title: 'Havoteket' },
      organizers: [{ organizer: 'NSR', main_organizer: true }],
    },
  ]);
const importOpts = { state: 'accepted' as const, source: 'lock-test' };
const imported = () => t.ctx.db.selectFrom('expo_events').select(['external_id', 'title_sv']).where('source', '=', importOpts.source).orderBy('external_id').execute();
/** The local dates of each imported item. */
async function importedDates(): Promise<Record<string, string[]>> {
  const rows = await t.ctx.db
    .selectFrom('expo_occurrences as o')
    .innerJoin('expo_events as e', 'e.id', 'o.event_id')
    .select(['e.external_id', 'o.starts_at'])
    .where('e.source', '=', importOpts.source)
    .orderBy('o.starts_at')
    .execute();
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.external_id!] ??= []).push(localDate(r.starts_at, tz));
  return out;
}

test('an import written while the team narrows the dates: it waits, then writes nothing and reports each item against the new dates', async () => {
  const plan = await planImport(t.ctx, 'lock.json', importFile(), importOpts);
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(plan.create.map((i) => i.position), ['[0] (id L1)', '[1] (id L2)']);

  const gate = await closeGate();
  try {
    const narrowing = gate.run(saveEdition(t.ctx, team, editionInput('2022-06-01', '2022-06-25')));
    const b = await nextWaiter([gate.pid], narrowing);
    assertAtGate(b, gate);

    const applying = gate.run(applyImport(t.ctx, plan, importOpts, team));
    const a = await nextWaiter([gate.pid, b.pid], applying);
    assertWaitsForEdition(a, b, /^select .* from "expo_editions" where "is_current" = \$1 for share$/);

    await gate.open();
    assert.deepEqual(await narrowing, { outcome: 'ok' });
    assert.deepEqual(await applying, {
      outcome: 'invalid',
      problems: ['[0] (id L1).occasions[0].date: The date must be within the expo, 2022-06-01–2022-06-25.', '[1] (id L2) (weekly rule).repeat_until: The date must be within the expo, 2022-06-01–2022-06-25.'],
    });
  } finally {
    await gate.finish();
  }
  assert.deepEqual(await imported(), []);
  assert.deepEqual(await editionDates(), { starts_on: '2022-06-01', ends_on: '2022-06-25', time_zone: tz });
});

test('an import moving items while the team narrows the dates: the change waits for it, then is refused because of the moved dates', async () => {
  // Imported once inside June 1–25; the file's next version moves the concert and extends the walk.
  const first = await planImport(t.ctx, 'lock.json', importFile('2022-06-10', '2022-06-16'), importOpts);
  assert.deepEqual(await applyImport(t.ctx, first, importOpts, team), { outcome: 'ok', created: 2, updated: 0, unchanged: 0 });
  const plan = await planImport(t.ctx, 'lock.json', importFile('2022-06-28', '2022-06-30'), importOpts);
  assert.deepEqual([plan.problems, plan.update.map((i) => i.position)], [[], ['[0] (id L1)', '[1] (id L2)']]);
  const auditBefore = await editionAudit();

  const gate = await closeGate();
  try {
    const applying = gate.run(applyImport(t.ctx, plan, importOpts, team));
    const a = await nextWaiter([gate.pid], applying);
    assertAtGate(a, gate);

    const narrowing = gate.run(saveEdition(t.ctx, team, editionInput('2022-06-01', '2022-06-25')));
    const b = await nextWaiter([gate.pid, a.pid], narrowing);
    assertWaitsForEdition(b, a, /^select .* from "expo_editions" where "is_current" = \$1 for update$/);

    await gate.open();
    assert.deepEqual(await applying, { outcome: 'ok', created: 0, updated: 2, unchanged: 0 });
    // The concert on 28 June and the walk on 30 June.
    assert.deepEqual(await narrowing, { outcome: 'outside', count: 2, first: '2022-06-28', last: '2022-06-30', items: ['Hamnkonsert', 'Kvällsvandring'], itemCount: 2 });
  } finally {
    await gate.finish();
  }
  assert.deepEqual(await importedDates(), { L1: ['2022-06-28'], L2: ['2022-06-02', '2022-06-09', '2022-06-16', '2022-06-23', '2022-06-30'] });
  assert.deepEqual(await editionDates(), { starts_on: '2022-05-30', ends_on: '2022-07-03', time_zone: tz });
  assert.deepEqual(await editionAudit(auditBefore), []);
});

test('an import planned before the dates or the time zone changed is checked again when written', async () => {
  const plan = await planImport(t.ctx, 'lock.json', importFile(), importOpts);
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(await saveEdition(t.ctx, team, editionInput('2022-05-30', '2022-06-29')), { outcome: 'ok' });
  assert.deepEqual(await applyImport(t.ctx, plan, importOpts, team), {
    outcome: 'invalid',
    problems: ['[1] (id L2) (weekly rule).repeat_until: The date must be within the expo, 2022-05-30–2022-06-29.'],
  });
  assert.deepEqual(await imported(), []);

  const again = await planImport(t.ctx, 'lock.json', importFile(), importOpts);
  assert.deepEqual(again.problems, ['[1] (id L2) (weekly rule).repeat_until: The date must be within the expo, 2022-05-30–2022-06-29.']);
  assert.deepEqual(await saveEdition(t.ctx, team, editionInput('2022-05-30', '2022-07-03', 'Europe/London')), { outcome: 'ok' });
  assert.deepEqual(await applyImport(t.ctx, plan, importOpts, team), {
    outcome: 'invalid',
    problems: ["the expo's time zone changed from Europe/Stockholm to Europe/London while the file was read; import it again"],
  });
  assert.deepEqual(await imported(), []);
});
