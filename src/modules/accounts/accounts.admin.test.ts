// Staff administration of people, organisations and memberships over HTTP: every route, bad input,
// CSRF, another organisation's data, and the audit trail each change leaves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, csrfFrom, decodeEntities, textOf, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';
import { createSession, SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { ORGANISATION_SLUGS } from './index.ts';
import { seedAccounts } from './accounts.seed.ts';

let t: TestApp;
let admin: { id: number; email: string };
let team: { id: number; email: string };

before(async () => {
  t = await createTestApp();
  admin = await makeUser(t.ctx, { name: 'Ada Admin', roles: ['admin'], email: 'ada@example.test' });
  team = await makeUser(t.ctx, { name: 'Petra Programme', roles: ['programme_team'], email: 'petra@example.test' });
});
after(async () => t.close());

async function as(user: { id: number }): Promise<Client> {
  const c = new Client(t.app);
  c.cookies.set(SESSION_COOKIE, await createSession(t.ctx.db, user.id, 'password', 'test'));
  return c;
}

const text = (body: string) => decodeEntities(body.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const errorOf = (body: string, field: string) => textOf(body, new RegExp(`<p class="error-message" id="f-${field}-error">(.*?)</p>`, 's'));
const valueOf = (body: string, field: string) => decodeEntities(new RegExp(`id="f-${field}" name="${field}"[^>]*value="([^"]*)"`).exec(body)?.[1] ?? '');
const auditOf = (entityType: string, entityId: number | string) =>
  t.ctx.db.selectFrom('audit_log').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', String(entityId)).orderBy('id').execute();

// ---------- people ----------

test('the user list searches name and e-mail, sorts in Swedish order and pages through results', async () => {
  for (const name of ['Östen Sökbar', 'Zoe Sökbar', 'Åsa Sökbar', 'Anna Sökbar']) await makeUser(t.ctx, { name });
  await makeUser(t.ctx, { name: 'Mail Match', email: 'sokbar-by-mail@example.test' });
  const c = await as(admin);
  const r = await c.get('/admin/users?q=sökbar');
  assert.equal(r.status, 200);
  const names = [...r.body.matchAll(/<th scope="row"><a href="\/admin\/users\/\d+">([^<]+)<\/a>/g)].map((m) => decodeEntities(m[1]!));
  assert.deepEqual(names, ['Anna Sökbar', 'Zoe Sökbar', 'Åsa Sökbar', 'Östen Sökbar']);
  const byMail = await c.get('/admin/users?q=SOKBAR-BY');
  assert.match(text(byMail.body), /1 användare matchar ”SOKBAR-BY”/);
  assert.match(byMail.body, />Mail Match</);
  // LIKE wildcards are searched for literally.
  const wildcard = await c.get('/admin/users?q=%25');
  assert.match(text(wildcard.body), /Inga användare matchar sökningen/);

  for (let i = 0; i < 26; i++) await makeUser(t.ctx, { name: `Pager ${String(i).padStart(2, '0')}` });
  const p1 = await c.get('/admin/users?q=pager');
  assert.equal([...p1.body.matchAll(/<th scope="row">/g)].length, 25);
  assert.match(text(p1.body), /Sida 1 av 2/);
  assert.match(p1.body, /href="\/admin\/users\?q=pager&amp;page=2" rel="next"/);
  const p2 = await c.get('/admin/users?q=pager&page=2');
  assert.deepEqual([...p2.body.matchAll(/>(Pager \d\d)</g)].map((m) => m[1]), ['Pager 25']);
  const junk = await c.get('/admin/users?q=pager&page=abc');
  assert.equal(junk.status, 200);
  assert.match(text(junk.body), /Sida 1 av 2/);
});

test('an admin creates a person with a generated password, shown once, and the person can sign in with it', async () => {
  const c = await as(admin);
  const r = await c.submit('/admin/users/new', '/admin/users/new', { name: 'Nils Nyman', email: 'Nils@Example.test', roles: ['finance'], locale: 'sv', access: 'password' });
  assert.equal(r.status, 201);
  assert.match(text(r.body), /Användaren har skapats/);
  const password = /<code class="secret">([^<]+)<\/code>/.exec(r.body)?.[1];
  assert.ok(password && password.length >= 20, 'the password is on the page');
  const row = await t.ctx.db.selectFrom('users').selectAll().where('email', '=', 'nils@example.test').executeTakeFirstOrThrow();
  assert.deepEqual(row.global_roles, ['finance']);
  assert.ok(row.password_hash && !row.password_hash.includes(password), 'only a hash is stored');
  const audit = await auditOf('user', row.id);
  assert.equal(audit[0]!.action, 'user.create');
  assert.equal(audit[0]!.actor_id, admin.id);
  assert.ok(!JSON.stringify(audit).includes(password), 'the password is not in the audit log');
  const nils = new Client(t.app);
  const signIn = await nils.submit('/logga-in', '/logga-in', { email: 'nils@example.test', password });
  assert.equal(signIn.status, 303);
  assert.match(text((await nils.get('/admin')).body), /Välkommen, Nils Nyman/);
});

test('creating a person with a sign-in link mails the link and shows no password', async () => {
  const c = await as(team);
  const r = await c.submit('/admin/users/new', '/admin/users/new', { name: 'Lina Länk', email: 'lina@example.test', locale: 'en', access: 'link' });
  assert.equal(r.status, 201);
  assert.match(text(r.body), /En inloggningslänk har skickats till lina@example\.test/);
  assert.doesNotMatch(r.body, /class="secret"/);
  const mail = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'lina@example.test').executeTakeFirstOrThrow();
  assert.match(mail.text_body, /http:\/\/h22\.test\/en\/sign-in\/link\/[\w-]+/);
  const user = await t.ctx.db.selectFrom('users').select(['password_hash', 'locale', 'global_roles']).where('email', '=', 'lina@example.test').executeTakeFirstOrThrow();
  assert.equal(user.password_hash, null);
  assert.equal(user.locale, 'en');
  assert.deepEqual(user.global_roles, []);
});

test('invalid input re-renders the create form with what was typed and a message per field; nothing is saved', async () => {
  const c = await as(admin);
  const longName = 'N'.repeat(5000);
  const r = await c.submit('/admin/users/new', '/admin/users/new', { name: longName, email: 'inte-en-adress', roles: ['superuser'], locale: 'de', access: 'password' });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r.body, 'name'), 'Texten får vara högst 200 tecken.');
  assert.equal(errorOf(r.body, 'email'), 'Ange en giltig e-postadress, till exempel namn@exempel.se.');
  assert.equal(errorOf(r.body, 'roles'), 'Välj ett av alternativen.');
  assert.equal(errorOf(r.body, 'locale'), 'Välj ett av alternativen.');
  assert.equal(valueOf(r.body, 'name'), longName);
  assert.equal(valueOf(r.body, 'email'), 'inte-en-adress');
  assert.match(r.body, /class="error-summary"/);
  assert.match(r.body, /id="f-access-password" name="access" value="password" checked/);
  assert.equal(await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'inte-en-adress').executeTakeFirst(), undefined);

  const dup = await c.submit('/admin/users/new', '/admin/users/new', { name: 'Dubbel', email: 'ADA@example.test', locale: 'sv', access: 'password' });
  assert.equal(dup.status, 409);
  assert.equal(errorOf(dup.body, 'email'), 'Det finns redan en användare med den e-postadressen.');
  assert.equal(valueOf(dup.body, 'name'), 'Dubbel');
});

