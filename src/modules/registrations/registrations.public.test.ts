// The public sign-up form and the visitor's ticket page over HTTP, in Swedish and English, with
// every kind of bad input: clear messages in the visitor's language, nothing half-saved, no 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeRegistrable, type Registrable } from '../../../test/registration-fixtures.ts';
import { formatTicketCode } from './registrations.rules.ts';
import { registrationPath, registrationSummaries } from './index.ts';

let t: TestApp;
let ev: Registrable;
before(async () => {
  // This file is not about rate limits (see the API test): many form posts come from one address here.
  process.env.REGISTRATION_LIMIT_PER_IP = '0';
  process.env.REGISTRATION_LIMIT_PER_EMAIL = '0';
  t = await createTestApp();
  ev = await makeRegistrable(t.ctx, {
    capacity: 3,
    waitlist: 10,
    maxGroup: 2,
    titleSv: 'Guidad tur i Oceanhamnen',
    titleEn: 'Guided tour of Oceanhamnen',
    questions: [{ id: 'q1', label_sv: 'Behov av tillgänglighet', label_en: 'Accessibility needs', required: false }],
  });
});
after(async () => {
  delete process.env.REGISTRATION_LIMIT_PER_IP;
  delete process.env.REGISTRATION_LIMIT_PER_EMAIL;
  await t.close();
});

const text = (b: string) => decodeEntities(b);
const fieldError = (body: string, field: string) => text(new RegExp(`id="f-${field}-error">([^<]*)<`).exec(body)?.[1] ?? '');
const count = async (occ: number) => (await t.ctx.db.selectFrom('registrations').select('id').where('occurrence_id', '=', occ).execute()).length;
const path = (id: number) => `/program/anmalan/${id}`;
const enPath = (id: number) => `/en/program/register/${id}`;
let n = 0;
const visitor = (extra: Record<string, string> = {}) => {
  n++;
  return { name: `Besökare ${n}`, email: `besokare${n}@example.test`, seats: '1', ...extra };
};

test('the sign-up page shows the item, when and where, the seats left and a labelled form, in both languages', async () => {
  const occ = ev.occurrenceIds[0]!;
  const sv = await new Client(t.app).get(path(occ));
  assert.equal(sv.status, 200);
  const b = text(sv.body);
  assert.match(b, /<h1>Anmälan: Guidad tur i Oceanhamnen<\/h1>/);
  assert.match(b, /<dt>Var<\/dt><dd>Testsalen<br>Kungsgatan 11, Helsingborg<\/dd>/);
  assert.match(b, /<p class="reg-availability">3 platser kvar Anmälan stänger \d+ \w+ \d{4} kl\. \d\d:\d\d\.<\/p>/);
  assert.match(b, /<label for="f-name">Namn/);
  assert.match(b, /<label for="f-email">E-postadress/);
  assert.match(b, /<label for="f-seats">Antal platser<\/label>[\s\S]*<option value="1" selected>1 plats<\/option><option value="2">2 platser<\/option>\s*<\/select>/);
  assert.match(b, /<label for="f-q1">Behov av tillgänglighet \(valfritt\)<\/label>/);
  assert.match(b, /<button type="submit" class="button reg-submit">Anmäl mig<\/button>/);
  assert.match(b, /De raderas 30 dagar efter tillfället\./);
  assert.match(b, new RegExp(`<link rel="alternate" hreflang="en" href="${enPath(occ)}">`));
  assert.match(b, new RegExp(`<a href="/program/evenemang/${ev.slug}">Till programpunkten: Guidad tur i Oceanhamnen</a>`));
  const en = text((await new Client(t.app).get(enPath(occ))).body);
  assert.match(en, /<h1>Registration: Guided tour of Oceanhamnen<\/h1>/);
  assert.match(en, /<dd>The Test Hall<br>/);
  assert.match(en, /3 seats left/);
  assert.match(en, /<label for="f-q1">Accessibility needs \(optional\)<\/label>/);
  assert.match(en, /<html lang="en">/);
});

