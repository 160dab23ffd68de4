// The staff pages over HTTP: turning registration on with settings, the attendee list with counts,
// CSV export, messages, releasing no-shows, cancelling, and the check-in page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeUser } from '../../../test/factories.ts';
import { makeRegistrable } from '../../../test/registration-fixtures.ts';
import { publishRelease } from '../expo/expo.commands.ts';
import { signUp, type RegistrationSummary } from './registrations.commands.ts';
import { formatTicketCode } from './registrations.rules.ts';

let t: TestApp;
let staff: Client;
before(async () => {
  t = await createTestApp();
  const u = await makeUser(t.ctx, { roles: ['programme_team'], name: 'Petra Projektgrupp' });
  staff = new Client(t.app);
  await staff.signIn(u.email, u.password);
});
after(async () => t.close());

const text = (b: string) => decodeEntities(b);
const fieldError = (body: string, field: string) => text(new RegExp(`id="f-${field}-error">([^<]*)<`).exec(body)?.[1] ?? '');
let n = 0;
async function register(occurrenceId: number, seats = 1, name?: string, answers: Record<string, string> = {}): Promise<RegistrationSummary> {
  n++;
  const r = await signUp(t.ctx, { occurrenceId, name: name ?? `Deltagare ${n}`, email: `deltagare${n}@example.test`, seats, answers, locale: 'sv' });
  if (r.outcome !== 'created') throw new Error(JSON.stringify(r));
  return r.registration;
}