test('the programme team creates people but cannot give them global roles', async () => {
  const c = await as(team);
  const form = await c.get('/admin/users/new');
  assert.doesNotMatch(form.body, /name="roles"/);
  const forged = await c.submit('/admin/users/new', '/admin/users/new', { name: 'Mallory', email: 'mallory@example.test', roles: ['admin'], locale: 'sv', access: 'password' });
  assert.equal(forged.status, 403);
  assert.equal(await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'mallory@example.test').executeTakeFirst(), undefined);
});

test('editing a person changes name and roles, records before → after, and refuses removing one’s own admin role', async () => {
  const target = await makeUser(t.ctx, { name: 'Erik Före', email: 'erik@example.test' });
  const c = await as(admin);
  const page = await c.get(`/admin/users/${target.id}`);
  assert.equal(page.status, 200);
  assert.equal(textOf(page.body, /<h1>(.*?)<\/h1>/s), 'Erik Före');
  const r = await c.submit(`/admin/users/${target.id}`, `/admin/users/${target.id}`, { name: 'Erik Efter', roles: ['programme_team'] });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `/admin/users/${target.id}?done=saved`);
  const after = await c.get(String(r.headers.location));
  assert.match(text(after.body), /Ändringarna är sparade/);
  assert.equal(valueOf(after.body, 'name'), 'Erik Efter');
  const audit = (await auditOf('user', target.id)).filter((a) => a.action === 'user.update');
  assert.deepEqual(audit.map((a) => [a.before, a.after]), [[{ name: 'Erik Före', globalRoles: [] }, { name: 'Erik Efter', globalRoles: ['programme_team'] }]]);

  const bad = await c.submit(`/admin/users/${target.id}`, `/admin/users/${target.id}`, { name: '' });
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad.body, 'name'), 'Fyll i fältet.');

  const self = await c.submit(`/admin/users/${admin.id}`, `/admin/users/${admin.id}`, { name: 'Ada Admin', roles: ['finance'] });
  assert.equal(self.status, 409);
  assert.equal(errorOf(self.body, 'roles'), 'Du kan inte ta bort din egen administratörsroll. Be en annan administratör om det.');
  const me = await t.ctx.db.selectFrom('users').select('global_roles').where('id', '=', admin.id).executeTakeFirstOrThrow();
  assert.deepEqual(me.global_roles, ['admin']);
});

