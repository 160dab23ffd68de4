// Releases: the snapshot diff made in SQL, the exact cache tags a release invalidates, and the search
// vectors made when an item is saved. (Publishing speed is measured in bench/program.ts, never here.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createTestApp, Client, decodeEntities, httpGet, type TestApp } from '../../../test/helpers.ts';
import type { AppContext } from '../../platform/context.ts';
import { richTextToPlain } from '../../platform/html.ts';
import { seedExpo } from './expo.seed.ts';
import { publishRelease, setOccurrenceStatus } from './expo.commands.ts';
import { addDays, clock, localDate } from './expo.time.ts';

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
const team = { kind: 'anonymous' } as const;

/** Publishes through a cache that records what the release invalidates. */
async function publishRecording(): Promise<{ tags: string[]; releaseId: number }> {
  const tags: string[] = [];
  const cache = t.ctx.cache;
  const ctx: AppContext = { ...t.ctx, cache: { ...cache, invalidate: (...x: string[]) => (tags.push(...x), cache.invalidate(...x)) } };
  const r = await publishRelease(ctx, team);
  assert.equal(r.outcome, 'ok');
  return { tags: [...tags].sort(), releaseId: (r as { releaseId: number }).releaseId };
}

/** A published, timed, single-date item (so its other dates cannot add days), with its venue and area. */
async function singleDateItem(notOn: string[]) {
  const rows = await sql<{ event_id: number; slug: string; occurrence_id: number; starts_at: Date; ends_at: Date; venue: string; area: string }>`
    SELECT e.id::int AS event_id, e.slug, o.id::int AS occurrence_id, o.starts_at, o.ends_at, v.slug AS venue, a.slug AS area
      FROM expo_events e JOIN expo_occurrences o ON o.event_id = e.id JOIN expo_venues v ON v.id = o.venue_id JOIN expo_areas a ON a.id = v.area_id
      JOIN expo_pub_occurrences po ON po.occurrence_id = o.id
     WHERE e.state = 'accepted' AND NOT o.all_day AND o.status = 'scheduled' AND e.status = 'scheduled'
       AND (SELECT count(*) FROM expo_occurrences x WHERE x.event_id = e.id) = 1
       AND o.starts_at > '2022-06-06T00:00:00Z' AND o.starts_at < '2022-06-28T00:00:00Z'
     ORDER BY e.id`.execute(t.ctx.db);
  const item = rows.rows.find((r) => !notOn.includes(localDate(r.starts_at, tz)) && localDate(r.starts_at, tz) === localDate(new Date(r.ends_at.getTime() - 1), tz));
  assert.ok(item, 'the seed has single-date items');
  return { ...item, day: localDate(item.starts_at, tz) };
}

const listed = (body: string, slug: string) => body.includes(`data-event-slug="${slug}"`);

