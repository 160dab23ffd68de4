// Staff sign-in by OpenID Connect against a REAL local provider (test/oidc-provider.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { startOidcProvider, type TestOidcProvider } from '../../../test/oidc-provider.ts';
import { makeUser } from '../../../test/factories.ts';

let idp: TestOidcProvider;
let t: TestApp;
before(async () => {
  idp = await startOidcProvider();
  t = await createTestApp({ env: idp.env });
});
after(async () => {
  await t.close();
  await idp.close();
});

const setCookies = (h: string | string[] | undefined) => (Array.isArray(h) ? h : h ? [h] : []);

/** Presses the staff button on the sign-in page; returns the redirect to the provider. */
async function startAt(c: Client, lang: 'sv' | 'en' = 'sv') {
  const r = await c.submit(lang === 'sv' ? '/logga-in' : '/en/sign-in', '/auth/oidc/start', { lang });
  assert.equal(r.status, 303, r.body);
  return r;
}

async function signInThroughProvider(c: Client, creds: { login: string; password: string }, lang: 'sv' | 'en' = 'sv') {
  const start = await startAt(c, lang);
  const back = await idp.signIn(String(start.headers.location), creds);
  return c.get(back.pathname + back.search);
}

test('the sign-in page offers the staff button, which redirects to the provider with PKCE, state and nonce', async () => {
  const c = new Client(t.app);
  const page = await c.get('/logga-in');
  assert.match(decodeEntities(page.body), /<h2 id="staff-sign-in-title">För medarbetare<\/h2>/);
  assert.match(page.body, /<form method="post" action="\/auth\/oidc\/start">/);
  assert.match(decodeEntities(page.body), /Logga in med Stadens inloggning \(SSO\)/);

  const r = await startAt(c);
  const loc = new URL(String(r.headers.location));
  assert.equal(loc.origin, idp.issuer);
  assert.equal(loc.searchParams.get('client_id'), idp.clientId);
  assert.equal(loc.searchParams.get('redirect_uri'), 'http://h22.test/auth/oidc/callback');
  assert.equal(loc.searchParams.get('code_challenge_method'), 'S256');
  assert.ok((loc.searchParams.get('state') ?? '').length >= 20);
  assert.ok((loc.searchParams.get('nonce') ?? '').length >= 20);
  assert.equal(loc.searchParams.get('scope'), 'openid email profile');
  const cookie = setCookies(r.headers['set-cookie']).find((x) => x.startsWith('h22_oidc='));
  assert.ok(cookie, 'the attempt cookie is set');
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Lax/i);
  assert.match(cookie, /Path=\/auth\/oidc/);
  assert.match(cookie, /Max-Age=600/);
  // The verifier never leaves for the provider.
  assert.ok(!loc.href.includes('verifier'));
});

test("the provider's own login page can be filled in by a person: labelled fields in a page with a language", async () => {
  const c = new Client(t.app);
  const start = await startAt(c);
  const first = await fetch(String(start.headers.location), { redirect: 'manual' });
  assert.equal(first.status, 303);
  const cookie = first.headers.getSetCookie().map((x) => x.split(';')[0]).join('; ');
  const page = await fetch(new URL(first.headers.get('location')!, idp.issuer), { headers: { cookie } });
  const body = await page.text();
  assert.equal(page.status, 200);
  assert.match(body, /<html lang="en">/);
  assert.match(body, /<main>/);
  assert.match(body, /<h1>Sign in to continue to H22<\/h1>/);
  assert.match(body, /<label for="login">Username or e-mail<\/label>/);
  assert.match(body, /<input id="login" name="login" type="text" autocomplete="username"/);
  assert.match(body, /<label for="password">Password<\/label>/);
  // A wrong password is said so on the page, and nothing reaches the app.
  await assert.rejects(idp.signIn(String(start.headers.location), { login: 'staff', password: 'wrong' }), /401 .*The username or password is not correct/);
});

