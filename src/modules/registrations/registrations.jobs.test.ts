// The background work of registration, run with the tests' own clock: reminders the day before,
// notices when an occurrence is cancelled, erasing personal data after the occurrence while keeping
// the counts, the mail sweep, the same jobs on real pg-boss queues, and jobs whose mail failed for
// one person being retried without mailing anyone twice (ADR 023).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, type TestApp } from '../../../test/helpers.ts';
import { makeRegistrable, teamActor } from '../../../test/registration-fixtures.ts';
import { createRuntime } from '../../app.ts';
import type { AppContext } from '../../platform/context.ts';
import { flakyMailer } from '../../../test/factories.ts';
import { publishRelease, setOccurrenceStatus } from '../expo/expo.commands.ts';
import { MAIL_QUEUE, MESSAGE_QUEUE, messageAttendees, signUp, type RegistrationSummary } from './registrations.commands.ts';
import { erasePersonalData, notifyCancelledOccurrences, runStaffMessage, sendReminders } from './registrations.jobs.ts';
import { deliverMail, unnotifiedIds } from './registrations.mail.ts';
import { seatCounts } from './registrations.queries.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

let n = 0;
async function register(occurrenceId: number, locale: 'sv' | 'en' = 'sv'): Promise<RegistrationSummary & { email: string }> {
  n++;
  const email = `jobb${n}@example.test`;
  const r = await signUp(t.ctx, { occurrenceId, name: `Jobb ${n}`, email, seats: 1, answers: {}, locale });
  if (r.outcome !== 'created') throw new Error(JSON.stringify(r));
  return { ...r.registration, email };
}
const mailsTo = (email: string) => t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id').execute();

test('confirmed people get a reminder with their ticket the day before, once; people waiting and later occurrences do not', async () => {
  const now = new Date();
  const soon = await makeRegistrable(t.ctx, { capacity: 1, waitlist: 5, startsAt: new Date(now.getTime() + 20 * 3600_000), titleSv: 'Morgondagens visning', titleEn: "Tomorrow's tour" });
  const later = await makeRegistrable(t.ctx, { capacity: 5, startsAt: new Date(now.getTime() + 3 * 86400_000) });
  const sv = await register(soon.occurrenceIds[0]!);
  const waiting = await register(soon.occurrenceIds[0]!);
  const other = await register(later.occurrenceIds[0]!, 'en');
  const r = await sendReminders(t.ctx, now);
  assert.ok(r.occurrences >= 1);
  const mails = await mailsTo(sv.email);
  assert.equal(mails.at(-1)!.subject, 'Påminnelse: Morgondagens visning i morgon');
  assert.match(mails.at(-1)!.text_body, /Välkommen i morgon! Här är din biljett igen\./);
  assert.deepEqual((mails.at(-1)!.attachments as { filename: string }[]).map((a) => a.filename.replace(/-.*\.png$/, '.png')), ['biljett.png', 'h22.ics']);
  assert.equal((await mailsTo(waiting.email)).length, 1, 'only the waiting-list mail');
  assert.equal((await mailsTo(other.email)).length, 1, 'only the ticket');
  assert.deepEqual(await sendReminders(t.ctx, new Date(now.getTime() + 3600_000)), { occurrences: 0, mailed: 0 });
  assert.equal((await mailsTo(sv.email)).length, mails.length, 'sent once');
  // Two days later the other occurrence is due.
  await sendReminders(t.ctx, new Date(now.getTime() + 2.2 * 86400_000));
  assert.equal((await mailsTo(other.email)).at(-1)!.subject.startsWith('Reminder: '), true, 'in the language the person signed up in');
});

