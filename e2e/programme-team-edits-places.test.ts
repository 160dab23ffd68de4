// Journey: the programme team adds an area and a venue (fixing a malformed GeoJSON and a latitude on
// the way), sees the venue on its public page, opens the edition form and deletes the venue after a
// confirmation. axe on every page, the error pages included.
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

test('the programme team adds an area and a venue, sees it published at once, and deletes it after confirming', async () => {
  const staff = await makeUser(live.ctx, { email: 'petra.program@example.test', name: 'Petra Program', roles: ['programme_team'] });
  const context = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const page = await context.newPage();
    const j = new Journey(page);
    await j.signIn(staff);

    await j.goto('/admin');
    await j.clickAndLoad(page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Expots platser' }));
    assert.equal(new URL(page.url()).pathname, '/admin/program/places');
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: 'Nytt område' }));

    // A malformed geometry comes back with the message next to the field and the text kept.
    await page.getByLabel('Namn (svenska)').fill('Mariastaden');
    await page.getByLabel('Namn (engelska)').fill('Mariastaden district');
    await page.getByLabel('Typ av område').selectOption('city');
    await page.getByLabel('Geometri (GeoJSON)').fill('{"type": "Point", "coordinates": [12.73');
    await j.clickAndLoad(page.getByRole('button', { name: 'Skapa' }));
    assert.match((await page.locator('#f-geometry-error').textContent()) ?? '', /Det är inte giltig JSON/);
    assert.equal(await page.getByLabel('Geometri (GeoJSON)').inputValue(), '{"type": "Point", "coordinates": [12.73');
    await page.getByLabel('Geometri (GeoJSON)').fill('{"type": "Point", "coordinates": [12.735, 56.075]}');
    await j.clickAndLoad(page.getByRole('button', { name: 'Skapa' }));
    assert.match((await page.getByRole('status').allTextContents()).join(' '), /Området är skapat\./);

    // A venue in it: a latitude out of range first.
    await j.clickAndLoad(page.getByRole('link', { name: 'Ny plats i Mariastaden' }));
    await page.getByLabel('Namn (svenska)').fill('Mariakyrkan i Mariastaden');
    await page.getByLabel('Gatuadress').fill('Mariagatan 3');
    await page.getByLabel('Latitud').fill('560,75');
    await page.getByLabel('Longitud').fill('12,735');
    await page.getByLabel('Kapacitet (antal personer)').fill('90');
    await page.getByLabel('Hörslinga').check();
    await page.getByLabel('Lördag: öppnar').fill('10:00');
    await page.getByLabel('Lördag: stänger').fill('15:00');
    for (const d of ['Måndag', 'Tisdag', 'Onsdag', 'Torsdag', 'Fredag', 'Söndag']) await page.getByLabel(`${d}: stängt`).check();
    await j.clickAndLoad(page.getByRole('button', { name: 'Skapa' }));
    assert.equal(((await page.locator('#f-lat-error').textContent()) ?? '').trim(), 'Latituden måste ligga mellan −90 och 90.');
    await page.getByLabel('Latitud').fill('56,075');
    await j.clickAndLoad(page.getByRole('button', { name: 'Skapa' }));
    assert.match((await page.getByRole('status').allTextContents()).join(' '), /Platsen är skapad\./);

    // Its public page, straight away.
    await j.clickAndLoad(page.getByRole('table').getByRole('link', { name: 'Mariakyrkan i Mariastaden' }));
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: 'Publik sida' }));
    assert.equal(new URL(page.url()).pathname, '/program/platser/mariakyrkan-i-mariastaden');
    const publicText = ((await page.getByRole('main').textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(publicText, /Mariagatan 3/);
    assert.match(publicText, /Hörslinga/);
    assert.match(publicText, /lördag\s*10:00–15:00/);

    // The edition form, then the venue's delete confirmation.
    await j.goto('/admin/program/places/edition');
    assert.equal(await page.getByLabel('Första dag').inputValue(), '2022-05-30');
    await j.goto('/admin/program/places');
    await j.clickAndLoad(page.getByRole('table').getByRole('link', { name: 'Mariakyrkan i Mariastaden' }));
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: 'Ta bort platsen' }));
    assert.match((await page.getByRole('main').textContent()) ?? '', /Vill du ta bort platsen Mariakyrkan i Mariastaden\?/);
    await j.clickAndLoad(page.getByRole('button', { name: 'Ja, ta bort' }));
    assert.match((await page.getByRole('status').allTextContents()).join(' '), /Platsen är borttagen\./);
    assert.equal(await page.getByRole('link', { name: 'Mariakyrkan i Mariastaden' }).count(), 0);
    j.finish();
  } finally {
    await context.close();
  }
});