test('signing up redirects to the ticket page with the QR code, the code, a calendar file and a cancel button; the ticket is mailed', async () => {
  const occ = ev.occurrenceIds[0]!;
  const c = new Client(t.app);
  const r = await c.submit(path(occ), path(occ), { ...visitor({ email: 'sara@example.test', name: 'Sara Svensson' }), seats: '2', q1: 'Rullstol' });
  assert.equal(r.status, 303);
  const loc = r.headers.location as string;
  assert.match(loc, /^\/program\/anmalan\/biljett\/[A-Za-z0-9_-]{43}\?done=new$/);
  const page = await c.get(loc);
  assert.equal(page.status, 200);
  assert.equal(page.headers['cache-control'], 'private, no-store');
  const b = text(page.body);
  assert.match(b, /Klart! Du är anmäld\. Vi har skickat biljetten till din e-post\./);
  assert.match(b, /<strong class="reg-status reg-status-confirmed">Bekräftad<\/strong>/);
  assert.match(b, /<dd>Sara Svensson<\/dd>/);
  assert.match(b, /<dd>2 platser<\/dd>/);
  const reg = await t.ctx.db.selectFrom('registrations').selectAll().where('email', '=', 'sara@example.test').executeTakeFirstOrThrow();
  const code = formatTicketCode(reg.ticket_code);
  assert.match(b, new RegExp(`<img class="reg-qr" src="data:image/png;base64,[^"]+" alt="QR-kod för biljett ${code}\\. Visa den eller koden vid entrén\\."`));
  assert.match(b, new RegExp(`<strong class="reg-code">${code}</strong>`));
  assert.deepEqual(reg.answers, { q1: 'Rullstol' });
  const ics = await c.get(`${loc.split('?')[0]}/kalender.ics`);
  assert.equal(ics.headers['content-type'], 'text/calendar; charset=utf-8');
  assert.match(ics.body, /SUMMARY:Guidad tur i Oceanhamnen/);
  const mail = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'sara@example.test').execute();
  assert.equal(mail.length, 1);
  assert.equal(mail[0]!.subject, 'Din biljett: Guidad tur i Oceanhamnen');
  assert.ok(mail[0]!.text_body.includes(`http://h22.test${loc.split('?')[0]}`));
  // The English page of the same ticket.
  const en = text((await c.get(loc.replace('/program/anmalan/biljett/', '/en/program/register/ticket/').split('?')[0]!)).body);
  assert.match(en, /<strong class="reg-status reg-status-confirmed">Confirmed<\/strong>/);
  assert.match(en, /Add to calendar \(\.ics\)/);
});

test('bad input re-renders the form with what was typed and a message next to each field, in the visitor\'s language; nothing is saved', async () => {
  const occ = ev.occurrenceIds[0]!;
  const before = await count(occ);
  const c = new Client(t.app);
  const long = 'x'.repeat(5000);
  const r = await c.submit(path(occ), path(occ), { name: long, email: 'inte-en-adress', seats: '0' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.body, 'name'), 'Texten får vara högst 200 tecken.');
  assert.equal(fieldError(r.body, 'email'), 'Ange en giltig e-postadress, till exempel namn@exempel.se.');
  assert.match(text(r.body), /<h2>Det finns problem i formuläret<\/h2>/);
  assert.match(r.body, /value="inte-en-adress"/);
  const zero = await c.submit(path(occ), path(occ), visitor({ seats: '0' }));
  assert.equal(zero.status, 422);
  assert.equal(fieldError(zero.body, 'seats'), 'Välj mellan 1 och 2 platser.');
  for (const seats of ['-1', '3', 'två', '1.5']) {
    const bad = await c.submit(path(occ), path(occ), visitor({ seats }));
    assert.equal(bad.status, 422, seats);
    assert.equal(fieldError(bad.body, 'seats'), 'Välj mellan 1 och 2 platser.', seats);
  }
  const en = await c.submit(enPath(occ), enPath(occ), { name: '', email: 'nope', seats: '9' });
  assert.equal(en.status, 422);
  assert.equal(fieldError(en.body, 'name'), 'Fill in this field.');
  assert.equal(fieldError(en.body, 'seats'), 'Choose from 1 to 2 seats.');
  assert.equal(fieldError(en.body, 'email'), 'Enter a valid e-mail address, for example name@example.com.');
  assert.equal(await count(occ), before, 'nothing saved');
});