test('when an occurrence is cancelled in the published programme, everyone registered and waiting is told, once, and sign-up closes', async () => {
  const ev = await makeRegistrable(t.ctx, { capacity: 1, waitlist: 5, titleSv: 'Inställd tur', occurrences: 2 });
  const [cancelled, kept] = ev.occurrenceIds as [number, number];
  const a = await register(cancelled);
  const b = await register(cancelled, 'en');
  const c = await register(kept);
  const team = await teamActor(t.ctx);
  assert.equal((await setOccurrenceStatus(t.ctx, team, ev.eventId, cancelled, 'cancelled')).outcome, 'ok');
  // Not yet published: nobody is told.
  assert.deepEqual(await notifyCancelledOccurrences(t.ctx), { occurrences: 0, mailed: 0 });
  await publishRelease(t.ctx, team);
  const r = await notifyCancelledOccurrences(t.ctx);
  assert.deepEqual(r, { occurrences: 1, mailed: 2 });
  assert.equal((await mailsTo(a.email)).at(-1)!.subject, 'Inställt: Inställd tur');
  assert.match((await mailsTo(b.email)).at(-1)!.text_body, /session you registered for is cancelled/);
  assert.equal((await mailsTo(c.email)).length, 1);
  assert.deepEqual(await notifyCancelledOccurrences(t.ctx), { occurrences: 0, mailed: 0 });
  const refused = await signUp(t.ctx, { occurrenceId: cancelled, name: 'Sen', email: 'sen@example.test', seats: 1, answers: {}, locale: 'sv' });
  assert.deepEqual(refused, { outcome: 'refused', reason: 'closed' });
  assert.match((await new Client(t.app).get(`/program/anmalan/${cancelled}`)).body, /Tillfället är inställt\./);
});

test('personal data is erased the set number of days after the occurrence; counts and check-ins stay, links stop working', async () => {
  const now = new Date();
  // Ended 31 days ago, with registration closing before it started.
  const old = await makeRegistrable(t.ctx, { capacity: 2, waitlist: 5, startsAt: new Date(now.getTime() - 40 * 86400_000), opensAt: new Date(now.getTime() - 60 * 86400_000), closesAt: new Date(now.getTime() - 41 * 86400_000) });
  const recent = await makeRegistrable(t.ctx, { capacity: 2, startsAt: new Date(now.getTime() - 10 * 86400_000), opensAt: new Date(now.getTime() - 60 * 86400_000), closesAt: new Date(now.getTime() - 11 * 86400_000) });
  // The sign-ups happened while the windows were open.
  const at = new Date(now.getTime() - 45 * 86400_000);
  const reg = async (occ: number, i: number) => {
    const r = await signUp(t.ctx, { occurrenceId: occ, name: `Gammal ${i}`, email: `gammal${i}@example.test`, seats: 1, answers: {}, locale: 'sv' }, at);
    if (r.outcome !== 'created') throw new Error(JSON.stringify(r));
    return r.registration;
  };
  const o1 = await reg(old.occurrenceIds[0]!, 1);
  await reg(old.occurrenceIds[0]!, 2);
  await reg(old.occurrenceIds[0]!, 3);
  const r1 = await reg(recent.occurrenceIds[0]!, 4);
  await t.ctx.db.updateTable('registrations').set({ status: 'checked_in', checked_in_at: at }).where('id', '=', o1.id).execute();
  const before = (await seatCounts(t.ctx.db, [old.occurrenceIds[0]!])).get(old.occurrenceIds[0]!);
  const result = await erasePersonalData(t.ctx, now);
  assert.deepEqual(result, { occurrences: 1, registrations: 3 });
  const rows = await t.ctx.db.selectFrom('registrations').select(['name', 'email', 'answers', 'status', 'seats', 'erased_at']).where('occurrence_id', '=', old.occurrenceIds[0]!).orderBy('arrival').execute();
  assert.deepEqual(rows.map((r) => [r.name, r.email, r.answers, r.status, r.seats]), [['', null, {}, 'checked_in', 1], ['', null, {}, 'confirmed', 1], ['', null, {}, 'waitlisted', 1]]);
  assert.deepEqual((await seatCounts(t.ctx.db, [old.occurrenceIds[0]!])).get(old.occurrenceIds[0]!), before, 'the statistics are kept');
  const link = await new Client(t.app).get(`/program/anmalan/biljett/${o1.manageToken}`);
  assert.equal(link.status, 404);
  // The recent one is kept until its time comes.
  assert.equal((await t.ctx.db.selectFrom('registrations').select('name').where('id', '=', r1.id).executeTakeFirstOrThrow()).name, 'Gammal 4');
  assert.deepEqual(await erasePersonalData(t.ctx, now), { occurrences: 0, registrations: 0 });
  assert.deepEqual(await erasePersonalData(t.ctx, new Date(now.getTime() + 21 * 86400_000)), { occurrences: 1, registrations: 1 });
  const audit = await t.ctx.db.selectFrom('audit_log').select('after').where('action', '=', 'registration.erase').orderBy('id').execute();
  assert.deepEqual(audit.map((a) => a.after), [{ occurrences: 1, registrations: 3 }, { occurrences: 1, registrations: 1 }]);
});

