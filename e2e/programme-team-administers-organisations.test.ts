// Journey: a member of the programme team signs in, creates an organisation (after a failed first try),
// invites a new person by a mailed sign-in link, makes them an editor of the organisation, and finds
// both changes in the audit log and the mail in the outbox. axe (WCAG 2.1 A/AA) runs on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DESKTOP, Journey, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';
import { makeUser, TEST_PASSWORD } from '../test/factories.ts';

declare const document: any;

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

test('the programme team creates an organisation, invites an editor and finds it all in the audit log', async () => {
  await makeUser(live.ctx, { name: 'Petra Projektgrupp', email: 'petra@example.test', roles: ['programme_team'] });
  const context = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const page = await context.newPage();
    const j = new Journey(page);

    await j.goto('/logga-in');
    await page.getByRole('textbox', { name: 'E-postadress', exact: true }).fill('petra@example.test');
    await page.getByLabel('Lösenord', { exact: false }).fill(TEST_PASSWORD);
    await j.navigate(() => page.getByRole('main').getByRole('button', { name: 'Logga in' }).click());

    await j.clickAndLoad(page.getByRole('banner').getByRole('link', { name: 'Administration' }));
    assert.equal(new URL(page.url()).pathname, '/admin');
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();

    // A new organisation: first with a bad slug and address, then right.
    const adminNav = page.getByRole('navigation', { name: 'Administration' });
    await j.clickAndLoad(adminNav.getByRole('link', { name: 'Organisationer' }));
    await j.clickAndLoad(page.getByRole('link', { name: 'Ny organisation' }));
    await page.getByRole('textbox', { name: 'Namn', exact: true }).fill('Testbäddsförvaltningen');
    await page.getByRole('textbox', { name: 'Kortnamn i adresser (slug)', exact: true }).fill('Testbädd!');
    await page.getByRole('textbox', { name: 'Webbplats', exact: true }).fill('inte en adress');
    await j.navigate(() => page.getByRole('button', { name: 'Skapa organisationen' }).click());
    const summary = page.getByRole('alert');
    assert.match((await summary.textContent()) ?? '', /Kortnamn i adresser \(slug\): Använd bara små bokstäver/);
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'error-summary', 'focus moves to the error summary');
    assert.equal(await page.getByRole('textbox', { name: 'Namn', exact: true }).inputValue(), 'Testbäddsförvaltningen', 'what was typed is kept');
    await page.getByRole('textbox', { name: 'Kortnamn i adresser (slug)', exact: true }).fill('testbaddsforvaltningen');
    await page.getByRole('textbox', { name: 'Webbplats', exact: true }).fill('https://helsingborg.se');
    await j.navigate(() => page.getByRole('button', { name: 'Skapa organisationen' }).click());
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /Organisationen har skapats/);

    // A new person, invited with a sign-in link.
    await j.clickAndLoad(adminNav.getByRole('link', { name: 'Användare' }));
    await j.clickAndLoad(page.getByRole('link', { name: 'Ny användare' }));
    await page.getByRole('textbox', { name: 'Namn', exact: true }).fill('Ebba Redaktör');
    await page.getByRole('textbox', { name: 'E-postadress', exact: true }).fill('ebba@example.test');
    await page.getByLabel('Skicka en inloggningslänk med e-post').check();
    await j.navigate(() => page.getByRole('button', { name: 'Skapa användaren' }).click());
    assert.match((await page.getByRole('main').textContent()) ?? '', /En inloggningslänk har skickats till ebba@example\.test/);

    // She becomes an editor of the new organisation.
    await j.clickAndLoad(adminNav.getByRole('link', { name: 'Organisationer' }));
    await j.clickAndLoad(page.getByRole('link', { name: 'Testbäddsförvaltningen', exact: true }));
    await page.getByRole('textbox', { name: 'E-postadress', exact: true }).fill('ebba@example.test');
    await page.getByRole('combobox', { name: 'Roll', exact: true }).selectOption('editor');
    await j.navigate(() => page.getByRole('button', { name: 'Lägg till' }).click());
    const row = page.getByRole('row', { name: /Ebba Redaktör/ });
    assert.equal(await row.getByRole('combobox', { name: 'Roll för Ebba Redaktör' }).inputValue(), 'editor');

    // The audit log shows both changes; the history of the membership is one click away.
    await j.clickAndLoad(adminNav.getByRole('link', { name: 'Ändringslogg' }));
    await page.getByRole('combobox', { name: 'Typ av post', exact: true }).selectOption('membership');
    await j.navigate(() => page.getByRole('button', { name: 'Visa' }).click());
    const entry = page.getByRole('row', { name: /membership\.create/ });
    const entryText = (await entry.textContent()) ?? '';
    for (const part of ['Petra Projektgrupp', 'organisation: efter: testbaddsforvaltningen', 'user: efter: ebba@example.test', 'role: efter: editor']) {
      assert.ok(entryText.includes(part), `${part} in ${entryText}`);
    }

    // The invitation is in the outbox, readable in full.
    await j.clickAndLoad(adminNav.getByRole('link', { name: 'Utkorg för e-post' }));
    await j.clickAndLoad(page.getByRole('row', { name: /ebba@example\.test/ }).getByRole('link'));
    assert.match((await page.locator('pre.mail-body').first().textContent()) ?? '', /\/logga-in\/lank\/[\w-]+/);

    const visited = j.finish();
    assert.ok(visited.length >= 14, `${visited.length} pages checked`);
  } finally {
    await context.close();
  }
});