test('unknown occurrences and forged links are clear "not found" pages, never errors', async () => {
  const c = new Client(t.app);
  for (const p of ['/program/anmalan/999999999', '/program/anmalan/abc', '/program/anmalan/1e5', '/en/program/register/0']) {
    const r = await c.get(p);
    assert.equal(r.status, 404, p);
  }
  const forged = await c.get(`/program/anmalan/biljett/${'A'.repeat(43)}`);
  assert.equal(forged.status, 404);
  assert.match(text(forged.body), /<h1>Länken fungerar inte<\/h1>/);
  assert.match(text(forged.body), /Länken fungerar inte\. Den kan vara felskriven/);
  const forgedEn = await c.get('/en/program/register/ticket/nonsense');
  assert.equal(forgedEn.status, 404);
  assert.match(text(forgedEn.body), /The link does not work/);
  // Cancelling with a forged link changes nothing and says the same.
  const page = await c.get(path(ev.occurrenceIds[0]!));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const post = await c.request('POST', `/program/anmalan/biljett/${'B'.repeat(43)}/avboka`, { form: { _csrf: csrf } });
  assert.equal(post.status, 404);
});

test('a double click makes one registration, and the same address again gets a notice instead of a second one', async () => {
  const occ = ev.occurrenceIds[0]!;
  const c = new Client(t.app);
  const form = await c.get(path(occ));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const idem = /name="idem" value="([^"]+)"/.exec(form.body)![1]!;
  const fields = { _csrf: csrf, idem, name: 'Dubbel Klick', email: 'dubbel@example.test', seats: '1' };
  const [a, b] = await Promise.all([c.request('POST', path(occ), { form: fields }), c.request('POST', path(occ), { form: fields })]);
  assert.equal(a.status, 303);
  assert.equal(b.status, 303);
  assert.equal(a.headers.location, b.headers.location);
  assert.equal((await t.ctx.db.selectFrom('registrations').select('id').where('email', '=', 'dubbel@example.test').execute()).length, 1);
  const again = await new Client(t.app).submit(path(occ), path(occ), { name: 'Dubbel Klick', email: 'DUBBEL@example.test', seats: '1' });
  assert.equal(again.status, 409);
  assert.match(text(again.body), /Den här e-postadressen är redan anmäld till tillfället\. Vi har skickat länken till din anmälan till adressen igen\./);
  assert.doesNotMatch(again.body, /biljett\/[A-Za-z0-9_-]{43}/, 'the other person\'s link is not shown');
  assert.equal((await t.ctx.db.selectFrom('registrations').select('id').where('email', '=', 'dubbel@example.test').execute()).length, 1);
});

test('when full, the form offers the waiting list; cancelling through the link offers the seat to the first in line, who accepts it', async () => {
  const small = await makeRegistrable(t.ctx, { capacity: 1, waitlist: 5, maxGroup: 1, titleSv: 'Liten visning' });
  const occ = small.occurrenceIds[0]!;
  const first = new Client(t.app);
  const r1 = await first.submit(path(occ), path(occ), visitor({ email: 'forst@example.test' }));
  const ticket1 = (r1.headers.location as string).split('?')[0]!;
  const page = text((await new Client(t.app).get(path(occ))).body);
  assert.match(page, /Fullt\. Du kan ställa dig på väntelistan/);
  assert.match(page, /<button type="submit" class="button reg-submit">Ställ mig på väntelistan<\/button>/);
  const second = new Client(t.app);
  const r2 = await second.submit(path(occ), path(occ), visitor({ email: 'andra@example.test' }));
  const ticket2 = (r2.headers.location as string).split('?')[0]!;
  const waiting = text((await second.get(r2.headers.location as string)).body);
  assert.match(waiting, /Du står på väntelistan\. Vi har skickat en bekräftelse/);
  assert.match(waiting, /<p class="reg-position">Du har plats 1 i kön\.<\/p>/);
  assert.doesNotMatch(waiting, /reg-qr/, 'no ticket while waiting');
  assert.match(waiting, /Lämna väntelistan/);

  const cancelled = await first.submit(ticket1, `${ticket1}/avboka`, {});
  assert.equal(cancelled.status, 303);
  const after = text((await first.get(cancelled.headers.location as string)).body);
  assert.match(after, /Din anmälan är avbokad\./);
  assert.match(after, /<strong class="reg-status reg-status-cancelled">Avbokad<\/strong>/);
  assert.doesNotMatch(after, /<form method="post" action="[^"]*avboka"/);
  const offerMail = (await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'andra@example.test').orderBy('id').execute()).slice(-1)[0]!;
  assert.equal(offerMail.subject, 'En plats har blivit ledig: Liten visning');
  assert.ok(offerMail.text_body.includes(`Svara på erbjudandet: http://h22.test${ticket2}`));
  const offer = text((await second.get(ticket2)).body);
  assert.match(offer, /<h2 id="offer-heading">En plats har blivit ledig<\/h2>/);
  assert.match(offer, /Vi har reserverat 1 plats åt dig\. Svara senast/);
  const accepted = await second.submit(ticket2, `${ticket2}/svara`, { answer: 'accept' });
  assert.equal(accepted.headers.location, `${ticket2}?done=accepted`);
  const ok = text((await second.get(accepted.headers.location as string)).body);
  assert.match(ok, /Klart! Du har fått platsen\./);
  assert.match(ok, /reg-status-confirmed">Bekräftad</);
  assert.match(ok, /class="reg-qr"/);
  // Answering again changes nothing.
  const again = await second.submit(ticket2, `${ticket2}/svara`, { answer: 'decline' });
  assert.equal(again.headers.location, `${ticket2}?done=not_offered`);
  assert.equal((await t.ctx.db.selectFrom('registrations').select('status').where('email', '=', 'andra@example.test').executeTakeFirstOrThrow()).status, 'confirmed');
});

