// Mailed one-time links: sign-in ("magic") links and password reset, end to end through the outbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, textOf, type TestApp } from '../../../test/helpers.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { sha256 } from '../../platform/auth/tokens.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => t.close());

const mailsTo = (email: string) => t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id', 'asc').execute();
const linkIn = (text: string) => {
  const m = /http:\/\/h22\.test(\/\S+)/.exec(text);
  assert.ok(m, `a link in: ${text}`);
  return m[1]!;
};
const tokenRow = (link: string) => t.ctx.db.selectFrom('auth_tokens').selectAll().where('id', '=', sha256(link.split('/').pop()!)).executeTakeFirstOrThrow();
const mainText = (body: string) => textOf(body, /<main[^>]*>([\s\S]*?)<\/main>/);

test('asking for a sign-in link gives the same neutral page whether or not there is an account', async () => {
  const u = await makeUser(t.ctx, { email: 'maja@example.test', name: 'Maja Magic' });
  const c = new Client(t.app);
  const form = await c.get('/logga-in/lank');
  assert.match(form.body, /<h1>Logga in med länk<\/h1>/);
  assert.match(form.body, /<label for="f-email">E-postadress/);
  assert.match(form.body, /hreflang="en" href="\/en\/sign-in\/link"/);

  const known = await c.submit('/logga-in/lank', '/logga-in/lank', { email: 'Maja@example.test' });
  const unknown = await c.submit('/logga-in/lank', '/logga-in/lank', { email: 'nobody@example.test' });
  assert.equal(known.status, 200);
  assert.equal(unknown.status, 200);
  assert.match(decodeEntities(known.body), /<h1>Kolla din e-post<\/h1>/);
  assert.equal(mainText(known.body)!.replace('maja@example.test', 'X'), mainText(unknown.body)!.replace('nobody@example.test', 'X'));
  assert.equal((await mailsTo('nobody@example.test')).length, 0);

  const [mail] = await mailsTo('maja@example.test');
  assert.equal(mail!.subject, 'Din inloggningslänk till H22');
  assert.match(mail!.text_body, /Hej Maja Magic!/);
  assert.match(mail!.text_body, /15 minuter/);
  const link = linkIn(mail!.text_body);
  assert.match(link, /^\/logga-in\/lank\/[A-Za-z0-9_-]{43}$/);
  const row = await tokenRow(link);
  assert.equal(row.user_id, u.id);
  assert.equal(row.purpose, 'magic_link');
  const minutes = (row.expires_at.getTime() - new Date(row.created_at).getTime()) / 60_000;
  assert.ok(Math.abs(minutes - 15) < 0.1, `valid 15 minutes, got ${minutes}`);

  // Following it signs in (once) and also confirms the address.
  await t.ctx.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', u.id).execute();
  const r = await c.get(link);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/');
  const sessions = await t.ctx.db.selectFrom('sessions').select('via').where('user_id', '=', u.id).execute();
  assert.deepEqual(sessions.map((s) => s.via), ['link']);
  const home = await c.get('/konto');
  assert.match(home.body, /maja@example\.test/);
  assert.ok((await t.ctx.db.selectFrom('users').select('email_verified_at').where('id', '=', u.id).executeTakeFirstOrThrow()).email_verified_at);
  assert.ok((await tokenRow(link)).used_at);

  const other = new Client(t.app);
  const reused = await other.get(link);
  assert.equal(reused.status, 410);
  assert.match(decodeEntities(reused.body), /<h1>Länken fungerar inte<\/h1>/);
  assert.match(decodeEntities(reused.body), /Länken har redan använts/);
  assert.match(decodeEntities(reused.body), /<a href="\/logga-in\/lank">Be om en ny inloggningslänk<\/a>/);
  assert.ok(!other.cookies.has('h22_session'));
});

test('an English request mails an English link; expired, unknown and disabled-account links are refused', async () => {
  const u = await makeUser(t.ctx, { email: 'ella@example.test', name: 'Ella' });
  const c = new Client(t.app);
  const sent = await c.submit('/en/sign-in/link', '/en/sign-in/link', { email: 'ella@example.test' });
  assert.match(sent.body, /<h1>Check your e-mail<\/h1>/);
  const [mail] = await mailsTo('ella@example.test');
  assert.equal(mail!.subject, 'Your sign-in link for H22');
  const link = linkIn(mail!.text_body);
  assert.match(link, /^\/en\/sign-in\/link\//);

  await t.ctx.db.updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1) }).where('id', '=', sha256(link.split('/').pop()!)).execute();
  const expired = await c.get(link);
  assert.equal(expired.status, 410);
  assert.match(expired.body, /<html lang="en">/);
  assert.match(expired.body, /The link has expired\. Ask for a new link\./);
  assert.ok(!c.cookies.has('h22_session'));

  const unknown = await c.get('/en/sign-in/link/thisisnotatokenthatexistsanywhere00000000');
  assert.equal(unknown.status, 404);
  assert.match(unknown.body, /The link is not valid/);

  // A fresh link stops working when the account is disabled, and disabled accounts get no new links.
  await c.submit('/en/sign-in/link', '/en/sign-in/link', { email: 'ella@example.test' });
  const fresh = linkIn((await mailsTo('ella@example.test'))[1]!.text_body);
  await t.ctx.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', u.id).execute();
  const refused = await c.get(fresh);
  assert.equal(refused.status, 404);
  assert.ok(!c.cookies.has('h22_session'));
  await c.submit('/en/sign-in/link', '/en/sign-in/link', { email: 'ella@example.test' });
  assert.equal((await mailsTo('ella@example.test')).length, 2, 'no mail to a disabled account');
});

