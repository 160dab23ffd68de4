// The staff dashboard, the audit log viewer and the mail outbox over HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, textOf, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';
import { createSession, SESSION_COOKIE } from '../../platform/auth/sessions.ts';

let t: TestApp;
let admin: { id: number; email: string };
let team: { id: number; email: string };
let finance: { id: number; email: string };

before(async () => {
  t = await createTestApp();
  admin = await makeUser(t.ctx, { name: 'Ada Admin', roles: ['admin'], email: 'ada@example.test' });
  team = await makeUser(t.ctx, { name: 'Petra Programme', roles: ['programme_team'], email: 'petra@example.test' });
  finance = await makeUser(t.ctx, { name: 'Frida Finans', roles: ['finance'], email: 'frida@example.test' });
});
after(async () => t.close());

async function as(user: { id: number }): Promise<Client> {
  const c = new Client(t.app);
  c.cookies.set(SESSION_COOKIE, await createSession(t.ctx.db, user.id, 'password', 'test'));
  return c;
}

const text = (body: string) => decodeEntities(body.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const sections = (body: string) => [...(/<ul class="admin-sections">(.*?)<\/ul>/s.exec(body)?.[1] ?? '').matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]);
const auditRows = (body: string) => [...body.matchAll(/<tr id="audit-(\d+)">/g)].map((m) => Number(m[1]));

// ---------- dashboard ----------

test('the dashboard shows each person the sections they may use and the counts they may see', async () => {
  const adminPage = await (await as(admin)).get('/admin');
  assert.equal(adminPage.status, 200);
  assert.equal(textOf(adminPage.body, /<h1>(.*?)<\/h1>/), 'Administration');
  for (const href of ['/admin/users', '/admin/organisations', '/admin/audit', '/admin/outbox']) assert.ok(sections(adminPage.body).includes(href), href);
  assert.match(text(adminPage.body), /Användare 3 Avstängda konton 0 Organisationer \d+ Ändringar i loggen senaste 7 dagarna \d+ Meddelanden i utkorgen \d+/);

  const financePage = await (await as(finance)).get('/admin');
  const fs = sections(financePage.body);
  assert.ok(fs.includes('/admin/audit') && fs.includes('/admin/organisations'));
  assert.ok(!fs.includes('/admin/users') && !fs.includes('/admin/outbox'), 'finance sees neither people nor mail');
  assert.doesNotMatch(text(financePage.body), /Användare \d/);
  assert.doesNotMatch(text(financePage.body), /Meddelanden i utkorgen/);
});

test('a member of an organisation sees their organisations; a resident gets 403; a visitor is sent to sign in', async () => {
  const org = await makeOrganisation(t.ctx, { name: 'Kulturförvaltningen Test' });
  const member = await makeUser(t.ctx, { name: 'Moa Member', org: { id: org.id, role: 'editor' } });
  const page = await (await as(member)).get('/admin');
  assert.equal(page.status, 200);
  assert.match(text(page.body), /Dina organisationer Kulturförvaltningen Test Din roll: Redaktör/);
  assert.match(page.body, new RegExp(`href="/admin/organisations/${org.id}/members"`));
  assert.doesNotMatch(text(page.body), /Läget just nu/);

  const resident = await makeUser(t.ctx, { name: 'Rut Resident' });
  const denied = await (await as(resident)).get('/admin');
  assert.equal(denied.status, 403);
  assert.match(denied.body, /<h1>Du har inte behörighet<\/h1>/);

  const anon = await new Client(t.app).get('/admin');
  assert.equal(anon.status, 303);
  assert.equal(anon.headers.location, '/logga-in?next=%2Fadmin');
});

// ---------- audit log ----------

test('the audit log shows an edit as before → after, with who and when in Stockholm time', async () => {
  const target = await makeUser(t.ctx, { name: 'Greta Gammal', email: 'greta@example.test' });
  const c = await as(admin);
  const r = await c.submit(`/admin/users/${target.id}`, `/admin/users/${target.id}`, { name: 'Greta Ny', roles: ['finance'] });
  assert.equal(r.status, 303);
  const entry = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.update').where('entity_id', '=', String(target.id)).executeTakeFirstOrThrow();
  const log = await c.get(`/admin/audit?entity_type=user&entity_id=${target.id}`);
  assert.equal(log.status, 200);
  const row = new RegExp(`<tr id="audit-${entry.id}">(.*?)</tr>`, 's').exec(log.body)?.[1] ?? '';
  assert.match(row, /<code>user\.update<\/code>/);
  assert.match(decodeEntities(row), /Ada Admin <ada@example\.test>/);
  assert.match(row, /<code>name<\/code>: <del><span class="visually-hidden">före: <\/span>Greta Gammal<\/del> <span aria-hidden="true">→<\/span> <ins><span class="visually-hidden">efter: <\/span>Greta Ny<\/ins>/);
  assert.match(row, /<code>globalRoles<\/code>: <del><span class="visually-hidden">före: <\/span>\(tomt\)<\/del> <span aria-hidden="true">→<\/span> <ins><span class="visually-hidden">efter: <\/span>finance<\/ins>/);
  const shown = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(entry.at);
  assert.ok(row.includes(`<time datetime="${entry.at.toISOString()}">${shown}</time>`), `time shown as ${shown}`);
  // The entity column links to the record's whole history.
  assert.match(row, new RegExp(`href="/admin/audit\\?entity_type=user&amp;entity_id=${target.id}"`));
  assert.deepEqual(auditRows(log.body).length, 2, 'user.create and user.update of this person');
});

