import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { seedExpo } from './expo.seed.ts';
import { publishRelease } from './expo.commands.ts';
import { clock, localDate } from './expo.time.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  await seedExpo(t.ctx);
});
after(async () => {
  clock.set(undefined);
  await t.close();
});

const tz = 'Europe/Stockholm';
const text = (s: string) => decodeEntities(s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
/** The items of the day list: title, and the venue slug of the item's venue link. */
function items(body: string): { title: string; slug: string; venue: string }[] {
  const out: { title: string; slug: string; venue: string }[] = [];
  const re = /<li class="programme-item[^"]*" data-event-id="\d+" data-event-slug="([^"]+)">([\s\S]*?)<\/li>/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const title = /<a href="[^"]*\/evenemang\/[^"]+">([^<]+)<\/a>|<a href="[^"]*\/events\/[^"]+">([^<]+)<\/a>/.exec(m[2]!);
    const venue = /\/(?:platser|venues)\/([a-z0-9-]+)"/.exec(m[2]!);
    out.push({ slug: m[1]!, title: decodeEntities(title?.[1] ?? title?.[2] ?? ''), venue: venue?.[1] ?? '' });
  }
  return out;
}

test('outside the expo the programme opens on the first day, with a 35-day picker and filters that need no script', async () => {
  clock.set(() => new Date('2023-01-10T12:00:00Z'));
  const c = new Client(t.app);
  const r = await c.get('/program');
  assert.equal(r.status, 200);
  assert.match(r.body, /<html lang="sv">/);
  const picker = /<nav class="date-picker"[\s\S]*?<\/nav>/.exec(r.body)![0];
  assert.equal((picker.match(/<li>/g) ?? []).length, 35);
  assert.match(picker, /href="\/program\?date=2022-05-30" aria-current="date">mån 30 maj</);
  assert.match(picker, /href="\/program\?date=2022-07-03">sön 3 juli</);
  assert.match(text(r.body), /Program måndag 30 maj 2022/);
  assert.ok(items(r.body).some((i) => i.title === 'Urban Brilliance'));
  assert.match(r.body, /<form method="get" action="\/program" class="programme-filters"/);
  assert.match(r.body, /<label for="f-area">Område<\/label><select id="f-area" name="area">/);
  assert.match(r.body, /<input type="checkbox" id="f-access-step_free" name="access" value="step_free">/);
  assert.match(r.body, /hreflang="en" href="\/en\/program\?date=2022-05-30"/);
  assert.doesNotMatch(r.body, /Just nu och härnäst/);
});

test('during the expo the day defaults to today, and "now and next" lists what is on', async () => {
  clock.set(() => new Date('2022-06-13T10:30:00Z')); // 12:30 in Helsingborg
  const c = new Client(t.app);
  const r = await c.get('/program');
  assert.match(r.body, /aria-current="date">mån 13 juni</);
  const now = /<section class="now-next"[\s\S]*?<\/section>/.exec(r.body)![0];
  assert.match(now, /<h3>Pågår nu<\/h3>/);
  assert.ok(items(now).some((i) => i.title === 'Demokratifestivalen'));
  // Everything in "now" really is on at 12:30.
  const rows = await t.ctx.db
    .selectFrom('expo_pub_occurrences as o')
    .innerJoin('expo_pub_events as e', 'e.event_id', 'o.event_id')
    .select(['e.slug'])
    .where('o.all_day', '=', false)
    .where('o.starts_at', '<=', new Date('2022-06-13T10:30:00Z'))
    .where('o.ends_at', '>', new Date('2022-06-13T10:30:00Z'))
    .where('o.status', '<>', 'cancelled')
    .where('e.status', '<>', 'cancelled')
    .execute();
  const live = items(now.split('<h3>Snart</h3>')[0]!).map((i) => i.slug);
  const onNow = new Set(rows.map((x) => x.slug));
  assert.ok(live.length > 0 && live.every((s) => onNow.has(s)));
  if (live.length < 8) assert.equal(new Set(live).size, onNow.size);
  clock.set(() => new Date('2023-01-10T12:00:00Z'));
});

test('a day is grouped by hour, then area; exhibitions are listed once under "all day"', async () => {
  const c = new Client(t.app);
  const r = await c.get('/program?date=2022-06-01');
  const body = r.body;
  assert.match(body, /<h3 id="kl-0900"><time>09:00<\/time><\/h3>/);
  const nine = /<section class="hour-group" aria-labelledby="kl-0900">([\s\S]*?)<\/section>/.exec(body)![1]!;
  assert.match(nine, /<h4 class="area-heading">Stadskärnan<\/h4>/);
  assert.ok(items(nine).some((i) => i.title === 'Urban Future'));
  const ongoing = /<section class="ongoing"[\s\S]*?<\/section>/.exec(body)![0];
  assert.ok(items(ongoing).some((i) => i.title === 'Planetgatan'));
  // Planetgatan runs all 35 days but appears once on the page, not in the hour grid.
  assert.equal(items(body).filter((i) => i.title === 'Planetgatan').length, 1);
  const hours = [...body.matchAll(/<h3 id="kl-(\d{4})">/g)].map((m) => m[1]);
  assert.deepEqual(hours, [...hours].sort());
});

test('filters: Saturday, Drottninghög, free and step-free match exactly what the published data says', async () => {
  const c = new Client(t.app);
  const r = await c.get('/program?date=2022-06-04&area=drottninghog&free=1&access=step_free');
  assert.equal(r.status, 200);
  const listed = items(r.body);
  const expected = await sql<{ slug: string }>`
    SELECT e.slug FROM expo_pub_occurrences o JOIN expo_pub_events e ON e.event_id = o.event_id
      JOIN expo_areas a ON a.id = o.area_id
     WHERE a.slug = 'drottninghog' AND e.is_free AND 'step_free' = ANY(o.accessibility)
       AND o.starts_at < '2022-06-05T00:00:00+02:00' AND o.ends_at > '2022-06-04T00:00:00+02:00'`.execute(t.ctx.db);
  assert.ok(expected.rows.length >= 2, 'the seed has free step-free items in Drottninghög on Saturday');
  assert.deepEqual(listed.map((i) => i.slug).sort(), expected.rows.map((x) => x.slug).sort());
  const drottninghogVenues = (await t.ctx.db.selectFrom('expo_venues as v').innerJoin('expo_areas as a', 'a.id', 'v.area_id').select('v.slug').where('a.slug', '=', 'drottninghog').execute()).map((v) => v.slug);
  assert.ok(listed.every((i) => drottninghogVenues.includes(i.venue)));
  assert.match(r.body, /<input type="checkbox" id="f-free" name="free" value="1" checked>/);
  assert.match(r.body, /<option value="drottninghog" selected>Drottninghög<\/option>/);
  // The ICS and CSV links carry the same filters.
  assert.match(r.body, /href="\/program\.ics\?date=2022-06-04&amp;area=drottninghog&amp;free=1&amp;access=step_free"/);
});

test('text search stems Swedish and English, and nonsense filter values are ignored without an error', async () => {
  const c = new Client(t.app);
  const sv = await c.get(`/program?date=2022-06-01&q=${encodeURIComponent('konferenserna')}`);
  assert.ok(items(sv.body).some((i) => i.title === 'Urban Future'), 'konferenserna → konferens');
  const en = await c.get(`/en/program?date=2022-06-13&q=${encodeURIComponent('democracies')}`);
  assert.match(en.body, /<html lang="en">/);
  assert.ok(items(en.body).some((i) => i.title === 'Democracy Festival'));
  const bad = await c.get('/program?date=2022-13-45&sdg=99&type=%3Cscript%3E&area=NOT%20A%20SLUG&access=teleport');
  assert.equal(bad.status, 200);
  assert.doesNotMatch(bad.body, /<script>/);
  assert.match(bad.body, /aria-current="date">mån 30 maj</);
});

test('an event page shows everything, with JSON-LD Event data', async () => {
  const c = new Client(t.app);
  const ev = await t.ctx.db.selectFrom('expo_pub_events').select(['slug']).where('title_sv', '=', 'Urban Future').executeTakeFirstOrThrow();
  const r = await c.get(`/program/evenemang/${ev.slug}`);
  assert.equal(r.status, 200);
  const body = text(r.body);
  assert.match(body, /onsdag 1 juni 2022, 09:00–17:30 – Helsingborgs konserthus/);
  assert.match(body, /fredag 3 juni 2022, 09:00–17:30/);
  assert.match(body, /Arrangörer .*Urban Future \(huvudarrangör\)/);
  assert.match(body, /Pris Vuxen 4 500 kr/);
  const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(r.body)![1]!);
  const events = ld['@graph'];
  assert.equal(events.length, 3);
  const e0 = events[0];
  assert.equal(e0['@type'], 'Event');
  assert.equal(e0.name, 'Urban Future');
  assert.equal(e0.eventStatus, 'https://schema.org/EventScheduled');
  assert.equal(e0.eventAttendanceMode, 'https://schema.org/OfflineEventAttendanceMode');
  assert.equal(e0.startDate, '2022-06-01T07:00:00.000Z');
  assert.equal(e0.location['@type'], 'Place');
  assert.deepEqual(e0.location.geo, { '@type': 'GeoCoordinates', latitude: 56.049, longitude: 12.6882 });
  assert.deepEqual(e0.offers.map((o: { price: string; priceCurrency: string }) => [o.price, o.priceCurrency]), [['4500.00', 'SEK']]);
  assert.deepEqual(e0.organizer.map((o: { name: string }) => o.name).sort(), ['Stadsledningsförvaltningen', 'Urban Future'].sort());
  assert.deepEqual(e0.accessibilityFeature, ['wheelchairAccessible', 'inductionLoop', 'captions']);
  assert.match(r.body, /hreflang="en" href="\/en\/program\/events\//);
  const en = await c.get(`/en/program/events/${ev.slug}`);
  assert.match(text(en.body), /Wednesday,? 1 June 2022, 09:00–17:30 – Helsingborg Concert Hall/);
});

test('a cancelled item says so on its page and in its JSON-LD; unpublished items are not found', async () => {
  const c = new Client(t.app);
  const cancelled = await t.ctx.db.selectFrom('expo_pub_events').select('slug').where('status', '=', 'cancelled').limit(1).executeTakeFirstOrThrow();
  const r = await c.get(`/program/evenemang/${cancelled.slug}`);
  assert.match(r.body, /<p class="notice notice-warning" role="status"><strong>Inställd<\/strong><\/p>/);
  const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(r.body)![1]!);
  assert.equal(ld['@graph'][0].eventStatus, 'https://schema.org/EventCancelled');
  const pending = await t.ctx.db.selectFrom('expo_events').select(['slug', 'title_sv']).where('state', '=', 'submitted').executeTakeFirstOrThrow();
  const hidden = await c.get(`/program/evenemang/${pending.slug}`);
  assert.equal(hidden.status, 404);
  const day = await c.get('/program?date=2022-06-08');
  assert.ok(!text(day.body).includes(pending.title_sv));
  assert.equal((await c.get('/program/evenemang/..%2Fetc')).status, 404);
});

