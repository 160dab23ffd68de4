import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import ICAL from 'ical.js';
import { XMLParser } from 'fast-xml-parser';
import { createTestApp, Client, type TestApp } from '../../../test/helpers.ts';
import { seedExpo } from './expo.seed.ts';
import { publishRelease } from './expo.commands.ts';
import { clock, localDate } from './expo.time.ts';

const require = createRequire(import.meta.url);
const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;

let t: TestApp;
before(async () => {
  clock.set(() => new Date('2023-01-10T12:00:00Z'));
  t = await createTestApp();
  await seedExpo(t.ctx);
});
after(async () => {
  clock.set(undefined);
  await t.close();
});

const tz = 'Europe/Stockholm';

function vevents(ics: string) {
  const comp = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  return { comp, events: comp.getAllSubcomponents('vevent') };
}

test('an item as ICS: VTIMEZONE Europe/Stockholm, one VEVENT per date with its own stable UID, local times with TZID', async () => {
  const c = new Client(t.app);
  const ev = await t.ctx.db.selectFrom('expo_pub_events').select(['slug', 'event_id']).where('title_sv', '=', 'Demokratifestivalen').executeTakeFirstOrThrow();
  const r = await c.get(`/program/evenemang/${ev.slug}.ics`);
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^text\/calendar/);
  const { comp, events } = vevents(r.body);
  const vtz = comp.getFirstSubcomponent('vtimezone')!;
  assert.equal(vtz.getFirstPropertyValue('tzid'), 'Europe/Stockholm');
  assert.equal(events.length, 4);
  const occ = await t.ctx.db.selectFrom('expo_pub_occurrences').select(['guid', 'starts_at']).where('event_id', '=', ev.event_id).orderBy('starts_at').execute();
  assert.deepEqual(events.map((e) => e.getFirstPropertyValue('uid')), occ.map((o) => `${o.guid}@h22`));
  const first = events[0]!;
  const dtstart = first.getFirstProperty('dtstart')!;
  assert.equal(dtstart.getParameter('tzid'), 'Europe/Stockholm');
  const start = first.getFirstPropertyValue('dtstart') as ICAL.Time;
  assert.equal(start.toString(), '2022-06-13T10:00:00');
  // With the VTIMEZONE registered, the local time converts to the right instant (CEST, UTC+2).
  ICAL.TimezoneService.register(vtz);
  const zoned = new ICAL.Event(first);
  assert.equal(zoned.startDate.toJSDate().toISOString(), '2022-06-13T08:00:00.000Z');
  ICAL.TimezoneService.remove('Europe/Stockholm');
  assert.equal(first.getFirstPropertyValue('summary'), 'Demokratifestivalen');
  assert.equal(first.getFirstPropertyValue('status'), 'CONFIRMED');
  assert.match(String(first.getFirstPropertyValue('location')), /H22 Arena Hamntorget/);
  assert.match(r.body, /\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
});

test('the ICS of a filtered view holds exactly that view; period items are all-day dates', async () => {
  const c = new Client(t.app);
  const ics = await c.get('/program.ics?date=2022-06-04&area=drottninghog');
  const api = await c.get('/api/v1/events?date=2022-06-04&area=drottninghog&limit=500');
  const items = api.json().items as { guid: string; all_day: boolean; title: string }[];
  const { events } = vevents(ics.body);
  assert.ok(events.length >= 3);
  assert.deepEqual(events.map((e) => e.getFirstPropertyValue('uid')).sort(), items.map((i) => `${i.guid}@h22`).sort());
  const flats = events.find((e) => e.getFirstPropertyValue('summary') === 'Visningslägenheterna på Drottninghög')!;
  const start = flats.getFirstPropertyValue('dtstart') as ICAL.Time;
  const end = flats.getFirstPropertyValue('dtend') as ICAL.Time;
  assert.equal(start.isDate, true);
  assert.equal(start.toString(), '2022-05-30');
  assert.equal(end.toString(), '2022-07-04', 'DTEND of a date is exclusive');
});

