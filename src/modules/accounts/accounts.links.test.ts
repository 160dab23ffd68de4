// Mailed one-time links: sign-in ("magic") links and password reset, end to end through the outbox. A
// sign-in link's GET only shows a button (mail scanners open links); the button's POST signs in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, csrfFrom, decodeEntities, textOf, type TestApp } from '../../../test/helpers.ts';
import { makeUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { checkHtmlPage } from '../../../test/crawl.ts';
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

  // Opening the link only checks it and shows one button: a mail scanner that opens every link in a
  // mail uses nothing up, signs nobody in and confirms nothing.
  await t.ctx.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', u.id).execute();
  const token = link.split('/').pop()!;
  const scanner = new Client(t.app);
  const peek = await scanner.get(link);
  assert.equal(peek.status, 200);
  assert.equal(peek.headers['cache-control'], 'private, no-store');
  assert.match(peek.body, /<html lang="sv">/);
  assert.deepEqual(checkHtmlPage(peek.body, 'sv'), [], 'one h1, a title, main, lang … as the site crawl checks');
  assert.equal(mainText(decodeEntities(peek.body)), 'Logga in med din länk Du loggar in som m***@example.test. Logga in');
  assert.doesNotMatch(peek.body, /maja@example\.test/, 'the address is shown masked');
  assert.match(peek.body, new RegExp(`<form method="post" action="/logga-in/lank/${token}"`));
  assert.match(peek.body, /<button type="submit" class="button">Logga in<\/button>/);
  assert.match(peek.body, new RegExp(`hreflang="en" href="/en/sign-in/link/${token}"`));
  const scannerCsrf = csrfFrom(peek.body);
  assert.ok(scannerCsrf);
  const second = await c.get(link);
  assert.equal(second.status, 200);
  assert.match(second.body, /<button type="submit" class="button">Logga in<\/button>/, 'a second GET still shows the button');
  assert.equal((await tokenRow(link)).used_at, null, 'GET does not use the link');
  assert.deepEqual(await t.ctx.db.selectFrom('sessions').select('via').where('user_id', '=', u.id).execute(), []);
  assert.equal((await t.ctx.db.selectFrom('users').select('email_verified_at').where('id', '=', u.id).executeTakeFirstOrThrow()).email_verified_at, null);
  assert.ok(!scanner.cookies.has('h22_session'));

  // The button's POST needs the form's CSRF token, like every form.
  const forged = await new Client(t.app).request('POST', link, { form: {} });
  assert.equal(forged.status, 403);
  assert.match(decodeEntities(forged.body), /<h1>Formuläret har gått ut<\/h1>/);
  assert.equal((await tokenRow(link)).used_at, null, 'a refused POST does not use the link');

  // Pressing the button signs in (once) and also confirms the address.
  const r = await c.submit(link, link, {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/');
  const sessions = await t.ctx.db.selectFrom('sessions').select('via').where('user_id', '=', u.id).execute();
  assert.deepEqual(sessions.map((s) => s.via), ['link']);
  const home = await c.get('/konto');
  assert.equal(home.status, 200);
  assert.match(home.body, /maja@example\.test/);
  assert.match(home.body, /Maja Magic/);
  assert.ok((await t.ctx.db.selectFrom('users').select('email_verified_at').where('id', '=', u.id).executeTakeFirstOrThrow()).email_verified_at);
  assert.ok((await tokenRow(link)).used_at);

  // A second POST (the page was open in another tab, or a scanner pressed the button) finds it used.
  const reusedPost = await scanner.request('POST', link, { form: { _csrf: scannerCsrf! } });
  assert.equal(reusedPost.status, 410);
  assert.match(decodeEntities(reusedPost.body), /<h1>Länken fungerar inte<\/h1>/);
  assert.match(decodeEntities(reusedPost.body), /Länken har redan använts/);
  assert.ok(!scanner.cookies.has('h22_session'));
  assert.equal((await t.ctx.db.selectFrom('sessions').select('via').where('user_id', '=', u.id).execute()).length, 1);

  const other = new Client(t.app);
  const reused = await other.get(link);
  assert.equal(reused.status, 410);
  assert.match(decodeEntities(reused.body), /<h1>Länken fungerar inte<\/h1>/);
  assert.match(decodeEntities(reused.body), /Länken har redan använts/);
  assert.match(decodeEntities(reused.body), /<a href="\/logga-in\/lank">Be om en ny inloggningslänk<\/a>/);
  assert.doesNotMatch(reused.body, /<button type="submit" class="button">Logga in/);
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

  // The English page: same shape, in English, with the Swedish twin.
  const token = link.split('/').pop()!;
  const page = await c.get(link);
  assert.equal(page.status, 200);
  assert.match(page.body, /<html lang="en">/);
  assert.deepEqual(checkHtmlPage(page.body, 'en'), []);
  assert.equal(mainText(decodeEntities(page.body)), 'Sign in with your link You are signing in as e***@example.test. Sign in');
  assert.match(page.body, new RegExp(`hreflang="sv" href="/logga-in/lank/${token}"`));
  const csrf = csrfFrom(page.body)!;

  await t.ctx.db.updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1) }).where('id', '=', sha256(token)).execute();
  const expired = await c.get(link);
  assert.equal(expired.status, 410);
  assert.match(expired.body, /<html lang="en">/);
  assert.match(expired.body, /<h1>The link does not work<\/h1>/);
  assert.match(expired.body, /The link has expired\. Ask for a new link\./);
  assert.doesNotMatch(expired.body, /You are signing in as/);
  // The page was open before the link expired: its button is refused the same way.
  const late = await c.request('POST', link, { form: { _csrf: csrf } });
  assert.equal(late.status, 410);
  assert.match(late.body, /The link has expired\. Ask for a new link\./);
  assert.ok(!c.cookies.has('h22_session'));
  assert.equal((await tokenRow(link)).used_at, null);

  const unknown = await c.get('/en/sign-in/link/thisisnotatokenthatexistsanywhere00000000');
  assert.equal(unknown.status, 404);
  assert.match(unknown.body, /The link is not valid/);

  // A fresh link stops working when the account is disabled, and disabled accounts get no new links.
  await c.submit('/en/sign-in/link', '/en/sign-in/link', { email: 'ella@example.test' });
  const fresh = linkIn((await mailsTo('ella@example.test'))[1]!.text_body);
  await t.ctx.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', u.id).execute();
  const refused = await c.get(fresh);
  assert.equal(refused.status, 404);
  assert.match(refused.body, /The link is not valid/);
  const refusedPost = await c.request('POST', fresh, { form: { _csrf: csrf } });
  assert.equal(refusedPost.status, 404);
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