test('areas and venues: addresses in the page, a map container with GeoJSON, opening hours as a table', async () => {
  const c = new Client(t.app);
  const areas = await c.get('/program/omraden');
  assert.equal(areas.status, 200);
  assert.match(text(areas.body), /Oceanhamnen .*RecoLab – Oceanhamnen, 252 25 Helsingborg/);
  assert.match(areas.body, /<link rel="stylesheet" href="\/assets\/vendor\/leaflet\/leaflet\.css">/);
  assert.match(areas.body, /<script src="\/assets\/vendor\/leaflet\/leaflet\.js" defer><\/script>/);
  const area = await c.get('/program/omraden/drottninghog');
  const features = JSON.parse(decodeEntities(/data-features="([^"]+)"/.exec(area.body)![1]!));
  assert.equal(features.features[0].geometry.type, 'Polygon');
  assert.ok(features.features.some((f: { properties: { name: string } }) => f.properties.name === 'Visningslägenheterna på Drottninghög'));
  assert.match(area.body, /data-tiles="https:\/\/tile\.openstreetmap\.org/);
  assert.match(area.body, /<p class="map-fallback">/);
  const venue = await c.get('/program/platser/dunkers-sal-a');
  assert.match(text(venue.body), /Adress Kungsgatan 11, 252 21 Helsingborg/);
  assert.match(venue.body, /<th scope="row">lördag<\/th><td>10:00–18:00<\/td>/);
  assert.ok(items(venue.body).some((i) => i.title === 'Urban Brilliance'));
  const leaflet = await c.get('/assets/vendor/leaflet/leaflet.js');
  assert.equal(leaflet.status, 200);
  assert.match(leaflet.body, /Leaflet/);
  assert.equal((await c.get('/assets/vendor/leaflet/leaflet.js.map')).status, 404);
  assert.equal((await c.get('/program/platser/finns-inte')).status, 404);
});

test('site search finds published items and never unpublished ones', async () => {
  const c = new Client(t.app);
  const r = await c.get('/sok?q=demokratifestivalen');
  assert.match(r.body, /href="\/program\/evenemang\/demokratifestivalen-\d+"/);
  const hidden = await c.get(`/sok?q=${encodeURIComponent('luftkvaliteten Drottninggatan')}`);
  assert.doesNotMatch(hidden.body, /Sensorer som mäter luftkvaliteten/);
});

test('pages are cached with ETags, and a release invalidates only the days it changed', async () => {
  const c = new Client(t.app);
  const a1 = await c.get('/program?date=2022-06-20');
  const b1 = await c.get('/program?date=2022-06-21');
  assert.ok(a1.headers.etag && b1.headers.etag);
  assert.match(String(a1.headers['cache-control']), /public, max-age=\d+/);
  assert.equal((await c.get('/program?date=2022-06-20', { 'if-none-match': a1.headers.etag as string })).status, 304);
  // Rename one timed item on 20 June and publish.
  const target = await t.ctx.db
    .selectFrom('expo_occurrences as o')
    .innerJoin('expo_events as e', 'e.id', 'o.event_id')
    .select(['e.id', 'o.starts_at', 'o.ends_at'])
    .where('e.state', '=', 'accepted')
    .where('o.all_day', '=', false)
    .where('o.recurrence_id', 'is', null)
    .where('o.starts_at', '>=', new Date('2022-06-20T06:00:00Z'))
    .where('o.starts_at', '<', new Date('2022-06-20T20:00:00Z'))
    .limit(1)
    .executeTakeFirstOrThrow();
  assert.equal(localDate(target.starts_at, tz), '2022-06-20');
  const others = await t.ctx.db.selectFrom('expo_occurrences').select('starts_at').where('event_id', '=', target.id).execute();
  assert.ok(others.every((o) => localDate(o.starts_at, tz) !== '2022-06-21'));
  await t.ctx.db.updateTable('expo_events').set({ title_sv: 'Omdöpt programpunkt' }).where('id', '=', target.id).execute();
  const r = await publishRelease(t.ctx, { kind: 'anonymous' });
  assert.equal(r.outcome, 'ok');
  const a2 = await c.get('/program?date=2022-06-20');
  assert.notEqual(a2.headers.etag, a1.headers.etag);
  assert.ok(items(a2.body).some((i) => i.title === 'Omdöpt programpunkt'));
  const b2 = await c.get('/program?date=2022-06-21', { 'if-none-match': b1.headers.etag as string });
  assert.equal(b2.status, 304, 'an untouched day keeps its cached page');
  const changes = await c.get('/program/andringar');
  assert.match(text(changes.body), /Version 2 – .* Ändrat Omdöpt programpunkt/);
});