test('a person unknown to H22 signs in: a user without roles is created and signed in', async () => {
  const c = new Client(t.app);
  const before = await t.ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const r = await signInThroughProvider(c, { login: 'staff', password: 'staff-password' });
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, '/');
  const user = await t.ctx.db.selectFrom('users').selectAll().where('oidc_subject', '=', 'staff-0001').executeTakeFirstOrThrow();
  assert.equal(user.email, 'staff@idp.example');
  assert.equal(user.name, 'Stina Staff');
  assert.deepEqual(user.global_roles, []);
  assert.ok(user.email_verified_at, 'the provider vouches for the address');
  assert.equal(user.password_hash, null);
  const after = await t.ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n) + 1);
  const session = await t.ctx.db.selectFrom('sessions').select(['via']).where('user_id', '=', user.id).execute();
  assert.deepEqual(session.map((s) => s.via), ['oidc']);
  // The attempt cookie is gone and the session cookie works.
  assert.ok(!c.cookies.has('h22_oidc'));
  const home = await c.get('/konto');
  assert.equal(home.status, 200);
  assert.match(home.body, /staff@idp\.example/);

  // The same person again is matched by subject: no second user.
  const c2 = new Client(t.app);
  const again = await signInThroughProvider(c2, { login: 'staff', password: 'staff-password' });
  assert.equal(again.status, 303);
  const rows = await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'staff@idp.example').execute();
  assert.deepEqual(rows.map((x) => x.id), [user.id]);
  const sessions = await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
  assert.equal(sessions.length, 2);
});

test('an existing user is matched by e-mail, keeps their roles, and the subject is stored', async () => {
  const u = await makeUser(t.ctx, { email: 'Lena.Lead@Helsingborg.example', roles: ['programme_team'] });
  idp.addAccount({ id: 'lena-sub', login: 'lena', password: 'lena-password', email: 'lena.lead@helsingborg.example', emailVerified: true, name: 'Lena Lead' });
  const c = new Client(t.app);
  const r = await signInThroughProvider(c, { login: 'lena', password: 'lena-password' });
  assert.equal(r.status, 303);
  const row = await t.ctx.db.selectFrom('users').select(['oidc_subject', 'global_roles', 'name']).where('id', '=', u.id).executeTakeFirstOrThrow();
  assert.equal(row.oidc_subject, 'lena-sub');
  assert.deepEqual(row.global_roles, ['programme_team']);
  assert.equal(row.name, 'Test Person', 'the name in H22 is not overwritten');
  const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'after']).where('entity_type', '=', 'user').where('entity_id', '=', String(u.id)).where('action', '=', 'user.oidc_link').execute();
  assert.equal(audit.length, 1);
  assert.deepEqual(audit[0]!.after, { oidcSubject: 'lena-sub' });
  const page = await c.get('/');
  assert.match(page.body, /<a href="\/admin">Administration<\/a>/);
});

test('an unverified address at the provider does not take over an existing account', async () => {
  const u = await makeUser(t.ctx, { email: 'victim@example.test' });
  idp.addAccount({ id: 'mallory-sub', login: 'mallory', password: 'mallory-password', email: 'victim@example.test', emailVerified: false, name: 'Mallory' });
  const c = new Client(t.app);
  const r = await signInThroughProvider(c, { login: 'mallory', password: 'mallory-password' });
  assert.equal(r.status, 409);
  assert.match(decodeEntities(r.body), /e-postadressen inte är bekräftad/);
  assert.ok(!c.cookies.has('h22_session'));
  const row = await t.ctx.db.selectFrom('users').select('oidc_subject').where('id', '=', u.id).executeTakeFirstOrThrow();
  assert.equal(row.oidc_subject, null);
});

