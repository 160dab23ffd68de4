// Journey: a visitor on her phone opens the programme, picks Saturday, filters for free, step-free
// items in Drottninghög, stars two of them (kept in the browser, no account), finds them under
// "My programme" and downloads them as a calendar file. axe (WCAG 2.1 A/AA) on every page loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import ICAL from 'ical.js';
import type { Browser } from 'playwright-core';
import { Journey, PHONE, expectNoAxeViolations, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';
import { clock } from '../src/modules/expo/expo.time.ts';

// Code inside page.evaluate runs in Chromium; the project compiles without the DOM lib.
declare const window: any;

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

test("a visitor filters Saturday's free, step-free items in Drottninghög, stars two and downloads them as ICS", async () => {
  const context = await newContext(browser, live.baseUrl, PHONE);
  try {
    const page = await context.newPage();
    const j = new Journey(page);
    await j.goto('/');
    await j.clickAndLoad(page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Program' }));
    assert.equal(new URL(page.url()).pathname, '/program');

    // Saturday 4 June from the date picker.
    await j.clickAndLoad(page.getByRole('navigation', { name: 'Välj dag' }).getByRole('link', { name: 'lör 4 juni' }));
    assert.equal(new URL(page.url()).searchParams.get('date'), '2022-06-04');

    // The filters are a plain form.
    const filters = page.getByRole('form', { name: 'Filtrera programmet' });
    await filters.getByLabel('Område').selectOption({ label: 'Drottninghög' });
    await filters.getByLabel('Bara gratis').check();
    await filters.getByLabel('Tillgängligt utan trappsteg').check();
    await j.clickAndLoad(filters.getByRole('button', { name: 'Visa' }));
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('date'), '2022-06-04');
    assert.equal(url.searchParams.get('area'), 'drottninghog');
    assert.equal(url.searchParams.get('free'), '1');
    assert.deepEqual(url.searchParams.getAll('access'), ['step_free']);

    const day = page.getByRole('region', { name: /^Program lördag 4 juni 2022/ });
    const items = day.locator('li.programme-item');
    const count = await items.count();
    assert.ok(count >= 2, `at least two matching items (${count})`);
    // Every item listed is free and in a Drottninghög venue (the public data agrees).
    const slugs = await items.evaluateAll((els: any[]) => els.map((e) => e.getAttribute('data-event-slug')));
    const rows = await live.ctx.db
      .selectFrom('expo_pub_events as e')
      .innerJoin('expo_pub_occurrences as o', 'o.event_id', 'e.event_id')
      .innerJoin('expo_areas as a', 'a.id', 'o.area_id')
      .select(['e.slug', 'e.is_free', 'a.slug as area', 'o.accessibility'])
      .where('e.slug', 'in', slugs)
      .execute();
    for (const r of rows) {
      assert.equal(r.is_free, true);
      assert.equal(r.area, 'drottninghog');
      assert.ok(r.accessibility.includes('step_free'));
    }

    // Star the first two (the script adds the buttons; the stars stay in this browser).
    const titles: string[] = [];
    for (let i = 0; i < 2; i++) {
      const item = items.nth(i);
      titles.push(((await item.locator('.item-main > a').textContent()) ?? '').trim());
      const star = item.getByRole('button', { name: /Spara i mitt program/ });
      assert.equal(await star.getAttribute('aria-pressed'), 'false');
      await star.click();
      assert.equal(await star.getAttribute('aria-pressed'), 'true');
    }
    const stored = JSON.parse(await page.evaluate(() => window.localStorage.getItem('h22-stars')));
    assert.deepEqual(stored, slugs.slice(0, 2));
    await expectNoAxeViolations(page);

    // My programme lists them (fetched from the server with the browser's list, no reload).
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: 'Mitt program' }));
    const mine = page.locator('[data-module~="my-programme"]');
    await mine.locator('li.programme-item').nth(1).waitFor();
    assert.deepEqual((await mine.locator('li.programme-item .item-main > a').allTextContents()).map((s) => s.trim()).sort(), [...titles].sort());
    assert.match(new URL(page.url()).search, /s=/);
    await expectNoAxeViolations(page);

    // The calendar file of the starred items.
    const download = page.waitForEvent('download');
    await mine.getByRole('link', { name: 'Lägg till i kalendern (ICS)' }).click();
    const file = await (await download).path();
    const ics = fs.readFileSync(file, 'utf8');
    const comp = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    assert.equal(comp.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid'), 'Europe/Stockholm');
    const summaries = new Set(comp.getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('summary'))));
    assert.deepEqual([...summaries].sort(), [...titles].sort());

    const visited = j.finish().map((u) => new URL(u).pathname);
    assert.deepEqual(visited, ['/', '/program', '/program', '/program', '/program/mitt']);
  } finally {
    await context.close();
  }
});
