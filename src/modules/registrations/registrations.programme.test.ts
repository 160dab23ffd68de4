// Registration where a visitor or an app meets an occurrence: the `registration` object of
// GET /api/v1/events (and its OpenAPI schema), the state in words and the sign-up link on the event
// page in both languages, the day view's marker, and the cache staying honest after seat changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeRegistrable, teamActor, type Registrable } from '../../../test/registration-fixtures.ts';
import { createRenderCache } from '../../platform/cache.ts';
import { publishRelease } from '../expo/expo.commands.ts';
import { disableEventRegistration } from './registrations.commands.ts';
import { invalidateCoalesced, SEATS_TAG } from './registrations.freshness.ts';

let t: TestApp;
let tour: Registrable;
before(async () => {
  process.env.REGISTRATION_LIMIT_PER_IP = '0';
  process.env.REGISTRATION_LIMIT_PER_EMAIL = '0';
  t = await createTestApp();
  tour = await makeRegistrable(t.ctx, { capacity: 5, waitlist: 4, maxGroup: 3, titleSv: 'Tur i Drottninghög', titleEn: 'Tour of Drottninghög' });
});
after(async () => {
  delete process.env.REGISTRATION_LIMIT_PER_IP;
  delete process.env.REGISTRATION_LIMIT_PER_EMAIL;
  await t.close();
});

const anon = () => new Client(t.app);
const signUp = async (occ: number, seats: number, who: string) => {
  const r = await anon().request('POST', `/api/v1/occurrences/${occ}/registrations`, { json: { name: who, email: `${who.toLowerCase()}@example.test`, seats } });
  assert.equal(r.status, 201, r.body);
  return r.json<{ status: string; manageUrl: string }>();
};
const itemOf = async (url: string, occ: number) => {
  const r = await anon().get(url);
  assert.equal(r.status, 200, r.body);
  const item = r.json<{ items: { id: number; registration: unknown }[] }>().items.find((i) => i.id === occ);
  assert.ok(item, `occurrence ${occ} in ${url}`);
  return item.registration;
};
// Seat changes reach cached views at once when the tag was quiet, else within its one-second window
// (ADR 020): a view read right after a burst of sign-ups is polled until it shows them.
async function eventually<T>(read: () => Promise<T>, expected: unknown): Promise<T> {
  const until = Date.now() + 3000;
  let v = await read();
  while (!isDeepStrictEqual(v, expected) && Date.now() < until) {
    await sleep(100);
    v = await read();
  }
  return v;
}
/** Waits until every coalescing window of earlier changes has closed (a window ends at most 2 s after a change). */
const quiet = () => sleep(2200);
const stateTexts = (body: string) => [...decodeEntities(body).matchAll(/<span class="reg-state">([^<]*)<\/span>/g)].map((m) => m[1]);
const dayOf = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

test('GET /api/v1/events carries the registration of each occurrence, and follows sign-ups and a cancellation', async () => {
  const occ = tour.occurrenceIds[0]!;
  const before = await itemOf('/api/v1/events?limit=500', occ);
  const settings = await t.ctx.db.selectFrom('expo_pub_occurrences').select('starts_at').where('occurrence_id', '=', occ).executeTakeFirstOrThrow();
  assert.deepEqual(before, { capacity: 5, confirmedSeats: 0, available: 5, waitlisted: 0, opensAt: null, closesAt: settings.starts_at.toISOString() });

  await signUp(occ, 3, 'Alma');
  const vera = await signUp(occ, 2, 'Vera');
  const waiting = await signUp(occ, 1, 'Wilma');
  assert.equal(waiting.status, 'waitlisted');
  const full = { capacity: 5, confirmedSeats: 5, available: 0, waitlisted: 1, opensAt: null, closesAt: settings.starts_at.toISOString() };
  assert.deepEqual(await eventually(() => itemOf('/api/v1/events?limit=500', occ), full), full);

  // Vera cancels: her two seats are offered to Wilma (held while the offer stands), so one is free.
  const del = await anon().request('DELETE', new URL(vera.manageUrl).pathname);
  assert.equal(del.status, 200, del.body);
  const after = { capacity: 5, confirmedSeats: 3, available: 1, waitlisted: 0, opensAt: null, closesAt: settings.starts_at.toISOString() };
  assert.deepEqual(await eventually(() => itemOf('/api/v1/events?limit=500', occ), after), after);
  // The day's view of the API (another cache entry, under the day's tag) says the same.
  assert.deepEqual(await eventually(() => itemOf(`/api/v1/events?date=${dayOf(settings.starts_at)}`, occ), after), after);
});