test('the programme team sees but cannot edit a person with a global role', async () => {
  const fin = await makeUser(t.ctx, { name: 'Fia Finans', roles: ['finance'] });
  const c = await as(team);
  const page = await c.get(`/admin/users/${fin.id}`);
  assert.equal(page.status, 200);
  assert.match(text(page.body), /Du kan se men inte ändra den här personen/);
  assert.doesNotMatch(page.body, new RegExp(`action="/admin/users/${fin.id}"`));
  assert.doesNotMatch(page.body, /Stäng av kontot<\/button>/);
  const post = await c.submit('/admin', `/admin/users/${fin.id}`, { name: 'Hacked' });
  assert.equal(post.status, 403);
  const row = await t.ctx.db.selectFrom('users').select('name').where('id', '=', fin.id).executeTakeFirstOrThrow();
  assert.equal(row.name, 'Fia Finans');
});

test('disabling a person signs them out everywhere; enabling lets them back in; both are audited', async () => {
  const org = await makeOrganisation(t.ctx, { name: 'Avstängningsverket' });
  const victim = await makeUser(t.ctx, { name: 'Dan Disabled', org: { id: org.id, role: 'editor' } });
  const theirBrowser = await as(victim);
  assert.equal((await theirBrowser.get('/admin')).status, 200);
  const c = await as(team);
  const r = await c.submit(`/admin/users/${victim.id}`, `/admin/users/${victim.id}/disable`, {});
  assert.equal(r.status, 303);
  assert.match(text((await c.get(String(r.headers.location))).body), /Kontot är avstängt och personen är utloggad överallt/);
  const sessions = await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', victim.id).execute();
  assert.equal(sessions.length, 0);
  const gone = await theirBrowser.get('/admin');
  assert.equal(gone.status, 303);
  assert.match(String(gone.headers.location), /^\/logga-in\?next=/);
  const list = await c.get('/admin/users?q=Dan%20Disabled');
  assert.match(list.body, /<span class="tag tag-disabled">Avstängd<\/span>/);

  const en = await c.submit(`/admin/users/${victim.id}`, `/admin/users/${victim.id}/enable`, {});
  assert.equal(en.status, 303);
  const row = await t.ctx.db.selectFrom('users').select('disabled_at').where('id', '=', victim.id).executeTakeFirstOrThrow();
  assert.equal(row.disabled_at, null);
  const audit = await auditOf('user', victim.id);
  assert.deepEqual(
    audit.filter((a) => a.action !== 'user.create').map((a) => [a.action, a.before, a.after]),
    [
      ['user.disable', { disabled: false }, { disabled: true }],
      ['user.enable', { disabled: true }, { disabled: false }],
    ],
  );
  // Nobody disables their own account.
  const own = await c.submit('/admin', `/admin/users/${team.id}/disable`, {});
  assert.equal(own.status, 403);
});

