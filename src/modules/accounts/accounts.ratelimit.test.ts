// Rate limits on sign-in, sign-up and mailed links: per IP (in memory, per app) and per address (in the
// database). Each test builds its own app so the per-IP counters start at zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, csrfFrom, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeUser } from '../../../test/factories.ts';

async function withApp(fn: (t: TestApp) => Promise<void>) {
  const t = await createTestApp();
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

/** Posts a form n times with a valid CSRF token; returns the statuses. */
async function post(c: Client, formPage: string, action: string, n: number, fields: (i: number) => Record<string, string>) {
  const token = csrfFrom((await c.get(formPage)).body)!;
  const statuses: number[] = [];
  let last;
  for (let i = 0; i < n; i++) {
    last = await c.request('POST', action, { form: { _csrf: token, ...fields(i) } });
    statuses.push(last.status);
  }
  return { statuses, last: last! };
}

test('sign-in is limited to 30 posts a minute per IP, then a 429 page in the visitor language', async () => {
  await withApp(async (t) => {
    const c = new Client(t.app);
    const { statuses } = await post(c, '/logga-in', '/logga-in', 30, () => ({ email: '', password: '' }));
    assert.ok(statuses.every((s) => s === 400), statuses.join(','));
    // Swedish and English share one counter.
    const en = await post(c, '/en/sign-in', '/en/sign-in', 1, () => ({ email: '', password: '' }));
    assert.equal(en.last.status, 429);
    assert.match(en.last.body, /<html lang="en">/);
    assert.match(en.last.body, /<h1>Too many attempts<\/h1>/);
    assert.ok(Number(en.last.headers['retry-after']) > 0);
    const sv = await c.request('POST', '/logga-in', { form: { email: 'a@example.test', password: 'x' } });
    assert.equal(sv.status, 429);
    assert.match(decodeEntities(sv.body), /<h1>För många försök<\/h1>/);
    // Reading the page is not limited.
    assert.equal((await c.get('/logga-in')).status, 200);
  });
});

test('ten failed passwords for one address lock password sign-in for that address only', async () => {
  await withApp(async (t) => {
    const u = await makeUser(t.ctx, { email: 'target@example.test' });
    const other = await makeUser(t.ctx, { email: 'bystander@example.test' });
    const c = new Client(t.app);
    const { statuses } = await post(c, '/logga-in', '/logga-in', 10, (i) => ({ email: i % 2 ? 'TARGET@example.test' : 'target@example.test', password: `guess number ${i}` }));
    assert.deepEqual(statuses, Array(10).fill(401));
    const rows = await t.ctx.db.selectFrom('auth_attempts').select(['kind', 'succeeded']).where('email', '=', 'target@example.test').execute();
    assert.equal(rows.length, 10);
    // Even the right password is refused now, with a reason in the visitor's language.
    const locked = await new Client(t.app).submit('/en/sign-in', '/en/sign-in', { email: u.email, password: u.password });
    assert.equal(locked.status, 429);
    assert.equal(locked.headers['retry-after'], '900');
    assert.match(locked.body, /too many failed sign-in attempts for this e-mail address/);
    assert.match(locked.body, /sign in with a link by e-mail/);
    assert.equal((await t.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).length, 0);
    // Other addresses are unaffected.
    const ok = await new Client(t.app).signIn(other.email, other.password);
    assert.equal(ok.status, 303);
    // When the window has passed, the address may try again.
    await t.ctx.db.updateTable('auth_attempts').set({ at: new Date(Date.now() - 16 * 60_000) }).where('email', '=', 'target@example.test').execute();
    const later = await new Client(t.app).signIn(u.email, u.password);
    assert.equal(later.status, 303);
  });
});

test('sign-up is limited to 20 posts per 10 minutes per IP', async () => {
  await withApp(async (t) => {
    const c = new Client(t.app);
    const { statuses, last } = await post(c, '/registrera', '/registrera', 21, () => ({ name: '', email: 'bad', password: '' }));
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(400));
    assert.equal(last.status, 429);
    assert.match(decodeEntities(last.body), /Du har gjort för många försök/);
  });
});

test('at most five links an hour per address, also for addresses without an account, in the visitor language', async () => {
  await withApp(async (t) => {
    const u = await makeUser(t.ctx, { email: 'linky@example.test' });
    const c = new Client(t.app);
    // Sign-in links and reset links share the allowance.
    const a = await post(c, '/logga-in/lank', '/logga-in/lank', 3, () => ({ email: u.email }));
    const b = await post(c, '/glomt-losenord', '/glomt-losenord', 2, () => ({ email: u.email }));
    assert.deepEqual([...a.statuses, ...b.statuses], [200, 200, 200, 200, 200]);
    const sixth = await post(c, '/en/sign-in/link', '/en/sign-in/link', 1, () => ({ email: 'LINKY@example.test' }));
    assert.equal(sixth.last.status, 429);
    assert.equal(sixth.last.headers['retry-after'], '3600');
    assert.match(sixth.last.body, /<html lang="en">/);
    assert.match(sixth.last.body, /We have sent too many links to this address in the last hour/);
    const mails = await t.ctx.db.selectFrom('mail_outbox').select('subject').where('to_address', '=', u.email).execute();
    assert.equal(mails.length, 5);

    // An address without an account is limited the same way, so the limit reveals nothing.
    const n = await post(c, '/logga-in/lank', '/logga-in/lank', 6, () => ({ email: 'ghost@example.test' }));
    assert.deepEqual(n.statuses, [200, 200, 200, 200, 200, 429]);
    assert.match(decodeEntities(n.last.body), /Vi har skickat för många länkar till den här adressen/);
  });
});
