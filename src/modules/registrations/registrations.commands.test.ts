// The heart of registration, against real PostgreSQL: seats decided under the occurrence's lock,
// the waiting list in arrival order, offers with a deadline that pass on, idempotency, check-in once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { makeRegistrable, teamActor } from '../../../test/registration-fixtures.ts';
import { createRuntime, type Runtime } from '../../app.ts';
import type { UserActor } from '../../platform/auth/actor.ts';
import {
  acceptOffer,
  cancelByToken,
  checkIn,
  expireOffers,
  releaseNoShows,
  saveOccurrenceSettings,
  signUp,
  type SignUpInput,
  type SignUpOutcome,
} from './registrations.commands.ts';
import { seatCounts } from './registrations.queries.ts';
import { formatTicketCode, manageToken } from './registrations.rules.ts';

let t: TestApp;
let team: UserActor;
before(async () => {
  t = await createTestApp();
  team = await teamActor(t.ctx);
});
after(async () => t.close());

let n = 0;
const person = (occurrenceId: number, seats = 1, extra: Partial<SignUpInput> = {}): SignUpInput => {
  n++;
  return { occurrenceId, name: `Person ${n}`, email: `person${n}@example.test`, seats, answers: {}, locale: 'sv', ...extra };
};
const created = (o: SignUpOutcome) => {
  if (o.outcome !== 'created') throw new Error(`expected created, got ${JSON.stringify(o)}`);
  return o.registration;
};
const rows = (occurrenceId: number) =>
  t.ctx.db.selectFrom('registrations').select(['id', 'arrival', 'status', 'seats', 'email', 'offer_expires_at', 'cancel_reason']).where('occurrence_id', '=', occurrenceId).orderBy('arrival').execute();
const outbox = (to: string) => t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).orderBy('id').execute();
const counts = async (id: number) => (await seatCounts(t.ctx.db, [id])).get(id)!;

test('the database refuses impossible rows: no seats, a malformed code, the same address twice while active', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx);
  const occ = occurrenceIds[0]!;
  const base = { occurrence_id: occ, status: 'confirmed' as const, name: 'A', email: 'dup@example.test', seats: 1, ticket_code: 'ABCD2345', arrival: 1 };
  await t.ctx.db.insertInto('registrations').values(base).execute();
  await assert.rejects(t.ctx.db.insertInto('registrations').values({ ...base, seats: 0, ticket_code: 'ABCD2346', arrival: 2, email: 'x@example.test' }).execute(), /check constraint/);
  await assert.rejects(t.ctx.db.insertInto('registrations').values({ ...base, ticket_code: 'abcd-234', arrival: 3, email: 'y@example.test' }).execute(), /check constraint/);
  await assert.rejects(
    t.ctx.db.insertInto('registrations').values({ ...base, ticket_code: 'ABCD2347', arrival: 4, email: 'DUP@example.test' }).execute(),
    /registrations_active_email_key/,
  );
  await assert.rejects(t.ctx.db.insertInto('registrations').values({ ...base, ticket_code: 'ABCD2348', arrival: 1, email: 'z@example.test' }).execute(), /registrations_occurrence_id_arrival_key/);
  // Once cancelled, the address may register again.
  await t.ctx.db.updateTable('registrations').set({ status: 'cancelled', cancelled_at: new Date() }).where('ticket_code', '=', 'ABCD2345').execute();
  await t.ctx.db.insertInto('registrations').values({ ...base, ticket_code: 'ABCD2349', arrival: 5 }).execute();
});