test('bad ids are 404, not errors', async () => {
  const c = await as(admin);
  for (const url of ['/admin/users/abc', '/admin/users/0', '/admin/users/99999999999999999999', '/admin/users/424242', '/admin/organisations/x/members', '/admin/organisations/999999']) {
    const r = await c.get(url);
    assert.equal(r.status, 404, url);
    assert.match(r.body, /Sidan finns inte/);
  }
});

test('a post without a CSRF token, or with a forged one, is refused with 403 and changes nothing', async () => {
  const target = await makeUser(t.ctx, { name: 'Csrf Target' });
  const c = await as(admin);
  await c.get('/admin');
  const none = await c.request('POST', `/admin/users/${target.id}`, { form: { name: 'Changed' } });
  assert.equal(none.status, 403);
  assert.match(none.body, /Formuläret har gått ut/);
  const forged = await c.request('POST', `/admin/users/${target.id}/disable`, { form: { _csrf: 'forged-token' } });
  assert.equal(forged.status, 403);
  // A token from another person's session does not work either.
  const other = await as(team);
  const otherToken = csrfFrom((await other.get('/admin')).body)!;
  const stolen = await c.request('POST', `/admin/users/${target.id}`, { form: { _csrf: otherToken, name: 'Changed' } });
  assert.equal(stolen.status, 403);
  const row = await t.ctx.db.selectFrom('users').select(['name', 'disabled_at']).where('id', '=', target.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { name: 'Csrf Target', disabled_at: null });
});

test('the staff pages follow the person’s language', async () => {
  const en = await makeUser(t.ctx, { name: 'Emma English', roles: ['admin'], locale: 'en' });
  const c = await as(en);
  const r = await c.get('/admin/users/new');
  assert.match(r.body, /<html lang="en">/);
  assert.match(r.body, /<h1>New user<\/h1>/);
  const bad = await c.submit('/admin/users/new', '/admin/users/new', { name: '', email: 'x', locale: 'sv', access: 'link' });
  assert.equal(errorOf(bad.body, 'name'), 'Fill in this field.');
  assert.equal(errorOf(bad.body, 'email'), 'Enter a valid e-mail address, for example name@example.com.');
});

// ---------- organisations ----------

test('organisations are listed in Swedish order with kind and member count', async () => {
  for (const name of ['Örebrogruppen', 'Zeta Zon', 'Ängelholmsbolaget', 'Alfa Ab', 'Åkeriet']) await makeOrganisation(t.ctx, { name, kind: 'partner' });
  const c = await as(team);
  const r = await c.get('/admin/organisations');
  assert.equal(r.status, 200);
  const names = [...r.body.matchAll(/<th scope="row"><a href="\/admin\/organisations\/\d+\/members">([^<]+)<\/a>/g)]
    .map((m) => decodeEntities(m[1]!))
    .filter((n) => ['Örebrogruppen', 'Zeta Zon', 'Ängelholmsbolaget', 'Alfa Ab', 'Åkeriet'].includes(n));
  assert.deepEqual(names, ['Alfa Ab', 'Zeta Zon', 'Åkeriet', 'Ängelholmsbolaget', 'Örebrogruppen']);
  assert.match(text(r.body), /Alfa Ab Partner org-/);
});