test('moving a date invalidates exactly its old and new day, its item, venue and area; other days keep their ETags', async () => {
  const c = new Client(t.app);
  const item = await singleDateItem([]);
  const next = addDays(item.day, 1);
  const untouched = addDays(item.day, 3);
  const before = {
    old: await c.get(`/program?date=${item.day}`),
    new: await c.get(`/program?date=${next}`),
    other: await c.get(`/program?date=${untouched}`),
    api: await c.get(`/api/v1/events?date=${untouched}`),
  };
  assert.ok(listed(before.old.body, item.slug) && !listed(before.new.body, item.slug));
  for (const r of Object.values(before)) {
    assert.match(String(r.headers.etag), /^"[\w-]+"$/);
    // A CDN may keep it a minute and serve it stale while it asks again (ETag → 304): ADR 018.
    assert.equal(r.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=300');
  }
  // Nothing else may be pending from the seed for the set below to be exact.
  await sql`UPDATE expo_occurrences SET starts_at = starts_at + interval '1 day', ends_at = ends_at + interval '1 day' WHERE id = ${item.occurrence_id}`.execute(t.ctx.db);
  const { tags, releaseId } = await publishRecording();
  assert.deepEqual(tags, ['expo:all', `expo:area:${item.area}`, `expo:day:${item.day}`, `expo:day:${next}`, `expo:event:${item.slug}`, 'expo:release', `expo:venue:${item.venue}`].sort());

  const old = await c.get(`/program?date=${item.day}`, { 'if-none-match': String(before.old.headers.etag) });
  assert.equal(old.status, 200);
  assert.ok(!listed(old.body, item.slug), 'gone from its old day');
  const moved = await c.get(`/program?date=${next}`, { 'if-none-match': String(before.new.headers.etag) });
  assert.equal(moved.status, 200);
  assert.ok(listed(moved.body, item.slug), 'listed on its new day');
  const other = await c.get(`/program?date=${untouched}`, { 'if-none-match': String(before.other.headers.etag) });
  assert.equal(other.status, 304, 'an untouched day keeps its cached page');
  assert.equal((await c.get(`/api/v1/events?date=${untouched}`, { 'if-none-match': String(before.api.headers.etag) })).status, 304);

  const changes = await t.ctx.db.selectFrom('expo_release_changes').select(['event_id', 'occurrence_id', 'kind']).where('release_id', '=', releaseId).execute();
  assert.deepEqual(changes, [{ event_id: item.event_id, occurrence_id: item.occurrence_id, kind: 'moved' }]);
  const pub = await t.ctx.db.selectFrom('expo_pub_occurrences').select(['starts_at', 'sequence', 'release_id']).where('occurrence_id', '=', item.occurrence_id).executeTakeFirstOrThrow();
  assert.equal(pub.starts_at.getTime(), item.starts_at.getTime() + 86_400_000);
  assert.equal(pub.release_id, releaseId);
  assert.equal(pub.sequence, 1);
});

test('cancelling one date invalidates its day, item, venue and area, and the changelog says cancelled', async () => {
  const item = await singleDateItem([]);
  assert.equal((await setOccurrenceStatus(t.ctx, team, item.event_id, item.occurrence_id, 'cancelled')).outcome, 'ok');
  const { tags, releaseId } = await publishRecording();
  assert.deepEqual(tags, ['expo:all', `expo:area:${item.area}`, `expo:day:${item.day}`, `expo:event:${item.slug}`, 'expo:release', `expo:venue:${item.venue}`].sort());
  const changes = await t.ctx.db.selectFrom('expo_release_changes').select(['event_id', 'kind']).where('release_id', '=', releaseId).execute();
  assert.deepEqual(changes, [{ event_id: item.event_id, kind: 'cancelled' }]);
  const page = await new Client(t.app).get(`/program/evenemang/${item.slug}`);
  assert.match(decodeEntities(page.body), /Inställd/);
  assert.equal((await publishRelease(t.ctx, team)).outcome, 'no_changes');
});

test('renaming an organisation republishes exactly its items, with the new name in their data', async () => {
  const org = await sql<{ id: number; name: string; n: number }>`
    SELECT o.id::int AS id, o.name, count(*)::int AS n FROM organisations o JOIN expo_event_organisers eo ON eo.organisation_id = o.id
      JOIN expo_pub_events pe ON pe.event_id = eo.event_id GROUP BY o.id HAVING count(*) BETWEEN 2 AND 30 ORDER BY o.id LIMIT 1`.execute(t.ctx.db);
  const o = org.rows[0]!;
  const expected = await sql<{ event_id: number; slug: string }>`
    SELECT pe.event_id::int AS event_id, pe.slug FROM expo_pub_events pe JOIN expo_event_organisers eo ON eo.event_id = pe.event_id
     WHERE eo.organisation_id = ${o.id} ORDER BY pe.event_id`.execute(t.ctx.db);
  await t.ctx.db.updateTable('organisations').set({ name: `${o.name} (nytt namn)` }).where('id', '=', o.id).execute();
  const { tags, releaseId } = await publishRecording();
  const changes = await t.ctx.db.selectFrom('expo_release_changes').select(['event_id', 'kind']).where('release_id', '=', releaseId).orderBy('event_id').execute();
  assert.deepEqual(changes, expected.rows.map((e) => ({ event_id: e.event_id, kind: 'changed' })));
  const eventTags = tags.filter((x) => x.startsWith('expo:event:'));
  assert.deepEqual(eventTags, expected.rows.map((e) => `expo:event:${e.slug}`).sort());
  const data = await t.ctx.db.selectFrom('expo_pub_events').select('data').where('event_id', '=', expected.rows[0]!.event_id).executeTakeFirstOrThrow();
  assert.ok((data.data as { organisers: { id: number; name: string }[] }).organisers.some((x) => x.id === o.id && x.name === `${o.name} (nytt namn)`));
});

test('search follows the release: vectors are made from the plain text when saved, and copied when published', async () => {
  const c = new Client(t.app);
  const item = await singleDateItem([]);
  await t.ctx.db
    .updateTable('expo_events')
    .set({ title_sv: 'Flygfiskarnas kväll', description_sv: '## Om kvällen\n\n**Kvantsnören** och [mer läsning](https://example.test/zyxwvuhemlig) för alla.' })
    .where('id', '=', item.event_id)
    .execute();
  assert.doesNotMatch((await c.get('/sok?q=kvantsnören')).body, new RegExp(item.slug), 'not before it is published');
  await publishRecording();
  const hit = await c.get('/sok?q=kvantsnören');
  assert.match(hit.body, new RegExp(`href="/program/evenemang/${item.slug}"`));
  assert.match(decodeEntities(hit.body), /Om kvällen Kvantsnören och mer läsning för alla\./, 'the excerpt is the plain text');
  assert.match((await c.get('/sok?q=flygfiskarna')).body, new RegExp(item.slug), 'Swedish stemming on the title');
  assert.doesNotMatch((await c.get('/sok?q=zyxwvuhemlig')).body, new RegExp(item.slug), 'a link address is not searchable text');
});

test('the plain text PostgreSQL indexes is the one richTextToPlain makes', async () => {
  const samples = [
    '',
    'Enkel text.',
    '## Rubrik\nText med **fetstil** och [en länk](https://example.test/a?b=c) i.\n\n- punkt ett\n* punkt två\n• punkt tre',
    '### Tre\n#### Fyra blir kvar\n  indraget   med\tflikar\n\n\nslut  ',
    '**ofullständig fetstil och [halv länk](utan slut',
    'Åäö éü – ”citat” [a](b) [c](d)**x**',
  ];
  for (const s of samples) {
    const r = await sql<{ p: string }>`SELECT h22_rich_text_plain(${s}) AS p`.execute(t.ctx.db);
    assert.equal(r.rows[0]!.p, richTextToPlain(s), JSON.stringify(s));
  }
});


test('anonymous day pages and day JSON come from the front cache, byte for byte, until a release changes that day', async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const front = t.app.frontCache!;
  const day = '2022-06-10';
  for (const path of [`/program?date=${day}`, `/en/program?date=${day}`, `/api/v1/events?date=${day}`]) {
    t.ctx.cache.drop([`expo:day:${day}`]);
    const h0 = front.hits;
    const fromFastify = await httpGet(base + path);
    assert.equal(front.hits, h0, `${path}: first from Fastify`);
    const fromFront = await httpGet(base + path);
    assert.equal(front.hits, h0 + 1, `${path}: the repeat from the front cache`);
    assert.deepEqual(fromFront, fromFastify, path);
    assert.equal(fromFront.headers.find(([k]) => k.toLowerCase() === 'cache-control')?.[1], 'public, max-age=60, stale-while-revalidate=300');
    const etag = fromFront.headers.find(([k]) => k.toLowerCase() === 'etag')![1];
    const notModified = await httpGet(base + path, { 'if-none-match': etag });
    assert.equal(notModified.status, 304);
    assert.equal(front.hits, h0 + 2, `${path}: 304 from the front cache`);
  }
  // A release that moves a date onto that day: the next request is rendered again, and lists it.
  const item = await singleDateItem([day]);
  const before = await httpGet(`${base}/program?date=${day}`);
  assert.ok(!before.body.includes(`data-event-slug="${item.slug}"`));
  await sql`UPDATE expo_occurrences SET starts_at = ${`${day}T${item.starts_at.toISOString().slice(11)}`}::timestamptz, ends_at = ${`${day}T${item.ends_at.toISOString().slice(11)}`}::timestamptz WHERE id = ${item.occurrence_id}`.execute(t.ctx.db);
  await publishRecording();
  const h1 = front.hits;
  const after = await httpGet(`${base}/program?date=${day}`, { 'if-none-match': before.headers.find(([k]) => k.toLowerCase() === 'etag')![1] });
  assert.equal(front.hits, h1, 'rendered again, not from the front cache');
  assert.equal(after.status, 200);
  assert.ok(after.body.includes(`data-event-slug="${item.slug}"`), 'the release shows at once');
});