test('a status change whose mail was never sent (the process stopped after the commit) is mailed by the sweep, once', async () => {
  const ev = await makeRegistrable(t.ctx, { capacity: 3 });
  const r = await register(ev.occurrenceIds[0]!);
  await t.ctx.db.deleteFrom('mail_outbox').where('to_address', '=', r.email).execute();
  await t.ctx.db.updateTable('registrations').set({ notified_status: null, updated_at: new Date(Date.now() - 5 * 60_000) }).where('id', '=', r.id).execute();
  const ids = await unnotifiedIds(t.ctx);
  assert.ok(ids.includes(r.id));
  assert.equal(await deliverMail(t.ctx, ids), ids.length);
  assert.equal((await mailsTo(r.email)).length, 1);
  assert.equal(await deliverMail(t.ctx, [r.id]), 0, 'claimed: never twice');
  assert.ok(!(await unnotifiedIds(t.ctx)).includes(r.id));
});

test('on real pg-boss queues the ticket mail is sent by a worker after the answer', async () => {
  const runtime = await createRuntime(t.config, { log: () => {}, databaseUrl: t.db.url, jobs: true, poolSize: 4, runMigrations: false });
  try {
    assert.equal(runtime.ctx.jobs.enabled, true);
    const ev = await makeRegistrable(t.ctx, { capacity: 3, titleSv: 'Köad biljett' });
    const r = await signUp(runtime.ctx, { occurrenceId: ev.occurrenceIds[0]!, name: 'Kö Karin', email: 'ko.karin@example.test', seats: 1, answers: {}, locale: 'sv' });
    assert.equal(r.outcome, 'created');
    let mail;
    for (let i = 0; i < 60 && !mail; i++) {
      mail = (await mailsTo('ko.karin@example.test'))[0];
      if (!mail) await new Promise((res) => setTimeout(res, 250));
    }
    assert.ok(mail, 'the worker sent the ticket');
    assert.equal(mail.subject, 'Din biljett: Köad biljett');
  } finally {
    await runtime.close();
  }
});

// ---------- a job whose mail failed for one person, retried ----------

/** A worker whose SMTP server turns the addresses in `refused` away for now (421: try again later). */
function flakyWorker(refused: Set<string>): { ctx: AppContext; delivered: string[] } {
  const { mail, delivered } = flakyMailer(t.ctx, refused, () => Object.assign(new Error('421 4.7.0 Try again later'), { responseCode: 421 }));
  return { ctx: { ...t.ctx, mail }, delivered };
}
/** What reached each address, failed attempts left out. */
const deliveredTo = async (emails: string[]) =>
  (await t.ctx.db.selectFrom('mail_outbox').select(['to_address', 'subject']).where('to_address', 'in', emails).where('error', 'is', null).orderBy('id').execute()).map((m) => `${m.to_address}: ${m.subject}`);
/** A context whose jobs are only queued (as with pg-boss), for the test to run as the worker would. */
function queuing(): { ctx: AppContext; queued: { queue: string; data: Record<string, unknown> }[] } {
  const queued: { queue: string; data: Record<string, unknown> }[] = [];
  return { ctx: { ...t.ctx, jobs: { ...t.ctx.jobs, send: async (queue, data = {}) => void queued.push({ queue, data }) } }, queued };
}