test('groups are confirmed while they fit, then wait in arrival order, then are refused when the waiting list is full', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 5, waitlist: 4, maxGroup: 3 });
  const occ = occurrenceIds[0]!;
  const a = created(await signUp(t.ctx, person(occ, 3)));
  const b = created(await signUp(t.ctx, person(occ, 2)));
  const c = created(await signUp(t.ctx, person(occ, 2)));
  const d = created(await signUp(t.ctx, person(occ, 1)));
  const e = created(await signUp(t.ctx, person(occ, 1)));
  assert.deepEqual([a.status, b.status, c.status, d.status, e.status], ['confirmed', 'confirmed', 'waitlisted', 'waitlisted', 'waitlisted']);
  assert.deepEqual([c.position, d.position, e.position], [1, 2, 3]);
  // The waiting list holds 4 seats: 2 + 1 + 1 are taken, so a group of 1 still fits but a group of 2 does not.
  assert.deepEqual(await signUp(t.ctx, person(occ, 2)), { outcome: 'refused', reason: 'waitlist_full' });
  assert.deepEqual(await signUp(t.ctx, person(occ, 4)), { outcome: 'invalid', issues: { seats: { code: 'seats_range', max: 3 } } });
  assert.deepEqual(await counts(occ), { capacity: 5, confirmedSeats: 5, offeredSeats: 0, available: 0, waitlisted: 3, waitlistedSeats: 4, checkedIn: 0, cancelled: 0 });
  const all = await rows(occ);
  assert.deepEqual(all.map((r) => r.arrival), [1, 2, 3, 4, 5], 'arrival numbers are contiguous, refused sign-ups take none');

  // Without a waiting list a full occurrence refuses.
  const { occurrenceIds: small } = await makeRegistrable(t.ctx, { capacity: 1, waitlist: 0 });
  created(await signUp(t.ctx, person(small[0]!, 1)));
  assert.deepEqual(await signUp(t.ctx, person(small[0]!, 1)), { outcome: 'refused', reason: 'full' });
});

test('the ticket e-mail carries the QR code (attached PNG and inline image with alt text), the short code, an ICS file and the manage link', async () => {
  const { occurrenceIds, title } = await makeRegistrable(t.ctx, { capacity: 2, waitlist: 5 });
  const occ = occurrenceIds[0]!;
  const p = person(occ, 2, { email: 'Ticket.Holder@example.test', name: 'Tilda Biljett' });
  const r = created(await signUp(t.ctx, p));
  const [mail, ...more] = await outbox('Ticket.Holder@example.test');
  assert.equal(more.length, 0);
  assert.equal(mail!.subject, `Din biljett: ${title}`);
  const code = formatTicketCode(r.ticketCode);
  assert.match(mail!.text_body, new RegExp(`Biljettkod: ${code}`));
  assert.match(mail!.text_body, /Platser: 2/);
  assert.ok(mail!.text_body.includes(`http://h22.test/program/anmalan/biljett/${manageToken(t.ctx.secret, r.ticketCode)}`));
  assert.match(mail!.html_body!, new RegExp(`<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="QR-kod för biljett ${code}\\. Visa den eller koden vid entrén\\."`));
  const att = mail!.attachments as { filename: string; contentType: string; content: string }[];
  assert.deepEqual(att.map((a) => a.filename), [`biljett-${code}.png`, 'h22.ics']);
  assert.deepEqual([...Buffer.from(att[0]!.content, 'base64').subarray(1, 4)], [...Buffer.from('PNG')]);
  const ics = Buffer.from(att[1]!.content, 'base64').toString('utf8');
  assert.match(ics, /BEGIN:VEVENT/);
  assert.match(ics, new RegExp(`SUMMARY:${title}`));
  assert.match(ics, /LOCATION:Testsalen\\, Kungsgatan 11\\, Helsingborg/);
  // The waiting list mail says the place in line.
  const w = created(await signUp(t.ctx, person(occ, 1, { email: 'waiting@example.test' })));
  assert.equal(w.status, 'waitlisted');
  const [wm] = await outbox('waiting@example.test');
  assert.match(wm!.subject, /^Du står på väntelistan: /);
  assert.match(wm!.text_body, /plats 1 i kön/);
  assert.deepEqual(wm!.attachments, []);
});

