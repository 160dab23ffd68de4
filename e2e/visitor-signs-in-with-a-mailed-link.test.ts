// Journey: a resident asks for a sign-in link, opens it from the mail (the page only shows a button, so a
// mail scanner opening the link uses nothing up), switches to English on the way and presses the button;
// the link then works no more. axe (WCAG 2.1 A/AA) runs on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DESKTOP, Journey, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';
import { makeUser } from '../test/factories.ts';
import { sha256 } from '../src/platform/auth/tokens.ts';

let live: LiveApp;
let browser: Browser;
before(async () => {
  live = await startLiveApp({ seed: false });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await live?.close();
});

test('a mailed sign-in link opens a page with one button; pressing it signs in, once', async () => {
  const user = await makeUser(live.ctx, { email: 'signe.lank@example.test', name: 'Signe Länk' });
  const context = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const page = await context.newPage();
    const j = new Journey(page);
    const main = page.getByRole('main');

    await j.goto('/logga-in');
    await j.clickAndLoad(main.getByRole('link', { name: 'Få en inloggningslänk via e-post' }));
    await main.getByLabel('E-postadress').fill(user.email);
    await j.clickAndLoad(main.getByRole('button', { name: 'Skicka länk' }));
    await page.getByRole('heading', { level: 1, name: 'Kolla din e-post' }).waitFor();

    const mail = await live.ctx.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', user.email).executeTakeFirstOrThrow();
    const m = /http:\/\/127\.0\.0\.1:\d+(\/logga-in\/lank\/([\w-]+))/.exec(mail.text_body);
    assert.ok(m, mail.text_body);
    const [, link, token] = m;
    const used = async () => (await live.ctx.db.selectFrom('auth_tokens').select('used_at').where('id', '=', sha256(token!)).executeTakeFirstOrThrow()).used_at;

    // Opening the link only asks: who is signing in, and one button.
    await j.goto(link!);
    await page.getByRole('heading', { level: 1, name: 'Logga in med din länk' }).waitFor();
    assert.equal(((await main.textContent()) ?? '').replace(/\s+/g, ' ').trim(), 'Logga in med din länk Du loggar in som s***@example.test. Logga in');
    assert.equal(await main.getByRole('button').count(), 1);
    assert.equal(await used(), null, 'opening the link does not use it');
    assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Logga in' }).count(), 1, 'not signed in yet');

    // The same page in English (its language twin), still unused.
    await j.clickAndLoad(page.getByRole('banner').getByRole('link', { name: 'Read this page in English' }));
    assert.equal(new URL(page.url()).pathname, `/en/sign-in/link/${token}`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('heading', { level: 1, name: 'Sign in with your link' }).waitFor();
    assert.match((await main.textContent()) ?? '', /You are signing in as s\*\*\*@example\.test\./);
    assert.equal(await used(), null);

    await j.clickAndLoad(main.getByRole('button', { name: 'Sign in', exact: true }));
    assert.equal(new URL(page.url()).pathname, '/en/');
    const header = page.getByRole('banner');
    await j.clickAndLoad(header.getByRole('link', { name: 'My account' }));
    assert.match((await main.textContent()) ?? '', /signe\.lank@example\.test/);
    assert.ok(await used(), 'the button used the link');
    const sessions = await live.ctx.db.selectFrom('sessions').select('via').where('user_id', '=', user.id).execute();
    assert.deepEqual(sessions.map((s) => s.via), ['link']);

    // The link works only once.
    await j.goto(link!);
    await page.getByRole('heading', { level: 1, name: 'Länken fungerar inte' }).waitFor();
    assert.match((await main.textContent()) ?? '', /Länken har redan använts/);
    assert.equal(await main.getByRole('button').count(), 0);

    const visited = j.finish();
    assert.equal(visited.length, 8, visited.join('\n'));
  } finally {
    await context.close();
  }
});
