// The account page (name, language, password, verification, API tokens, sessions) and GET /api/v1/me.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, csrfFrom, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { sha256 } from '../../platform/auth/tokens.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

async function signedIn(props: Parameters<typeof makeUser>[1] = {}) {
  const u = await makeUser(t.ctx, props);
  const c = new Client(t.app);
  await c.signIn(u.email, u.password);
  return { u, c };
}

test('the account page needs a signed-in person and shows their details in both languages', async () => {
  const anon = await new Client(t.app).get('/en/account');
  assert.equal(anon.status, 303);
  assert.equal(anon.headers.location, '/en/sign-in?next=%2Fen%2Faccount');
  // The language switch on the sign-in page keeps where the visitor was going; a foreign next is dropped.
  const signIn = await new Client(t.app).get('/en/sign-in?next=%2Fen%2Faccount');
  assert.match(signIn.body, /<a class="lang-switch" href="\/logga-in\?next=%2Fen%2Faccount" hreflang="sv"/);
  const foreign = await new Client(t.app).get('/logga-in?next=https%3A%2F%2Fevil.example');
  assert.match(foreign.body, /<a class="lang-switch" href="\/en\/sign-in" hreflang="en"/);

  const { c } = await signedIn({ email: 'anna@example.test', name: 'Anna Account' });
  const sv = await c.get('/konto');
  assert.equal(sv.status, 200);
  assert.equal(sv.headers['cache-control'], 'private, no-store');
  const body = decodeEntities(sv.body);
  assert.match(body, /<h1>Mitt konto<\/h1>/);
  assert.match(body, /<a href="\/konto" aria-current="page">Mitt konto<\/a>/);
  assert.match(body, /<h2 id="profile-title">Namn och språk<\/h2>/);
  assert.match(body, /<input id="f-name" name="name" type="text" value="Anna Account"/);
  assert.match(body, /<option value="sv" selected>Svenska<\/option>/);
  assert.match(body, /<strong>anna@example\.test<\/strong>/);
  assert.match(body, /<h2 id="tokens-title">Personliga API-nycklar<\/h2>/);
  assert.match(body, /Du har inga API-nycklar\./);
  assert.match(body, /Du är inloggad på 1 enhet eller webbläsare\./);
  assert.match(sv.body, /hreflang="en" href="\/en\/account"/);
  const en = await c.get('/en/account');
  assert.match(en.body, /<h1>My account<\/h1>/);
  assert.match(en.body, /<a href="\/en\/account" aria-current="page">My account<\/a>/);
  // Other pages link to it from the header.
  const home = await c.get('/');
  assert.match(home.body, /<a href="\/konto">Mitt konto<\/a>/);
});