test('a double click, a retried request and the same person twice make one registration', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 10 });
  const occ = occurrenceIds[0]!;
  const p = person(occ, 2, { idempotencyKey: 'form-key-1' });
  // A double click: both requests in flight at once.
  const [first, second] = await Promise.all([signUp(t.ctx, p), signUp(t.ctx, p)]);
  const reg = created(first);
  assert.equal(second.outcome, 'existing');
  assert.equal((second as { registration: { id: number } }).registration.id, reg.id);
  // A retry later with the same key.
  const again = await signUp(t.ctx, p);
  assert.equal(again.outcome, 'existing');
  assert.equal((again as { registration: { id: number; manageToken: string } }).registration.manageToken, reg.manageToken);
  // The same key with someone else's address is refused, not answered with her ticket.
  assert.deepEqual(await signUp(t.ctx, { ...p, email: 'intruder@example.test' }), { outcome: 'idempotency_mismatch' });
  // The same address without the key: no second registration, the link is mailed again.
  const dup = await signUp(t.ctx, { ...p, idempotencyKey: undefined, email: p.email.toUpperCase() });
  assert.deepEqual(dup, { outcome: 'already_registered', registrationId: reg.id });
  assert.equal((await rows(occ)).length, 1);
  assert.equal((await outbox(p.email)).length, 2, 'the ticket, then the same ticket again');
});

test('bad input saves nothing: zero, negative and too many seats, a missing required answer, a closed or not yet open window', async () => {
  const questions = [{ id: 'q1', label_sv: 'Behov av tillgänglighet', label_en: 'Accessibility needs', required: true }];
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 10, maxGroup: 4, questions });
  const occ = occurrenceIds[0]!;
  assert.deepEqual(await signUp(t.ctx, person(occ, 0, { answers: { q1: 'Rullstol' } })), { outcome: 'invalid', issues: { seats: { code: 'seats_range', max: 4 } } });
  assert.deepEqual(await signUp(t.ctx, person(occ, -2, { answers: { q1: 'Rullstol' } })), { outcome: 'invalid', issues: { seats: { code: 'seats_range', max: 4 } } });
  assert.deepEqual(await signUp(t.ctx, person(occ, 5, { answers: { q1: 'Rullstol' } })), { outcome: 'invalid', issues: { seats: { code: 'seats_range', max: 4 } } });
  assert.deepEqual(await signUp(t.ctx, person(occ, 1, { answers: { q1: '  ' } })), { outcome: 'invalid', issues: { q1: { code: 'required' } } });
  assert.deepEqual(await signUp(t.ctx, person(occ, 1, { answers: { q1: 'x', q9: 'y' } })), { outcome: 'invalid', issues: { q9: { code: 'unknown' } } });
  assert.deepEqual(await signUp(t.ctx, { ...person(occ, 1), occurrenceId: 999_999_999 }), { outcome: 'not_found' });
  assert.equal((await rows(occ)).length, 0);
  const ok = created(await signUp(t.ctx, person(occ, 1, { answers: { q1: '  Rullstol  ' } })));
  const saved = await t.ctx.db.selectFrom('registrations').select('answers').where('id', '=', ok.id).executeTakeFirstOrThrow();
  assert.deepEqual(saved.answers, { q1: 'Rullstol' });

  const opens = new Date(Date.now() + 3600_000);
  const { occurrenceIds: later } = await makeRegistrable(t.ctx, { opensAt: opens });
  assert.deepEqual(await signUp(t.ctx, person(later[0]!, 1)), { outcome: 'refused', reason: 'not_open_yet', opensAt: opens });
  const { occurrenceIds: closed } = await makeRegistrable(t.ctx, { closesAt: new Date(Date.now() - 60_000), opensAt: new Date(Date.now() - 3600_000) });
  assert.deepEqual(await signUp(t.ctx, person(closed[0]!, 1)), { outcome: 'refused', reason: 'closed' });
  // Without an explicit closing, the window closes when the occurrence starts.
  const { occurrenceIds: started } = await makeRegistrable(t.ctx, { startsAt: new Date(Date.now() - 60_000) });
  assert.deepEqual(await signUp(t.ctx, person(started[0]!, 1)), { outcome: 'refused', reason: 'closed' });
  const { occurrenceIds: members } = await makeRegistrable(t.ctx, { accountRequired: true });
  assert.deepEqual(await signUp(t.ctx, person(members[0]!, 1)), { outcome: 'refused', reason: 'account_required' });
  assert.equal((await signUp(t.ctx, person(members[0]!, 1, { userId: team.id }))).outcome, 'created');
});

