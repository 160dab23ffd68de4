// The layout for keyboard users and small screens: the skip link comes first and works, and nothing
// scrolls sideways at 320 CSS pixels (WCAG 1.4.10 Reflow). axe runs on every page loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DESKTOP, Journey, NARROW, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';

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

for (const [path, label] of [
  ['/faq', 'Hoppa till innehållet'],
  ['/en/faq', 'Skip to content'],
] as const) {
  test(`a keyboard user on ${path} reaches the skip link first, sees it, and it moves focus to main`, async () => {
    const context = await newContext(browser, live.baseUrl, DESKTOP);
    try {
      const page = await context.newPage();
      const j = new Journey(page);
      await j.goto(path);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el?.getBoundingClientRect();
        return { text: el?.textContent?.trim(), href: el?.getAttribute('href'), visible: !!r && r.left >= 0 && r.top >= 0 && r.width > 0 && r.right <= window.innerWidth };
      });
      assert.deepEqual(first, { text: label, href: '#main', visible: true });

      await page.keyboard.press('Enter');
      const focused = await page.evaluate(() => ({ id: document.activeElement?.id, tag: document.activeElement?.tagName, hash: location.hash }));
      assert.deepEqual(focused, { id: 'main', tag: 'MAIN', hash: '#main' });

      // The next Tab continues inside main, not back in the header.
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => !!document.activeElement?.closest('main'));
      assert.ok(next, 'the tab after the skip link lands inside main');
      j.finish();
    } finally {
      await context.close();
    }
  });
}

test('at 320 px wide nothing scrolls sideways on the start page and the FAQ in both languages', async () => {
  const context = await newContext(browser, live.baseUrl, NARROW);
  try {
    const page = await context.newPage();
    const j = new Journey(page);
    for (const path of ['/', '/faq', '/en/faq']) {
      await j.goto(path);
      const m = await page.evaluate(() => {
        const se = document.scrollingElement!;
        // The widest element, to name the culprit when the check fails.
        let widest = '';
        let max = 0;
        for (const el of Array.from(document.querySelectorAll('body *')) as any[]) {
          const r = el.getBoundingClientRect();
          if (r.right > max) {
            max = r.right;
            widest = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''}`;
          }
        }
        return { scrollWidth: se.scrollWidth, clientWidth: se.clientWidth, widest, right: Math.ceil(max) };
      });
      assert.equal(m.clientWidth, 320, 'the viewport is 320 px');
      assert.ok(m.scrollWidth <= 320, `${path} scrolls sideways: scrollWidth ${m.scrollWidth} (widest ${m.widest} reaches ${m.right}px)`);
    }
    assert.deepEqual(j.finish().map((u) => new URL(u).pathname), ['/', '/faq', '/en/faq']);
  } finally {
    await context.close();
  }
});
