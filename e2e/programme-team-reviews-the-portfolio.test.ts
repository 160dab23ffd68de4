// Journey: the programme team reviews the portfolio — the overview with its charts and tables, an
// initiative that has not been updated in 90 days, its impact goals, editor and media pages — and a
// visitor reads the lessons learned and an initiative in English. axe on every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DESKTOP, Journey, launchBrowser, newContext, PHONE, startLiveApp, type LiveApp } from '../test/browser.ts';
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

test('the programme team reviews the portfolio overview, a stale initiative and its impact goals', async () => {
  const team = await makeUser(live.ctx, { email: 'tove.team@example.test', name: 'Tove Team', roles: ['programme_team'] });
  const ctx = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const j = new Journey(await ctx.newPage());
    const page = j.page;
    await j.signIn(team);
    await j.goto('/admin');
    await j.clickAndLoad(page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Portföljöversikt' }));
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Portföljöversikt');
    const total = Number((await live.ctx.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.match((await page.getByRole('main').textContent()) ?? '', new RegExp(`Totalt: ${total}\\.`));
    // The chart's table, opened without leaving the page.
    await page.getByText('Visa som tabell: Tratten: initiativ per steg').click();
    const funnelTable = page.locator('figure[aria-labelledby="funnel"] table');
    await funnelTable.waitFor({ state: 'visible' });
    assert.equal(await funnelTable.locator('tbody tr').count(), 5);
    await j.check();

    // An initiative without an update in 90 days.
    const stale = page.locator('section[aria-labelledby="stale"] tbody tr').first().getByRole('link');
    const staleTitle = (await stale.textContent()) ?? '';
    await j.clickAndLoad(stale);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), staleTitle);
    const tabs = page.getByRole('navigation', { name: 'Initiativets sidor' });
    await j.clickAndLoad(tabs.getByRole('link', { name: 'Effektmål' }));
    await j.clickAndLoad(tabs.getByRole('link', { name: 'Redigera' }));
    assert.equal(await page.getByLabel('Namn (svenska)').inputValue(), staleTitle);
    await j.clickAndLoad(tabs.getByRole('link', { name: 'Bilder och länkar' }));
    await j.clickAndLoad(page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Initiativ', exact: true }));
    j.finish();
  } finally {
    await ctx.close();
  }
});

test('a visitor on a phone reads the lessons learned and an initiative in English', async () => {
  const ctx = await newContext(browser, live.baseUrl, PHONE);
  try {
    const j = new Journey(await ctx.newPage());
    const page = j.page;
    await j.goto('/initiativ/lardomar');
    const first = page.locator('.lesson').first();
    assert.match((await first.textContent()) ?? '', /Avslutades|Realiserad|Avbruten/);
    await j.clickAndLoad(page.getByRole('link', { name: 'In English' }));
    assert.equal(new URL(page.url()).pathname, '/en/initiatives/lessons-learned');
    await j.clickAndLoad(page.getByRole('navigation', { name: 'View the initiatives' }).getByRole('link', { name: 'List' }));
    const card = page.locator('.initiative-card').first().getByRole('link');
    const title = (await card.textContent()) ?? '';
    await j.clickAndLoad(card);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), title);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match((await page.getByRole('main').textContent()) ?? '', /Stage history/);
    j.finish();
  } finally {
    await ctx.close();
  }
});

test('the programme team keeps the city challenges: a refused slug, a new challenge, retiring one in use (axe on every page)', async () => {
  const team = await makeUser(live.ctx, { email: 'tina.team@example.test', name: 'Tina Team', roles: ['programme_team'] });
  const ctx = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const j = new Journey(await ctx.newPage());
    const page = j.page;
    await j.signIn(team);
    await j.goto('/admin/initiatives');
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: 'Stadens utmaningar' }));
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Stadens utmaningar');
    const inUse = page.locator('tbody tr').filter({ hasNotText: '0 initiativ' }).first();
    const inUseTitle = ((await inUse.getByRole('link').textContent()) ?? '').trim();

    await j.clickAndLoad(page.getByRole('link', { name: 'Ny utmaning' }));
    await page.getByLabel('Namn (svenska)').fill('Hållbara resor till jobbet');
    await page.getByLabel('Adress (slug)').fill('Hållbara Resor');
    await j.clickAndLoad(page.getByRole('button', { name: 'Skapa utmaningen' }));
    assert.match((await page.locator('#f-slug-error').textContent()) ?? '', /Använd bara små bokstäver a–z/);
    assert.equal(await page.getByLabel('Namn (svenska)').inputValue(), 'Hållbara resor till jobbet');
    await page.getByLabel('Adress (slug)').fill('');
    await j.clickAndLoad(page.getByRole('button', { name: 'Skapa utmaningen' }));
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Ändra utmaning: Hållbara resor till jobbet');
    assert.equal(await page.getByLabel('Adress (slug)').inputValue(), 'hallbara-resor-till-jobbet');

    // A challenge that initiatives answer: deleting is refused with the count, retiring works.
    await j.goto('/admin/initiatives/challenges');
    await j.clickAndLoad(page.getByRole('link', { name: inUseTitle, exact: true }));
    await j.clickAndLoad(page.getByRole('button', { name: 'Ta bort utmaningen' }));
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Utmaningen kan inte tas bort: \d+ initiativ svarar på den\./);
    await j.clickAndLoad(page.getByRole('button', { name: 'Avsluta utmaningen' }));
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /Utmaningen är avslutad\./);
    j.finish();
  } finally {
    await ctx.close();
  }
});