test('creating an organisation validates every field and re-renders what was typed', async () => {
  await makeOrganisation(t.ctx, { name: 'Taken', slug: 'upptagen' });
  const c = await as(team);
  const bad = await c.submit('/admin/organisations/new', '/admin/organisations/new', {
    name: 'O'.repeat(5000),
    slug: 'Hej Hopp',
    kind: 'kingdom',
    website: 'javascript:alert(1)',
    description_sv: 'Beskrivning som ska finnas kvar',
  });
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad.body, 'name'), 'Texten får vara högst 200 tecken.');
  assert.equal(errorOf(bad.body, 'slug'), 'Använd bara små bokstäver a–z, siffror och enkla bindestreck (inte först eller sist).');
  assert.equal(errorOf(bad.body, 'kind'), 'Välj ett av alternativen.');
  assert.equal(errorOf(bad.body, 'website'), 'Ange en webbadress som börjar med https://');
  assert.equal(valueOf(bad.body, 'slug'), 'Hej Hopp');
  assert.equal(valueOf(bad.body, 'website'), 'javascript:alert(1)');
  assert.match(bad.body, /<textarea[^>]*name="description_sv"[^>]*>Beskrivning som ska finnas kvar<\/textarea>/);

  const dup = await c.submit('/admin/organisations/new', '/admin/organisations/new', { name: 'Ny', slug: 'upptagen', kind: 'company' });
  assert.equal(dup.status, 409);
  assert.equal(errorOf(dup.body, 'slug'), 'Det kortnamnet används redan av en annan organisation.');
  assert.match(dup.body, /<option value="company" selected>Kommunalt bolag<\/option>/);
  const count = await t.ctx.db.selectFrom('organisations').select('id').where('name', 'in', ['Ny', 'O'.repeat(200)]).execute();
  assert.equal(count.length, 0);

  const ok = await c.submit('/admin/organisations/new', '/admin/organisations/new', {
    name: 'Testbädd Syd',
    slug: 'testbadd-syd',
    kind: 'association',
    description_sv: 'En förening.',
    description_en: 'An association.',
    website: 'https://example.org/syd',
  });
  assert.equal(ok.status, 303);
  const row = await t.ctx.db.selectFrom('organisations').selectAll().where('slug', '=', 'testbadd-syd').executeTakeFirstOrThrow();
  assert.equal(ok.headers.location, `/admin/organisations/${row.id}?done=created`);
  assert.deepEqual([row.name, row.kind, row.description_en, row.website, row.is_demo], ['Testbädd Syd', 'association', 'An association.', 'https://example.org/syd', false]);
  const audit = await auditOf('organisation', row.id);
  assert.equal(audit[0]!.action, 'organisation.create');
  assert.equal((audit[0]!.after as { slug: string }).slug, 'testbadd-syd');
  assert.match(text((await c.get(String(ok.headers.location))).body), /Organisationen har skapats/);
});