test('a closed or not yet open window says so and shows no form; posting anyway is refused with the reason', async () => {
  const closed = await makeRegistrable(t.ctx, { opensAt: new Date(Date.now() - 7200_000), closesAt: new Date(Date.now() - 3600_000) });
  const occ = closed.occurrenceIds[0]!;
  const c = new Client(t.app);
  const page = await c.get(path(occ));
  assert.match(text(page.body), /<p class="reg-availability">Anmälan är stängd\.<\/p>/);
  assert.doesNotMatch(page.body, /name="email"/);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? (await c.get(path(ev.occurrenceIds[0]!))).body.match(/name="_csrf" value="([^"]+)"/)![1]!;
  const post = await c.request('POST', path(occ), { form: { _csrf: csrf, ...visitor() } });
  assert.equal(post.status, 409);
  assert.match(text(post.body), /Anmälan till det här tillfället är stängd\./);
  assert.equal(await count(occ), 0);
  const later = await makeRegistrable(t.ctx, { opensAt: new Date(Date.now() + 86400_000) });
  assert.match(text((await c.get(enPath(later.occurrenceIds[0]!))).body), /Registration opens \d+ \w+ \d{4} at \d\d:\d\d\./);
});

test('the programme gets each occurrence\'s registration state (for GET /api/v1/events) and the path to link to', async () => {
  const ev2 = await makeRegistrable(t.ctx, { capacity: 4, waitlist: 4, maxGroup: 2, occurrences: 2, opensAt: new Date(Date.now() - 60_000) });
  const [first, second] = ev2.occurrenceIds as [number, number];
  const c = new Client(t.app);
  await c.submit(path(first), path(first), visitor({ seats: '2' }));
  await c.submit(path(first), path(first), visitor({ seats: '2' }));
  await c.submit(path(first), path(first), visitor({ seats: '1' }));
  await t.ctx.db.updateTable('registration_occurrences').set({ enabled: false }).where('occurrence_id', '=', second).execute();
  const map = await registrationSummaries(t.ctx.db, [first, second, 999_999]);
  assert.deepEqual([...map.keys()], [first], 'only occurrences with registration turned on');
  const r = map.get(first)!;
  const occRow = await t.ctx.db.selectFrom('expo_pub_occurrences').select('starts_at').where('occurrence_id', '=', first).executeTakeFirstOrThrow();
  assert.deepEqual({ ...r, opensAt: typeof r.opensAt }, { capacity: 4, confirmedSeats: 4, available: 0, waitlisted: 1, opensAt: 'string', closesAt: occRow.starts_at.toISOString() });
  assert.equal(registrationPath('sv', first), `/program/anmalan/${first}`);
  assert.equal(registrationPath('en', first), `/en/program/register/${first}`);
});