test('a cancellation offers the freed seats to the first people in line whose group fits, with a 12-hour deadline, and positions close up', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 4, waitlist: 20 });
  const occ = occurrenceIds[0]!;
  const a = created(await signUp(t.ctx, person(occ, 2)));
  created(await signUp(t.ctx, person(occ, 2)));
  const c = created(await signUp(t.ctx, person(occ, 3)));
  const d = created(await signUp(t.ctx, person(occ, 1, { email: 'dora@example.test' })));
  const e = created(await signUp(t.ctx, person(occ, 2, { email: 'erik@example.test' })));
  assert.deepEqual([c.position, d.position, e.position], [1, 2, 3]);
  const before = Date.now();
  const res = await cancelByToken(t.ctx, a.manageToken);
  assert.equal(res.outcome, 'cancelled');
  // Two seats free: the group of 3 does not fit, the 1 does; one seat is left, too few for the 2.
  const after1 = await rows(occ);
  assert.deepEqual(after1.map((r) => [r.seats, r.status]), [[2, 'cancelled'], [2, 'confirmed'], [3, 'waitlisted'], [1, 'offered'], [2, 'waitlisted']]);
  const offer = after1[3]!.offer_expires_at!.getTime();
  assert.ok(offer >= before + 12 * 3600_000 - 1000 && offer <= Date.now() + 12 * 3600_000 + 1000, 'the offer runs 12 hours');
  const [offerMail] = (await outbox('dora@example.test')).slice(-1);
  assert.match(offerMail!.subject, /^En plats har blivit ledig: /);
  assert.match(offerMail!.text_body, /Svara senast \d+ \w+ \d{4} kl\. \d\d:\d\d/);
  assert.deepEqual(await counts(occ), { capacity: 4, confirmedSeats: 2, offeredSeats: 1, available: 1, waitlisted: 2, waitlistedSeats: 5, checkedIn: 0, cancelled: 1 });
  // Cancelling twice changes nothing.
  assert.deepEqual(await cancelByToken(t.ctx, a.manageToken), { outcome: 'not_cancellable', status: 'cancelled' });

  // Nobody answers: at the deadline the offer lapses and passes on (two seats free again: the 3 still
  // does not fit, the 2 behind it does).
  const later = new Date(offer + 60_000);
  const sweep = await expireOffers(t.ctx, later);
  assert.deepEqual(sweep, { expired: [d.id], offered: [e.id] });
  const after2 = await rows(occ);
  assert.deepEqual(after2.map((r) => [r.seats, r.status, r.cancel_reason]), [[2, 'cancelled', 'visitor'], [2, 'confirmed', null], [3, 'waitlisted', null], [1, 'cancelled', 'offer_expired'], [2, 'offered', null]]);
  assert.match((await outbox('dora@example.test')).slice(-1)[0]!.subject, /^Erbjudandet har gått ut: /);
  assert.match((await outbox('erik@example.test')).slice(-1)[0]!.subject, /^En plats har blivit ledig: /);
  // A second sweep finds nothing more to do.
  assert.deepEqual(await expireOffers(t.ctx, later), { expired: [], offered: [] });
  // The lapsed offer cannot be accepted any more; the new one can, before its deadline.
  assert.deepEqual(await acceptOffer(t.ctx, d.manageToken, later), { outcome: 'not_offered', status: 'cancelled' });
  const accepted = await acceptOffer(t.ctx, e.manageToken, new Date(later.getTime() + 60_000));
  assert.equal(accepted.outcome, 'confirmed');
  assert.match((await outbox('erik@example.test')).slice(-1)[0]!.subject, /^Din biljett: /);
  assert.deepEqual(await counts(occ), { capacity: 4, confirmedSeats: 4, offeredSeats: 0, available: 0, waitlisted: 1, waitlistedSeats: 3, checkedIn: 0, cancelled: 2 });
  // The one still waiting is number 1 in line.
  const cRow = (await rows(occ)).find((r) => r.id === c.id)!;
  assert.equal(cRow.status, 'waitlisted');
});