test('what a release writes: merged accessibility, the typo-tolerant title text, changelog details; a deleted release takes its changelog', async () => {
  // Every published date carries the item's and the venue's features, each once, in byte order.
  const dates = await sql<{ published: string[]; item: string[]; venue: string[] }>`
    SELECT po.accessibility AS published, e.accessibility AS item, v.accessibility AS venue
      FROM expo_pub_occurrences po JOIN expo_events e ON e.id = po.event_id JOIN expo_venues v ON v.id = po.venue_id`.execute(t.ctx.db);
  assert.ok(dates.rows.length > 300);
  assert.ok(dates.rows.some((r) => r.item.length > 0 && r.venue.length > 0 && r.published.length > Math.max(r.item.length, r.venue.length)), 'the seed has dates whose features come from both');
  for (const r of dates.rows) assert.deepEqual(r.published, [...new Set([...r.item, ...r.venue])].sort());
  // The title text for typo-tolerant search is the item's, copied when published.
  const trgm = await sql<{ n: number; wrong: number }>`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE pe.trgm IS DISTINCT FROM lower(h22_unaccent(pe.title_sv || ' ' || pe.title_en)))::int AS wrong
      FROM expo_pub_events pe`.execute(t.ctx.db);
  assert.ok(trgm.rows[0]!.n > 300);
  assert.equal(trgm.rows[0]!.wrong, 0);

  // One renamed item and one moved date: the item's entry has no detail, the move has both places.
  const renamed = await singleDateItem([]);
  const moved = await singleDateItem([renamed.day]);
  assert.notEqual(moved.event_id, renamed.event_id);
  await t.ctx.db.updateTable('expo_events').set({ title_sv: 'Omdöpt evenemang' }).where('id', '=', renamed.event_id).execute();
  await sql`UPDATE expo_occurrences SET starts_at = starts_at + interval '2 hours', ends_at = ends_at + interval '2 hours' WHERE id = ${moved.occurrence_id}`.execute(t.ctx.db);
  const { releaseId } = await publishRecording();
  const changes = await t.ctx.db.selectFrom('expo_release_changes').select(['event_id', 'occurrence_id', 'kind', 'title_sv', 'detail']).where('release_id', '=', releaseId).orderBy('id').execute();
  assert.deepEqual(
    changes.map((c) => [c.event_id, c.occurrence_id, c.kind, c.title_sv]),
    [
      [renamed.event_id, null, 'changed', 'Omdöpt evenemang'],
      [moved.event_id, moved.occurrence_id, 'moved', (await t.ctx.db.selectFrom('expo_events').select('title_sv').where('id', '=', moved.event_id).executeTakeFirstOrThrow()).title_sv],
    ],
  );
  assert.deepEqual(changes[0]!.detail, {});
  const detail = changes[1]!.detail as { from: { starts_at: string }; to: { starts_at: string; venue: string } };
  assert.equal(detail.from.starts_at, moved.starts_at.toISOString());
  assert.equal(detail.to.starts_at, new Date(moved.starts_at.getTime() + 2 * 3_600_000).toISOString());
  assert.ok(detail.to.venue.length > 0);

  // Deleting a release (or its edition) deletes its changelog too, without a foreign key per entry.
  const rollback = new Error('roll back');
  await assert.rejects(
    t.ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('expo_releases').where('id', '=', releaseId).execute();
      const left = await trx.selectFrom('expo_release_changes').select('id').where('release_id', '=', releaseId).execute();
      assert.deepEqual(left, []);
      throw rollback;
    }),
    (e) => e === rollback,
  );
  assert.equal((await t.ctx.db.selectFrom('expo_release_changes').select('id').where('release_id', '=', releaseId).execute()).length, 2);
});
