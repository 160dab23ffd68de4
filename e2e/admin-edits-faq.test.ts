// Journey: an admin signs in, edits an FAQ answer, sees the change on the public page (also as an
// anonymous visitor, whose page comes from the render cache) and in the audit log. axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, Journey, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';
import { makeUser } from '../test/factories.ts';
import { SEED_FAQ } from '../src/modules/content/content.seed-data.ts';

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

const entry = SEED_FAQ.find((f) => f.slug === '132-miljoner-innovationsarbete');

/** The text of one FAQ answer on the public page, found by its anchor. */
async function publicAnswer(page: Page, slug: string): Promise<string> {
  return ((await page.locator(`[id="${slug}"]`).textContent()) ?? '').replace(/\s+/g, ' ');
}

test('an admin signs in, edits an FAQ answer, sees the change on the public page and in the audit log', async () => {
  assert.ok(entry, 'the seed has the 132 million question');
  const admin = await makeUser(live.ctx, { email: 'anna.admin@example.test', name: 'Anna Admin', roles: ['admin'] });
  const marker = `Uppföljningen av pengarna redovisas varje år (ändrat i test ${Date.now().toString(36)}).`;

  // An anonymous visitor has the FAQ from the render cache before the edit.
  const visitor = await newContext(browser, live.baseUrl, DESKTOP);
  const staff = await newContext(browser, live.baseUrl, DESKTOP);
  try {
    const vp = await visitor.newPage();
    const v = new Journey(vp);
    await v.goto('/faq');
    assert.ok(!(await publicAnswer(vp, entry.slug)).includes(marker));

    const page = await staff.newPage();
    const j = new Journey(page);

    // Sign in with e-mail and password.
    await j.signIn(admin);
    const header = page.getByRole('banner');
    await header.getByRole('button', { name: 'Logga ut' }).waitFor();

    // Administration → Frågor och svar → the entry.
    await j.clickAndLoad(header.getByRole('link', { name: 'Administration' }));
    assert.equal(new URL(page.url()).pathname, '/admin');
    const adminNav = page.getByRole('navigation', { name: 'Administration' });
    await j.clickAndLoad(adminNav.getByRole('link', { name: 'Frågor och svar' }));
    assert.equal(new URL(page.url()).pathname, '/admin/faq');
    await j.clickAndLoad(page.getByRole('table').getByRole('link', { name: entry.question_sv, exact: true }));
    const editPath = new URL(page.url()).pathname;
    const id = /^\/admin\/faq\/(\d+)$/.exec(editPath)?.[1];
    assert.ok(id, `an edit page: ${editPath}`);

    // Edit the Swedish answer and save.
    const answerField = page.getByLabel('Svar (svenska)');
    const oldAnswer = await answerField.inputValue();
    assert.equal(oldAnswer, entry.answer_sv, 'the form shows the stored answer');
    const newAnswer = `${oldAnswer}\n\n${marker}`;
    await answerField.fill(newAnswer);
    await j.clickAndLoad(page.getByRole('button', { name: 'Spara', exact: true }));
    const saved = new URL(page.url());
    assert.equal(saved.pathname, editPath);
    assert.match((await page.getByRole('status').allTextContents()).join(' '), /Ändringarna är sparade\./);
    assert.equal(await page.getByLabel('Svar (svenska)').inputValue(), newAnswer);

    // The public page, from the admin's own link to it.
    await j.clickAndLoad(page.getByRole('main').getByRole('link', { name: 'Visa på webbplatsen' }));
    assert.equal(new URL(page.url()).pathname, '/faq');
    assert.equal(new URL(page.url()).hash, `#${entry.slug}`);
    assert.ok((await publicAnswer(page, entry.slug)).includes(marker), 'the admin sees the new answer');

    // The anonymous visitor reloads and gets the new answer: the edit invalidated the render cache, so the
    // browser's If-None-Match no longer matches. (A plain revisit may use the browser's copy for max-age=60 s, ADR 010.)
    const revalidation = vp.waitForResponse((r) => new URL(r.url()).pathname === '/faq');
    await v.navigate(() => vp.reload());
    const fresh = await revalidation;
    const asked = (await fresh.request().allHeaders())['if-none-match'];
    assert.ok(asked, 'the reload asked with the ETag of the page it had');
    assert.notEqual(fresh.headers().etag, asked, 'the server answered with a new version, not a 304 for the old one');
    assert.ok((await publicAnswer(vp, entry.slug)).includes(marker), 'the cached public page shows the change');

    // The audit log: back to the staff area, the log, filtered to FAQ updates.
    await j.goto('/admin');
    await j.clickAndLoad(page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Ändringslogg' }));
    assert.equal(new URL(page.url()).pathname, '/admin/audit');
    await page.getByLabel('Händelse').selectOption('faq.update');
    await j.clickAndLoad(page.getByRole('main').getByRole('button', { name: 'Visa', exact: true }));
    assert.equal(new URL(page.url()).searchParams.get('action'), 'faq.update');
    const rows = page.getByRole('table').locator('tbody tr');
    assert.equal(await rows.count(), 1, 'one FAQ update in the log');
    const cells = (await rows.first().locator('td').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
    assert.match(cells[1]!, /Anna Admin|anna\.admin@example\.test/, 'who');
    assert.equal(cells[2], 'faq.update', 'what');
    assert.equal(cells[3], `faq_entry ${id}`, 'which record');
    const change = rows.first().locator('td').nth(4);
    assert.ok(!((await change.locator('del').allTextContents()).join(' ').includes(marker)), 'before: the old answer');
    assert.ok((await change.locator('ins').allTextContents()).join(' ').includes(marker), 'after: the new answer');
    assert.match(cells[4]!, /answer_sv/);

    // The server's record agrees with what the page shows.
    const log = await live.ctx.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'faq.update').execute();
    assert.deepEqual(log.map((l) => [l.action, String(l.entity_id)]), [['faq.update', id]]);

    assert.deepEqual(
      j.finish().map((u) => new URL(u).pathname),
      ['/logga-in', '/', '/admin', '/admin/faq', editPath, editPath, '/faq', '/admin', '/admin/audit', '/admin/audit'],
    );
    assert.deepEqual(v.finish().map((u) => new URL(u).pathname), ['/faq', '/faq']);
  } finally {
    await visitor.close();
    await staff.close();
  }
});