test('cancelling makes STATUS:CANCELLED and every change raises SEQUENCE', async () => {
  const c = new Client(t.app);
  const ev = await t.ctx.db.selectFrom('expo_events').select(['id', 'slug']).where('title_sv', '=', 'Officiell invigning av H22 City Expo').executeTakeFirstOrThrow();
  const before = vevents((await c.get(`/program/evenemang/${ev.slug}.ics`)).body).events[0]!;
  assert.equal(before.getFirstPropertyValue('status'), 'CONFIRMED');
  const seq = Number(before.getFirstPropertyValue('sequence'));
  await t.ctx.db.updateTable('expo_events').set({ status: 'cancelled' }).where('id', '=', ev.id).execute();
  // Not published yet: the public calendar is unchanged.
  assert.equal(vevents((await c.get(`/program/evenemang/${ev.slug}.ics`)).body).events[0]!.getFirstPropertyValue('status'), 'CONFIRMED');
  assert.equal((await publishRelease(t.ctx, { kind: 'anonymous' })).outcome, 'ok');
  const after = vevents((await c.get(`/program/evenemang/${ev.slug}.ics`)).body).events[0]!;
  assert.equal(after.getFirstPropertyValue('status'), 'CANCELLED');
  assert.equal(Number(after.getFirstPropertyValue('sequence')), seq + 1);
  assert.equal(after.getFirstPropertyValue('uid'), before.getFirstPropertyValue('uid'));
  await t.ctx.db.updateTable('expo_events').set({ status: 'scheduled' }).where('id', '=', ev.id).execute();
  await publishRelease(t.ctx, { kind: 'anonymous' });
});

test('frab schedule.json validates against the c3voc schema, with unique ids and guids and exhibitions once', async () => {
  const c = new Client(t.app);
  const r = await c.get('/schedule.json');
  assert.equal(r.status, 200);
  const data = r.json() as { schedule: { conference: any } };
  const schema = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname ?? '.', '../../../../shared/reference/frab/schedule.schema.json'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  addFormats(ajv);
  ajv.addFormat('color', true);
  const validate = ajv.compile(schema);
  const ok = validate(data);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  const conf = data.schedule.conference;
  assert.equal(conf.acronym, 'h22expo');
  assert.equal(conf.daysCount, 35);
  assert.equal(conf.days.length, 35);
  const all = conf.days.flatMap((d: { rooms: Record<string, { id: number; guid: string; title: string; duration: string; date: string }[]> }) => Object.values(d.rooms).flat());
  const published = await t.ctx.db.selectFrom('expo_pub_occurrences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(all.length, Number(published.n));
  assert.equal(new Set(all.map((e: { id: number }) => e.id)).size, all.length);
  assert.equal(new Set(all.map((e: { guid: string }) => e.guid)).size, all.length);
  const planet = all.filter((e: { title: string }) => e.title === 'Planetgatan');
  assert.equal(planet.length, 1);
  assert.equal(planet[0].duration, '840:00');
  assert.equal(planet[0].date, '2022-05-30T00:00:00+02:00');
  // Each item sits on the day it starts.
  for (const d of conf.days) for (const list of Object.values(d.rooms) as { date: string }[][]) for (const e of list) assert.equal(e.date.slice(0, 10), d.date);
});

test('frab schedule.xml holds the same occurrences as the JSON', async () => {
  const c = new Client(t.app);
  const xml = await c.get('/schedule.xml');
  assert.match(String(xml.headers['content-type']), /^application\/xml/);
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['day', 'room', 'event'].includes(name) }).parse(xml.body);
  const days = parsed.schedule.day as { room?: { event: { '@_id': string; '@_guid': string }[] }[] }[];
  assert.equal(days.length, 35);
  const ids = days.flatMap((d) => (d.room ?? []).flatMap((r) => r.event.map((e) => e['@_id'])));
  const json = (await c.get('/schedule.json')).json();
  const jsonIds = json.schedule.conference.days.flatMap((d: { rooms: Record<string, { id: number }[]> }) => Object.values(d.rooms).flat().map((e) => String(e.id)));
  assert.deepEqual(ids.sort(), jsonIds.sort());
  assert.equal(parsed.schedule.conference.acronym, 'h22expo');
});