test('the link request form re-renders invalid input with a field message and the typed value', async () => {
  const c = new Client(t.app);
  const r = await c.submit('/logga-in/lank', '/logga-in/lank', { email: 'nej@' });
  assert.equal(r.status, 400);
  assert.match(decodeEntities(r.body), /id="f-email-error">Ange en giltig e-postadress/);
  assert.match(r.body, /value="nej@"/);
  const long = await c.submit('/en/forgot-password', '/en/forgot-password', { email: `${'a'.repeat(5000)}@example.test` });
  assert.equal(long.status, 400);
  assert.match(long.body, /id="f-email-error">/);
  const noCsrf = await c.request('POST', '/logga-in/lank', { form: { email: 'x@example.test' } });
  assert.equal(noCsrf.status, 403);
});

test('password reset: mail, form, validation, then all sessions end and a new one starts', async () => {
  const u = await makeUser(t.ctx, { email: 'rolf@example.test', name: 'Rolf Reset' });
  // Two existing sessions: both must end.
  const laptop = new Client(t.app);
  await laptop.signIn(u.email, u.password);
  const phone = new Client(t.app);
  await phone.signIn(u.email, u.password);

  const c = new Client(t.app);
  const form = await c.get('/glomt-losenord');
  assert.match(form.body, /<h1>Glömt lösenord<\/h1>/);
  const sent = await c.submit('/glomt-losenord', '/glomt-losenord', { email: 'rolf@example.test' });
  assert.match(decodeEntities(sent.body), /Om det finns ett konto för rolf@example\.test har vi skickat en länk för att välja ett nytt lösenord/);
  const [mail] = await mailsTo('rolf@example.test');
  assert.equal(mail!.subject, 'Välj ett nytt lösenord till H22');
  const link = linkIn(mail!.text_body);
  assert.match(link, /^\/aterstall-losenord\/[A-Za-z0-9_-]{43}$/);
  const row = await tokenRow(link);
  assert.equal(row.purpose, 'password_reset');
  assert.ok(Math.abs((row.expires_at.getTime() - new Date(row.created_at).getTime()) / 60_000 - 60) < 0.1, 'valid one hour');

  const page = await c.get(link);
  assert.equal(page.status, 200);
  assert.match(decodeEntities(page.body), /<h1>Välj nytt lösenord<\/h1>/);
  assert.match(page.body, /<label for="f-password">Nytt lösenord/);
  assert.match(page.body, new RegExp(`hreflang="en" href="/en/reset-password/${link.split('/').pop()}"`));

  const short = await c.submit(link, link, { password: 'kort' });
  assert.equal(short.status, 400);
  assert.match(decodeEntities(short.body), /id="f-password-error">Texten måste vara minst 10 tecken\./);
  assert.doesNotMatch(short.body, /value="kort"/);
  assert.equal((await tokenRow(link)).used_at, null, 'a rejected form does not use up the link');

  const done = await c.submit(link, link, { password: 'my brand new password' });
  assert.equal(done.status, 303);
  assert.equal(done.headers.location, '/konto?done=password_reset');
  const sessions = await t.ctx.db.selectFrom('sessions').select(['id', 'via']).where('user_id', '=', u.id).execute();
  assert.deepEqual(sessions.map((s) => s.via), ['password_reset'], 'only the new session remains');
  assert.equal((await laptop.get('/konto')).status, 303, 'the laptop is signed out');
  assert.equal((await phone.get('/konto')).status, 303, 'the phone is signed out');
  const account = await c.get('/konto?done=password_reset');
  assert.match(decodeEntities(account.body), /Ditt lösenord är ändrat\. Du är inloggad här och utloggad på alla andra enheter\./);

  const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', String(u.id)).where('action', '=', 'user.password_reset').execute();
  assert.deepEqual(audit, [{ action: 'user.password_reset', actor_id: u.id }]);

  // The old password no longer works; the new one does.
  const old = await new Client(t.app).submit('/logga-in', '/logga-in', { email: u.email, password: TEST_PASSWORD });
  assert.equal(old.status, 401);
  await new Client(t.app).signIn(u.email, 'my brand new password');

  // The link is used up.
  const again = await new Client(t.app).get(link);
  assert.equal(again.status, 410);
  assert.match(decodeEntities(again.body), /Länken har redan använts/);
  assert.match(decodeEntities(again.body), /<a href="\/glomt-losenord">Be om en ny länk för att återställa lösenordet<\/a>/);
  const post = await new Client(t.app).submit('/glomt-losenord', link, { password: 'yet another password' });
  assert.equal(post.status, 410);
});

test('an expired reset link shows a clear page and cannot set a password', async () => {
  const u = await makeUser(t.ctx, { email: 'erik@example.test' });
  const c = new Client(t.app);
  await c.submit('/en/forgot-password', '/en/forgot-password', { email: u.email });
  const [mail] = await mailsTo(u.email);
  assert.equal(mail!.subject, 'Choose a new password for H22');
  const link = linkIn(mail!.text_body);
  const form = await c.get(link);
  assert.equal(form.status, 200);
  const hashBefore = (await t.ctx.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow()).password_hash;
  await t.ctx.db.updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1) }).where('id', '=', sha256(link.split('/').pop()!)).execute();
  const page = await c.get(link);
  assert.equal(page.status, 410);
  assert.match(page.body, /The link has expired/);
  const r = await c.submit('/en/forgot-password', link, { password: 'a new password that is long' });
  assert.equal(r.status, 410);
  const hashAfter = (await t.ctx.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow()).password_hash;
  assert.equal(hashAfter, hashBefore);
  const stillOld = await new Client(t.app).signIn(u.email, TEST_PASSWORD);
  assert.equal(stillOld.status, 303);
});