test('an editor edits their own organisation’s profile but not its slug or kind, and not another organisation', async () => {
  const mine = await makeOrganisation(t.ctx, { name: 'Min förvaltning', slug: 'min-forvaltning' });
  const theirs = await makeOrganisation(t.ctx, { name: 'Annan förvaltning', slug: 'annan-forvaltning' });
  const editor = await makeUser(t.ctx, { name: 'Edit Editorsson', org: { id: mine.id, role: 'editor' } });
  const c = await as(editor);
  const form = await c.get(`/admin/organisations/${mine.id}`);
  assert.equal(form.status, 200);
  assert.doesNotMatch(form.body, /name="slug"/);
  assert.match(text(form.body), /Kortnamn: min-forvaltning\. Typ: Förvaltning\./);
  const r = await c.submit(`/admin/organisations/${mine.id}`, `/admin/organisations/${mine.id}`, { name: 'Min förvaltning', description_sv: 'Ny text', website: 'https://example.se' });
  assert.equal(r.status, 303);
  const audit = await auditOf('organisation', mine.id);
  assert.deepEqual([audit.at(-1)!.before, audit.at(-1)!.after], [
    { description_sv: '', website: null },
    { description_sv: 'Ny text', website: 'https://example.se' },
  ]);
  const forged = await c.submit(`/admin/organisations/${mine.id}`, `/admin/organisations/${mine.id}`, { name: 'Min förvaltning', slug: 'kapad', kind: 'administration' });
  assert.equal(forged.status, 403);
  assert.equal((await c.get(`/admin/organisations/${theirs.id}`)).status, 403);
  const other = await c.submit(`/admin/organisations/${mine.id}`, `/admin/organisations/${theirs.id}`, { name: 'Kapad' });
  assert.equal(other.status, 403);
  const rows = await t.ctx.db.selectFrom('organisations').select(['slug', 'name']).where('id', 'in', [mine.id, theirs.id]).orderBy('id').execute();
  assert.deepEqual(rows, [
    { slug: 'min-forvaltning', name: 'Min förvaltning' },
    { slug: 'annan-forvaltning', name: 'Annan förvaltning' },
  ]);
});

test('the programme team changes an organisation’s slug; a taken slug is a field message', async () => {
  const a = await makeOrganisation(t.ctx, { name: 'Första', slug: 'forsta' });
  await makeOrganisation(t.ctx, { name: 'Andra', slug: 'andra' });
  const c = await as(team);
  const taken = await c.submit(`/admin/organisations/${a.id}`, `/admin/organisations/${a.id}`, { name: 'Första', slug: 'andra', kind: 'administration' });
  assert.equal(taken.status, 409);
  assert.equal(errorOf(taken.body, 'slug'), 'Det kortnamnet används redan av en annan organisation.');
  const ok = await c.submit(`/admin/organisations/${a.id}`, `/admin/organisations/${a.id}`, { name: 'Första', slug: 'forsta-ny', kind: 'company' });
  assert.equal(ok.status, 303);
  const audit = await auditOf('organisation', a.id);
  assert.deepEqual([audit.at(-1)!.before, audit.at(-1)!.after], [
    { slug: 'forsta', kind: 'administration' },
    { slug: 'forsta-ny', kind: 'company' },
  ]);
});

// ---------- memberships ----------

