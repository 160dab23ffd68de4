// Journey: a developer finds the API reference from the footer, reads it in Swedish and in English,
// jumps to an operation from the contents, and the page fits a 320 px screen. axe on every page loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { Journey, NARROW, DESKTOP, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';

declare const document: any;

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

test('a developer reads the API reference in Swedish and English and jumps to an operation', async () => {
  const context = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const page = await context.newPage();
    const j = new Journey(page);
    await j.goto('/');
    await j.clickAndLoad(page.getByRole('contentinfo').getByRole('link', { name: 'Öppna data och API' }));
    assert.equal(new URL(page.url()).pathname, '/api/v1/docs');
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    await page.getByRole('heading', { level: 1, name: 'API-referens' }).waitFor();

    // The contents link to each operation; following one moves to its heading.
    const toc = page.getByRole('navigation', { name: 'Innehåll' });
    await toc.getByRole('link', { name: 'GET /api/v1/faq', exact: true }).click();
    assert.equal(new URL(page.url()).hash, '#op-get-api-v1-faq');
    const heading = page.locator('#op-get-api-v1-faq');
    assert.match((await heading.textContent()) ?? '', /GET\s+\/api\/v1\/faq/);
    const op = page.locator('section.api-op', { has: heading });
    assert.match((await op.locator('pre code').textContent()) ?? '', new RegExp(`^curl -s '${live.baseUrl}/api/v1/faq'`));

    await j.clickAndLoad(page.getByRole('link', { name: 'Read this page in English' }));
    assert.equal(new URL(page.url()).search, '?lang=en');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
    assert.ok((await page.locator('section.api-op').count()) > 0);
    j.finish();
  } finally {
    await context.close();
  }
});

test('the API reference fits a 320 px screen without sideways scrolling of the page', async () => {
  const context = await newContext(browser, live.baseUrl, NARROW);
  try {
    const page = await context.newPage();
    const j = new Journey(page);
    await j.goto('/api/v1/docs?lang=en');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `the page scrolls sideways: ${width}px`);
    j.finish();
  } finally {
    await context.close();
  }
});
