// The browser harness itself: its axe check and its "every page checked" rule must be able to fail,
// or the journeys' zero-violation results would mean nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { Journey, expectNoAxeViolations, launchBrowser, newContext, startLiveApp, type LiveApp } from './browser.ts';

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

test('the axe check fails on an inaccessible page and names each rule and element', async () => {
  const context = await newContext(browser, live.baseUrl);
  try {
    const page = await context.newPage();
    await page.setContent('<html><head><title>x</title></head><body><main><input type="text" id="nolabel"><img src="/nothing.png"><p style="color:#bbb;background:#fff">faint</p></main></body></html>');
    const err = await expectNoAxeViolations(page).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(err, 'axe reported no violation on a page with an unlabelled input and an image without alt');
    assert.match(err.message, /• html-has-lang \[serious\]/);
    assert.match(err.message, /• label \[critical\][\s\S]*#nolabel/);
    assert.match(err.message, /• image-alt \[critical\]/);
    assert.match(err.message, /• color-contrast \[serious\]/);
  } finally {
    await context.close();
  }
});

test('the app is served over real HTTP on 127.0.0.1 at its BASE_URL', async () => {
  assert.match(live.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(live.config.baseUrl, live.baseUrl);
  const r = await fetch(`${live.baseUrl}/healthz`);
  assert.deepEqual(await r.json(), { status: 'ok' });
});

test('a journey fails when a page was loaded without an axe check, and lists it', async () => {
  const context = await newContext(browser, live.baseUrl);
  try {
    const page = await context.newPage();
    const j = new Journey(page);
    await j.goto('/en/');
    await page.goto('/en/faq'); // bypasses the journey's check on purpose
    assert.throws(() => j.finish(), /pages loaded without an axe check: http:\/\/127\.0\.0\.1:\d+\/en\/faq/);
  } finally {
    await context.close();
  }
});

test('other hosts do not resolve in the browser, so no page waits on the internet', async () => {
  const context = await newContext(browser, live.baseUrl);
  try {
    const page = await context.newPage();
    const err = await page.goto('https://tile.openstreetmap.org/0/0/0.png').then(
      () => undefined,
      (e: Error) => e,
    );
    assert.match(err?.message ?? 'loaded', /ERR_NAME_NOT_RESOLVED/);
  } finally {
    await context.close();
  }
});