test('the audit log filters by actor, action, entity and a date range in Stockholm days', async () => {
  const org = await makeOrganisation(t.ctx, { name: 'Filterförvaltningen' });
  const c = await as(team);
  await c.submit(`/admin/organisations/${org.id}`, `/admin/organisations/${org.id}`, { name: 'Filterförvaltningen 2', slug: org.slug, kind: 'administration' });
  // 23:30 UTC is already 00:30 the next day in Stockholm (UTC+1 in winter): days are Stockholm days.
  await t.ctx.db
    .insertInto('audit_log')
    .values([
      { at: new Date('2022-01-14T23:30:00Z'), actor_label: 'Nattuggla <natt@example.test>', action: 'organisation.update', entity_type: 'organisation', entity_id: String(org.id), before: JSON.stringify({ name: 'A' }), after: JSON.stringify({ name: 'B' }) },
      { at: new Date('2022-01-15T23:30:00Z'), actor_label: 'Nattuggla <natt@example.test>', action: 'organisation.update', entity_type: 'organisation', entity_id: String(org.id), before: JSON.stringify({ name: 'B' }), after: JSON.stringify({ name: 'C' }) },
    ])
    .execute();
  const a = await as(finance);
  const byActor = await a.get('/admin/audit?actor=petra%40example');
  assert.ok(auditRows(byActor.body).length >= 1);
  assert.doesNotMatch(byActor.body, /Nattuggla|Ada Admin/);
  assert.match(byActor.body, /<input id="f-actor" name="actor" type="text" value="petra@example"/);

  const byAction = await a.get(`/admin/audit?action=organisation.update&entity_type=organisation&entity_id=${org.id}`);
  assert.equal(auditRows(byAction.body).length, 3);
  assert.match(byAction.body, /<option value="organisation.update" selected>organisation.update<\/option>/);

  const day = await a.get(`/admin/audit?entity_id=${org.id}&from=2022-01-15&to=2022-01-15`);
  assert.equal(auditRows(day.body).length, 1);
  assert.match(text(day.body), /1 händelse/);
  assert.match(text(day.body), /15 jan\. 2022 00:30/);
  assert.match(day.body, /<del><span class="visually-hidden">före: <\/span>A<\/del>/);
  const twoDays = await a.get(`/admin/audit?entity_id=${org.id}&from=2022-01-15&to=2022-01-16`);
  assert.equal(auditRows(twoDays.body).length, 2);
  const none = await a.get('/admin/audit?action=nothing.like.this');
  assert.match(text(none.body), /Inga händelser matchar filtren/);
});

test('bad filters re-render the form with a message next to each field', async () => {
  const c = await as(admin);
  const r = await c.get(`/admin/audit?from=2022-02-30&to=igår&actor=${'x'.repeat(300)}`);
  assert.equal(r.status, 400);
  assert.equal(textOf(r.body, /<p class="error-message" id="f-from-error">(.*?)<\/p>/), 'Ange ett datum som ÅÅÅÅ-MM-DD, till exempel 2022-05-30.');
  assert.equal(textOf(r.body, /<p class="error-message" id="f-to-error">(.*?)<\/p>/), 'Ange ett datum som ÅÅÅÅ-MM-DD, till exempel 2022-05-30.');
  assert.equal(textOf(r.body, /<p class="error-message" id="f-actor-error">(.*?)<\/p>/), 'Texten får vara högst 200 tecken.');
  assert.match(r.body, /name="from" type="date" value="2022-02-30"/);
  assert.match(r.body, /class="error-summary"/);
  assert.doesNotMatch(r.body, /<table class="audit-table">/);
  const reversed = await c.get('/admin/audit?from=2022-06-01&to=2022-05-01');
  assert.equal(reversed.status, 400);
  assert.equal(textOf(reversed.body, /<p class="error-message" id="f-to-error">(.*?)<\/p>/), 'Slutdatumet måste vara samma dag som eller efter startdatumet.');
});

