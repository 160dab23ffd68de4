// Sign-up, e-mail verification and password sign-in, end to end over HTTP with mails read from the outbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, csrfFrom, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { sha256 } from '../../platform/auth/tokens.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const setCookies = (h: string | string[] | undefined) => (Array.isArray(h) ? h : h ? [h] : []);
const mailsTo = (email: string) => t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id', 'asc').execute();
/** The path of the first link to the app in a mail. */
const linkIn = (text: string) => {
  const m = /http:\/\/h22\.test(\/\S+)/.exec(text);
  assert.ok(m, `a link in: ${text}`);
  return m[1]!;
};
const userByEmail = (email: string) => t.ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

test('the sign-up page is a labelled form in Swedish with an English twin', async () => {
  const c = new Client(t.app);
  const sv = await c.get('/registrera');
  assert.equal(sv.status, 200);
  assert.match(sv.body, /<html lang="sv">/);
  assert.match(sv.body, /<h1>Skapa konto<\/h1>/);
  for (const [id, label] of [['f-name', 'Namn'], ['f-email', 'E-postadress'], ['f-password', 'Lösenord']]) {
    assert.match(decodeEntities(sv.body), new RegExp(`<label for="${id}">${label}`));
  }
  assert.match(sv.body, /autocomplete="new-password"/);
  assert.match(sv.body, /hreflang="en" href="\/en\/sign-up"/);
  const en = await c.get('/en/sign-up');
  assert.match(en.body, /<html lang="en">/);
  assert.match(en.body, /<h1>Create an account<\/h1>/);
  assert.match(en.body, /<label for="f-password">Password/);
  assert.match(en.body, /hreflang="sv" href="\/registrera"/);
  // The sign-in page links here.
  const signIn = await c.get('/logga-in');
  assert.match(signIn.body, /<a href="\/registrera">Skapa ett konto<\/a>/);
  assert.match(signIn.body, /<a href="\/logga-in\/lank">/);
  assert.match(signIn.body, /<a href="\/glomt-losenord">Glömt lösenordet\?<\/a>/);
});

test('a resident signs up: no roles, argon2id hash, a verification mail, signed in with a safe cookie', async () => {
  const c = new Client(t.app);
  const r = await c.submit('/registrera', '/registrera', { name: 'Rut Resident', email: 'Rut@Example.test', password: 'a long enough secret' });
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, '/konto?done=welcome');
  const cookie = setCookies(r.headers['set-cookie']).find((x) => x.startsWith('h22_session='));
  assert.ok(cookie);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\//);
  assert.doesNotMatch(cookie, /Secure/, 'plain http BASE_URL');

  const user = await userByEmail('rut@example.test');
  assert.ok(user);
  assert.equal(user.name, 'Rut Resident');
  assert.deepEqual(user.global_roles, []);
  assert.equal(user.locale, 'sv');
  assert.equal(user.email_verified_at, null);
  assert.match(user.password_hash ?? '', /^\$argon2id\$/);
  const memberships = await t.ctx.db.selectFrom('memberships').select('organisation_id').where('user_id', '=', user.id).execute();
  assert.equal(memberships.length, 0);
  const sessions = await t.ctx.db.selectFrom('sessions').select(['id', 'via']).where('user_id', '=', user.id).execute();
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0]!.id, sha256(c.cookies.get('h22_session')!), 'the table keeps only the hash');

  const mails = await mailsTo('rut@example.test');
  assert.equal(mails.length, 1);
  assert.equal(mails[0]!.subject, 'Bekräfta din e-postadress till H22');
  assert.match(mails[0]!.text_body, /^Hej Rut Resident!/);
  const link = linkIn(mails[0]!.text_body);
  assert.match(link, /^\/verifiera-e-post\/[A-Za-z0-9_-]{43}$/);
  const token = link.split('/').pop()!;
  const stored = await t.ctx.db.selectFrom('auth_tokens').selectAll().where('user_id', '=', user.id).execute();
  assert.equal(stored.length, 1);
  assert.equal(stored[0]!.purpose, 'email_verify');
  assert.equal(stored[0]!.id, sha256(token));
  const hours = (stored[0]!.expires_at.getTime() - Date.now()) / 3_600_000;
  assert.ok(hours > 47.9 && hours <= 48, `valid 48 h, got ${hours}`);

  const account = await c.get('/konto?done=welcome');
  assert.equal(account.status, 200);
  assert.match(decodeEntities(account.body), /Välkommen! Ditt konto är skapat och du är inloggad\. Vi har skickat en länk till rut@example\.test/);
  assert.match(decodeEntities(account.body), /Inte bekräftad än/);
  assert.match(account.body, /<a href="\/konto" aria-current="page">Mitt konto<\/a>/);

  // Following the link verifies the address, once.
  const v = await c.get(link);
  assert.equal(v.status, 200);
  assert.match(decodeEntities(v.body), /Tack! Din e-postadress är bekräftad\./);
  assert.ok((await userByEmail('rut@example.test'))!.email_verified_at);
  // Opened again (the person after a mail scanner, or twice): the address is confirmed, and the page says so.
  const again = await c.get(link);
  assert.equal(again.status, 200);
  assert.match(decodeEntities(again.body), /Din e-postadress är redan bekräftad\./);
  assert.doesNotMatch(decodeEntities(again.body), /Länken har redan använts/);
  const after = await c.get('/konto');
  assert.match(decodeEntities(after.body), /Bekräftad \d/);
  assert.doesNotMatch(after.body, /konto\/verifiering/);
});

