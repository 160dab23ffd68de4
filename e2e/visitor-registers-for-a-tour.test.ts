// Journey: a visitor finds a small guided tour's page in the programme, follows its sign-up link on
// her phone and signs up, finds the ticket e-mail in the
// outbox, cancels through its link; the first person waiting gets the offer and takes the seat; a
// staff member checks that ticket in by typing its code. axe (WCAG 2.1 A/AA) on every page loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { Journey, PHONE, launchBrowser, newContext, startLiveApp, type LiveApp } from '../test/browser.ts';
import { makeUser } from '../test/factories.ts';
import { makeRegistrable, type Registrable } from '../test/registration-fixtures.ts';
import { formatTicketCode } from '../src/modules/registrations/registrations.rules.ts';

let live: LiveApp;
let browser: Browser;
let tour: Registrable;
before(async () => {
  // Every form post here comes from 127.0.0.1; the limits are tested elsewhere.
  process.env.REGISTRATION_LIMIT_PER_IP = '0';
  process.env.REGISTRATION_LIMIT_PER_EMAIL = '0';
  live = await startLiveApp({ seed: false });
  browser = await launchBrowser();
  tour = await makeRegistrable(live.ctx, { capacity: 2, waitlist: 6, maxGroup: 2, titleSv: 'Guidad tur i Oceanhamnen', titleEn: 'Guided tour of Oceanhamnen' });
});
after(async () => {
  delete process.env.REGISTRATION_LIMIT_PER_IP;
  delete process.env.REGISTRATION_LIMIT_PER_EMAIL;
  await browser?.close();
  await live?.close();
});

/** What the event page said about the session each time a visitor came from it. */
const states: string[] = [];
const lastMailTo = async (to: string) =>
  live.ctx.db.selectFrom('mail_outbox').select(['subject', 'text_body', 'html_body', 'attachments']).where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirstOrThrow();
const linkIn = (text: string) => {
  const m = /(http:\/\/127\.0\.0\.1:\d+\/program\/anmalan\/biljett\/[A-Za-z0-9_-]{43})/.exec(text);
  assert.ok(m, `a ticket link in:\n${text}`);
  return new URL(m[1]!).pathname;
};

async function signUpOnPhone(name: string, email: string, seats: string): Promise<{ journey: Journey; close: () => Promise<void> }> {
  const context = await newContext(browser, live.baseUrl, PHONE);
  const page = await context.newPage();
  const j = new Journey(page);
  // From the event page, as a visitor gets there: the session says how many seats are left and links to its sign-up page.
  await j.goto(`/program/evenemang/${tour.slug}`);
  const session = page.locator('.occurrence-list li').first();
  await session.locator('.reg-state').waitFor();
  const stateText = ((await session.locator('.reg-state').textContent()) ?? '').trim();
  await j.navigate(() => session.getByRole('link', { name: /^Anmäl dig till tillfället / }).click());
  assert.equal(new URL(page.url()).pathname, `/program/anmalan/${tour.occurrenceIds[0]}`);
  states.push(stateText);
  const main = page.getByRole('main');
  await main.getByLabel('Namn').fill(name);
  await main.getByLabel('E-postadress').fill(email);
  await main.getByLabel('Antal platser').selectOption(seats);
  await j.navigate(() => page.getByRole('button', { name: /Anmäl mig|Ställ mig på väntelistan/ }).click());
  return { journey: j, close: () => context.close() };
}