test('a tampered state, a missing or forged attempt cookie and a replayed callback are refused with a clear page', async () => {
  const c = new Client(t.app);
  const start = await startAt(c);
  const back = await idp.signIn(String(start.headers.location), { login: 'staff', password: 'staff-password' });
  assert.equal(back.origin, 'http://h22.test');
  assert.ok(back.searchParams.get('code'));

  // Tampered state: 400, no session, no user change.
  const tampered = new URL(back);
  tampered.searchParams.set('state', 'x' + (back.searchParams.get('state') ?? ''));
  const bad = await c.get(tampered.pathname + tampered.search);
  assert.equal(bad.status, 400);
  assert.match(decodeEntities(bad.body), /<h1>Inloggningen misslyckades<\/h1>/);
  assert.match(decodeEntities(bad.body), /Inloggningsförsöket har gått ut eller kunde inte kontrolleras/);
  assert.ok(!c.cookies.has('h22_session'));

  // The tampered try used up the attempt cookie, so even the genuine callback no longer works here.
  const late = await c.get(back.pathname + back.search);
  assert.equal(late.status, 400);
  assert.ok(!c.cookies.has('h22_session'));

  // Replay: a genuine sign-in, then the same callback again with the old attempt cookie put back.
  const r = new Client(t.app);
  const rs = await startAt(r);
  const rb = await idp.signIn(String(rs.headers.location), { login: 'staff', password: 'staff-password' });
  const attemptCookie = r.cookies.get('h22_oidc')!;
  const ok = await r.get(rb.pathname + rb.search);
  assert.equal(ok.status, 303);
  const sessionsBefore = await t.ctx.db.selectFrom('sessions').select('id').execute();
  const thief = new Client(t.app);
  thief.cookies.set('h22_oidc', attemptCookie);
  const replay = await thief.get(rb.pathname + rb.search);
  assert.equal(replay.status, 400, 'the provider refuses a used code');
  assert.ok(!thief.cookies.has('h22_session'));
  const sessionsAfter = await t.ctx.db.selectFrom('sessions').select('id').execute();
  assert.equal(sessionsAfter.length, sessionsBefore.length);

  // A callback in another browser (no cookie) and with a forged cookie.
  const other = new Client(t.app);
  const none = await other.get(back.pathname + back.search);
  assert.equal(none.status, 400);
  assert.match(decodeEntities(none.body), /Inloggningsförsöket har gått ut/);
  const c3 = new Client(t.app);
  const s3 = await startAt(c3);
  const b3 = await idp.signIn(String(s3.headers.location), { login: 'staff', password: 'staff-password' });
  const genuine = c3.cookies.get('h22_oidc')!;
  const [payload] = genuine.split('.');
  const forgedValue = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
  forgedValue.next = '/admin';
  c3.cookies.set('h22_oidc', `${Buffer.from(JSON.stringify(forgedValue)).toString('base64url')}.${genuine.split('.')[1]}`);
  const forged = await c3.get(b3.pathname + b3.search);
  assert.equal(forged.status, 400);
  assert.ok(!c3.cookies.has('h22_session'));
});

test('cancelling at the provider gives a clear page in the visitor language, never a 500', async () => {
  const c = new Client(t.app);
  const start = await startAt(c, 'en');
  const back = await idp.signIn(String(start.headers.location), { cancel: true });
  assert.equal(back.searchParams.get('error'), 'access_denied');
  const r = await c.get(back.pathname + back.search);
  assert.equal(r.status, 400);
  assert.match(r.body, /<html lang="en">/);
  assert.match(r.body, /<h1>Sign-in failed<\/h1>/);
  assert.match(r.body, /The sign-in service stopped the sign-in \(access_denied\)/);
  assert.match(r.body, /<a href="\/en\/sign-in">Try again<\/a>/);
});

test('an English staff sign-in returns to the English home page', async () => {
  const c = new Client(t.app);
  const r = await signInThroughProvider(c, { login: 'staff', password: 'staff-password' }, 'en');
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/en/');
});

test('starting without a CSRF token is refused', async () => {
  const c = new Client(t.app);
  await c.get('/logga-in');
  const r = await c.request('POST', '/auth/oidc/start', { form: { lang: 'sv' } });
  assert.equal(r.status, 403);
  assert.match(decodeEntities(r.body), /Formuläret har gått ut/);
  assert.ok(!c.cookies.has('h22_oidc'));
});

test('a provider that cannot be reached gives a clear 502 page', async () => {
  const dead = await createTestApp({ env: { OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' } });
  try {
    const c = new Client(dead.app);
    const r = await c.submit('/logga-in', '/auth/oidc/start', { lang: 'sv' });
    assert.equal(r.status, 502);
    assert.match(decodeEntities(r.body), /Inloggningstjänsten går inte att nå just nu/);
  } finally {
    await dead.close();
  }
});

test('without OIDC settings the sign-in page has no staff button', async () => {
  const plain = await createTestApp();
  try {
    const c = new Client(plain.app);
    const page = await c.get('/logga-in');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /auth\/oidc\/start/);
    const r = await c.submit('/logga-in', '/auth/oidc/start', { lang: 'en' });
    assert.equal(r.status, 404);
    assert.match(r.body, /Staff sign-in is not enabled on this site/);
  } finally {
    await plain.close();
  }
});