test('signing up in English mails in English and remembers the language', async () => {
  const c = new Client(t.app);
  const r = await c.submit('/en/sign-up', '/en/sign-up', { name: 'Eve English', email: 'eve@example.test', password: 'another long secret' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/en/account?done=welcome');
  const user = await userByEmail('eve@example.test');
  assert.equal(user!.locale, 'en');
  const [mail] = await mailsTo('eve@example.test');
  assert.equal(mail!.subject, 'Confirm your e-mail address for H22');
  assert.match(linkIn(mail!.text_body), /^\/en\/verify-email\//);
  const v = await c.get(linkIn(mail!.text_body));
  assert.match(v.body, /<html lang="en">/);
  assert.match(v.body, /Thank you! Your e-mail address is confirmed\./);
});

test('bad sign-up input re-renders with a message per field and what was typed, never the password', async () => {
  const c = new Client(t.app);
  const longName = 'N'.repeat(5000);
  const r = await c.submit('/registrera', '/registrera', { name: longName, email: 'not-an-address', password: 'short' });
  assert.equal(r.status, 400);
  const body = decodeEntities(r.body);
  assert.match(body, /Det finns problem i formuläret/);
  assert.match(body, /<p class="error-message" id="f-name-error">Texten får vara högst 200 tecken\.<\/p>/);
  assert.match(body, /<p class="error-message" id="f-email-error">Ange en giltig e-postadress/);
  assert.match(body, /<p class="error-message" id="f-password-error">Texten måste vara minst 10 tecken\.<\/p>/);
  assert.ok(r.body.includes(`value="${longName}"`), 'the name is kept');
  assert.match(r.body, /value="not-an-address"/);
  assert.doesNotMatch(r.body, /value="short"/);
  assert.equal(await userByEmail('not-an-address'), undefined);

  const tooLong = await c.submit('/en/sign-up', '/en/sign-up', { name: '', email: 'ok@example.test', password: 'x'.repeat(201) });
  assert.equal(tooLong.status, 400);
  assert.match(tooLong.body, /id="f-name-error">Fill in this field\./);
  assert.match(tooLong.body, /id="f-password-error">The text may be at most 200 characters\./);
  assert.match(tooLong.body, /value="ok@example.test"/);
  assert.equal(await userByEmail('ok@example.test'), undefined);
  assert.equal((await mailsTo('ok@example.test')).length, 0);
});

test('an address that is taken is named as taken, and nothing is created or mailed', async () => {
  const existing = await makeUser(t.ctx, { email: 'taken@example.test' });
  const c = new Client(t.app);
  const r = await c.submit('/registrera', '/registrera', { name: 'Someone', email: 'TAKEN@example.test', password: 'a long enough secret' });
  assert.equal(r.status, 409);
  assert.match(decodeEntities(r.body), /id="f-email-error">Det finns redan ett konto med den här e-postadressen/);
  assert.match(r.body, /value="Someone"/);
  assert.ok(!c.cookies.has('h22_session'));
  const rows = await t.ctx.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', 'taken@example.test')).execute();
  assert.deepEqual(rows.map((x) => x.id), [existing.id]);
  assert.equal((await mailsTo('taken@example.test')).length, 0);
});

test('a sign-up without or with a forged CSRF token is refused and creates nothing', async () => {
  const c = new Client(t.app);
  await c.get('/registrera');
  const missing = await c.request('POST', '/registrera', { form: { name: 'X', email: 'csrf@example.test', password: 'a long enough secret' } });
  assert.equal(missing.status, 403);
  assert.match(decodeEntities(missing.body), /Formuläret har gått ut/);
  const forged = await c.request('POST', '/registrera', { form: { _csrf: 'forged-token', name: 'X', email: 'csrf@example.test', password: 'a long enough secret' } });
  assert.equal(forged.status, 403);
  assert.equal(await userByEmail('csrf@example.test'), undefined);
});

test('password sign-in: wrong password keeps the address, right password signs in, a foreign next is ignored', async () => {
  const u = await makeUser(t.ctx, { email: 'pia@example.test' });
  const c = new Client(t.app);
  const wrong = await c.submit('/logga-in', '/logga-in', { email: 'pia@example.test', password: 'wrong password!' });
  assert.equal(wrong.status, 401);
  assert.match(decodeEntities(wrong.body), /E-postadressen eller lösenordet stämmer inte\./);
  assert.match(wrong.body, /value="pia@example.test"/);
  assert.doesNotMatch(wrong.body, /value="wrong password!"/);
  const bad = await c.submit('/en/sign-in', '/en/sign-in', { email: 'nope', password: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /id="f-email-error">Enter a valid e-mail address/);
  assert.match(bad.body, /id="f-password-error">Fill in this field\./);
  const ok = await c.submit('/logga-in', '/logga-in', { email: 'PIA@example.test', password: TEST_PASSWORD, next: '//evil.example/' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/');
  const sessions = await t.ctx.db.selectFrom('sessions').select('via').where('user_id', '=', u.id).execute();
  assert.deepEqual(sessions.map((s) => s.via), ['password']);
  // A failure followed by a success leaves no counted failures behind.
  const failures = await t.ctx.db.selectFrom('auth_attempts').select('id').where('email', '=', 'pia@example.test').execute();
  assert.equal(failures.length, 0);
});

test('a disabled account cannot sign in with its password', async () => {
  const u = await makeUser(t.ctx, { email: 'gone@example.test' });
  await t.ctx.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', u.id).execute();
  const c = new Client(t.app);
  const r = await c.submit('/logga-in', '/logga-in', { email: 'gone@example.test', password: TEST_PASSWORD });
  assert.equal(r.status, 401);
  assert.ok(!c.cookies.has('h22_session'));
});

test('signing out deletes the session row', async () => {
  const u = await makeUser(t.ctx, { email: 'out@example.test' });
  const c = new Client(t.app);
  await c.signIn(u.email, u.password);
  const page = await c.get('/konto');
  const r = await c.request('POST', '/logout', { form: { _csrf: csrfFrom(page.body)! } });
  assert.equal(r.status, 303);
  const rows = await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
  assert.equal(rows.length, 0);
  const again = await c.get('/konto');
  assert.equal(again.status, 303);
  assert.equal(again.headers.location, '/logga-in?next=%2Fkonto');
});

test('expired and unknown verification links get a clear page', async () => {
  const c = new Client(t.app);
  await c.submit('/registrera', '/registrera', { name: 'Late Larry', email: 'larry@example.test', password: 'a long enough secret' });
  const [mail] = await mailsTo('larry@example.test');
  const link = linkIn(mail!.text_body);
  await t.ctx.db.updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', sha256(link.split('/').pop()!)).execute();
  const expired = await c.get(link);
  assert.equal(expired.status, 410);
  assert.match(decodeEntities(expired.body), /Länken har gått ut/);
  assert.equal((await userByEmail('larry@example.test'))!.email_verified_at, null);
  const unknown = await new Client(t.app).get('/en/verify-email/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  assert.equal(unknown.status, 404);
  assert.match(unknown.body, /The link is not valid/);
  assert.match(unknown.body, /Sign in to get a new confirmation link/);
  const garbage = await new Client(t.app).get('/verifiera-e-post/%3Cscript%3E');
  assert.equal(garbage.status, 404);
  assert.doesNotMatch(garbage.body, /<script>/);
});

test('the session cookie is Secure when BASE_URL is https', async () => {
  const secure = await createTestApp({ env: { BASE_URL: 'https://h22.example' } });
  try {
    const c = new Client(secure.app);
    const r = await c.submit('/registrera', '/registrera', { name: 'Sam Secure', email: 'sam@example.test', password: 'a long enough secret' });
    assert.equal(r.status, 303);
    const cookie = setCookies(r.headers['set-cookie']).find((x) => x.startsWith('h22_session='));
    assert.match(cookie ?? '', /; Secure/);
    assert.match(cookie ?? '', /HttpOnly/);
    const [mail] = await secure.ctx.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', 'sam@example.test').execute();
    assert.match(mail!.text_body, /https:\/\/h22\.example\/verifiera-e-post\//, 'links are built from BASE_URL');
    const u = await makeUser(secure.ctx, { email: 'sec2@example.test' });
    const c2 = new Client(secure.app);
    const s = await c2.signIn(u.email, u.password);
    assert.match(setCookies(s.headers['set-cookie']).find((x) => x.startsWith('h22_session=')) ?? '', /; Secure/);
  } finally {
    await secure.close();
  }
});