test('a ticket job that failed for one person is retried: everyone gets exactly one ticket, and the others did not wait', async () => {
  const ev = await makeRegistrable(t.ctx, { capacity: 5, titleSv: 'Hamnpromenad' });
  const q = queuing();
  const emails = ['anna.hamn@example.test', 'bo.hamn@example.test', 'cai.hamn@example.test'];
  for (const email of emails) {
    const r = await signUp(q.ctx, { occurrenceId: ev.occurrenceIds[0]!, name: email.split('.')[0]!, email, seats: 1, answers: {}, locale: 'sv' });
    assert.equal(r.outcome, 'created');
  }
  const ids = q.queued.filter((j) => j.queue === MAIL_QUEUE).flatMap((j) => j.data.ids as number[]);
  assert.equal(ids.length, 3);
  const told = async () => (await t.ctx.db.selectFrom('registrations').select(['email', 'notified_status']).where('id', 'in', ids).orderBy('id').execute()).map((r) => [r.email, r.notified_status]);

  const refused = new Set(['bo.hamn@example.test']);
  const w = flakyWorker(refused);
  await assert.rejects(deliverMail(w.ctx, ids), /421 4\.7\.0 Try again later/);
  assert.deepEqual(w.delivered, ['anna.hamn@example.test: Din biljett: Hamnpromenad', 'cai.hamn@example.test: Din biljett: Hamnpromenad']);
  assert.deepEqual(await told(), [['anna.hamn@example.test', 'confirmed'], ['bo.hamn@example.test', null], ['cai.hamn@example.test', 'confirmed']]);

  // pg-boss retries the job: only Bo is mailed.
  refused.clear();
  assert.equal(await deliverMail(w.ctx, ids), 1);
  // The process died after the mails went but before recording it: the sweep finds them untold, and sends nothing.
  await t.ctx.db.updateTable('registrations').set({ notified_status: null }).where('id', 'in', ids).execute();
  assert.equal(await deliverMail(w.ctx, ids), 0);
  assert.deepEqual(await told(), emails.map((e) => [e, 'confirmed']));
  assert.deepEqual(w.delivered, ['anna.hamn@example.test: Din biljett: Hamnpromenad', 'cai.hamn@example.test: Din biljett: Hamnpromenad', 'bo.hamn@example.test: Din biljett: Hamnpromenad']);
  assert.deepEqual(await deliveredTo(emails), ['anna', 'cai', 'bo'].map((n) => `${n}.hamn@example.test: Din biljett: Hamnpromenad`));
  const bo = (await mailsTo('bo.hamn@example.test')).map((m) => [m.subject, m.error]);
  assert.deepEqual(bo, [['Din biljett: Hamnpromenad', '421 4.7.0 Try again later'], ['Din biljett: Hamnpromenad', null]]);
  assert.match((await mailsTo('bo.hamn@example.test'))[1]!.text_body, /Hej bo!/i);
});