test('changing name and language saves, audits the difference and follows the new language', async () => {
  const { u, c } = await signedIn({ name: 'Before Name' });
  const r = await c.submit('/konto', '/konto/profil', { name: 'After Name', locale: 'en' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/en/account?done=profile');
  const row = await t.ctx.db.selectFrom('users').select(['name', 'locale']).where('id', '=', u.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { name: 'After Name', locale: 'en' });
  const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_id', 'before', 'after']).where('action', '=', 'user.profile_update').where('entity_id', '=', String(u.id)).execute();
  assert.deepEqual(audit, [{ actor_id: u.id, before: { name: 'Before Name', locale: 'sv' }, after: { name: 'After Name', locale: 'en' } }]);
  const page = await c.get('/en/account?done=profile');
  assert.match(page.body, /Your details have been saved\./);
  assert.match(page.body, /value="After Name"/);
});

test('bad profile input re-renders with messages and what was typed; nothing is saved', async () => {
  const { u, c } = await signedIn({ name: 'Kept Name' });
  const long = 'Å'.repeat(5000);
  const r = await c.submit('/konto', '/konto/profil', { name: long, locale: 'de' });
  assert.equal(r.status, 400);
  const body = decodeEntities(r.body);
  assert.match(body, /id="f-name-error">Texten får vara högst 200 tecken\./);
  assert.match(body, /id="f-locale-error">Välj ett av alternativen\./);
  assert.ok(body.includes(`value="${long}"`));
  assert.match(body, /Det finns problem i formuläret/);
  const row = await t.ctx.db.selectFrom('users').select(['name', 'locale']).where('id', '=', u.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { name: 'Kept Name', locale: 'sv' });
});

test('changing the password needs the current one and ends the other sessions only', async () => {
  const { u, c } = await signedIn();
  const other = new Client(t.app);
  await other.signIn(u.email, u.password);

  const wrong = await c.submit('/konto', '/konto/losenord', { current_password: 'not my password', new_password: 'a fresh password here' });
  assert.equal(wrong.status, 400);
  assert.match(decodeEntities(wrong.body), /id="f-current_password-error">Lösenordet stämmer inte\./);
  assert.doesNotMatch(wrong.body, /not my password|a fresh password here/);
  const short = await c.submit('/en/account', '/en/account/password', { current_password: TEST_PASSWORD, new_password: 'short' });
  assert.equal(short.status, 400);
  assert.match(short.body, /id="f-new_password-error">The text must be at least 10 characters\./);
  assert.equal((await other.get('/konto')).status, 200, 'nothing changed yet');

  const ok = await c.submit('/konto', '/konto/losenord', { current_password: TEST_PASSWORD, new_password: 'a fresh password here' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/konto?done=password');
  const page = await c.get('/konto?done=password');
  assert.equal(page.status, 200, 'this session stays');
  assert.match(decodeEntities(page.body), /Ditt lösenord är bytt\./);
  assert.equal((await other.get('/konto')).status, 303, 'the other session ended');
  assert.equal((await new Client(t.app).submit('/logga-in', '/logga-in', { email: u.email, password: TEST_PASSWORD })).status, 401);
  await new Client(t.app).signIn(u.email, 'a fresh password here');
});

test('a person without a password is offered a reset link instead of the change form', async () => {
  const u = await makeUser(t.ctx, {});
  await t.ctx.db.updateTable('users').set({ password_hash: null }).where('id', '=', u.id).execute();
  const c = new Client(t.app);
  await c.submit('/logga-in/lank', '/logga-in/lank', { email: u.email });
  const mail = await t.ctx.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', u.email).executeTakeFirstOrThrow();
  const link = /http:\/\/h22\.test(\/\S+)/.exec(mail.text_body)![1]!;
  assert.equal((await c.submit(link, link, {})).status, 303);
  const page = await c.get('/konto');
  assert.doesNotMatch(page.body, /current_password/);
  assert.match(decodeEntities(page.body), /<a href="\/glomt-losenord">Välj ett lösenord<\/a>/);
});

test('resending the verification link mails a new one, and is limited per hour', async () => {
  const { u, c } = await signedIn({ email: 'vera@example.test' });
  await t.ctx.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', u.id).execute();
  const page = await c.get('/konto');
  assert.match(decodeEntities(page.body), /Inte bekräftad än/);
  const r = await c.submit('/konto', '/konto/verifiering', {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/konto?done=verification');
  const after = await c.get('/konto?done=verification');
  assert.match(decodeEntities(after.body), /Vi har skickat en ny bekräftelselänk till vera@example\.test\./);
  const mails = await t.ctx.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', 'vera@example.test').execute();
  assert.equal(mails.length, 1);
  assert.equal(mails[0]!.subject, 'Bekräfta din e-postadress till H22');
  for (let i = 0; i < 4; i++) assert.equal((await c.submit('/konto', '/konto/verifiering', {})).status, 303);
  const limited = await c.submit('/konto', '/konto/verifiering', {});
  assert.equal(limited.status, 429);
  assert.equal(limited.headers['retry-after'], '3600');
  assert.match(decodeEntities(limited.body), /<h1>För många försök<\/h1>/);
  assert.equal((await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'vera@example.test').execute()).length, 5);

  // Once verified there is nothing to resend.
  const link = /http:\/\/h22\.test(\/\S+)/.exec(mails[0]!.text_body)![1]!;
  assert.equal((await c.get(link)).status, 200);
  const done = await c.get('/konto');
  assert.doesNotMatch(done.body, /action="\/konto\/verifiering"/);
});

test('a personal API token is shown once, works as a Bearer token on GET /api/v1/me, and stops working when revoked', async () => {
  const org = await makeOrganisation(t.ctx, { name: 'Stadsbyggnadsförvaltningen' });
  const { u, c } = await signedIn({ email: 'tove@example.test', name: 'Tove Token', roles: ['finance'], org: { id: org.id, role: 'editor' } });

  const empty = await c.submit('/konto', '/konto/api-nycklar', { token_name: '' });
  assert.equal(empty.status, 400);
  assert.match(decodeEntities(empty.body), /id="f-token_name-error">Fyll i fältet\./);
  const long = await c.submit('/konto', '/konto/api-nycklar', { token_name: 'x'.repeat(101) });
  assert.equal(long.status, 400);
  assert.match(decodeEntities(long.body), /id="f-token_name-error">Texten får vara högst 100 tecken\./);
  assert.match(long.body, new RegExp(`value="${'x'.repeat(101)}"`));
  assert.equal((await t.ctx.db.selectFrom('api_tokens').select('id').where('user_id', '=', u.id).execute()).length, 0);

  const created = await c.submit('/konto', '/konto/api-nycklar', { token_name: 'Budget script' });
  assert.equal(created.status, 201);
  assert.equal(created.headers['cache-control'], 'private, no-store');
  const token = /<code class="token-value" data-testid="new-token">([^<]+)<\/code>/.exec(created.body)?.[1];
  assert.ok(token, 'the token is shown');
  assert.match(token, /^h22_[A-Za-z0-9_-]{32}$/);
  assert.match(decodeEntities(created.body), /Den visas bara den här gången\./);
  const row = await t.ctx.db.selectFrom('api_tokens').selectAll().where('user_id', '=', u.id).executeTakeFirstOrThrow();
  assert.equal(row.name, 'Budget script');
  assert.equal(row.token_hash, sha256(token));
  assert.equal(row.prefix, token.slice(0, 10));
  assert.equal(row.last_used_at, null);

  // Listed with its prefix, never shown again.
  const list = await c.get('/konto');
  assert.ok(!list.body.includes(token));
  assert.match(list.body, new RegExp(`<th scope="row">Budget script</th>\\s*<td><code>${row.prefix}…</code></td>`));
  assert.match(decodeEntities(list.body), /<td>Aldrig<\/td>/);

  const api = new Client(t.app);
  const me = await api.get('/api/v1/me', { authorization: `Bearer ${token}` });
  assert.equal(me.status, 200);
  assert.match(String(me.headers['content-type']), /application\/json/);
  assert.deepEqual(me.json(), {
    id: u.id,
    name: 'Tove Token',
    email: 'tove@example.test',
    emailVerified: true,
    locale: 'sv',
    roles: ['finance'],
    memberships: [{ organisationId: org.id, organisationSlug: org.slug, organisationName: 'Stadsbyggnadsförvaltningen', role: 'editor' }],
  });
  const used = await t.ctx.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', row.id).executeTakeFirstOrThrow();
  assert.ok(used.last_used_at);
  const listed = await c.get('/konto');
  assert.doesNotMatch(decodeEntities(listed.body), /<td>Aldrig<\/td>/);

  // Revoke through the page: the token is refused with problem details.
  const revoke = await c.submit('/konto', `/konto/api-nycklar/${row.id}/aterkalla`, {});
  assert.equal(revoke.status, 303);
  assert.equal(revoke.headers.location, '/konto?done=revoked');
  assert.match(decodeEntities((await c.get('/konto?done=revoked')).body), /Nyckeln är återkallad/);
  const refused = await api.get('/api/v1/me', { authorization: `Bearer ${token}` });
  assert.equal(refused.status, 401);
  assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
  assert.equal(refused.json().code, 'unauthorized');
  assert.equal(refused.json().status, 401);
  const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'api_token').where('entity_id', '=', String(row.id)).orderBy('id').execute();
  assert.deepEqual(audit.map((a) => a.action), ['api_token.create', 'api_token.revoke']);
  // Revoking twice, or someone else's token, is a 404.
  assert.equal((await c.submit('/konto', `/konto/api-nycklar/${row.id}/aterkalla`, {})).status, 404);
  const { c: mallory } = await signedIn();
  const foreign = await mallory.submit('/en/account', `/en/account/api-tokens/${row.id}/revoke`, {});
  assert.equal(foreign.status, 404);
  assert.equal((await mallory.submit('/en/account', '/en/account/api-tokens/not-a-number/revoke', {})).status, 404);
});

test('GET /api/v1/me without a token, or with an unknown one, is a 401 problem; it is in the OpenAPI document', async () => {
  const c = new Client(t.app);
  const none = await c.get('/api/v1/me');
  assert.equal(none.status, 401);
  assert.equal(none.json().code, 'unauthorized');
  assert.match(none.json().detail, /Authorization: Bearer/);
  const unknown = await c.get('/api/v1/me', { authorization: 'Bearer h22_nonsense' });
  assert.equal(unknown.status, 401);
  assert.equal(unknown.json().type, 'https://h22.localhost/problems/unauthorized');
  const doc = t.app.swagger() as { paths: Record<string, { get?: { security?: unknown[]; responses: Record<string, unknown> } }> };
  const op = doc.paths['/api/v1/me']?.get;
  assert.ok(op, 'documented');
  assert.deepEqual(op.security, [{ bearer: [] }]);
  assert.ok(op.responses['200'] && op.responses['401']);
});

test('signing out on all devices ends every session, including this one', async () => {
  const { u, c } = await signedIn();
  const other = new Client(t.app);
  await other.signIn(u.email, u.password);
  const r = await c.submit('/en/account', '/en/account/sign-out-everywhere', {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/en/sign-in?signed_out=all');
  assert.equal((await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).length, 0);
  assert.equal((await other.get('/konto')).status, 303);
  const page = await c.get('/en/sign-in?signed_out=all');
  assert.match(page.body, /You are signed out on all devices\./);
});

test('account forms refuse a forged CSRF token and change nothing', async () => {
  const { u, c } = await signedIn({ name: 'Csrf Carl' });
  const page = await c.get('/konto');
  assert.ok(csrfFrom(page.body));
  const r = await c.request('POST', '/konto/profil', { form: { _csrf: 'forged', name: 'Hacked', locale: 'sv' } });
  assert.equal(r.status, 403);
  const t2 = await c.request('POST', '/konto/api-nycklar', { form: { token_name: 'sneaky' } });
  assert.equal(t2.status, 403);
  const s = await c.request('POST', '/konto/logga-ut-overallt', { form: {} });
  assert.equal(s.status, 403);
  assert.equal((await t.ctx.db.selectFrom('users').select('name').where('id', '=', u.id).executeTakeFirstOrThrow()).name, 'Csrf Carl');
  assert.equal((await t.ctx.db.selectFrom('api_tokens').select('id').where('user_id', '=', u.id).execute()).length, 0);
  assert.equal((await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).length, 1);
});