test('registration is null when it is turned off, and an app sees that as soon as it is', async () => {
  const other = await makeRegistrable(t.ctx, { capacity: 8 });
  const occ = other.occurrenceIds[0]!;
  assert.equal(((await itemOf('/api/v1/events?limit=500', occ)) as { capacity: number }).capacity, 8);
  assert.equal((await disableEventRegistration(t.ctx, await teamActor(t.ctx), other.eventId)).outcome, 'ok');
  assert.equal(await eventually(() => itemOf('/api/v1/events?limit=500', occ), null), null);
  // The CSV of the same view stays a snapshot of the release: no registration columns.
  const csv = await anon().get('/api/v1/events.csv');
  assert.equal(csv.status, 200);
  assert.doesNotMatch(csv.body.split('\n')[0]!, /capacity|available|registration/i);
});

test('the OpenAPI document describes the registration object of an occurrence', async () => {
  const doc = (await anon().get('/api/v1/openapi.json')).json();
  const item = doc.paths['/api/v1/events'].get.responses['200'].content['application/json'].schema.properties.items.items;
  const reg = item.properties.registration;
  const object = (reg.anyOf ?? reg.oneOf).find((s: { type?: string }) => s.type === 'object');
  assert.deepEqual(Object.keys(object.properties).sort(), ['available', 'capacity', 'closesAt', 'confirmedSeats', 'opensAt', 'waitlisted']);
  assert.ok((reg.anyOf ?? reg.oneOf).some((s: { type?: string }) => s.type === 'null'), 'nullable');
  assert.match(reg.description, /null when the occurrence has no registration/);
});

test('a cached answer is reused until a seat changes; then the next GET has the new counts', async () => {
  const small = await makeRegistrable(t.ctx, { capacity: 4, waitlist: 0 });
  const occ = small.occurrenceIds[0]!;
  await quiet();
  const url = '/api/v1/events?limit=500';
  const first = (await itemOf(url, occ)) as { confirmedSeats: number };
  assert.equal(first.confirmedSeats, 0);
  // A row written behind the commands' back: the cached answer does not see it…
  await t.ctx.db
    .insertInto('registrations')
    .values({ occurrence_id: occ, arrival: 1, status: 'confirmed', name: 'Direkt', email: 'direkt@example.test', seats: 1, answers: JSON.stringify({}), ticket_code: 'ABCD2345', manage_token_hash: 'x'.repeat(64), confirmed_at: new Date() })
    .execute();
  assert.equal(((await itemOf(url, occ)) as { confirmedSeats: number }).confirmedSeats, 0, 'served from the cache');
  // …a sign-up through the app invalidates it, so the next GET counts both.
  await signUp(occ, 2, 'Sixten');
  assert.deepEqual(await itemOf(url, occ), { ...(first as object), confirmedSeats: 3, available: 1 });
});