test('a staff message job that failed part-way is retried: each attendee gets the message once', async () => {
  const ev = await makeRegistrable(t.ctx, { capacity: 5, titleSv: 'Kvällsvandring' });
  const occ = ev.occurrenceIds[0]!;
  const a = await register(occ);
  const b = await register(occ, 'en');
  const q = queuing();
  assert.deepEqual(await messageAttendees(q.ctx, await teamActor(t.ctx), occ, { subject: 'Ändrad mötesplats', body: 'Vi samlas vid Kärnan i stället.', includeWaiting: false }), { outcome: 'ok', queued: true });
  const job = q.queued.find((j) => j.queue === MESSAGE_QUEUE)!;
  assert.match(String(job.data.messageId), /^[0-9a-f-]{36}$/);

  const refused = new Set([b.email]);
  const w = flakyWorker(refused);
  await assert.rejects(runStaffMessage(w.ctx, job.data), /421 4\.7\.0/);
  refused.clear();
  assert.equal(await runStaffMessage(w.ctx, job.data), 1);
  assert.equal(await runStaffMessage(w.ctx, job.data), 0);
  assert.deepEqual(w.delivered, [`${a.email}: Ändrad mötesplats`, `${b.email}: Ändrad mötesplats`]);
  const got = await t.ctx.db.selectFrom('mail_outbox').select(['to_address', 'text_body']).where('subject', '=', 'Ändrad mötesplats').where('error', 'is', null).orderBy('id').execute();
  assert.deepEqual(got.map((m) => m.to_address), [a.email, b.email]);
  assert.ok(got.every((m) => m.text_body.includes('Vi samlas vid Kärnan i stället.')));
  // Another message with the same words is another message.
  const again = queuing();
  await messageAttendees(again.ctx, await teamActor(t.ctx), occ, { subject: 'Ändrad mötesplats', body: 'Vi samlas vid Kärnan i stället.', includeWaiting: false });
  assert.equal(await runStaffMessage(w.ctx, again.queued[0]!.data), 2);
});

test('cancellation notices that failed for one person: the occurrence stays due, and the next run mails only that person', async () => {
  const ev = await makeRegistrable(t.ctx, { capacity: 3, titleSv: 'Regattan' });
  const occ = ev.occurrenceIds[0]!;
  const a = await register(occ);
  const b = await register(occ);
  const team = await teamActor(t.ctx);
  await setOccurrenceStatus(t.ctx, team, ev.eventId, occ, 'cancelled');
  await publishRelease(t.ctx, team);
  const refused = new Set([a.email]);
  const w = flakyWorker(refused);
  const audits = async () => (await t.ctx.db.selectFrom('audit_log').select('after').where('action', '=', 'registration.occurrence_cancelled.notify').where('entity_id', '=', String(occ)).execute()).map((x) => x.after);
  await assert.rejects(notifyCancelledOccurrences(w.ctx), /421 4\.7\.0/);
  assert.deepEqual(w.delivered, [`${b.email}: Inställt: Regattan`]);
  assert.deepEqual(await audits(), [], 'not done yet');
  refused.clear();
  assert.deepEqual(await notifyCancelledOccurrences(w.ctx), { occurrences: 1, mailed: 1 });
  assert.deepEqual(await notifyCancelledOccurrences(w.ctx), { occurrences: 0, mailed: 0 });
  assert.deepEqual(w.delivered, [`${b.email}: Inställt: Regattan`, `${a.email}: Inställt: Regattan`]);
  assert.deepEqual(await deliveredTo([a.email, b.email]), [`${a.email}: Din biljett: Regattan`, `${b.email}: Din biljett: Regattan`, `${b.email}: Inställt: Regattan`, `${a.email}: Inställt: Regattan`]);
  assert.deepEqual(await audits(), [{ mailed: 2 }]);
});

test('reminders that failed for one person: the next run reminds only that person', async () => {
  const now = new Date();
  const ev = await makeRegistrable(t.ctx, { capacity: 3, startsAt: new Date(now.getTime() + 10 * 3600_000), titleSv: 'Gryningsyoga' });
  const a = await register(ev.occurrenceIds[0]!);
  const b = await register(ev.occurrenceIds[0]!);
  const refused = new Set([b.email]);
  const w = flakyWorker(refused);
  await assert.rejects(sendReminders(w.ctx, now), /421 4\.7\.0/);
  refused.clear();
  const second = await sendReminders(w.ctx, new Date(now.getTime() + 3600_000));
  assert.equal(second.mailed, 1);
  assert.deepEqual(await sendReminders(w.ctx, new Date(now.getTime() + 2 * 3600_000)), { occurrences: 0, mailed: 0 });
  const reminders = w.delivered.filter((d) => d.includes('Påminnelse: Gryningsyoga'));
  assert.deepEqual(reminders, [`${a.email}: Påminnelse: Gryningsyoga i morgon`, `${b.email}: Påminnelse: Gryningsyoga i morgon`]);
});