test('members are added by e-mail, their role changed and removed, each change audited', async () => {
  const org = await makeOrganisation(t.ctx, { name: 'Medlemsförvaltningen', kind: 'administration' });
  const person = await makeUser(t.ctx, { name: 'Mona Medlem', email: 'mona@example.test' });
  const c = await as(team);
  const url = `/admin/organisations/${org.id}/members`;
  const empty = await c.get(url);
  assert.match(text(empty.body), /Organisationen har inga medlemmar ännu/);

  const unknown = await c.submit(url, url, { email: 'nobody@example.test', role: 'member' });
  assert.equal(unknown.status, 400);
  assert.match(errorOf(unknown.body, 'email')!, /Det finns ingen användare med den e-postadressen/);
  assert.equal(valueOf(unknown.body, 'email'), 'nobody@example.test');

  const badRole = await c.submit(url, url, { email: 'mona@example.test', role: 'owner' });
  assert.equal(badRole.status, 400);
  assert.equal(errorOf(badRole.body, 'role'), 'Välj ett av alternativen.');

  const add = await c.submit(url, url, { email: 'MONA@example.test', role: 'editor' });
  assert.equal(add.status, 303);
  const listed = await c.get(String(add.headers.location));
  assert.match(text(listed.body), /Medlemmen har lagts till/);
  assert.match(listed.body, /<option value="editor" selected>Redaktör<\/option>/);
  assert.match(text(listed.body), /Mona Medlem mona@example\.test/);

  const again = await c.submit(url, url, { email: 'mona@example.test', role: 'member' });
  assert.equal(again.status, 409);
  assert.equal(errorOf(again.body, 'email'), 'Personen är redan medlem i organisationen.');

  const change = await c.submit(url, `${url}/${person.id}`, { role: 'innovation_lead' });
  assert.equal(change.status, 303);
  const remove = await c.submit(url, `${url}/${person.id}/remove`, {});
  assert.equal(remove.status, 303);
  assert.match(text((await c.get(String(remove.headers.location))).body), /Medlemmen är borttagen ur organisationen/);
  assert.equal((await c.submit(url, `${url}/${person.id}/remove`, {})).status, 404);

  const audit = await auditOf('membership', `${org.id}:${person.id}`);
  assert.deepEqual(
    audit.map((a) => [a.action, a.before && (a.before as { role: string }).role, a.after && (a.after as { role: string }).role]),
    [
      ['membership.create', null, 'editor'],
      ['membership.update', 'editor', 'innovation_lead'],
      ['membership.delete', 'innovation_lead', null],
    ],
  );
});

test('innovation leads exist only in administrations', async () => {
  const company = await makeOrganisation(t.ctx, { name: 'Bolaget', kind: 'company' });
  await makeUser(t.ctx, { name: 'Leo Lead', email: 'leo@example.test' });
  const c = await as(team);
  const url = `/admin/organisations/${company.id}/members`;
  const form = await c.get(url);
  assert.doesNotMatch(form.body, /<option value="innovation_lead"/);
  const r = await c.submit(url, url, { email: 'leo@example.test', role: 'innovation_lead' });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r.body, 'role'), 'Innovationsledare finns bara i förvaltningar.');
  assert.equal((await t.ctx.db.selectFrom('memberships').select('user_id').where('organisation_id', '=', company.id).execute()).length, 0);
});

test('an editor manages members of their own organisation but not innovation leads, and nothing in another organisation', async () => {
  const mine = await makeOrganisation(t.ctx, { name: 'Egna förvaltningen', kind: 'administration' });
  const theirs = await makeOrganisation(t.ctx, { name: 'Främmande förvaltningen', kind: 'administration' });
  const editor = await makeUser(t.ctx, { name: 'Eda Editor', org: { id: mine.id, role: 'editor' } });
  const lead = await makeUser(t.ctx, { name: 'Lars Lead', org: { id: mine.id, role: 'innovation_lead' } });
  const stranger = await makeUser(t.ctx, { name: 'Stina Främling', org: { id: theirs.id, role: 'member' } });
  await makeUser(t.ctx, { name: 'Nya Nina', email: 'nina@example.test' });
  const c = await as(editor);
  const url = `/admin/organisations/${mine.id}/members`;
  const page = await c.get(url);
  assert.equal(page.status, 200);
  // The lead's row shows the role as text: no form to change or remove it.
  assert.doesNotMatch(page.body, new RegExp(`/members/${lead.id}`));
  assert.doesNotMatch(page.body, /<option value="innovation_lead"/);

  const add = await c.submit(url, url, { email: 'nina@example.test', role: 'editor' });
  assert.equal(add.status, 303);
  const grantLead = await c.submit(url, url, { email: 'nina@example.test', role: 'innovation_lead' });
  assert.equal(grantLead.status, 403);
  const nina = await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'nina@example.test').executeTakeFirstOrThrow();
  assert.equal((await c.submit(url, `${url}/${nina.id}`, { role: 'innovation_lead' })).status, 403);
  assert.equal((await c.submit(url, `${url}/${lead.id}`, { role: 'member' })).status, 403);
  assert.equal((await c.submit(url, `${url}/${lead.id}/remove`, {})).status, 403);

  const otherUrl = `/admin/organisations/${theirs.id}/members`;
  assert.equal((await c.get(otherUrl)).status, 403);
  assert.equal((await c.submit(url, otherUrl, { email: 'nina@example.test', role: 'member' })).status, 403);
  assert.equal((await c.submit(url, `${otherUrl}/${stranger.id}/remove`, {})).status, 403);

  const rows = await t.ctx.db.selectFrom('memberships').select(['user_id', 'organisation_id', 'role']).where('organisation_id', 'in', [mine.id, theirs.id]).orderBy('organisation_id').orderBy('user_id').execute();
  assert.deepEqual(rows, [
    { user_id: editor.id, organisation_id: mine.id, role: 'editor' },
    { user_id: lead.id, organisation_id: mine.id, role: 'innovation_lead' },
    { user_id: nina.id, organisation_id: mine.id, role: 'editor' },
    { user_id: stranger.id, organisation_id: theirs.id, role: 'member' },
  ]);
});