test('the event page says how registration stands for each session and links to its sign-up page, in Swedish and English', async () => {
  const series = await makeRegistrable(t.ctx, { capacity: 2, waitlist: 2, maxGroup: 2, occurrences: 2, titleSv: 'Stadsvandring', titleEn: 'City walk' });
  const [a, b] = series.occurrenceIds as [number, number];
  await signUp(a, 2, 'Fia');
  const page = async (url: string) => decodeEntities((await anon().get(url)).body);
  let sv = '';
  assert.deepEqual(await eventually(async () => stateTexts((sv = await page(`/program/evenemang/${series.slug}`))), ['Fullbokat – väntelista öppen', '2 platser kvar']), ['Fullbokat – väntelista öppen', '2 platser kvar']);
  assert.match(sv, new RegExp(`<a class="reg-link" href="/program/anmalan/${a}">Anmäl dig<span class="visually-hidden"> till tillfället [^<]+</span></a>`));
  assert.match(sv, new RegExp(`<a class="reg-link" href="/program/anmalan/${b}">Anmäl dig<span class="visually-hidden">`));
  assert.match(sv, /<dt>Bokning<\/dt><dd><a href="#when-title">Anmälan krävs\. Anmäl dig till ett tillfälle under ”När”\.<\/a><\/dd>/);
  const en = decodeEntities((await anon().get(`/en/program/events/${series.slug}`)).body);
  assert.deepEqual(stateTexts(en), ['Fully booked – waiting list open', '2 seats left']);
  assert.match(en, new RegExp(`<a class="reg-link" href="/en/program/register/${b}">Sign up<span class="visually-hidden"> for the session [^<]+</span></a>`));

  // The waiting list fills up: full, and no link any more. The cached page follows the sign-ups.
  await signUp(a, 2, 'Greta');
  let full = '';
  assert.deepEqual(await eventually(async () => stateTexts((full = await page(`/program/evenemang/${series.slug}`))), ['Fullbokat', '2 platser kvar']), ['Fullbokat', '2 platser kvar']);
  assert.doesNotMatch(full, new RegExp(`href="/program/anmalan/${a}"`));
});

test('a session whose registration opens later, and one whose registration has closed', async () => {
  const opensAt = new Date(Date.now() + 3 * 86400_000);
  const later = await makeRegistrable(t.ctx, { opensAt, titleSv: 'Workshop senare' });
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(opensAt);
  const get = (k: string) => parts.find((p) => p.type === k)?.value;
  const sv = decodeEntities((await anon().get(`/program/evenemang/${later.slug}`)).body);
  assert.deepEqual(stateTexts(sv), [`Anmälan öppnar ${get('day')} ${get('month')} ${get('hour')}:${get('minute')}`]);
  assert.doesNotMatch(sv, /class="reg-link"/);
  const en = decodeEntities((await anon().get(`/en/program/events/${later.slug}`)).body);
  assert.match(stateTexts(en)[0]!, /^Registration opens \d{1,2} [A-Z][a-z]+ \d\d:\d\d$/);

  const closed = await makeRegistrable(t.ctx, { closesAt: new Date(Date.now() - 3600_000), titleSv: 'Workshop stängd' });
  assert.deepEqual(stateTexts((await anon().get(`/program/evenemang/${closed.slug}`)).body), ['Anmälan stängd']);
  assert.deepEqual(stateTexts((await anon().get(`/en/program/events/${closed.slug}`)).body), ['Registration closed']);
  assert.doesNotMatch((await anon().get(`/en/program/events/${closed.slug}`)).body, /class="reg-link"/);
});

test('the day view marks items with registration, and full ones as fully booked', async () => {
  const one = await makeRegistrable(t.ctx, { capacity: 1, waitlist: 0, maxGroup: 1, titleSv: 'Liten visning' });
  const occ = one.occurrenceIds[0]!;
  const starts = (await t.ctx.db.selectFrom('expo_pub_occurrences').select('starts_at').where('occurrence_id', '=', occ).executeTakeFirstOrThrow()).starts_at;
  const url = `/program?date=${dayOf(starts)}`;
  const marker = (body: string) => new RegExp(`data-event-slug="${one.slug}">[\\s\\S]*?<span class="badge badge-registration( is-full)?">([^<]*)</span>`).exec(decodeEntities(body))?.[2];
  assert.equal(marker((await anon().get(url)).body), 'Anmälan');
  await signUp(occ, 1, 'Ingrid');
  assert.equal(await eventually(async () => marker((await anon().get(url)).body), 'Fullbokat'), 'Fullbokat');
  assert.equal(marker((await anon().get(`/en/program?date=${dayOf(starts)}`)).body), 'Fully booked');
});