test('an unanswered offer expires at its deadline even when accepted too late', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 1, waitlist: 5, offerHours: 2 });
  const occ = occurrenceIds[0]!;
  const a = created(await signUp(t.ctx, person(occ, 1)));
  const b = created(await signUp(t.ctx, person(occ, 1)));
  const c = created(await signUp(t.ctx, person(occ, 1)));
  await cancelByToken(t.ctx, a.manageToken);
  const offered = (await rows(occ)).find((r) => r.id === b.id)!;
  assert.equal(offered.status, 'offered');
  const late = new Date(offered.offer_expires_at!.getTime() + 1000);
  assert.deepEqual(await acceptOffer(t.ctx, b.manageToken, late), { outcome: 'expired' });
  const after = await rows(occ);
  assert.deepEqual(after.map((r) => r.status), ['cancelled', 'cancelled', 'offered']);
  assert.equal(after[2]!.id, c.id);
});

test('raising the capacity offers the new seats to the waiting list; lowering it below the seats held is refused', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 2, waitlist: 10 });
  const occ = occurrenceIds[0]!;
  for (const s of [2, 1, 2, 1]) await signUp(t.ctx, person(occ, s));
  assert.deepEqual((await rows(occ)).map((r) => r.status), ['confirmed', 'waitlisted', 'waitlisted', 'waitlisted']);
  const r = await saveOccurrenceSettings(t.ctx, team, occ, { capacity: 4, enabled: true, opens_at: null, closes_at: null });
  assert.deepEqual(r, { outcome: 'ok', offered: 2 });
  assert.deepEqual((await rows(occ)).map((x) => x.status), ['confirmed', 'offered', 'waitlisted', 'offered'], 'the 1 and the next 1 fit in 2 seats; the 2 between them does not');
  assert.deepEqual(await saveOccurrenceSettings(t.ctx, team, occ, { capacity: 3, enabled: true, opens_at: null, closes_at: null }), { outcome: 'invalid', issues: { capacity: { code: 'below_held', held: 4 } } });
  assert.equal((await t.ctx.db.selectFrom('registration_occurrences').select('capacity').where('occurrence_id', '=', occ).executeTakeFirstOrThrow()).capacity, 4);
});

/** Two app runtimes on one database: two pools, two batchers, real lock contention between them. */
async function secondRuntime(): Promise<Runtime> {
  return createRuntime(t.config, { log: () => {}, databaseUrl: t.db.url, jobs: false, poolSize: 5, runMigrations: false });
}

test('300 concurrent sign-ups from two runtimes never overbook: exactly the capacity is confirmed, the rest wait in arrival order', async () => {
  const other = await secondRuntime();
  try {
    const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 40, waitlist: 10_000, maxGroup: 4 });
    const occ = occurrenceIds[0]!;
    const sizes = Array.from({ length: 300 }, (_, i) => ((i * 7) % 4) + 1);
    const outcomes = await Promise.all(sizes.map((s, i) => signUp(i % 2 ? other.ctx : t.ctx, person(occ, s))));
    assert.ok(outcomes.every((o) => o.outcome === 'created'), JSON.stringify(outcomes.find((o) => o.outcome !== 'created')));
    const all = await rows(occ);
    assert.equal(all.length, 300);
    assert.deepEqual(all.map((r) => r.arrival), Array.from({ length: 300 }, (_, i) => i + 1));
    // Replaying the arrival order with the rule gives exactly the stored statuses.
    let free = 40;
    for (const r of all) {
      const expected = r.seats <= free ? 'confirmed' : 'waitlisted';
      if (expected === 'confirmed') free -= r.seats;
      assert.equal(r.status, expected, `arrival ${r.arrival}`);
    }
    assert.equal(free, 0);
    const c = await counts(occ);
    assert.equal(c.confirmedSeats, 40);
    // Positions reported to the waiting people are 1..n in arrival order.
    const positions = outcomes.map((o) => (o as { registration: { id: number; position?: number } }).registration).filter((r) => r.position !== undefined);
    const byId = new Map(all.map((r) => [r.id, r.arrival]));
    positions.sort((x, y) => byId.get(x.id)! - byId.get(y.id)!);
    assert.deepEqual(positions.map((p) => p.position), Array.from({ length: positions.length }, (_, i) => i + 1));
  } finally {
    await other.close();
  }
});

