// Journey: an organiser signs in and submits a programme item; a member of the programme team
// accepts it with a reason, publishes a new release, and the item is on the public programme and in
// the changelog. axe (WCAG 2.1 A/AA) on every page loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DESKTOP, Journey, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';
import { makeOrganisation, makeUser } from '../test/factories.ts';
import { clock } from '../src/modules/expo/expo.time.ts';

let live: LiveApp;
let browser: Browser;
before(async () => {
  clock.set(() => new Date('2023-01-10T12:00:00Z'));
  live = await startLiveApp({ seed: true });
  browser = await launchBrowser();
});
after(async () => {
  clock.set(undefined);
  await browser?.close();
  await live?.close();
});

async function signIn(j: Journey, who: { email: string; password: string }): Promise<void> {
  await j.signIn(who);
  await j.page.getByRole('banner').getByRole('button', { name: 'Logga ut' }).waitFor();
}

const TITLE = 'Solceller på taket – så fungerar det';

test('an organiser submits an item and the programme team accepts and publishes it', async () => {
  const org = await makeOrganisation(live.ctx, { name: 'Solföreningen Helsingborg' });
  const organiser = await makeUser(live.ctx, { email: 'olle.organisator@example.test', name: 'Olle Organisatör', org: { id: org.id, role: 'member' } });
  const team = await makeUser(live.ctx, { email: 'petra.programgrupp@example.test', name: 'Petra Programgrupp', roles: ['programme_team'] });

  // ---- the organiser ----
  const oc = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const page = await oc.newPage();
    const j = new Journey(page);
    await signIn(j, organiser);
    await j.clickAndLoad(page.getByRole('banner').getByRole('link', { name: 'Administration' }));
    await j.clickAndLoad(page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Program' }));
    assert.equal(new URL(page.url()).pathname, '/admin/program');
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: 'Ny programpunkt' }));

    const form = page.locator('form.admin-form');
    // First without a venue: the form comes back with the message at the field and keeps what was typed.
    await form.getByLabel('Titel på svenska', { exact: false }).first().fill(TITLE);
    await form.getByLabel('Typ', { exact: true }).selectOption('talk');
    await form.getByLabel('Beskrivning på svenska', { exact: true }).fill('Ett föredrag om solceller för bostadsrättsföreningar.');
    await form.getByRole('checkbox', { name: 'Globala målet 7', exact: true }).check();
    const slot1 = form.getByRole('group', { name: 'Tillfälle 1', exact: true });
    await slot1.getByLabel('Datum', { exact: true }).fill('2022-06-18');
    await slot1.getByLabel('Börjar', { exact: true }).fill('13:00');
    await slot1.getByLabel('Slutar', { exact: true }).fill('14:00');
    await j.clickAndLoad(form.getByRole('button', { name: 'Spara och skicka in' }));
    const summary = page.getByRole('alert');
    assert.match((await summary.textContent()) ?? '', /Tillfälle 1: Plats: Välj en plats i listan\./);
    assert.equal(await page.getByLabel('Titel på svenska', { exact: false }).first().inputValue(), TITLE);

    await page.locator('form.admin-form').getByRole('group', { name: 'Tillfälle 1', exact: true }).getByLabel('Plats', { exact: true }).selectOption({ label: 'SeaU-paviljongen' });
    await j.clickAndLoad(page.locator('form.admin-form').getByRole('button', { name: 'Spara och skicka in' }));
    assert.match(new URL(page.url()).pathname, /^\/admin\/program\/\d+$/);
    assert.match((await page.getByRole('status').allTextContents()).join(' '), /Programpunkten är inskickad för granskning\./);
    assert.match((await page.getByRole('main').textContent()) ?? '', /Inskickad/);
    j.finish();
  } finally {
    await oc.close();
  }
  // Nothing is public before the programme team publishes.
  const item = await live.ctx.db.selectFrom('expo_events').select(['id', 'slug', 'state']).where('title_sv', '=', TITLE).executeTakeFirstOrThrow();
  assert.equal(item.state, 'submitted');

  // ---- the programme team ----
  const tc = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const page = await tc.newPage();
    const j = new Journey(page);
    await signIn(j, team);
    await j.goto('/admin/program');
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: /^Inskickad \(\d+\)$/ }));
    await j.clickAndLoad(page.getByRole('table').getByRole('link', { name: TITLE }));
    const review = page.getByRole('region', { name: 'Granskning' });
    await review.getByLabel('Beslut').selectOption('accept');
    await review.getByLabel(/^Motivering/).fill('Välkommen till programmet!');
    await j.clickAndLoad(review.getByRole('button', { name: 'Skicka beslut' }));
    assert.match((await page.getByRole('status').allTextContents()).join(' '), /Beslutet är skickat till arrangören\./);

    const mail = await live.ctx.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', organiser.email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(mail.text_body, /Beslut: Godkänn/);
    assert.match(mail.text_body, /Välkommen till programmet!/);

    await j.goto('/admin/program/releases');
    assert.match((await page.getByRole('main').textContent()) ?? '', new RegExp(`Nytt\\s*${TITLE}`));
    await page.getByLabel('Kommentar på svenska (valfritt)').fill('Solceller på lördag');
    await j.clickAndLoad(page.getByRole('button', { name: 'Publicera ny version' }));
    assert.match((await page.getByRole('status').allTextContents()).join(' '), /Version 2 är publicerad\./);
    j.finish();
  } finally {
    await tc.close();
  }

  // ---- a visitor ----
  const vc = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const page = await vc.newPage();
    const j = new Journey(page);
    await j.goto('/program?date=2022-06-18');
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: TITLE }));
    assert.equal(new URL(page.url()).pathname, `/program/evenemang/${item.slug}`);
    assert.match((await page.getByRole('main').textContent()) ?? '', /lördag 18 juni 2022, 13:00–14:00 – SeaU-paviljongen/);
    await j.goto('/program/andringar');
    const release = page.getByRole('region', { name: /^Version 2/ });
    assert.match((await release.textContent()) ?? '', new RegExp(`Solceller på lördag[\\s\\S]*Nytt\\s*${TITLE}`));
    j.finish();
  } finally {
    await vc.close();
  }
});
