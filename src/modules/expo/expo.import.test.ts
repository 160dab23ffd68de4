import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import type { Cli } from '../../platform/cli.ts';
import { importCommand } from '../../platform/cli.ts';
import { seedExpo } from './expo.seed.ts';
import { localDate, localTime } from './expo.time.ts';
import './index.ts';

let t: TestApp;
let dir: string;
before(async () => {
  t = await createTestApp();
  await seedExpo(t.ctx);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h22-import-'));
});
after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const tz = 'Europe/Stockholm';

/** Runs `h22 import …` in this process against the test database, capturing its output. */
async function h22Import(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const cli: Cli = {
    config: t.config,
    log: (m) => lines.push(m),
    out: (m) => lines.push(m),
    runtime: async () => ({ ctx: t.ctx, databaseUrl: t.db.url, close: async () => {} }),
  };
  const code = await importCommand(cli, args);
  return { code, out: lines.join('\n') };
}

function write(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const counts = async () => {
  const r = await sql<{ e: number; o: number }>`SELECT (SELECT count(*) FROM expo_events) e, (SELECT count(*) FROM expo_occurrences) o`.execute(t.ctx.db);
  return { events: Number(r.rows[0]!.e), occurrences: Number(r.rows[0]!.o) };
};

const cityEvents = (over: { time?: string } = {}) => [
  {
    id: 90211,
    title: { rendered: 'Vattenverkstad för barn' },
    content: { rendered: '<p>Bygg en egen vattenrening.</p><p>Ingen anmälan.</p>' },
    event_categories: ['Workshop', 'Barn'],
    occasions: [
      { start_date: `2022-06-08 ${over.time ?? '10:00'}`, end_date: '2022-06-08 11:30', status: 'scheduled' },
      { start_date: '2022-06-09 10:00', end_date: '2022-06-09 11:30', status: 'cancelled' },
    ],
    location: { title: 'Havoteket', street_address: 'Oceanhamnen', postal_code: '252 25', city: 'Helsingborg', latitude: '56.0378', longitude: '12.6915' },
    organizers: [{ organizer: 'Okänd förening', main_organizer: false }, { organizer: 'NSVA', main_organizer: true }],
    accessibility: ['Handikapptoalett', 'Hiss/ramp'],
    age_group_from: 6,
    age_group_to: 12,
    price_adult: '0',
    price_children: '0',
  },
  {
    id: '90212',
    title: 'Kvällsvandring i Oceanhamnen',
    content: 'Följ med på en vandring.',
    event_categories: ['Guidad tur'],
    rcr_rules: [{ rcr_week_day: 'Thursday', rcr_weekly_interval: 1, rcr_start_time: '18:00', rcr_end_time: '19:00', rcr_start_date: '2022-06-02', rcr_end_date: '2022-06-30', rcr_exceptions: [{ exc_date: '2022-06-23' }] }],
    location: { title: 'Strandpromenaden Oceanhamnen' },
    organizers: [{ organizer: 'Helsingborgshem', main_organizer: true }],
    price_adult: '120',
    price_student: '60,50',
    booking_link: 'https://biljetter.example.org/kvallsvandring',
  },
];

test('a dry run of Helsingborg event-API JSON reports what would change and changes nothing', async () => {
  const file = write('events.json', JSON.stringify(cityEvents()));
  const before = await counts();
  const r = await h22Import(['events', file, '--dry-run']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /events\.json: Helsingborg's event API \(JSON\), 2 item\(s\)/);
  assert.match(r.out, /create +\[0\] \(id 90211\) Vattenverkstad för barn/);
  assert.match(r.out, /Dry run: would create 2, update 0, leave 0 unchanged\. Nothing was changed\./);
  assert.deepEqual(await counts(), before);
});

test('importing the JSON creates the items with their fields; importing it again changes nothing; a changed time updates in place', async () => {
  const file = write('events.json', JSON.stringify(cityEvents()));
  const before = await counts();
  const r = await h22Import(['events', file]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /Imported: created 2, updated 0, unchanged 0\./);
  const ev = await t.ctx.db.selectFrom('expo_events').selectAll().where('source', '=', 'helsingborg-api').where('external_id', '=', '90211').executeTakeFirstOrThrow();
  assert.equal(ev.title_sv, 'Vattenverkstad för barn');
  assert.equal(ev.description_sv, 'Bygg en egen vattenrening.\n\nIngen anmälan.');
  assert.equal(ev.type, 'workshop');
  assert.equal(ev.state, 'accepted');
  assert.deepEqual(ev.accessibility.sort(), ['accessible_toilet', 'step_free']);
  assert.deepEqual([ev.age_min, ev.age_max], [6, 12]);
  const orgs = await t.ctx.db.selectFrom('expo_event_organisers as eo').innerJoin('organisations as o', 'o.id', 'eo.organisation_id').select(['o.slug', 'eo.is_main']).where('eo.event_id', '=', ev.id).execute();
  assert.deepEqual(orgs, [{ slug: 'nsva', is_main: true }]);
  const occ = await t.ctx.db.selectFrom('expo_occurrences as o').innerJoin('expo_venues as v', 'v.id', 'o.venue_id').select(['o.id', 'o.starts_at', 'o.status', 'v.slug']).where('o.event_id', '=', ev.id).orderBy('o.starts_at').execute();
  assert.deepEqual(occ.map((o) => [localDate(o.starts_at, tz), localTime(o.starts_at, tz), o.status, o.slug]), [
    ['2022-06-08', '10:00', 'scheduled', 'havoteket'],
    ['2022-06-09', '10:00', 'cancelled', 'havoteket'],
  ]);
  const walk = await t.ctx.db.selectFrom('expo_events').select(['id', 'prices', 'booking_mode', 'booking_url', 'type']).where('external_id', '=', '90212').executeTakeFirstOrThrow();
  assert.deepEqual(walk.prices, [{ category: 'adult', amount_ore: 12000 }, { category: 'student', amount_ore: 6050 }]);
  assert.equal(walk.booking_mode, 'external');
  const walks = await t.ctx.db.selectFrom('expo_occurrences').select('starts_at').where('event_id', '=', walk.id).orderBy('starts_at').execute();
  assert.deepEqual(walks.map((w) => localDate(w.starts_at, tz)), ['2022-06-02', '2022-06-09', '2022-06-16', '2022-06-30']);
  assert.deepEqual(await counts(), { events: before.events + 2, occurrences: before.occurrences + 6 });

  const again = await h22Import(['events', file]);
  assert.match(again.out, /Imported: created 0, updated 0, unchanged 2\./);
  assert.deepEqual(await counts(), { events: before.events + 2, occurrences: before.occurrences + 6 });
  const audits = await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_id', '=', String(ev.id)).executeTakeFirstOrThrow();

  const moved = await h22Import(['events', write('events.json', JSON.stringify(cityEvents({ time: '09:00' })))]);
  assert.match(moved.out, /Imported: created 0, updated 1, unchanged 1\./);
  const after = await t.ctx.db.selectFrom('expo_occurrences').select(['id', 'starts_at']).where('event_id', '=', ev.id).orderBy('starts_at').execute();
  assert.equal(after[0]!.id, occ[0]!.id, 'the moved occasion keeps its id');
  assert.equal(localTime(after[0]!.starts_at, tz), '09:00');
  const audits2 = await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_id', '=', String(ev.id)).executeTakeFirstOrThrow();
  assert.equal(Number(audits2.n), Number(audits.n) + 1);
});

test('a file with errors imports nothing and reports every problem with its position', async () => {
  const bad = [
    ...cityEvents().map((e) => ({ ...e, id: `x${e.id}` })),
    { title: 'Utan id', occasions: [{ start_date: '2022-06-10 10:00', end_date: '2022-06-10 11:00' }], location: { title: 'Havoteket' }, organizers: [{ organizer: 'NSR' }] },
    { id: 'b1', title: 'Slutar före start', occasions: [{ start_date: '2022-06-10 10:00', end_date: '2022-06-10 09:00' }], location: { title: 'Havoteket' }, organizers: [{ organizer: 'NSR' }] },
    { id: 'b2', title: 'Okänd plats', occasions: [{ start_date: '2022-06-10 10:00', end_date: '2022-06-10 11:00' }], location: { title: 'Månbasen' }, organizers: [{ organizer: 'NSR' }] },
    { id: 'b3', title: 'Efter expot', occasions: [{ start_date: '2022-08-10 10:00', end_date: '2022-08-10 11:00' }], location: { title: 'Havoteket' }, organizers: [{ organizer: 'NSR' }] },
    { id: 'b4', title: '', occasions: [{ start_date: '2022-06-10 10:00', end_date: '2022-06-10 11:00' }], location: { title: 'Havoteket' }, organizers: [{ organizer: 'NSR' }], price_adult: 'gratis' },
    { id: 'b5', title: 'Ingen arrangör', occasions: [{ start_date: '2022-06-10 10:00', end_date: '2022-06-10 11:00' }], location: { title: 'Havoteket' }, organizers: [{ organizer: 'Okänd AB' }] },
    { id: 'b1', title: 'Dubblett', occasions: [{ start_date: 'i morgon', end_date: '2022-06-10 11:00' }], location: { title: 'Havoteket' }, organizers: [{ organizer: 'NSR' }] },
  ];
  const before = await counts();
  const r = await h22Import(['events', write('bad.json', JSON.stringify({ events: bad }, null, 2))]);
  assert.equal(r.code, 1);
  const expected = [
    /events\[2\]: "id" is missing/,
    /events\[3\] \(id b1\)\.occasions\[0\]\.end: The end must be after the start\./,
    /events\[4\] \(id b2\)\.occasions\[0\]: unknown venue "Månbasen"/,
    /events\[5\] \(id b3\)\.occasions\[0\]\.date: The date must be within the expo, 2022-05-30–2022-07-03\./,
    /events\[6\] \(id b4\)\.title_sv: Give a title in Swedish\./,
    /events\[6\] \(id b4\)\.price_adult: expected an amount in kronor, got "gratis"/,
    /events\[7\] \(id b5\): no known organiser \("Okänd AB"\); add the organisation or give --org SLUG/,
    /events\[8\] \(id b1\): the id b1 appears twice in the file/,
    /events\[8\] \(id b1\)\.occasions\[0\]\.start_date: expected "YYYY-MM-DD HH:MM", got "i morgon"/,
  ];
  for (const re of expected) assert.match(r.out, re);
  assert.match(r.out, /Nothing was imported: 9 problem\(s\)\./);
  assert.deepEqual(await counts(), before);
  // --org fixes the unknown organiser only; the other problems remain.
  const again = await h22Import(['events', write('bad.json', JSON.stringify({ events: bad }, null, 2)), '--org', 'nsr']);
  assert.doesNotMatch(again.out, /no known organiser/);
  assert.match(again.out, /Nothing was imported: 8 problem\(s\)\./);
});

test('malformed files: broken JSON with its line and column, not an iCalendar file, an unknown kind', async () => {
  const broken = await h22Import(['events', write('broken.json', '[\n  {"id": 1,\n   "title": "x",,\n  }\n]')]);
  assert.equal(broken.code, 1);
  assert.match(broken.out, /broken\.json: line 3, column \d+: not valid JSON/);
  const notIcs = await h22Import(['events', write('x.ics', 'hello')]);
  assert.match(notIcs.out, /line 1: an iCalendar file starts with BEGIN:VCALENDAR/);
  const missing = await h22Import(['events', path.join(dir, 'nope.json')]);
  assert.equal(missing.code, 1);
  assert.match(missing.out, /nope\.json: cannot read the file \(ENOENT\)/);
  const kind = await h22Import(['potatoes', 'x']);
  assert.equal(kind.code, 2);
  assert.match(kind.out, /Unknown kind "potatoes"/);
  assert.match(kind.out, /events +programme items from Helsingborg's event API/);
});

const ICS = (summaryTime = '103000') => [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//EN',
  'BEGIN:VEVENT',
  'UID:talk-1@example.org',
  'DTSTAMP:20220501T000000Z',
  `DTSTART;TZID=Europe/Stockholm:20220615T${summaryTime}`,
  'DTEND;TZID=Europe/Stockholm:20220615T113000',
  'SUMMARY:Samtal om vätgas',
  'DESCRIPTION:Ett samtal\\, med frågor.',
  'LOCATION:Dunkers kulturhus\\, foajén\\nKungsgatan 11',
  'ORGANIZER;CN=Öresundskraft:mailto:info@example.org',
  'CATEGORIES:Föreläsning',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:talk-2@example.org',
  'DTSTAMP:20220501T000000Z',
  'DTSTART:20220616T080000Z',
  'DTEND:20220616T090000Z',
  'SUMMARY:Inställd visning',
  'STATUS:CANCELLED',
  'LOCATION:RecoLab',
  'ORGANIZER;CN=NSVA:mailto:info@example.org',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:expo-3@example.org',
  'DTSTAMP:20220501T000000Z',
  'DTSTART;VALUE=DATE:20220601',
  'DTEND;VALUE=DATE:20220611',
  'SUMMARY:Tio dagar utställning',
  'LOCATION:Kulturmagasinet',
  'ORGANIZER;CN=NSR:mailto:info@example.org',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:weekly-4@example.org',
  'DTSTAMP:20220501T000000Z',
  'DTSTART;TZID=Europe/Stockholm:20220601T120000',
  'DTEND;TZID=Europe/Stockholm:20220601T130000',
  'RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20220629T235959Z',
  'EXDATE;TZID=Europe/Stockholm:20220615T120000',
  'SUMMARY:Lunchvisning',
  'LOCATION:Kärnan',
  'ORGANIZER;CN=NSR:mailto:info@example.org',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

test('an iCalendar file: zoned and UTC times, a cancelled date, an all-day period and a weekly rule; twice changes nothing', async () => {
  const file = write('program.ics', ICS());
  const before = await counts();
  const dry = await h22Import(['events', file, '--dry-run']);
  assert.match(dry.out, /program\.ics: iCalendar, 4 item\(s\)/);
  assert.match(dry.out, /Dry run: would create 4/);
  assert.deepEqual(await counts(), before);
  const r = await h22Import(['events', file, '--state', 'submitted']);
  assert.match(r.out, /Imported: created 4, updated 0, unchanged 0\./);
  const rows = await t.ctx.db
    .selectFrom('expo_events as e')
    .innerJoin('expo_occurrences as o', 'o.event_id', 'e.id')
    .innerJoin('expo_venues as v', 'v.id', 'o.venue_id')
    .select(['e.title_sv', 'e.state', 'e.type', 'e.description_sv', 'o.starts_at', 'o.ends_at', 'o.all_day', 'o.status', 'v.slug'])
    .where('e.source', '=', 'ics')
    .orderBy('o.starts_at')
    .execute();
  const row = (title: string) => rows.filter((x) => x.title_sv === title);
  const talk = row('Samtal om vätgas')[0]!;
  assert.deepEqual([localTime(talk.starts_at, tz), talk.slug, talk.type, talk.state, talk.description_sv], ['10:30', 'dunkers-foajen', 'talk', 'submitted', 'Ett samtal, med frågor.']);
  const cancelled = row('Inställd visning')[0]!;
  assert.deepEqual([localTime(cancelled.starts_at, tz), cancelled.status, cancelled.slug], ['10:00', 'cancelled', 'recolab']);
  const period = row('Tio dagar utställning')[0]!;
  assert.equal(period.all_day, true);
  assert.deepEqual([localDate(period.starts_at, tz), localDate(new Date(period.ends_at.getTime() - 1), tz)], ['2022-06-01', '2022-06-10']);
  assert.deepEqual(row('Lunchvisning').map((x) => localDate(x.starts_at, tz)), ['2022-06-01', '2022-06-08', '2022-06-22', '2022-06-29']);
  const again = await h22Import(['events', file, '--state', 'submitted']);
  assert.match(again.out, /created 0, updated 0, unchanged 4/);

  const broken = ICS().replace('LOCATION:RecoLab', 'LOCATION:Ingenstans').replace('DTEND;VALUE=DATE:20220611\r\n', '');
  const bad = await h22Import(['events', write('bad.ics', broken)]);
  assert.equal(bad.code, 1);
  assert.match(bad.out, /line 15 \(UID talk-2@example\.org\): unknown venue "Ingenstans"/);
  assert.match(bad.out, /line 25 \(UID expo-3@example\.org\): DTEND missing/);
  assert.match(bad.out, /Nothing was imported: 2 problem\(s\)\./);
});

test('the h22 command itself: help lists the kinds, and a dry run works from the shell', () => {
  const file = write('shell.json', JSON.stringify(cityEvents().map((e) => ({ ...e, id: `sh-${e.id}` }))));
  const env = { ...process.env, DATABASE_URL: t.db.url, JOBS: 'false', LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
  const bin = path.resolve(import.meta.dirname ?? '.', '../../../bin/h22.mjs');
  const help = spawnSync(process.execPath, [bin, 'import', '--help'], { env, encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage: h22 import <kind> FILE \[--dry-run\]/);
  assert.match(help.stdout, /events +programme items/);
  const dry = spawnSync(process.execPath, [bin, 'import', 'events', file, '--dry-run'], { env, encoding: 'utf8' });
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /Dry run: would create 2, update 0, leave 0 unchanged\./);
});