test('a rush of seat changes invalidates each tag once at once and then at most once a second', async () => {
  const sent: string[][] = [];
  const cache = createRenderCache(100, (tags) => sent.push(tags));
  cache.set('page', ['expo:day:2026-06-01'], 'x', 'text/plain');
  for (let i = 0; i < 2000; i++) invalidateCoalesced(cache, [SEATS_TAG, 'expo:day:2026-06-01']);
  assert.deepEqual(sent, [[SEATS_TAG, 'expo:day:2026-06-01']], 'one invalidation for 2,000 changes');
  assert.equal(cache.get('page'), undefined);
  cache.set('page', ['expo:day:2026-06-01'], 'y', 'text/plain');
  await sleep(1150);
  assert.equal(sent.length, 2, 'the window ends with one more');
  assert.equal(cache.get('page'), undefined, 'a page stored during the window is dropped at its end');
  await sleep(1150);
  assert.equal(sent.length, 3, 'a quiet window closes with a last invalidation');
  await sleep(1150);
  assert.equal(sent.length, 3, 'and then nothing more');
  // Quiet again: the next change is visible at once.
  invalidateCoalesced(cache, [SEATS_TAG]);
  assert.equal(sent.length, 4);
});

test('an event page whose registration opens in a moment is served from the cache until then, and then says how many seats are left', async () => {
  const opensAt = new Date(Date.now() + 4000);
  const soon = await makeRegistrable(t.ctx, { capacity: 7, waitlist: 0, opensAt, titleSv: 'Workshop strax' });
  // Past the invalidations of setting it up, so only the clock can drop the page.
  await quiet();
  const url = `/program/evenemang/${soon.slug}`;
  const first = await anon().get(url);
  assert.match(stateTexts(first.body)[0] ?? '', /^Anmälan öppnar /);
  const again = await anon().get(url);
  assert.equal(again.headers.etag, first.headers.etag, 'the cached page, until the moment comes');
  await sleep(Math.max(0, opensAt.getTime() - Date.now()) + 250);
  const opened = await anon().get(url);
  assert.notEqual(opened.headers.etag, first.headers.etag, 'rendered again once registration is open');
  assert.deepEqual(stateTexts(opened.body), ['7 platser kvar']);
  assert.match(opened.body, /class="reg-link"/);
});

test('a cached entry with an expiry is not served after it; other entries stay', () => {
  const cache = createRenderCache(100);
  cache.set('event', ['expo:event:x'], 'x', 'text/plain', Date.now() + 60_000);
  cache.set('past', ['expo:event:y'], 'y', 'text/plain', Date.now() - 1);
  cache.set('other', ['expo:event:y'], 'z', 'text/plain');
  assert.equal(cache.get('event')?.body.toString(), 'x');
  assert.equal(cache.get('past'), undefined);
  assert.equal(cache.get('other')?.body.toString(), 'z');
  assert.equal(cache.size(), 2);
});

test('right after a release moves a session to another day, a sign-up updates the new day’s views, not the old day’s', async () => {
  const moving = await makeRegistrable(t.ctx, { capacity: 6, waitlist: 0 });
  const occ = moving.occurrenceIds[0]!;
  await quiet();
  const o = await t.ctx.db.selectFrom('expo_occurrences').select(['starts_at', 'ends_at']).where('id', '=', occ).executeTakeFirstOrThrow();
  const oldDay = dayOf(o.starts_at);
  const newDay = dayOf(new Date(o.starts_at.getTime() + 2 * 86400_000));
  // A sign-up: the occurrence's views (its old day among them) are looked up and remembered for a moment.
  await signUp(occ, 1, 'Maja');
  assert.equal(((await itemOf(`/api/v1/events?date=${oldDay}`, occ)) as { confirmedSeats: number }).confirmedSeats, 1);
  // The team moves it two days on and publishes; the new day's view is cached with one seat taken.
  await t.ctx.db.updateTable('expo_occurrences').set({ starts_at: sql`starts_at + interval '2 days'`, ends_at: sql`ends_at + interval '2 days'` }).where('id', '=', occ).execute();
  assert.equal((await publishRelease(t.ctx, { kind: 'anonymous' })).outcome, 'ok');
  const newUrl = `/api/v1/events?date=${newDay}`;
  assert.equal(((await itemOf(newUrl, occ)) as { confirmedSeats: number }).confirmedSeats, 1);
  // Within the lookup's two seconds, another sign-up: the new day's view follows it.
  await signUp(occ, 2, 'Nils');
  const after = (await eventually(() => itemOf(newUrl, occ), { ...((await itemOf(newUrl, occ)) as object), confirmedSeats: 3, available: 3 })) as { confirmedSeats: number };
  assert.equal(after.confirmedSeats, 3, 'the new day shows both sign-ups');
});
