// Journey: a staff member signs in through the organisation's OpenID Connect provider (a real local
// oidc-provider, test/oidc-provider.ts) in a real browser, and reaches the staff area. axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DESKTOP, Journey, freePort, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';
import { startOidcProvider, type TestOidcProvider } from '../test/oidc-provider.ts';
import { makeUser } from '../test/factories.ts';

let idp: TestOidcProvider;
let live: LiveApp;
let browser: Browser;
before(async () => {
  // The provider must know the app's callback before the app exists, so the app's port is chosen first.
  const port = await freePort();
  idp = await startOidcProvider({ redirectUris: [`http://127.0.0.1:${port}/auth/oidc/callback`] });
  live = await startLiveApp({ port, env: idp.env, seed: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await live?.close();
  await idp?.close();
});

test('a staff member signs in through the local OIDC provider', async () => {
  // A programme team member already known to H22 by the e-mail the provider vouches for.
  const staff = idp.defaultAccount;
  const user = await makeUser(live.ctx, { email: staff.email!, name: 'Stina Staff', roles: ['programme_team'] });
  const context = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const page = await context.newPage();
    const j = new Journey(page);

    await j.goto('/logga-in');
    const staffSection = page.getByRole('region', { name: 'För medarbetare' });
    await j.clickAndLoad(staffSection.getByRole('button', { name: 'Logga in med Stadens inloggning (SSO)' }));

    // At the provider: its own sign-in page.
    assert.equal(new URL(page.url()).origin, idp.issuer);
    await page.getByRole('heading', { level: 1, name: 'Sign in to continue to H22' }).waitFor();
    await page.getByLabel('Username or e-mail').fill(staff.login);
    await page.getByLabel('Password').fill(staff.password);
    await j.clickAndLoad(page.getByRole('button', { name: 'Sign in' }));

    // Back at H22, signed in, on the Swedish start page.
    const home = new URL(page.url());
    assert.equal(home.origin, live.baseUrl);
    assert.equal(home.pathname, '/');
    const header = page.getByRole('banner');
    await header.getByRole('button', { name: 'Logga ut' }).waitFor();
    assert.equal(await header.getByRole('link', { name: 'Logga in' }).count(), 0, 'no sign-in link once signed in');

    await j.clickAndLoad(header.getByRole('link', { name: 'Mitt konto' }));
    assert.equal(new URL(page.url()).pathname, '/konto');
    assert.match((await page.getByRole('main').textContent()) ?? '', new RegExp(staff.email!.replace(/\./g, '\\.')));

    // The staff area is open to them.
    await j.clickAndLoad(header.getByRole('link', { name: 'Administration' }));
    assert.equal(new URL(page.url()).pathname, '/admin');
    await page.getByRole('navigation', { name: 'Administration' }).waitFor();

    // The server agrees: one session for this user, made by OIDC, and the subject is linked.
    const sessions = await live.ctx.db.selectFrom('sessions').select('via').where('user_id', '=', user.id).execute();
    assert.deepEqual(sessions.map((s) => s.via), ['oidc']);
    const row = await live.ctx.db.selectFrom('users').select('oidc_subject').where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.equal(row.oidc_subject, staff.id);

    const visited = j.finish().map((u) => {
      const x = new URL(u);
      return x.origin === live.baseUrl ? x.pathname : `provider${x.pathname.replace(/\/interaction\/[^/]+/, '/interaction/…')}`;
    });
    assert.deepEqual(visited, ['/logga-in', 'provider/interaction/…', '/', '/konto', '/admin']);
  } finally {
    await context.close();
  }
});