test('a member sees who else is in their organisation but cannot change anything', async () => {
  const org = await makeOrganisation(t.ctx, { name: 'Läsförvaltningen' });
  const member = await makeUser(t.ctx, { name: 'Maja Member', org: { id: org.id, role: 'member' } });
  await makeUser(t.ctx, { name: 'Kalle Kollega', org: { id: org.id, role: 'editor' } });
  const c = await as(member);
  const page = await c.get(`/admin/organisations/${org.id}/members`);
  assert.equal(page.status, 200);
  assert.match(text(page.body), /Kalle Kollega .* Redaktör/);
  assert.doesNotMatch(page.body, /<form method="post" action="\/admin\/organisations/);
  assert.doesNotMatch(page.body, /href="\/admin\/users\//);
});

test('a person’s page lists their memberships with links to the organisations', async () => {
  const org = await makeOrganisation(t.ctx, { name: 'Länkförvaltningen' });
  const p = await makeUser(t.ctx, { name: 'Lotta Länkad', org: { id: org.id, role: 'editor' } });
  const c = await as(team);
  const page = await c.get(`/admin/users/${p.id}`);
  assert.match(page.body, new RegExp(`<a href="/admin/organisations/${org.id}/members">Länkförvaltningen</a></th><td>Förvaltning</td><td>Redaktör</td>`));
});

// ---------- seed ----------

test('the seed loads the real organisations of Helsingborg once, keyed by slug', async () => {
  await seedAccounts(t.ctx);
  await seedAccounts(t.ctx);
  const rows = await t.ctx.db.selectFrom('organisations').select(['slug', 'name', 'kind', 'is_demo']).where('slug', 'in', [...ORGANISATION_SLUGS]).execute();
  assert.equal(rows.length, ORGANISATION_SLUGS.length);
  assert.ok(rows.every((r) => r.is_demo === false));
  const bySlug = Object.fromEntries(rows.map((r) => [r.slug, [r.name, r.kind]]));
  assert.deepEqual(bySlug['stadsbyggnadsforvaltningen'], ['Stadsbyggnadsförvaltningen', 'administration']);
  assert.deepEqual(bySlug['oresundskraft'], ['Öresundskraft', 'company']);
  assert.deepEqual(bySlug['lunds-universitet'], ['Lunds universitet', 'academia']);
  assert.deepEqual(bySlug['raddningstjansten-skane-nordvast'], ['Räddningstjänsten Skåne Nordväst', 'federation']);
  assert.deepEqual(bySlug['oecd-opsi'], ['OECD OPSI', 'partner']);
  for (const slug of ['helsingborgshem', 'nsr', 'nsva', 'helsingborgs-hamn', 'helsingborg-arena-scen', 'microsoft', 'ikea']) assert.ok(bySlug[slug], slug);
  assert.equal(rows.filter((r) => r.kind === 'administration').length, 9);
});