/** A published item without registration yet, with two occurrences. */
async function plainEvent(title: string): Promise<{ eventId: number; occurrenceIds: number[] }> {
  const base = await makeRegistrable(t.ctx, { titleSv: `${title} (mall)` });
  const event = await t.ctx.db
    .insertInto('expo_events')
    .values({ edition_id: (await t.ctx.db.selectFrom('expo_events').select('edition_id').where('id', '=', base.eventId).executeTakeFirstOrThrow()).edition_id, slug: `plain-${Date.now()}`, state: 'accepted', type: 'talk', title_sv: title, prices: JSON.stringify([]) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.ctx.db.insertInto('expo_event_organisers').values({ event_id: event.id, organisation_id: base.organisationId, is_main: true }).execute();
  const venue = await t.ctx.db.selectFrom('expo_venues').select('id').executeTakeFirstOrThrow();
  const start = Date.now() + 20 * 86400_000;
  const occ = await t.ctx.db
    .insertInto('expo_occurrences')
    .values([0, 1].map((i) => ({ event_id: event.id, venue_id: venue.id, starts_at: new Date(start + i * 86400_000), ends_at: new Date(start + i * 86400_000 + 5400_000) })))
    .returning('id')
    .execute();
  await publishRelease(t.ctx, { kind: 'anonymous' });
  return { eventId: event.id, occurrenceIds: occ.map((o) => o.id).sort((a, b) => a - b) };
}

test('the team turns registration on for an item from the overview: settings with questions apply to every occurrence', async () => {
  const { eventId, occurrenceIds } = await plainEvent('Workshop om sensorer');
  const overview = await staff.get('/admin/registrations');
  assert.equal(overview.status, 200);
  assert.match(text(overview.body), /<h1>Anmälningar<\/h1>/);
  assert.match(text(overview.body), new RegExp(`<option value="${eventId}">Workshop om sensorer \\(`));
  const choose = await staff.get(`/admin/registrations/enable?event=${eventId}`);
  assert.equal(choose.headers.location, `/admin/registrations/events/${eventId}`);
  const form = await staff.get(`/admin/registrations/events/${eventId}`);
  assert.match(text(form.body), /<h1>Anmälan: Workshop om sensorer<\/h1>/);
  assert.match(form.body, /id="f-capacity" name="capacity" type="number" value="50"/);
  assert.match(form.body, /id="f-apply_all" name="apply_all" value="on" checked/);

  // Bad input: every problem named next to its field, nothing saved.
  const bad = await staff.submit(`/admin/registrations/events/${eventId}`, `/admin/registrations/events/${eventId}`, {
    capacity: '0',
    max_group_size: '99',
    waitlist_capacity: '-1',
    offer_hours: 'tolv',
    erase_after_days: '30',
    opens_at: '2026-13-40T25:00',
    closes_at: '',
    apply_all: 'on',
  });
  assert.equal(bad.status, 422);
  assert.equal(fieldError(bad.body, 'offer_hours'), 'Ange ett heltal.');
  assert.equal(fieldError(bad.body, 'opens_at'), 'Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM.');
  const bad2 = await staff.submit(`/admin/registrations/events/${eventId}`, `/admin/registrations/events/${eventId}`, {
    capacity: '0',
    max_group_size: '99',
    waitlist_capacity: '-1',
    offer_hours: '12',
    erase_after_days: '30',
    opens_at: '2026-12-10T10:00',
    closes_at: '2026-12-09T10:00',
    q1_en: 'Dietary needs',
  });
  assert.equal(bad2.status, 422);
  assert.equal(fieldError(bad2.body, 'capacity'), 'Ange ett heltal från 1 till 100000.');
  assert.equal(fieldError(bad2.body, 'max_group_size'), 'Ange ett heltal från 1 till 20.');
  assert.equal(fieldError(bad2.body, 'waitlist_capacity'), 'Ange ett heltal från 0 till 100000.');
  assert.equal(fieldError(bad2.body, 'closes_at'), 'Stängningen måste vara efter öppningen.');
  assert.equal(fieldError(bad2.body, 'q1_sv'), 'Skriv frågan på svenska (eller töm frågan på engelska också).');
  assert.match(bad2.body, /value="Dietary needs"/);
  assert.equal((await t.ctx.db.selectFrom('registration_events').select('event_id').where('event_id', '=', eventId).execute()).length, 0);

  const ok = await staff.submit(`/admin/registrations/events/${eventId}`, `/admin/registrations/events/${eventId}`, {
    capacity: '12',
    max_group_size: '3',
    waitlist_capacity: '6',
    offer_hours: '6',
    erase_after_days: '14',
    opens_at: '2026-11-01T09:00',
    closes_at: '',
    apply_all: 'on',
    q1_sv: 'Specialkost',
    q1_en: 'Dietary needs',
    q1_required: 'on',
  });
  assert.equal(ok.status, 303);
  const saved = await staff.get(ok.headers.location as string);
  assert.match(text(saved.body), /Inställningarna är sparade\./);
  const settings = await t.ctx.db.selectFrom('registration_events').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
  assert.deepEqual(
    { max: settings.max_group_size, wl: settings.waitlist_capacity, hours: settings.offer_hours, erase: settings.erase_after_days, q: settings.questions },
    { max: 3, wl: 6, hours: 6, erase: 14, q: [{ id: 'q1', label_sv: 'Specialkost', label_en: 'Dietary needs', required: true }] },
  );
  const occs = await t.ctx.db.selectFrom('registration_occurrences').select(['occurrence_id', 'capacity', 'opens_at', 'enabled']).where('event_id', '=', eventId).orderBy('occurrence_id').execute();
  assert.deepEqual(occs.map((o) => [o.occurrence_id, o.capacity, o.opens_at?.toISOString(), o.enabled]), occurrenceIds.map((id) => [id, 12, '2026-11-01T08:00:00.000Z', true]));
  const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_label']).where('entity_type', '=', 'expo_event').where('entity_id', '=', String(eventId)).execute();
  assert.deepEqual(audit.map((a) => a.action), ['registration.settings.enable']);
  // The public form now asks the question.
  assert.match(text((await new Client(t.app).get(`/program/anmalan/${occurrenceIds[0]}`)).body), /<label for="f-q1">Specialkost <span class="req"/);
  // And the overview lists both occurrences with counts.
  const list = text((await staff.get('/admin/registrations')).body);
  assert.match(list, /<h2 id="ev-\d+">Workshop om sensorer<\/h2>/);
  assert.equal((list.match(new RegExp(`href="/admin/registrations/occurrences/(${occurrenceIds.join('|')})"`, 'g')) ?? []).length, 2);
  // Turning it off keeps the rows but closes sign-up.
  const off = await staff.submit(`/admin/registrations/events/${eventId}`, `/admin/registrations/events/${eventId}/disable`, {});
  assert.match(text((await staff.get(off.headers.location as string)).body), /Anmälan är avstängd\./);
  assert.match(text((await new Client(t.app).get(`/program/anmalan/${occurrenceIds[0]}`)).body), /Anmälan är stängd\./);
});

test('the attendee list shows counts, people in order with their answers, and exports as CSV', async () => {
  const ev = await makeRegistrable(t.ctx, { capacity: 3, waitlist: 5, maxGroup: 2, titleSv: 'Visning av Havoteket', questions: [{ id: 'q1', label_sv: 'Specialkost', label_en: 'Diet', required: false }] });
  const occ = ev.occurrenceIds[0]!;
  const a = await register(occ, 2, 'Åsa Öberg', { q1: 'Vegetarisk' });
  await register(occ, 1, '=HYPERLINK("http://evil")');
  await register(occ, 2, 'Väntande Vera');
  const page = await staff.get(`/admin/registrations/occurrences/${occ}`);
  assert.equal(page.status, 200);
  const b = text(page.body);
  assert.match(b, /<h1>Deltagare: Visning av Havoteket<\/h1>/);
  assert.match(b, /<div><dt>Platser<\/dt><dd>3<\/dd><\/div><div><dt>Bekräftade platser<\/dt><dd>3<\/dd><\/div><div><dt>Lediga<\/dt><dd>0<\/dd><\/div><div><dt>I kö<\/dt><dd>1<\/dd><\/div>/);
  assert.match(b, /<th scope="row">Åsa Öberg<\/th>/);
  assert.match(b, /På väntelistan \(kö 1\)/);
  assert.match(b, new RegExp(`<code>${formatTicketCode(a.ticketCode)}</code>`));
  assert.match(b, /<li>Specialkost: Vegetarisk<\/li>/);
  const csv = await staff.get(`/admin/registrations/occurrences/${occ}/attendees.csv`);
  assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'Nr,Status,Kö,Namn,E-post,Platser,Kod,Anmäld,Incheckad,Specialkost');
  assert.match(lines[1]!, /^1,Bekräftad,,Åsa Öberg,deltagare\d+@example\.test,2,/);
  // A name that looks like a formula is exported as text.
  assert.match(lines[2]!, /,"'=HYPERLINK\(""http:\/\/evil""\)",/);
  assert.match(lines[3]!, /^3,På väntelistan,1,Väntande Vera,/);
});

test('staff message the attendees, cancel one registration and release no-shows; the first in line gets the offer', async () => {
  const ev = await makeRegistrable(t.ctx, { capacity: 2, waitlist: 5, titleSv: 'Stadsvandring' });
  const occ = ev.occurrenceIds[0]!;
  const came = await register(occ, 1, 'Kom Karlsson');
  const cancelMe = await register(occ, 1, 'Avbokad Anna');
  const next = await register(occ, 1, 'Nästa Nils');
  const after = await register(occ, 1, 'Sista Siv');
  const base = `/admin/registrations/occurrences/${occ}`;
  const empty = await staff.submit(base, `${base}/message`, { subject: '', body: '' });
  assert.equal(empty.status, 422);
  assert.equal(fieldError(empty.body, 'subject'), 'Fyll i fältet.');
  const sent = await staff.submit(base, `${base}/message`, { subject: 'Ny samlingsplats', body: 'Vi ses vid entrén mot havet.' });
  assert.equal(sent.status, 303);
  assert.match(text((await staff.get(sent.headers.location as string)).body), /Meddelandet skickas till deltagarna\./);
  const mails = await t.ctx.db.selectFrom('mail_outbox').select(['to_address', 'text_body']).where('subject', '=', 'Ny samlingsplats').execute();
  assert.equal(mails.length, 2, 'the two confirmed, not the waiting');
  assert.match(mails[0]!.text_body, /Meddelande från arrangören \(Petra Projektgrupp\):\n\nVi ses vid entrén mot havet\./);
  // Cancel one: the first in line is offered the seat.
  const regId = (await t.ctx.db.selectFrom('registrations').select('id').where('ticket_code', '=', cancelMe.ticketCode).executeTakeFirstOrThrow()).id;
  const c = await staff.submit(base, `/admin/registrations/registrations/${regId}/cancel`, {});
  assert.equal(c.headers.location, `${base}?done=cancelled`);
  const st = async (s: RegistrationSummary) => (await t.ctx.db.selectFrom('registrations').select(['status', 'cancel_reason']).where('ticket_code', '=', s.ticketCode).executeTakeFirstOrThrow());
  assert.deepEqual(await st(cancelMe), { status: 'cancelled', cancel_reason: 'staff' });
  assert.equal((await st(next)).status, 'offered');
  // Kom checks in. Releasing no-shows then finds no one confirmed and absent: Nils's offer still runs.
  const ci = await staff.submit(`${base}/check-in`, `${base}/check-in`, { code: came.ticketCode });
  assert.match(text(ci.body), /Incheckad: Kom Karlsson, 1 plats\./);
  const rel = await staff.submit(base, `${base}/no-shows`, {});
  assert.match(text((await staff.get(rel.headers.location as string)).body), /0 anmälningar avbokades\. 0 i kön fick erbjudande\./);
  assert.equal((await st(after)).status, 'waitlisted');
  const staffMail = await t.ctx.db.selectFrom('mail_outbox').select('subject').where('to_address', '=', (await t.ctx.db.selectFrom('registrations').select('email').where('ticket_code', '=', cancelMe.ticketCode).executeTakeFirstOrThrow()).email!).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(staffMail.subject, 'Din anmälan har avbokats: Stadsvandring');
});

test('the check-in page: a typed code checks in once, a second try says when it was used, bad codes say why', async () => {
  const ev = await makeRegistrable(t.ctx, { capacity: 5, waitlist: 5, titleSv: 'Föredrag i Dunkers' });
  const occ = ev.occurrenceIds[0]!;
  const r = await register(occ, 2, 'Ines Incheckning');
  const url = `/admin/registrations/occurrences/${occ}/check-in`;
  const page = await staff.get(`${url}?code=${formatTicketCode(r.ticketCode)}`);
  assert.equal(page.status, 200);
  assert.match(text(page.body), /<h1>Incheckning: Föredrag i Dunkers<\/h1>/);
  assert.match(page.body, new RegExp(`<input id="f-code" name="code" type="text" value="${formatTicketCode(r.ticketCode)}"`));
  assert.match(page.body, /<script src="\/assets\/checkin\.js" defer><\/script>/);
  const first = await staff.submit(url, url, { code: formatTicketCode(r.ticketCode).toLowerCase() });
  assert.equal(first.status, 200);
  assert.match(text(first.body), /<div role="status" aria-live="polite" class="checkin-live"><p class="notice notice-success checkin-result">Incheckad: Ines Incheckning, 2 platser\.<\/p>/);
  assert.doesNotMatch(first.body, /name="code" type="text" value=/, 'the field is empty for the next ticket');
  const second = await staff.submit(url, url, { code: r.ticketCode });
  assert.equal(second.status, 409);
  assert.match(text(second.body), /Biljetten är redan använd\. Den checkades in \d+ \w+ \d{4} kl\. \d\d:\d\d av Petra Projektgrupp\. Ines Incheckning, 2 platser\./);
  const unknown = await staff.submit(url, url, { code: 'ABCD-EFGH' });
  assert.equal(unknown.status, 409);
  assert.match(text(unknown.body), /Det finns ingen biljett med den koden\./);
  const empty = await staff.submit(url, url, { code: '' });
  assert.equal(empty.status, 422);
  assert.match(empty.body, /id="f-code-error"/);
  const tooLong = await staff.submit(url, url, { code: 'x'.repeat(5000) });
  assert.equal(tooLong.status, 422);
  const counts = text((await staff.get(url)).body);
  assert.match(counts, /<dt>Incheckade platser<\/dt><dd>2<\/dd>/);
});

test('raising an occurrence\'s capacity on its page offers seats to the waiting list and says how many', async () => {
  const ev = await makeRegistrable(t.ctx, { capacity: 1, waitlist: 5 });
  const occ = ev.occurrenceIds[0]!;
  await register(occ, 1);
  await register(occ, 1);
  await register(occ, 1);
  const base = `/admin/registrations/occurrences/${occ}`;
  const bad = await staff.submit(base, `${base}/settings`, { capacity: '0', enabled: 'on' });
  assert.equal(bad.status, 422);
  assert.equal(fieldError(bad.body, 'capacity'), 'Ange ett heltal från 1 till 100000.');
  const r = await staff.submit(base, `${base}/settings`, { capacity: '3', enabled: 'on' });
  assert.equal(r.headers.location, `${base}?done=saved&offered=2`);
  assert.match(text((await staff.get(r.headers.location as string)).body), /Inställningarna är sparade\. 2 personer i kön fick erbjudande om plats\./);
});