test('the JSON API filters and pages with a cursor through every item exactly once', async () => {
  const c = new Client(t.app);
  const all = await c.get('/api/v1/events?date=2022-06-04&limit=500');
  assert.equal(all.status, 200);
  const full = all.json().items as { id: number; starts_at: string; ends_at: string; area: { slug: string }; is_free: boolean }[];
  assert.ok(full.length > 10);
  for (const i of full) assert.ok(localDate(new Date(i.starts_at), tz) <= '2022-06-04' && localDate(new Date(new Date(i.ends_at).getTime() - 1), tz) >= '2022-06-04');
  const seen: number[] = [];
  let url = '/api/v1/events?date=2022-06-04&limit=7';
  for (let guard = 0; guard < 100; guard++) {
    const page = (await c.get(url)).json();
    seen.push(...page.items.map((i: { id: number }) => i.id));
    if (!page.next_cursor) break;
    url = `/api/v1/events?date=2022-06-04&limit=7&cursor=${encodeURIComponent(page.next_cursor)}`;
  }
  assert.deepEqual(seen, full.map((i) => i.id));
  const free = (await c.get('/api/v1/events?date=2022-06-04&free=true&area=drottninghog&access=step_free&limit=500')).json();
  assert.ok(free.items.length > 0);
  assert.ok(free.items.every((i: { is_free: boolean; area: { slug: string }; accessibility: string[] }) => i.is_free && i.area.slug === 'drottninghog' && i.accessibility.includes('step_free')));
  const ranged = (await c.get('/api/v1/events?from=2022-06-13&to=2022-06-16&q=demokratifestivalen&locale=en')).json();
  assert.deepEqual(ranged.items.map((i: { title: string }) => i.title), ['Democracy Festival', 'Democracy Festival', 'Democracy Festival', 'Democracy Festival']);
  const bad = await c.get('/api/v1/events?sdg=99');
  assert.equal(bad.status, 400);
  assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
  assert.equal(bad.json().code, 'bad_request');
  assert.equal((await c.get('/api/v1/events?cursor=garbage')).json().code, 'bad_request');
});

test('CSV of the same view, and GeoJSON of areas and venues', async () => {
  const c = new Client(t.app);
  const csv = await c.get('/program.csv?date=2022-06-01&type=conference');
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'id,guid,title,type,status,date,start,end,all_day,venue,area,address,organisers,free,prices_sek,languages,accessibility,url');
  const api = (await c.get('/api/v1/events?date=2022-06-01&type=conference&limit=500')).json();
  assert.equal(lines.length - 1, api.items.length);
  assert.ok(lines.some((l) => l.includes(',Urban Future,conference,scheduled,2022-06-01,09:00,17:30,false,Helsingborgs konserthus,Stadskärnan,')));
  const apiCsv = await c.get('/api/v1/events.csv?date=2022-06-01&type=conference');
  assert.equal(apiCsv.body, csv.body);
  const areas = (await c.get('/api/v1/areas.geojson')).json();
  assert.equal(areas.type, 'FeatureCollection');
  assert.equal(areas.features.length, 7);
  assert.deepEqual(areas.features.find((f: { id: string }) => f.id === 'oceanhamnen').geometry.type, 'Polygon');
  const venues = (await c.get('/api/v1/venues.geojson')).json();
  assert.ok(venues.features.length >= 40);
  const reco = venues.features.find((f: { id: string }) => f.id === 'recolab');
  assert.deepEqual(reco.geometry, { type: 'Point', coordinates: [12.6932, 56.0381] });
  assert.equal(reco.properties.area, 'oceanhamnen');
});

test('the Atom feed lists releases with their changes, and the OpenAPI document has the programme endpoints', async () => {
  const c = new Client(t.app);
  const atom = await c.get('/program/andringar.atom');
  assert.match(String(atom.headers['content-type']), /^application\/atom\+xml/);
  const feed = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'entry' }).parse(atom.body).feed;
  assert.ok(feed.entry.length >= 1);
  const first = feed.entry[feed.entry.length - 1];
  assert.match(first.title, /^Version 1 – 20\d\d-\d\d-\d\d$/);
  assert.match(first.content['#text'], /Nytt: &lt;a href=|Nytt: <a href=/);
  const doc = await c.get('/api/v1/openapi.json');
  if (doc.status === 200) {
    const paths = doc.json().paths;
    for (const p of ['/api/v1/events', '/api/v1/events.csv', '/api/v1/areas.geojson', '/api/v1/venues.geojson']) assert.ok(paths[p], `${p} in OpenAPI`);
    assert.ok(paths['/api/v1/events'].get.parameters.some((x: { name: string }) => x.name === 'cursor'));
  } else {
    const swagger = (t.app as unknown as { swagger(): { paths: Record<string, unknown> } }).swagger();
    assert.ok(swagger.paths['/api/v1/events']);
  }
});