test('the audit log pages through entries newest first, keeping the filters', async () => {
  const values = Array.from({ length: 55 }, (_, i) => ({
    at: new Date(Date.UTC(2021, 0, 1, 12, i)),
    actor_label: 'Pager <pager@example.test>',
    action: 'pager.test',
    entity_type: 'pager',
    entity_id: String(i + 1),
    before: null,
    after: JSON.stringify({ n: i + 1 }),
  }));
  await t.ctx.db.insertInto('audit_log').values(values).execute();
  const c = await as(admin);
  const p1 = await c.get('/admin/audit?action=pager.test');
  assert.equal(auditRows(p1.body).length, 50);
  assert.match(p1.body, /<a href="\/admin\/audit\?entity_type=pager&amp;entity_id=55"/);
  assert.match(p1.body, /href="\/admin\/audit\?action=pager\.test&amp;page=2" rel="next"/);
  const p2 = await c.get('/admin/audit?action=pager.test&page=2');
  assert.deepEqual([...p2.body.matchAll(/entity_id=(\d+)" title/g)].map((m) => Number(m[1])), [5, 4, 3, 2, 1]);
  assert.match(text(p2.body), /Sida 2 av 2/);
});

test('only the programme team, finance and admins read the audit log', async () => {
  const org = await makeOrganisation(t.ctx, { name: 'Insynsförvaltningen' });
  const editor = await makeUser(t.ctx, { name: 'Ed', org: { id: org.id, role: 'editor' } });
  const r = await (await as(editor)).get('/admin/audit');
  assert.equal(r.status, 403);
  assert.doesNotMatch(r.body, /audit-table/);
  assert.equal((await (await as(team)).get('/admin/audit')).status, 200);
});

// ---------- outbox ----------

test('the outbox lists mail newest first and shows a message in full, with HTML as escaped source', async () => {
  await t.ctx.mail.send({ to: 'first@example.test', subject: 'Första', text: 'Hej!' });
  const ics = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';
  const { id } = await t.ctx.mail.send({
    to: 'second@example.test',
    subject: 'Din biljett <H22>',
    text: 'Rad ett\nRad två',
    html: '<p>Hej<script>alert(1)</script><img src=x onerror=alert(2)></p>',
    attachments: [{ filename: 'biljett.ics', contentType: 'text/calendar', content: Buffer.from(ics).toString('base64') }],
  });
  const c = await as(team);
  const list = await c.get('/admin/outbox');
  assert.equal(list.status, 200);
  const subjects = [...list.body.matchAll(/<th scope="row"><a href="\/admin\/outbox\/(\d+)">([^<]+)<\/a>/g)].map((m) => decodeEntities(m[2]!));
  assert.deepEqual(subjects.slice(0, 2), ['Din biljett <H22>', 'Första']);
  assert.match(text(list.body), /second@example\.test Din biljett <H22> I utkorgen \(ingen SMTP\) 1/);

  const detail = await c.get(`/admin/outbox/${id}`);
  assert.equal(detail.status, 200);
  assert.equal(decodeEntities(textOf(detail.body, /<h1>(.*?)<\/h1>/)!), 'E-post: Din biljett <H22>');
  assert.match(detail.body, /<pre class="mail-body">Rad ett\nRad två<\/pre>/);
  assert.ok(detail.body.includes('<code>&lt;p&gt;Hej&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&lt;/p&gt;</code>'));
  assert.doesNotMatch(detail.body, /<script>alert|<img src=x/);
  assert.match(detail.body, new RegExp(`<a href="/admin/outbox/${id}/attachments/1" download="biljett.ics">biljett.ics</a> <span class="hint">\\(text/calendar, ${Buffer.byteLength(ics)} byte\\)</span>`));

  const file = await c.get(`/admin/outbox/${id}/attachments/1`);
  assert.equal(file.status, 200);
  assert.equal(file.headers['content-type'], 'application/octet-stream');
  assert.match(String(file.headers['content-disposition']), /^attachment; filename="biljett.ics"/);
  assert.equal(file.body, ics);
  assert.equal((await c.get(`/admin/outbox/${id}/attachments/2`)).status, 404);
  assert.equal((await c.get('/admin/outbox/999999')).status, 404);
  assert.equal((await c.get('/admin/outbox/abc')).status, 404);
});

test('finance and organisation editors cannot read the outbox (it holds sign-in links)', async () => {
  const { id } = await t.ctx.mail.send({ to: 'secret@example.test', subject: 'Inloggningslänk', text: 'https://h22.test/logga-in/lank/abc' });
  for (const who of [finance, await makeUser(t.ctx, { name: 'Org Ed', org: { id: (await makeOrganisation(t.ctx)).id, role: 'editor' } })]) {
    const c = await as(who);
    for (const url of ['/admin/outbox', `/admin/outbox/${id}`, `/admin/outbox/${id}/attachments/1`]) {
      const r = await c.get(url);
      assert.equal(r.status, 403, url);
      assert.doesNotMatch(r.body, /logga-in\/lank\/abc/);
    }
  }
});

test('the staff area answers in English for an English-speaking admin', async () => {
  const en = await makeUser(t.ctx, { name: 'Eric English', roles: ['admin'], locale: 'en' });
  const c = await as(en);
  const dash = await c.get('/admin');
  assert.match(dash.body, /<html lang="en">/);
  assert.match(text(dash.body), /Welcome, Eric English/);
  const audit = await c.get('/admin/audit?from=nope');
  assert.equal(textOf(audit.body, /<p class="error-message" id="f-from-error">(.*?)<\/p>/), 'Enter a date as YYYY-MM-DD, for example 2022-05-30.');
  const outbox = await c.get('/admin/outbox');
  assert.match(outbox.body, /<h1>Mail outbox<\/h1>/);
});
