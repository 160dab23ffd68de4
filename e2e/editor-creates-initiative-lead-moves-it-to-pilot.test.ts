// Journey: an editor creates an initiative, the innovation lead moves it to Pilot, and the public sees
// it under SDG 11 in the list and on the map. axe (WCAG 2.1 A/AA) on every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DESKTOP, Journey, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';
import { makeUser } from '../test/factories.ts';

let live: LiveApp;
let browser: Browser;
before(async () => {
  live = await startLiveApp({ seed: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await live?.close();
});

const TITLE = 'Sensorer för trygg belysning i Oceanhamnen';

test('an editor creates an initiative, the innovation lead moves it to Pilot, the public sees it under SDG 11 on the map', async () => {
  const org = await live.ctx.db.selectFrom('organisations').select('id').where('slug', '=', 'stadsbyggnadsforvaltningen').executeTakeFirstOrThrow();
  const editor = await makeUser(live.ctx, { email: 'eva.editor@example.test', name: 'Eva Editor', org: { id: org.id, role: 'editor' } });
  const lead = await makeUser(live.ctx, { email: 'lars.lead@example.test', name: 'Lars Lead', org: { id: org.id, role: 'innovation_lead' } });

  // ---- the editor ----
  const editorCtx = await newContext(browser, live.baseUrl, DESKTOP);
  const leadCtx = await newContext(browser, live.baseUrl, DESKTOP);
  const publicCtx = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const e = new Journey(await editorCtx.newPage());
    await e.signIn(editor);
    await e.clickAndLoad(e.page.getByRole('banner').getByRole('link', { name: 'Administration' }));
    await e.clickAndLoad(e.page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Initiativ', exact: true }));
    await e.clickAndLoad(e.page.getByRole('link', { name: 'Nytt initiativ' }));
    const form = e.page.getByRole('main');
    // A first try without a name: the form comes back with the message and what was typed.
    await form.getByLabel('Kort sammanfattning (svenska)').fill('Gatlyktor som lyser starkare när någon går förbi.');
    await e.clickAndLoad(form.getByRole('button', { name: 'Skapa initiativet' }));
    assert.match((await e.page.getByRole('alert').textContent()) ?? '', /Namn \(svenska\): Fyll i fältet\./);
    assert.equal(await form.getByLabel('Kort sammanfattning (svenska)').inputValue(), 'Gatlyktor som lyser starkare när någon går förbi.');

    await form.getByLabel('Namn (svenska)').fill(TITLE);
    await form.getByLabel('Namn (engelska)').fill('Sensors for safe lighting in Oceanhamnen');
    await form.getByLabel('Mål 11: Hållbara städer och samhällen').check();
    await form.getByLabel('Sensorer', { exact: true }).check();
    await form.getByLabel('Platsens namn').fill('Oceanhamnen');
    await form.getByLabel('Latitud').fill('56,0402');
    await form.getByLabel('Longitud').fill('12,6930');
    await e.clickAndLoad(form.getByRole('button', { name: 'Skapa initiativet' }));
    assert.match((await e.page.getByRole('status').allTextContents()).join(' '), /Initiativet är skapat som utkast\./);
    assert.equal(await e.page.getByRole('heading', { level: 1 }).textContent(), TITLE);
    const overview = new URL(e.page.url()).pathname;
    await e.clickAndLoad(e.page.getByRole('button', { name: 'Publicera' }));
    assert.match((await e.page.getByRole('status').allTextContents()).join(' '), /Initiativet är publicerat\./);
    // An editor asks; only the lead moves.
    assert.equal(await e.page.getByRole('button', { name: 'Flytta' }).count(), 0);
    assert.equal(await e.page.getByRole('button', { name: 'Begär stegbyte' }).count(), 1);
    e.finish();

    // ---- the innovation lead ----
    const l = new Journey(await leadCtx.newPage());
    await l.signIn(lead);
    await l.goto(overview);
    const stageForm = l.page.locator('form.stage-form');
    await stageForm.getByLabel('Nytt steg').selectOption({ label: 'Pilot' });
    await stageForm.getByLabel('Varför? (syns i steghistoriken)').fill('Testgruppen på Kajpromenaden är klar.');
    await l.clickAndLoad(stageForm.getByRole('button', { name: 'Flytta' }));
    assert.match((await l.page.getByRole('status').allTextContents()).join(' '), /Initiativet har flyttats till Pilot\./);
    assert.match((await l.page.locator('.stage-history').textContent()) ?? '', /Idé → Pilot – Testgruppen på Kajpromenaden är klar\. \(Lars Lead\)/);
    l.finish();

    // ---- the public ----
    const p = new Journey(await publicCtx.newPage());
    await p.goto('/initiativ');
    const filters = p.page.getByRole('search', { name: 'Filtrera och sök' });
    await filters.getByLabel('Globalt mål').selectOption({ value: '11' });
    await filters.getByLabel('Steg').selectOption({ value: 'pilot' });
    await p.clickAndLoad(filters.getByRole('button', { name: 'Visa' }));
    const chosen = new URL(p.page.url()).searchParams;
    assert.deepEqual([chosen.get('sdg'), chosen.get('stage')], ['11', 'pilot']);
    const card = p.page.locator('.initiative-card', { hasText: TITLE });
    await card.waitFor();
    assert.match((await card.textContent()) ?? '', /Pilot/);
    await p.clickAndLoad(p.page.getByRole('navigation', { name: 'Visa initiativen' }).getByRole('link', { name: 'Karta' }));
    assert.equal(new URL(p.page.url()).pathname, '/initiativ/karta');
    const point = p.page.locator('.map-point', { hasText: TITLE });
    assert.equal(await point.getAttribute('data-lat'), '56.0402');
    // Leaflet draws a marker for it (no tiles: the test browser reaches nothing outside 127.0.0.1).
    await p.page.locator('.initiative-map').waitFor({ state: 'visible' });
    await p.page.locator(`.leaflet-marker-icon[title="${TITLE}"]`).waitFor();
    await p.check();
    await p.clickAndLoad(point.getByRole('link', { name: TITLE }));
    assert.equal(await p.page.getByRole('heading', { level: 1 }).textContent(), TITLE);
    assert.match((await p.page.locator('.stage-history').textContent()) ?? '', /Idé → Pilot – Testgruppen på Kajpromenaden är klar\./);
    assert.ok(!((await p.page.locator('.stage-history').textContent()) ?? '').includes('Lars Lead'), 'names stay internal');
    p.finish();
  } finally {
    await editorCtx.close();
    await leadCtx.close();
    await publicCtx.close();
  }
});