test('20 concurrent cancellations from two runtimes promote each waiting person at most once, the first who fit', async () => {
  const other = await secondRuntime();
  try {
    const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 20, waitlist: 1000, maxGroup: 1 });
    const occ = occurrenceIds[0]!;
    const regs = [];
    for (let i = 0; i < 60; i++) regs.push(created(await signUp(t.ctx, person(occ, 1))));
    const confirmed = regs.slice(0, 20);
    await Promise.all(confirmed.map((r, i) => cancelByToken(i % 2 ? other.ctx : t.ctx, r.manageToken)));
    const all = await rows(occ);
    assert.deepEqual(
      all.map((r) => r.status),
      [...Array(20).fill('cancelled'), ...Array(20).fill('offered'), ...Array(20).fill('waitlisted')],
      'exactly the next 20 in line are offered, once each',
    );
    const offerMails = await t.ctx.db.selectFrom('mail_outbox').select('to_address').where('subject', 'like', 'En plats har blivit ledig:%').where('to_address', 'in', regs.map((_, i) => all[i]!.email!)).execute();
    assert.equal(offerMails.length, 20);
    assert.equal(new Set(offerMails.map((m) => m.to_address)).size, 20);
  } finally {
    await other.close();
  }
});

test('a ticket checks in once, even when staff at two doors scan it at the same moment', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 5 });
  const occ = occurrenceIds[0]!;
  const r = created(await signUp(t.ctx, person(occ, 2, { name: 'Ines Incheckning' })));
  const typed = formatTicketCode(r.ticketCode).toLowerCase().replace('-', ' ');
  const results = await Promise.all(Array.from({ length: 8 }, () => checkIn(t.ctx, team, occ, typed)));
  assert.equal(results.filter((x) => x.outcome === 'checked_in').length, 1);
  assert.equal(results.filter((x) => x.outcome === 'already_checked_in').length, 7);
  const again = await checkIn(t.ctx, team, occ, r.ticketCode);
  assert.equal(again.outcome, 'already_checked_in');
  assert.equal((again as { checkedInByName: string }).checkedInByName, 'Tova Team');
  assert.deepEqual(await checkIn(t.ctx, team, occ, 'NOPE'), { outcome: 'unknown' });
  assert.deepEqual(await checkIn(t.ctx, team, occ, 'ZZZZ-ZZZZ'), { outcome: 'unknown' });
  const { occurrenceIds: other } = await makeRegistrable(t.ctx, { capacity: 5 });
  assert.deepEqual(await checkIn(t.ctx, team, other[0]!, r.ticketCode), { outcome: 'other_occurrence', occurrenceId: occ });
  assert.equal((await counts(occ)).checkedIn, 2);
  // A checked-in ticket cannot be cancelled through the link.
  assert.deepEqual(await cancelByToken(t.ctx, r.manageToken), { outcome: 'not_cancellable', status: 'checked_in' });
});

test('releasing no-shows cancels confirmed people who did not check in and offers their seats, without mailing them', async () => {
  const { occurrenceIds } = await makeRegistrable(t.ctx, { capacity: 2, waitlist: 5 });
  const occ = occurrenceIds[0]!;
  const came = created(await signUp(t.ctx, person(occ, 1)));
  const away = created(await signUp(t.ctx, person(occ, 1, { email: 'away@example.test' })));
  const waiting = created(await signUp(t.ctx, person(occ, 1, { email: 'next@example.test' })));
  await checkIn(t.ctx, team, occ, came.ticketCode);
  const r = await releaseNoShows(t.ctx, team, occ);
  assert.deepEqual(r, { outcome: 'ok', released: [away.id], offered: [waiting.id] });
  assert.deepEqual((await rows(occ)).map((x) => [x.status, x.cancel_reason]), [['checked_in', null], ['cancelled', 'no_show'], ['offered', null]]);
  assert.equal((await outbox('away@example.test')).length, 1, 'only the ticket, no cancellation mail');
  assert.match((await outbox('next@example.test')).slice(-1)[0]!.subject, /^En plats har blivit ledig/);
  const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', String(occ)).where('action', '=', 'registration.release_no_shows').executeTakeFirstOrThrow();
  assert.equal(audit.actor_id, team.id);
  void sql;
});
