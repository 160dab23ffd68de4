import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedExpo } from './expo.seed.ts';
import { localDate, localTime } from './expo.time.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  await seedExpo(t.ctx);
});
after(async () => t.close());

const tz = 'Europe/Stockholm';

// Seeding speed is not asserted here: timings belong in bench/, never in a unit test on a noisy machine.
test('the seed loads the edition, areas and more than 300 items over at least 40 venues', async () => {
  const edition = await t.ctx.db.selectFrom('expo_editions').select(['acronym', sql<string>`starts_on::text`.as('s'), sql<string>`ends_on::text`.as('e'), 'time_zone', 'is_current']).executeTakeFirstOrThrow();
  assert.deepEqual(edition, { acronym: 'h22expo', s: '2022-05-30', e: '2022-07-03', time_zone: 'Europe/Stockholm', is_current: true });
  const areas = await t.ctx.db.selectFrom('expo_areas').select(['slug', 'kind']).orderBy('position').execute();
  assert.deepEqual(areas.map((a) => a.slug), ['oceanhamnen', 'drottninghog', 'seau', 'stadskarnan', 'slottshagen-fredriksdal', 'satelliter-skane', 'greater-copenhagen']);
  assert.deepEqual([...new Set(areas.map((a) => a.kind))].sort(), ['city', 'main', 'satellite']);
  const published = await t.ctx.db.selectFrom('expo_pub_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.ok(Number(published.n) >= 300, `${published.n} published items`);
  const venues = await t.ctx.db.selectFrom('expo_pub_occurrences').select(sql<number>`count(DISTINCT venue_id)`.as('n')).executeTakeFirstOrThrow();
  assert.ok(Number(venues.n) >= 40, `${venues.n} venues in use`);
  const demo = await t.ctx.db.selectFrom('expo_events').select(['is_demo', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('is_demo').execute();
  const real = demo.find((d) => !d.is_demo);
  assert.ok(real && Number(real.n) >= 10, 'the real items are not marked as demo');
  assert.ok(Number(demo.find((d) => d.is_demo)?.n) >= 290);
});

test('every one of the 35 days has timed items in the published programme', async () => {
  const rows = await t.ctx.db.selectFrom('expo_pub_occurrences').select(['starts_at']).where('all_day', '=', false).execute();
  const days = new Set(rows.map((r) => localDate(r.starts_at, tz)));
  assert.equal(days.size, 35);
  assert.ok(days.has('2022-05-30') && days.has('2022-07-03'));
});

test('the real items are on their real dates and places', async () => {
  const occ = async (title: string) =>
    (
      await t.ctx.db
        .selectFrom('expo_occurrences as o')
        .innerJoin('expo_events as e', 'e.id', 'o.event_id')
        .innerJoin('expo_venues as v', 'v.id', 'o.venue_id')
        .select(['o.starts_at', 'o.ends_at', 'v.slug', 'o.all_day'])
        .where('e.title_sv', '=', title)
        .orderBy('o.starts_at')
        .execute()
    ).map((r) => ({ day: localDate(r.starts_at, tz), start: localTime(r.starts_at, tz), venue: r.slug, allDay: r.all_day }));
  assert.deepEqual((await occ('Urban Future')).map((o) => o.day), ['2022-06-01', '2022-06-02', '2022-06-03']);
  const demo = await occ('Demokratifestivalen');
  assert.deepEqual(demo.map((o) => o.day), ['2022-06-13', '2022-06-14', '2022-06-15', '2022-06-16']);
  assert.ok(demo.every((o) => o.venue === 'h22-arena-hamntorget'));
  assert.deepEqual((await occ('Urban Brilliance')).map((o) => o.day), ['2022-05-30', '2022-05-31', '2022-06-01', '2022-06-02']);
  assert.deepEqual(await occ('Officiell invigning av H22 City Expo'), [{ day: '2022-05-31', start: '18:00', venue: 'slottshagen-scenen', allDay: false }]);
  const planet = await occ('Planetgatan');
  assert.deepEqual(planet, [{ day: '2022-05-30', start: '00:00', venue: 'planetgatan-sundstorget', allDay: true }]);
  // A weekly rule: Tuesdays, Thursdays and Saturdays, except Midsummer Day.
  const reco = await occ('Visning av RecoLab: tre rör för avloppsvatten');
  assert.ok(reco.length >= 14);
  assert.ok(reco.every((o) => [2, 4, 6].includes(new Date(`${o.day}T12:00:00Z`).getUTCDay() || 7)));
  assert.ok(!reco.some((o) => o.day === '2022-06-25'));
  assert.ok(reco.every((o) => o.start === '11:00'));
});

test('occurrences have unique ids and guids, and the database enforces the vocabularies', async () => {
  const dup = await sql<{ n: number }>`SELECT count(*) - count(DISTINCT guid) AS n FROM expo_occurrences`.execute(t.ctx.db);
  assert.equal(Number(dup.rows[0]!.n), 0);
  const ev = await t.ctx.db.selectFrom('expo_events').select(['id', 'edition_id']).limit(1).executeTakeFirstOrThrow();
  await assert.rejects(t.ctx.db.updateTable('expo_events').set({ sdgs: [18] }).where('id', '=', ev.id).execute(), /expo_events_sdgs_check/);
  await assert.rejects(t.ctx.db.updateTable('expo_events').set({ languages: ['svenska'] }).where('id', '=', ev.id).execute(), /expo_events_languages_check/);
  await assert.rejects(t.ctx.db.updateTable('expo_events').set({ title_sv: '  ' }).where('id', '=', ev.id).execute(), /expo_events_title_sv_check/);
  const org = await t.ctx.db.selectFrom('organisations').select('id').where('slug', '=', 'ikea').executeTakeFirstOrThrow();
  const other = await t.ctx.db.selectFrom('organisations').select('id').where('slug', '=', 'nsr').executeTakeFirstOrThrow();
  const main = await t.ctx.db.selectFrom('expo_event_organisers').select(['organisation_id']).where('event_id', '=', ev.id).where('is_main', '=', true).executeTakeFirstOrThrow();
  const second = [org.id, other.id].find((id) => id !== main.organisation_id)!;
  await assert.rejects(t.ctx.db.insertInto('expo_event_organisers').values({ event_id: ev.id, organisation_id: second, is_main: true }).execute(), /expo_event_organisers_main_key/);
});

test('seeding twice adds nothing and publishes no second release', async () => {
  const count = async () => {
    const r = await sql<{ e: number; o: number; r: number; v: number }>`SELECT (SELECT count(*) FROM expo_events) e, (SELECT count(*) FROM expo_occurrences) o, (SELECT count(*) FROM expo_releases) r, (SELECT count(*) FROM expo_venues) v`.execute(t.ctx.db);
    return r.rows[0];
  };
  const first = await count();
  await seedExpo(t.ctx);
  assert.deepEqual(await count(), first);
  assert.equal(Number(first!.r), 1);
});

// ---------- saving items and publishing releases ----------

import { saveEvent, publishRelease, reviewEvent } from './expo.commands.ts';
import { blankEventInput, type EventInput } from './expo.rules.ts';
import { makeUser } from '../../../test/factories.ts';
import type { UserActor } from '../../platform/auth/actor.ts';

async function teamActor(): Promise<UserActor> {
  const u = await makeUser(t.ctx, { roles: ['programme_team'] });
  return { kind: 'user', id: u.id, email: u.email, name: 'Team', locale: 'sv', globalRoles: ['programme_team'], memberships: [], via: 'session' };
}

async function ids(slugs: string[]) {
  const rows = await t.ctx.db.selectFrom('expo_venues').select(['id', 'slug']).where('slug', 'in', slugs).execute();
  return Object.fromEntries(rows.map((r) => [r.slug, r.id])) as Record<string, number>;
}

function input(over: Partial<EventInput> & Pick<EventInput, 'mainOrganisationId'>): EventInput {
  return {
    ...blankEventInput(),
    type: 'talk',
    title_sv: 'Testföredrag om vätgas',
    title_en: 'Test talk on hydrogen',
    description_sv: 'Om vätgas i hamnen.',
    themes: ['innovation'],
    sdgs: [7],
    ...over,
  };
}

test('editing keeps occurrence ids and guids; a weekly rule keeps its dates and drops exceptions', async () => {
  const actor = await teamActor();
  const v = await ids(['seau-paviljongen', 'dunkers-foajen']);
  const org = await t.ctx.db.selectFrom('organisations').select('id').where('slug', '=', 'oresundskraft').executeTakeFirstOrThrow();
  const created = await saveEvent(t.ctx, actor, {
    input: input({
      mainOrganisationId: org.id,
      slots: [{ field: 'slot1', venueId: v['seau-paviljongen']!, date: '2022-06-07', start: '10:00', end: '11:00' }],
      recurrence: { venueId: v['dunkers-foajen']!, weekdays: [1, 3], interval: 1, firstDate: '2022-06-01', lastDate: '2022-06-15', start: '12:00', end: '13:00', exceptions: ['2022-06-08'] },
    }),
    intent: 'save',
    confirmWarnings: true,
    locale: 'sv',
  });
  assert.equal(created.outcome, 'ok');
  if (created.outcome !== 'ok') return;
  const occ = () => t.ctx.db.selectFrom('expo_occurrences').select(['id', sql<string>`guid::text`.as('guid'), 'starts_at', sql<string | null>`recurrence_date::text`.as('rd')]).where('event_id', '=', created.id).orderBy('starts_at').execute();
  const first = await occ();
  // 1, 6, (8 excepted), 13, 15 June from the rule + the single slot on 7 June
  assert.deepEqual(first.map((o) => localDate(o.starts_at, tz)), ['2022-06-01', '2022-06-06', '2022-06-07', '2022-06-13', '2022-06-15']);
  const single = first.find((o) => o.rd === null)!;
  const again = await saveEvent(t.ctx, actor, {
    eventId: created.id,
    input: input({
      mainOrganisationId: org.id,
      title_sv: 'Nytt namn',
      slots: [{ field: 'slot1', id: single.id, venueId: v['seau-paviljongen']!, date: '2022-06-07', start: '14:00', end: '15:00' }],
      recurrence: { venueId: v['dunkers-foajen']!, weekdays: [1, 3], interval: 1, firstDate: '2022-06-01', lastDate: '2022-06-22', start: '12:00', end: '13:00', exceptions: ['2022-06-08', '2022-06-13'] },
    }),
    intent: 'save',
    confirmWarnings: true,
    locale: 'sv',
  });
  assert.equal(again.outcome, 'ok');
  const second = await occ();
  assert.deepEqual(second.map((o) => localDate(o.starts_at, tz)), ['2022-06-01', '2022-06-06', '2022-06-07', '2022-06-15', '2022-06-20', '2022-06-22']);
  const byDate = (rows: typeof first) => new Map(rows.map((o) => [localDate(o.starts_at, tz), o]));
  for (const d of ['2022-06-01', '2022-06-06', '2022-06-07', '2022-06-15']) {
    assert.equal(byDate(second).get(d)!.id, byDate(first).get(d)!.id, `id of ${d} kept`);
    assert.equal(byDate(second).get(d)!.guid, byDate(first).get(d)!.guid, `guid of ${d} kept`);
  }
  assert.equal(localTime(byDate(second).get('2022-06-07')!.starts_at, tz), '14:00');
  const slug = await t.ctx.db.selectFrom('expo_events').select('slug').where('id', '=', created.id).executeTakeFirstOrThrow();
  assert.equal(slug.slug, `testforedrag-om-vatgas-${created.id}`, 'the slug does not follow a new title');
});

test('a release publishes only accepted items and records new, moved, cancelled, changed and removed', async () => {
  const actor = await teamActor();
  const v = await ids(['campus-innovationsrummet', 'seau-testbadden']);
  const org = await t.ctx.db.selectFrom('organisations').select('id').where('slug', '=', 'nsr').executeTakeFirstOrThrow();
  const make = async (title: string, date: string) => {
    const r = await saveEvent(t.ctx, actor, {
      input: input({ mainOrganisationId: org.id, title_sv: title, slots: [{ field: 'slot1', venueId: v['seau-testbadden']!, date, start: '10:00', end: '11:00' }] }),
      intent: 'submit',
      confirmWarnings: true,
      locale: 'sv',
    });
    assert.equal(r.outcome, 'ok');
    return (r as { id: number }).id;
  };
  const a = await make('Release A', '2022-06-20');
  const b = await make('Release B', '2022-06-21');
  const c = await make('Release C', '2022-06-22');
  const hidden = await make('Inte godkänd', '2022-06-23');
  for (const id of [a, b, c]) assert.equal((await reviewEvent(t.ctx, actor, id, 'accept', 'Bra')).outcome, 'ok');
  const r1 = await publishRelease(t.ctx, actor);
  assert.equal(r1.outcome, 'ok');
  const pub = await t.ctx.db.selectFrom('expo_pub_events').select('event_id').where('event_id', 'in', [a, b, c, hidden]).execute();
  assert.deepEqual(pub.map((p) => p.event_id).sort((x, y) => x - y), [a, b, c]);
  const changes1 = await t.ctx.db.selectFrom('expo_release_changes').select(['event_id', 'kind']).where('release_id', '=', (r1 as { releaseId: number }).releaseId).execute();
  assert.deepEqual(changes1.filter((ch) => [a, b, c].includes(ch.event_id)).map((ch) => ch.kind), ['new', 'new', 'new']);
  assert.equal((await publishRelease(t.ctx, actor)).outcome, 'no_changes');

  const seqBefore = await t.ctx.db.selectFrom('expo_pub_occurrences').select(['occurrence_id', 'sequence', 'event_id']).where('event_id', 'in', [a, b, c]).execute();
  // a moves, b is cancelled, c gets a new title; then a fourth one is withdrawn from the programme
  const occA = await t.ctx.db.selectFrom('expo_occurrences').select('id').where('event_id', '=', a).executeTakeFirstOrThrow();
  await t.ctx.db.updateTable('expo_occurrences').set({ venue_id: v['campus-innovationsrummet']! }).where('id', '=', occA.id).execute();
  await t.ctx.db.updateTable('expo_events').set({ status: 'cancelled' }).where('id', '=', b).execute();
  await t.ctx.db.updateTable('expo_events').set({ title_sv: 'Release C, nytt namn' }).where('id', '=', c).execute();
  const r2 = await publishRelease(t.ctx, actor, { sv: 'Andra versionen' });
  assert.equal(r2.outcome, 'ok');
  assert.equal((r2 as { number: number }).number, 3);
  const changes2 = await t.ctx.db.selectFrom('expo_release_changes').select(['event_id', 'kind', 'detail', 'title_sv']).where('release_id', '=', (r2 as { releaseId: number }).releaseId).orderBy('event_id').execute();
  assert.deepEqual(changes2.map((ch) => [ch.event_id, ch.kind]), [[a, 'moved'], [b, 'cancelled'], [c, 'changed']]);
  const moved = changes2[0]!.detail as { from: { venue: string }; to: { venue: string } };
  assert.equal(moved.from.venue, 'Testbädden vid vattnet');
  assert.equal(moved.to.venue, 'Campus Helsingborg, innovationsrummet');
  assert.equal(changes2[2]!.title_sv, 'Release C, nytt namn');
  const seqAfter = await t.ctx.db.selectFrom('expo_pub_occurrences').select(['occurrence_id', 'sequence', 'status']).where('event_id', 'in', [a, b, c]).execute();
  for (const o of seqAfter) assert.equal(o.sequence, seqBefore.find((s) => s.occurrence_id === o.occurrence_id)!.sequence + 1);

  await t.ctx.db.updateTable('expo_events').set({ state: 'rejected' }).where('id', '=', c).execute();
  const r3 = await publishRelease(t.ctx, actor);
  const changes3 = await t.ctx.db.selectFrom('expo_release_changes').select(['event_id', 'kind']).where('release_id', '=', (r3 as { releaseId: number }).releaseId).execute();
  assert.deepEqual(changes3.map((ch) => [ch.event_id, ch.kind]), [[c, 'removed']]);
  assert.equal((await t.ctx.db.selectFrom('expo_pub_events').select('event_id').where('event_id', '=', c).execute()).length, 0);
  assert.equal((await t.ctx.db.selectFrom('expo_pub_occurrences').select('event_id').where('event_id', '=', c).execute()).length, 0);
});
