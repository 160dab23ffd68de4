// The demo: registration on for real and invented programme items, small ones included, with
// windows open now (the expo itself is in 2022), one small session full with a waiting list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, Client, type TestApp } from '../../../test/helpers.ts';
import { seedRegistrations } from './registrations.seed.ts';
import { seatCounts } from './registrations.queries.ts';

let t: TestApp;
before(async () => {
  process.env.REGISTRATION_LIMIT_PER_IP = '0';
  t = await createTestApp({ seed: true });
});
after(async () => {
  delete process.env.REGISTRATION_LIMIT_PER_IP;
  await t.close();
});

test('the demo turns registration on for real and invented items, with small sessions and open windows', async () => {
  const events = await t.ctx.db
    .selectFrom('registration_events as re')
    .innerJoin('expo_events as e', 'e.id', 're.event_id')
    .select(['e.title_sv', 'e.is_demo', 'e.booking_mode'])
    .execute();
  assert.ok(events.length >= 5, `${events.length} items`);
  assert.ok(events.some((e) => e.title_sv === 'Urban Brilliance'));
  assert.ok(events.some((e) => e.title_sv.startsWith('SilviaBo')));
  assert.ok(events.filter((e) => e.is_demo).length >= 3);
  assert.ok(events.every((e) => e.booking_mode === 'registration'));
  const occs = await t.ctx.db.selectFrom('registration_occurrences').select(['occurrence_id', 'capacity', 'opens_at', 'closes_at', 'enabled']).execute();
  const now = Date.now();
  assert.ok(occs.every((o) => o.enabled && o.opens_at! < new Date(now) && o.closes_at! > new Date(now + 300 * 86400_000)), 'windows are open now');
  // …and during a demo on the expo's own dates: open before the expo's first day.
  const edition = await t.ctx.db.selectFrom('expo_editions').select(sql<string>`starts_on::text`.as('starts_on')).where('is_current', '=', true).executeTakeFirstOrThrow();
  assert.ok(occs.every((o) => o.opens_at! <= new Date(`${edition.starts_on}T00:00:00Z`)), `windows open before ${edition.starts_on}`);
  assert.ok(occs.filter((o) => o.capacity === 10).length >= 4, 'small sessions of 10 seats');
  // Every demo occurrence is published, so its sign-up page works.
  const pub = await t.ctx.db.selectFrom('expo_pub_occurrences').select('occurrence_id').where('occurrence_id', 'in', occs.map((o) => o.occurrence_id)).execute();
  assert.equal(pub.length, occs.length);
});

test('the event page of a demo item links each session to its sign-up page, the full one with its waiting list', async () => {
  const silvia = await t.ctx.db.selectFrom('expo_events').select(['id', 'slug']).where('external_id', '=', 'silviabo').executeTakeFirstOrThrow();
  const page = (await new Client(t.app).get(`/program/evenemang/${silvia.slug}`)).body;
  const states = [...page.matchAll(/<span class="reg-state">([^<]*)<\/span>/g)].map((m) => m[1]);
  assert.equal(states[0], 'Fullbokat – väntelista öppen');
  assert.ok(states.slice(1).length >= 1 && states.slice(1).every((s) => s === '10 platser kvar'), states.join(' | '));
  assert.equal([...page.matchAll(/<a class="reg-link" href="\/program\/anmalan\/\d+">Anmäl dig/g)].length, states.length);
});

test('the first SilviaBo tour is full with two people waiting, and a visitor can still join the waiting list', async () => {
  const silvia = await t.ctx.db.selectFrom('expo_events').select('id').where('external_id', '=', 'silviabo').executeTakeFirstOrThrow();
  const first = await t.ctx.db.selectFrom('registration_occurrences').select('occurrence_id').where('event_id', '=', silvia.id).orderBy('occurrence_id').executeTakeFirstOrThrow();
  const counts = (await seatCounts(t.ctx.db, [first.occurrence_id])).get(first.occurrence_id)!;
  assert.deepEqual({ c: counts.capacity, s: counts.confirmedSeats, w: counts.waitlisted }, { c: 10, s: 10, w: 2 });
  assert.equal((await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', 'like', 'demo.%@example.org').execute()).length, 0, 'demo people are not mailed');
  const page = await new Client(t.app).get(`/program/anmalan/${first.occurrence_id}`);
  assert.match(page.body, /Fullt\. Du kan ställa dig på väntelistan/);
  const r = await new Client(t.app).request('POST', `/api/v1/occurrences/${first.occurrence_id}/registrations`, { json: { name: 'Demo Besökare', email: 'besok@example.test', seats: 1 } });
  assert.equal(r.status, 201);
  assert.deepEqual([r.json().status, r.json().position], ['waitlisted', 3]);
});

test('seeding again adds nothing', async () => {
  const before = await t.ctx.db.selectFrom('registration_occurrences').select('occurrence_id').execute();
  const regs = await t.ctx.db.selectFrom('registrations').select('id').execute();
  await seedRegistrations(t.ctx);
  assert.equal((await t.ctx.db.selectFrom('registration_occurrences').select('occurrence_id').execute()).length, before.length);
  assert.equal((await t.ctx.db.selectFrom('registrations').select('id').execute()).length, regs.length);
});