test('sign up on a phone, get the ticket by e-mail, cancel through the link; the first in line takes the seat; staff check it in by its code', async () => {
  // Vera takes both seats on her phone.
  const vera = await signUpOnPhone('Vera Västra', 'vera@example.test', '2');
  const vp = vera.journey.page;
  assert.match(new URL(vp.url()).pathname, /^\/program\/anmalan\/biljett\//);
  await vp.getByText('Klart! Du är anmäld.').waitFor();
  assert.equal(await vp.getByRole('img', { name: /^QR-kod för biljett [0-9A-Z]{4}-[0-9A-Z]{4}\./ }).count(), 1);
  const width = await vp.evaluate('document.documentElement.scrollWidth');
  assert.ok(Number(width) <= PHONE.width, `no sideways scrolling on the phone (${width}px)`);

  // Walter comes along a moment later (cached pages catch up with sign-ups within a second, ADR 020),
  // finds it full and joins the waiting list.
  await sleep(1200);
  const walter = await signUpOnPhone('Walter Öst', 'walter@example.test', '1');
  await walter.journey.page.getByText('Du har plats 1 i kön.').waitFor();
  assert.deepEqual(states, ['2 platser kvar', 'Fullbokat – väntelista öppen'], 'the event page followed Vera\'s sign-up');

  // The ticket e-mail is in the outbox, with the QR code and the link.
  const ticket = await lastMailTo('vera@example.test');
  assert.equal(ticket.subject, 'Din biljett: Guidad tur i Oceanhamnen');
  assert.deepEqual((ticket.attachments as { contentType: string }[]).map((a) => a.contentType.split(';')[0]), ['image/png', 'text/calendar']);
  const veraLink = linkIn(ticket.text_body);

  // Vera cannot come after all: she opens the link from the e-mail and cancels.
  await vera.journey.goto(veraLink);
  vp.once('dialog', (d) => void d.accept());
  await vera.journey.navigate(() => vp.getByRole('button', { name: 'Avboka min anmälan' }).click());
  await vp.getByText('Din anmälan är avbokad.').waitFor();
  assert.equal(await vp.getByRole('button', { name: 'Avboka min anmälan' }).count(), 0);
  vera.journey.finish();
  await vera.close();

  // Walter, first in line, gets the offer by e-mail and takes the seat.
  const offer = await lastMailTo('walter@example.test');
  assert.equal(offer.subject, 'En plats har blivit ledig: Guidad tur i Oceanhamnen');
  const wp = walter.journey.page;
  await walter.journey.goto(linkIn(offer.text_body));
  await wp.getByRole('heading', { level: 2, name: 'En plats har blivit ledig' }).waitFor();
  await walter.journey.navigate(() => wp.getByRole('button', { name: 'Ja, jag tar platsen' }).click());
  await wp.getByText('Klart! Du har fått platsen.').waitFor();
  const code = ((await wp.locator('.reg-code').textContent()) ?? '').trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  walter.journey.finish();
  await walter.close();

  // At the door: a staff member signs in on a phone and types the code.
  const staff = await makeUser(live.ctx, { roles: ['programme_team'], name: 'Dörrvakt Dana' });
  const context = await newContext(browser, live.baseUrl, PHONE);
  try {
    const page = await context.newPage();
    const j = new Journey(page);
    await j.signIn(staff);
    await j.goto(`/admin/registrations/occurrences/${tour.occurrenceIds[0]}/check-in`);
    await page.getByLabel('Biljettkod').fill(code.toLowerCase());
    await j.navigate(() => page.getByRole('button', { name: 'Checka in' }).click());
    assert.equal((await page.getByRole('status').first().textContent())?.trim(), 'Incheckad: Walter Öst, 1 plats.');
    // The same ticket again says when it was used.
    await page.getByLabel('Biljettkod').fill(code);
    await j.navigate(() => page.getByRole('button', { name: 'Checka in' }).click());
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /Biljetten är redan använd\. Den checkades in .* av Dörrvakt Dana\./);
    j.finish();
  } finally {
    await context.close();
  }
  const row = await live.ctx.db.selectFrom('registrations').select(['status', 'ticket_code']).where('email', '=', 'walter@example.test').executeTakeFirstOrThrow();
  assert.equal(row.status, 'checked_in');
  assert.equal(formatTicketCode(row.ticket_code), code);
});
