// Journey: a visitor on a phone reads the FAQ in Swedish, switches to English, searches with a typo
// and finds the answer. axe (WCAG 2.1 A/AA) runs on every page the journey loads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { Journey, PHONE, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';
import { SEED_FAQ } from '../src/modules/content/content.seed-data.ts';

// Code inside page.evaluate runs in Chromium; the project compiles without the DOM lib, so name its globals here.
declare const document: any, window: any, location: any;

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

const money = SEED_FAQ.find((f) => f.slug === '132-miljoner-innovationsarbete');

test('a visitor reads the FAQ in Swedish, switches to English, searches with a typo and finds the answer', async () => {
  assert.ok(money, 'the seed has the 132 million question');
  const context = await newContext(browser, live.baseUrl, PHONE);
  try {
    const page = await context.newPage();
    const j = new Journey(page);

    await j.goto('/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');

    // To the FAQ through the main navigation, as a visitor would.
    await j.clickAndLoad(page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Frågor och svar' }));
    assert.equal(new URL(page.url()).pathname, '/faq');
    await page.getByRole('heading', { level: 3, name: money.question_sv, exact: true }).waitFor({ state: 'visible' });

    // The language switch leads to the English twin of the same page.
    await j.clickAndLoad(page.getByRole('link', { name: 'Read this page in English' }));
    assert.equal(new URL(page.url()).pathname, '/en/faq');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('heading', { level: 3, name: money.question_en, exact: true }).waitFor({ state: 'visible' });
    assert.equal(await page.getByRole('heading', { level: 3, name: money.question_sv, exact: true }).count(), 0, 'no Swedish question left on the English page');

    // Search from the header with a typo: "inovation".
    const search = page.getByRole('search');
    await search.getByRole('searchbox', { name: 'Search the site' }).fill('inovation');
    await j.navigate(() => search.getByRole('button', { name: 'Search' }).click());
    const results = new URL(page.url());
    assert.equal(results.pathname, '/en/search');
    assert.equal(results.searchParams.get('q'), 'inovation');
    assert.match((await page.getByRole('status').textContent()) ?? '', /results? for “inovation”/);

    // The hit for the 132 million question opens the FAQ at its answer.
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: money.question_en, exact: true }));
    const answerUrl = new URL(page.url());
    assert.equal(answerUrl.pathname, '/en/faq');
    assert.equal(answerUrl.hash, `#${money.slug}`);
    const answer = page.locator(`[id="${money.slug}"]`);
    await answer.waitFor({ state: 'visible' });
    const where = await answer.evaluate((el: any) => {
      const r = el.getBoundingClientRect();
      return { target: el.matches(':target'), top: r.top, viewport: window.innerHeight, text: el.textContent ?? '' };
    });
    assert.ok(where.target, 'the anchored answer is the :target');
    assert.ok(where.top >= 0 && where.top < where.viewport, `the answer is scrolled into view (top ${where.top}, viewport ${where.viewport})`);
    assert.ok(where.text.includes(money.answer_en.slice(0, 60)), 'the anchored entry holds the English answer');

    const visited = j.finish().map((u) => new URL(u).pathname);
    assert.deepEqual(visited, ['/', '/faq', '/en/faq', '/en/search', '/en/faq']);
  } finally {
    await context.close();
  }
});
