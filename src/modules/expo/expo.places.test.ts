import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';
import { ANONYMOUS } from '../../platform/auth/actor.ts';
import { seedExpo } from './expo.seed.ts';
import { publishRelease } from './expo.commands.ts';
import { clock } from './expo.time.ts';

let t: TestApp;
let team: { email: string; password: string; id: number };
let teamEn: { email: string; password: string; id: number };
let member: { email: string; password: string; id: number };

before(async () => {
  // Outside the expo: the programme pages carry no "now" bucket, so their cache keys are stable.
  clock.set(() => new Date('2023-01-10T12:00:00Z'));
  t = await createTestApp();
  await seedExpo(t.ctx);
  const org = await makeOrganisation(t.ctx, { name: 'Arrangörsföreningen' });
  team = await makeUser(t.ctx, { roles: ['programme_team'], name: 'Programgruppen' });
  teamEn = await makeUser(t.ctx, { roles: ['programme_team'], locale: 'en' });
  member = await makeUser(t.ctx, { org: { id: org.id, role: 'editor' } });
});
after(async () => {
  clock.set(undefined);
  await t.close();
});

const text = (s: string) => decodeEntities(s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const P = '/admin/program/places';

async function signedIn(who: { email: string; password: string }): Promise<Client> {
  const c = new Client(t.app);
  await c.signIn(who.email, who.password);
  return c;
}

/** The message shown next to one field (inside its .field wrapper or table cell). */
function fieldError(body: string, name: string): string | undefined {
  const m = new RegExp(`<p class="error-message" id="f-${name}-error">([^<]*)</p>`).exec(body);
  return m ? decodeEntities(m[1]!) : undefined;
}
const inputValue = (body: string, name: string) => {
  const m = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(body);
  return m ? decodeEntities(m[1]!) : undefined;
};
const textareaValue = (body: string, name: string) => {
  const m = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(body);
  return m ? decodeEntities(m[1]!) : undefined;
};

const audit = (entityType: string, entityId: number | string) =>
  t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id', 'before', 'after']).where('entity_type', '=', entityType).where('entity_id', '=', String(entityId)).orderBy('id').execute();

const SQUARE = JSON.stringify({ type: 'Polygon', coordinates: [[[12.70, 56.05], [12.71, 56.05], [12.71, 56.06], [12.70, 56.06], [12.70, 56.05]]] });

function areaForm(o: Record<string, string> = {}): Record<string, string> {
  return { name_sv: 'Testområdet', name_en: 'The Test Area', slug: 'testomradet', kind: 'city', description_sv: 'Ett område för prov.', description_en: 'An area for trials.', geometry: SQUARE, position: '70', ...o };
}

function venueForm(areaId: number, o: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const hours: Record<string, string> = { hours_1_opens: '10:00', hours_1_closes: '16:00' };
  for (const d of ['2', '3', '4', '5', '6', '7']) hours[`hours_${d}_closed`] = 'on';
  return {
    name_sv: 'Provhallen',
    name_en: 'The Trial Hall',
    slug: 'provhallen',
    area_id: String(areaId),
    description_sv: 'En hall för prov.',
    street: 'Provgatan 1',
    postal_code: '252 25',
    city: 'Helsingborg',
    lat: '56,0512',
    lon: '12.7034',
    capacity: '120',
    accessibility: ['step_free', 'hearing_loop'],
    ...hours,
    ...o,
  };
}

const areaId = async (slug: string) => (await t.ctx.db.selectFrom('expo_areas').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const venueRow = (slug: string) => t.ctx.db.selectFrom('expo_venues').selectAll().where('slug', '=', slug).executeTakeFirst();
const count = async (table: 'expo_areas' | 'expo_venues') => Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

// ---------- permissions ----------

test('only the programme team manages places: an organiser gets a 403 page, the nav shows the section to the team only', async () => {
  const c = await signedIn(member);
  for (const url of [P, `${P}/areas/new`, `${P}/edition`, `${P}/venues/new`]) {
    const r = await c.get(url);
    assert.equal(r.status, 403, url);
    assert.match(text(r.body), /Du har inte behörighet/);
  }
  const post = await c.submit('/admin/program', `${P}/areas/new`, areaForm({ slug: 'smygomradet' }));
  assert.equal(post.status, 403);
  assert.equal(await t.ctx.db.selectFrom('expo_areas').select('id').where('slug', '=', 'smygomradet').executeTakeFirst(), undefined);
  const programme = await c.get('/admin/program');
  assert.doesNotMatch(programme.body, /href="\/admin\/program\/places"/);

  const anon = await new Client(t.app).get(P);
  assert.ok([401, 303].includes(anon.status));
  assert.doesNotMatch(anon.body, /Oceanhamnen/);

  const staff = await signedIn(team);
  const list = await staff.get(P);
  assert.equal(list.status, 200);
  assert.match(list.body, /<a href="\/admin\/program\/places"[^>]*>Expots platser<\/a>/);
  // Only the deepest matching nav entry is the current page (/admin/program/places lies under /admin/program too).
  const current = [...list.body.matchAll(/<a href="([^"]+)" aria-current="page">/g)].map((m) => m[1]);
  assert.deepEqual(current, ['/admin/program/places']);
  // Areas with their venues, and the edition.
  assert.match(text(list.body), /H22 City Expo/);
  assert.match(text(list.body), /2022-05-30 – 2022-07-03 \(Europe\/Stockholm\)/);
  assert.match(list.body, /<h3 id="area-\d+">Oceanhamnen <span class="tag">Huvudområde<\/span><\/h3>/);
  const recolab = await venueRow('recolab');
  assert.ok(recolab);
  assert.match(list.body, new RegExp(`<th scope="row"><a href="/admin/program/places/venues/${recolab.id}">${recolab.name_sv}</a></th>`));
});

// ---------- areas and venues: create, edit, delete ----------

test('creating an area and a venue shows them at once on the public pages and in the GeoJSON, audited', async () => {
  const c = await signedIn(team);
  // Fill the render cache first: the new places must appear anyway.
  const anon = new Client(t.app);
  const areasBefore = await anon.get('/api/v1/areas.geojson');
  const venuesBefore = await anon.get('/api/v1/venues.geojson');
  assert.equal(areasBefore.json().features.some((f: { id: string }) => f.id === 'testomradet'), false);
  await anon.get('/program/omraden');

  const r = await c.submit(`${P}/areas/new`, `${P}/areas/new`, areaForm());
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `${P}?done=area-created`);
  const list = await c.get(r.headers.location as string);
  assert.match(text(list.body), /Området är skapat\./);
  assert.match(list.body, /Testområdet <span class="tag">Stadsområde<\/span>/);

  const id = await areaId('testomradet');
  const areaPage = await anon.get('/program/omraden/testomradet');
  assert.equal(areaPage.status, 200);
  assert.match(text(areaPage.body), /Testområdet/);
  assert.match(text(areaPage.body), /Ett område för prov\./);
  const en = await anon.get('/en/program/areas/testomradet');
  assert.match(text(en.body), /The Test Area/);
  assert.match(text(en.body), /An area for trials\./);
  assert.match(text((await anon.get('/program/omraden')).body), /Testområdet/);
  const areas = (await anon.get('/api/v1/areas.geojson')).json();
  const feature = areas.features.find((f: { id: string }) => f.id === 'testomradet');
  assert.deepEqual(feature.geometry, JSON.parse(SQUARE));
  assert.equal(feature.properties.kind, 'city');

  const v = await c.submit(`${P}/venues/new?area=${id}`, `${P}/venues/new`, venueForm(id));
  assert.equal(v.status, 303);
  assert.equal(v.headers.location, `${P}?done=venue-created`);
  const venuePage = await anon.get('/program/platser/provhallen');
  assert.equal(venuePage.status, 200);
  const vt = text(venuePage.body);
  assert.match(vt, /Provhallen/);
  assert.match(vt, /Provgatan 1, 252 25 Helsingborg/);
  assert.match(vt, /56\.05120, 12\.70340/);
  assert.match(vt, /Antal platser 120/);
  assert.match(vt, /Tillgängligt utan trappsteg/);
  assert.match(vt, /Hörslinga/);
  assert.match(venuePage.body, /<th scope="row">måndag<\/th><td>10:00–16:00<\/td>/);
  assert.match(venuePage.body, /<th scope="row">tisdag<\/th><td>stängt<\/td>/);
  const venues = (await anon.get('/api/v1/venues.geojson')).json();
  assert.ok(venues.features.length === venuesBefore.json().features.length + 1);
  const vf = venues.features.find((f: { id: string }) => f.id === 'provhallen');
  assert.deepEqual(vf.geometry, { type: 'Point', coordinates: [12.7034, 56.0512] });
  assert.equal(vf.properties.area, 'testomradet');
  assert.equal(vf.properties.capacity, 120);
  assert.deepEqual(vf.properties.opening_hours, { '1': { opens: '10:00', closes: '16:00' } });
  assert.deepEqual(vf.properties.accessibility, ['step_free', 'hearing_loop']);
  // The area page lists its new venue.
  assert.match(text((await anon.get('/program/omraden/testomradet')).body), /Provhallen/);

  const areaAudit = await audit('expo_area', id);
  assert.deepEqual(areaAudit.map((a) => a.action), ['expo.area.create']);
  assert.equal(areaAudit[0]!.actor_id, team.id);
  assert.equal((areaAudit[0]!.after as { name_sv: string }).name_sv, 'Testområdet');
  const venue = await venueRow('provhallen');
  const venueAudit = await audit('expo_venue', venue!.id);
  assert.deepEqual(venueAudit.map((a) => a.action), ['expo.venue.create']);
  assert.equal((venueAudit[0]!.after as { capacity: number }).capacity, 120);
});

test('editing a venue: the edit form shows what is saved; a capacity change reaches the venue page and is audited as a diff', async () => {
  const c = await signedIn(team);
  const venue = (await venueRow('provhallen'))!;
  const form = await c.get(`${P}/venues/${venue.id}`);
  assert.equal(inputValue(form.body, 'name_sv'), 'Provhallen');
  assert.equal(inputValue(form.body, 'hours_1_opens'), '10:00');
  assert.match(form.body, /<input type="checkbox" id="f-hours_2_closed" name="hours_2_closed" value="on" checked>/);
  assert.match(form.body, /<input type="checkbox" id="f-accessibility-hearing_loop" name="accessibility" value="hearing_loop" checked>/);

  const anon = new Client(t.app);
  await anon.get('/program/platser/provhallen');
  const r = await c.submit(`${P}/venues/${venue.id}`, `${P}/venues/${venue.id}`, venueForm(venue.area_id, { capacity: '80', lat: '56.0512' }));
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `${P}?done=venue-saved`);
  assert.match(text((await anon.get('/program/platser/provhallen')).body), /Antal platser 80/);
  const rows = await audit('expo_venue', venue.id);
  assert.deepEqual(rows.map((a) => a.action), ['expo.venue.create', 'expo.venue.update']);
  assert.deepEqual(rows[1]!.before, { capacity: 120 });
  assert.deepEqual(rows[1]!.after, { capacity: 80 });
});

test('a changed slug keeps the old address working: 301 to the new one in both languages, until a live place takes it', async () => {
  const c = await signedIn(team);
  const anon = new Client(t.app);
  const venue = (await venueRow('provhallen'))!;
  const save = (slug: string) => c.submit(`${P}/venues/${venue.id}`, `${P}/venues/${venue.id}`, venueForm(venue.area_id, { slug, capacity: String(venue.capacity) }));
  assert.equal((await save('provhallen-ny')).status, 303);

  const old = await anon.get('/program/platser/provhallen');
  assert.equal(old.status, 301);
  assert.equal(old.headers.location, '/program/platser/provhallen-ny');
  const oldEn = await anon.get('/en/program/venues/provhallen');
  assert.equal(oldEn.status, 301);
  assert.equal(oldEn.headers.location, '/en/program/venues/provhallen-ny');
  assert.match(text((await anon.get('/program/platser/provhallen-ny')).body), /Provhallen/);
  // A slug that never existed is still a 404.
  assert.equal((await anon.get('/program/platser/provhallen-aldrig')).status, 404);

  // Back to the first slug: it is live again, and the second one now redirects to it.
  assert.equal((await save('provhallen')).status, 303);
  assert.equal((await anon.get('/program/platser/provhallen')).status, 200);
  const back = await anon.get('/program/platser/provhallen-ny');
  assert.equal(back.status, 301);
  assert.equal(back.headers.location, '/program/platser/provhallen');
  const former = await t.ctx.db.selectFrom('expo_venue_former_slugs').select(['slug', 'venue_id']).where('venue_id', '=', venue.id).execute();
  assert.deepEqual(former, [{ slug: 'provhallen-ny', venue_id: venue.id }]);

  // Areas too; deleting one drops its former slugs with it.
  assert.equal((await c.submit(`${P}/areas/new`, `${P}/areas/new`, areaForm({ slug: 'flyttomradet', name_sv: 'Flyttområdet' }))).status, 303);
  const area = await areaId('flyttomradet');
  assert.equal((await c.submit(`${P}/areas/${area}`, `${P}/areas/${area}`, areaForm({ slug: 'flyttomradet-ny', name_sv: 'Flyttområdet' }))).status, 303);
  const oldArea = await anon.get('/en/program/areas/flyttomradet');
  assert.equal(oldArea.status, 301);
  assert.equal(oldArea.headers.location, '/en/program/areas/flyttomradet-ny');
  assert.equal((await c.submit(`${P}/areas/${area}/delete`, `${P}/areas/${area}/delete`, {})).status, 303);
  assert.equal((await anon.get('/program/omraden/flyttomradet')).status, 404);
  assert.equal((await anon.get('/program/omraden/flyttomradet-ny')).status, 404);
});

test('renaming a venue shows at once next to programme items (places are read live); its accessibility reaches the programme filter with the next release', async () => {
  const c = await signedIn(team);
  // A venue with published items that lacks "quiet space".
  const pick = await sql<{ id: number; slug: string; name_sv: string; day: string; n: string }>`
    SELECT v.id, v.slug, v.name_sv, min((o.starts_at AT TIME ZONE 'Europe/Stockholm')::date) FILTER (WHERE NOT o.all_day)::text AS day, count(*) AS n
      FROM expo_venues v JOIN expo_pub_occurrences o ON o.venue_id = v.id
     WHERE NOT ('quiet_space' = ANY(v.accessibility))
       AND NOT EXISTS (SELECT 1 FROM expo_pub_occurrences q WHERE q.venue_id = v.id AND 'quiet_space' = ANY(q.accessibility))
     GROUP BY v.id HAVING count(*) FILTER (WHERE NOT o.all_day) > 0 ORDER BY count(*) DESC LIMIT 1`.execute(t.ctx.db);
  const v = pick.rows[0]!;
  const anon = new Client(t.app);
  const url = `/program?date=${v.day}&venue=${v.slug}`;
  const first = await anon.get(url);
  assert.match(text(first.body), new RegExp(v.name_sv));
  const cached = await anon.get(url);
  assert.equal(cached.headers.etag, first.headers.etag);
  const filtered = `/api/v1/events?venue=${v.slug}&access=quiet_space`;
  assert.equal((await anon.get(filtered)).json().items.length, 0);

  const saved = (await venueRow(v.slug))!;
  const form = await c.get(`${P}/venues/${saved.id}`);
  const fields: Record<string, string | string[]> = {};
  for (const [tag] of form.body.matchAll(/<input[^>]*>/g)) {
    const name = / name="([^"]+)"/.exec(tag)?.[1];
    const value = / value="([^"]*)"/.exec(tag)?.[1];
    if (!name) continue;
    if (name === '_csrf') continue;
    if (/type="checkbox"/.test(tag) && !/ checked/.test(tag)) continue;
    if (name === 'accessibility') fields.accessibility = [...((fields.accessibility as string[]) ?? []), value ?? ''];
    else fields[name] = decodeEntities(value ?? '');
  }
  fields.area_id = String(saved.area_id);
  fields.description_sv = textareaValue(form.body, 'description_sv') ?? '';
  fields.description_en = textareaValue(form.body, 'description_en') ?? '';
  fields.name_sv = 'Omdöpta scenen';
  fields.accessibility = [...((fields.accessibility as string[]) ?? []), 'quiet_space'];
  const r = await c.submit(`${P}/venues/${saved.id}`, `${P}/venues/${saved.id}`, fields);
  assert.equal(r.status, 303, text(r.body).slice(0, 2000));

  // Names come from the live places: the programme shows the new name at once (its cache was dropped).
  const after = await anon.get(url);
  assert.notEqual(after.headers.etag, first.headers.etag);
  assert.match(text(after.body), /Omdöpta scenen/);
  assert.doesNotMatch(after.body, new RegExp(`>${v.name_sv}<`));
  assert.match(text((await anon.get(`/program/platser/${v.slug}`)).body), /Lugnt rum/);
  // The accessibility filter reads the published snapshot: unchanged until the next release.
  assert.equal((await anon.get(filtered)).json().items.length, 0);
  const release = await publishRelease(t.ctx, ANONYMOUS, {});
  assert.equal(release.outcome, 'ok');
  assert.equal((await anon.get(filtered)).json().items.length, Math.min(Number(v.n), 100));
  const rows = await audit('expo_venue', saved.id);
  assert.deepEqual(rows.at(-1)!.before, { name_sv: v.name_sv, accessibility: saved.accessibility });
});

test('a content-only venue edit keeps the cached programme pages; the venue page changes', async () => {
  const c = await signedIn(team);
  const venue = (await venueRow('provhallen'))!;
  const anon = new Client(t.app);
  const prog = await anon.get('/program?date=2022-06-01');
  const r = await c.submit(`${P}/venues/${venue.id}`, `${P}/venues/${venue.id}`, venueForm(venue.area_id, { capacity: '75', lat: '56.0512' }));
  assert.equal(r.status, 303);
  assert.equal((await anon.get('/program?date=2022-06-01')).headers.etag, prog.headers.etag);
  assert.match(text((await anon.get('/program/platser/provhallen')).body), /Antal platser 75/);
});

test('deleting: an area with venues and a venue with occurrences are refused with the reason and count; otherwise a confirmation deletes', async () => {
  const c = await signedIn(team);
  const area = await areaId('testomradet');
  const ask = await c.get(`${P}/areas/${area}/delete`);
  assert.match(text(ask.body), /Området kan inte tas bort: det har 1 plats\. Flytta eller ta bort platsen först\./);
  assert.doesNotMatch(ask.body, /Ja, ta bort/);
  const forced = await c.submit(`${P}/areas/${area}`, `${P}/areas/${area}/delete`, {});
  assert.equal(forced.status, 409);
  assert.match(text(forced.body), /det har 1 plats/);
  assert.ok(await t.ctx.db.selectFrom('expo_areas').select('id').where('id', '=', area).executeTakeFirst());

  // A venue with scheduled occurrences: the count is the working and published ones together.
  const busy = await sql<{ id: number; n: string }>`
    SELECT v.id, (SELECT count(*) FROM (SELECT id FROM expo_occurrences WHERE venue_id = v.id UNION SELECT occurrence_id FROM expo_pub_occurrences WHERE venue_id = v.id) u) AS n
      FROM expo_venues v WHERE v.slug = 'recolab'`.execute(t.ctx.db);
  const b = busy.rows[0]!;
  assert.ok(Number(b.n) > 0);
  const refuse = await c.get(`${P}/venues/${b.id}/delete`);
  const n = Number(b.n);
  assert.match(text(refuse.body), new RegExp(`Platsen kan inte tas bort: ${n === 1 ? '1 programtillfälle är' : `${n} programtillfällen är`} schemalagda där`));
  const refused = await c.submit(`${P}/venues/${b.id}`, `${P}/venues/${b.id}/delete`, {});
  assert.equal(refused.status, 409);
  assert.ok(await t.ctx.db.selectFrom('expo_venues').select('id').where('id', '=', b.id).executeTakeFirst());

  // The empty venue, then its now empty area.
  const anon = new Client(t.app);
  await anon.get('/api/v1/venues.geojson');
  const venue = (await venueRow('provhallen'))!;
  const confirm = await c.get(`${P}/venues/${venue.id}/delete`);
  assert.match(text(confirm.body), /Vill du ta bort platsen Provhallen\? Det går inte att ångra\./);
  assert.match(confirm.body, /<form method="post" action="\/admin\/program\/places\/venues\/\d+\/delete" class="places-actions">\s*<input type="hidden" name="_csrf"/);
  // Without the CSRF token nothing happens.
  const noCsrf = await c.request('POST', `${P}/venues/${venue.id}/delete`, { form: {} });
  assert.equal(noCsrf.status, 403);
  assert.ok(await venueRow('provhallen'));
  const del = await c.submit(`${P}/venues/${venue.id}/delete`, `${P}/venues/${venue.id}/delete`, {});
  assert.equal(del.status, 303);
  assert.equal(del.headers.location, `${P}?done=venue-deleted`);
  assert.equal(await venueRow('provhallen'), undefined);
  assert.equal((await anon.get('/program/platser/provhallen')).status, 404);
  assert.equal((await anon.get('/api/v1/venues.geojson')).json().features.some((f: { id: string }) => f.id === 'provhallen'), false);
  const delArea = await c.submit(`${P}/areas/${area}/delete`, `${P}/areas/${area}/delete`, {});
  assert.equal(delArea.status, 303);
  assert.match(text((await c.get(delArea.headers.location as string)).body), /Området är borttaget\./);
  assert.equal((await anon.get('/program/omraden/testomradet')).status, 404);

  const venueAudit = await audit('expo_venue', venue.id);
  assert.equal(venueAudit.at(-1)!.action, 'expo.venue.delete');
  assert.equal((venueAudit.at(-1)!.before as { name_sv: string }).name_sv, 'Provhallen');
  assert.equal(venueAudit.at(-1)!.after, null);
  assert.deepEqual((await audit('expo_area', area)).map((a) => a.action), ['expo.area.create', 'expo.area.delete']);
  // Unknown or malformed ids are a 404, not a 500.
  assert.equal((await c.get(`${P}/venues/999999999/delete`)).status, 404);
  assert.equal((await c.get(`${P}/areas/abc`)).status, 404);
});

// ---------- bad input ----------

test('area form: malformed GeoJSON, open ring, out-of-range numbers, wrong type and a taken slug re-render with what was typed', async () => {
  const c = await signedIn(team);
  const areasBefore = await count('expo_areas');
  const cases: [string, RegExp][] = [
    ['{"type": "Polygon", "coordinates": [[[12.7, 56.0]', /^Det är inte giltig JSON: /],
    [JSON.stringify({ type: 'Polygon', coordinates: [[[12.7, 56.05], [12.71, 56.05], [12.71, 56.06], [12.70, 56.061]]] }), /^Ring 1 är inte sluten: den första och den sista positionen måste vara lika\.$/],
    [JSON.stringify({ type: 'Polygon', coordinates: [[[200, 56.05], [12.71, 56.05], [12.71, 56.06], [200, 56.05]]] }), /^Ring 1, position 1: longituden 200 ligger utanför −180 till 180\.$/],
    [JSON.stringify({ type: 'Point', coordinates: [12.7, 95] }), /^Position 1: latituden 95 ligger utanför −90 till 90\.$/],
    [JSON.stringify({ type: 'LineString', coordinates: [[12.7, 56], [12.8, 56]] }), /^Geometrin måste vara av typen Point, Polygon eller MultiPolygon \(inte LineString\)\.$/],
    [JSON.stringify({ type: 'MultiPolygon', coordinates: [JSON.parse(SQUARE).coordinates, [[[12.7, 56.05], [12.71, 56.05], [12.7, 56.05]]]] }), /^Polygon 2, ring 1: en ring behöver minst fyra positioner\.$/],
    [JSON.stringify({ type: 'Point', coordinates: ['12.7', 56] }), /^Position 1: en position måste vara \[longitud, latitud\] med två tal\.$/],
  ];
  for (const [geometry, message] of cases) {
    const r = await c.submit(`${P}/areas/new`, `${P}/areas/new`, areaForm({ slug: 'fel-omrade', geometry }));
    assert.equal(r.status, 400, geometry);
    assert.match(fieldError(r.body, 'geometry') ?? '', message, geometry);
    assert.equal(textareaValue(r.body, 'geometry'), geometry);
    assert.equal(inputValue(r.body, 'name_sv'), 'Testområdet');
    assert.match(r.body, /<div class="error-summary"[^>]*>[\s\S]*<a href="#f-geometry">Geometri \(GeoJSON\): /);
  }
  // A Feature is accepted (its geometry is kept); a taken slug is a field message naming its owner.
  const taken = await c.submit(`${P}/areas/new`, `${P}/areas/new`, areaForm({ slug: 'oceanhamnen', geometry: JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [12.7, 56.05] } }) }));
  assert.equal(taken.status, 422);
  assert.equal(fieldError(taken.body, 'slug'), 'Adressen används redan av Oceanhamnen. Välj en annan.');
  const badSlug = await c.submit(`${P}/areas/new`, `${P}/areas/new`, areaForm({ slug: 'Fel Slug!', name_sv: '' }));
  assert.equal(badSlug.status, 400);
  assert.ok(fieldError(badSlug.body, 'slug'));
  assert.ok(fieldError(badSlug.body, 'name_sv'));
  assert.equal(inputValue(badSlug.body, 'slug'), 'Fel Slug!');
  // Every problem at once: a missing name does not hide a bad geometry.
  const both = await c.submit(`${P}/areas/new`, `${P}/areas/new`, areaForm({ name_sv: '', geometry: '[1, 2]' }));
  assert.equal(both.status, 400);
  assert.equal(fieldError(both.body, 'name_sv'), 'Fyll i fältet.');
  assert.equal(fieldError(both.body, 'geometry'), 'Geometrin måste vara av typen Point, Polygon eller MultiPolygon (inte array).');
  // Renaming onto another area's slug when editing.
  const seau = await areaId('seau');
  const edit = await c.get(`${P}/areas/${seau}`);
  const clash = await c.submit(`${P}/areas/${seau}`, `${P}/areas/${seau}`, areaForm({ name_sv: 'SeaU', slug: 'drottninghog', geometry: textareaValue(edit.body, 'geometry')! }));
  assert.equal(clash.status, 422);
  assert.equal(fieldError(clash.body, 'slug'), 'Adressen används redan av Drottninghög. Välj en annan.');
  assert.equal(await count('expo_areas'), areasBefore);
  assert.equal((await t.ctx.db.selectFrom('expo_areas').select('slug').where('id', '=', seau).executeTakeFirstOrThrow()).slug, 'seau');
});

test('area form: a ring whose edges cross (a bow-tie, a hole that touches itself) is refused naming the ring and the edges, in Swedish and English; nothing is saved', async () => {
  // Edge 1 runs from the south-west to the north-east corner, edge 3 from the south-east to the north-west.
  const bowTie = JSON.stringify({ type: 'Polygon', coordinates: [[[12.70, 56.05], [12.71, 56.06], [12.71, 56.05], [12.70, 56.06], [12.70, 56.05]]] });
  // Polygon 2's outer ring is fine; its hole passes twice through (12.725, 56.055): edges 1 and 4 both end there.
  const hole = [[12.72, 56.05], [12.725, 56.055], [12.73, 56.05], [12.73, 56.06], [12.725, 56.055], [12.72, 56.06], [12.72, 56.05]];
  const multi = JSON.stringify({ type: 'MultiPolygon', coordinates: [JSON.parse(SQUARE).coordinates, [[[12.715, 56.045], [12.735, 56.045], [12.735, 56.065], [12.715, 56.065], [12.715, 56.045]], hole]] });
  const cases: [Client, string, string, string][] = [
    [await signedIn(team), bowTie, 'Ring 1: kant 1 och kant 3 korsar varandra.', 'Geometri \\(GeoJSON\\)'],
    [await signedIn(teamEn), bowTie, 'Ring 1: edges 1 and 3 cross.', 'Geometry \\(GeoJSON\\)'],
    [await signedIn(team), multi, 'Polygon 2, ring 2: kant 1 och kant 4 korsar varandra.', 'Geometri \\(GeoJSON\\)'],
    [await signedIn(teamEn), multi, 'Polygon 2, ring 2: edges 1 and 4 cross.', 'Geometry \\(GeoJSON\\)'],
  ];
  const areasBefore = await t.ctx.db.selectFrom('expo_areas').select(['slug', 'name_sv', 'geometry']).orderBy('id').execute();
  for (const [c, geometry, message, label] of cases) {
    const r = await c.submit(`${P}/areas/new`, `${P}/areas/new`, areaForm({ slug: 'korsat-omrade', geometry }));
    assert.equal(r.status, 400, geometry);
    assert.equal(fieldError(r.body, 'geometry'), message);
    assert.equal(textareaValue(r.body, 'geometry'), geometry);
    assert.equal(inputValue(r.body, 'name_sv'), 'Testområdet');
    assert.equal(inputValue(r.body, 'slug'), 'korsat-omrade');
    assert.match(decodeEntities(r.body), new RegExp(`<a href="#f-geometry">${label}: ${message.replace(/[.()]/g, '\\$&')}</a>`));
  }
  // Editing an existing area: the stored outline stays as it was.
  const seau = await areaId('seau');
  const c = await signedIn(team);
  const r = await c.submit(`${P}/areas/${seau}`, `${P}/areas/${seau}`, areaForm({ name_sv: 'SeaU', slug: 'seau', geometry: bowTie }));
  assert.equal(r.status, 400);
  assert.equal(fieldError(r.body, 'geometry'), 'Ring 1: kant 1 och kant 3 korsar varandra.');
  assert.equal(textareaValue(r.body, 'geometry'), bowTie);
  assert.deepEqual(await t.ctx.db.selectFrom('expo_areas').select(['slug', 'name_sv', 'geometry']).orderBy('id').execute(), areasBefore);
  assert.equal((await new Client(t.app).get('/api/v1/areas.geojson')).json().features.some((f: { id: string }) => f.id === 'korsat-omrade'), false);
});

test('venue form: latitude 200, text for a number, close before open, half-filled day, bad capacity, long text; in English for an English user', async () => {
  const c = await signedIn(team);
  const oceanhamnen = await areaId('oceanhamnen');
  const before = await count('expo_venues');
  const r = await c.submit(`${P}/venues/new`, `${P}/venues/new`, venueForm(oceanhamnen, { slug: 'felplats', lat: '200', lon: 'öst', hours_1_opens: '16:00', hours_1_closes: '10:00', hours_3_closed: '', hours_3_opens: '09:00', capacity: '0' }));
  assert.equal(r.status, 400);
  assert.equal(fieldError(r.body, 'lat'), 'Latituden måste ligga mellan −90 och 90.');
  assert.equal(fieldError(r.body, 'lon'), 'Ange ett tal, till exempel 56,0465.');
  assert.equal(fieldError(r.body, 'hours_1_closes'), 'Stängningstiden måste vara senare än öppningstiden.');
  assert.equal(fieldError(r.body, 'hours_3_closes'), 'Ange både öppnar och stänger, eller kryssa i Stängt.');
  assert.equal(fieldError(r.body, 'capacity'), 'Ange ett helt tal större än noll.');
  assert.equal(inputValue(r.body, 'lat'), '200');
  assert.equal(inputValue(r.body, 'hours_1_opens'), '16:00');
  assert.equal(inputValue(r.body, 'hours_3_opens'), '09:00');
  assert.match(r.body, /<a href="#f-hours_1_closes">Måndag: stänger: Stängningstiden måste vara senare än öppningstiden\.<\/a>/);
  const both = await c.submit(`${P}/venues/new`, `${P}/venues/new`, venueForm(oceanhamnen, { name_sv: '', lat: '200', hours_1_closes: '09:00' }));
  assert.equal(both.status, 400);
  assert.equal(fieldError(both.body, 'name_sv'), 'Fyll i fältet.');
  assert.equal(fieldError(both.body, 'lat'), 'Latituden måste ligga mellan −90 och 90.');
  assert.equal(fieldError(both.body, 'hours_1_closes'), 'Stängningstiden måste vara senare än öppningstiden.');
  for (const capacity of ['-5', '1,5', 'många']) {
    const bad = await c.submit(`${P}/venues/new`, `${P}/venues/new`, venueForm(oceanhamnen, { slug: 'felplats', capacity }));
    assert.equal(fieldError(bad.body, 'capacity'), 'Ange ett helt tal större än noll.', capacity);
  }
  const long = await c.submit(`${P}/venues/new`, `${P}/venues/new`, venueForm(oceanhamnen, { slug: 'felplats', description_sv: 'å'.repeat(6000) }));
  assert.equal(long.status, 400);
  assert.equal(fieldError(long.body, 'description_sv'), 'Texten får vara högst 5000 tecken.');
  const noArea = await c.submit(`${P}/venues/new`, `${P}/venues/new`, venueForm(999999, { slug: 'felplats' }));
  assert.equal(noArea.status, 422);
  assert.equal(fieldError(noArea.body, 'area_id'), 'Välj ett område.');
  const dup = await c.submit(`${P}/venues/new`, `${P}/venues/new`, venueForm(oceanhamnen, { slug: 'recolab' }));
  assert.equal(dup.status, 422);
  assert.equal(fieldError(dup.body, 'slug'), `Adressen används redan av ${(await venueRow('recolab'))!.name_sv}. Välj en annan.`);

  const en = await signedIn(teamEn);
  const e = await en.submit(`${P}/venues/new`, `${P}/venues/new`, venueForm(oceanhamnen, { slug: 'felplats', lat: '-91', hours_2_closed: '', hours_2_opens: '12:00', hours_2_closes: '12:00' }));
  assert.equal(e.status, 400);
  assert.equal(fieldError(e.body, 'lat'), 'The latitude must be between −90 and 90.');
  assert.equal(fieldError(e.body, 'hours_2_closes'), 'The closing time must be later than the opening time.');
  assert.match(e.body, /<html lang="en">/);
  assert.equal(await count('expo_venues'), before);
});

test('a 10 MB description answers 413; 30 000 characters is a field message; nothing is saved', async () => {
  const c = await signedIn(team);
  const before = await count('expo_areas');
  const huge = await c.submit(`${P}/areas/new`, `${P}/areas/new`, areaForm({ slug: 'jatteomrade', description_sv: 'x'.repeat(10 * 1024 * 1024) }));
  assert.equal(huge.status, 413);
  assert.match(text(huge.body), /för stor|too large/i);
  const long = await c.submit(`${P}/areas/new`, `${P}/areas/new`, areaForm({ slug: 'langt-omrade', description_sv: 'x'.repeat(30_000) }));
  assert.equal(long.status, 400);
  assert.equal(fieldError(long.body, 'description_sv'), 'Texten får vara högst 20000 tecken.');
  assert.equal(await count('expo_areas'), before);
});

// ---------- the edition ----------

test('the edition: dates that would leave occurrences outside are refused with how many; a valid change is saved and audited', async () => {
  const c = await signedIn(team);
  const form = await c.get(`${P}/edition`);
  assert.equal(inputValue(form.body, 'starts_on'), '2022-05-30');
  assert.equal(inputValue(form.body, 'time_zone'), 'Europe/Stockholm');
  const base = { name_sv: 'H22 City Expo', name_en: 'H22 City Expo', starts_on: '2022-05-30', ends_on: '2022-07-03', time_zone: 'Europe/Stockholm', description_sv: textareaValue(form.body, 'description_sv') ?? '', description_en: textareaValue(form.body, 'description_en') ?? '' };

  // The expected count, computed here from the occurrences themselves.
  const occ = await t.ctx.db
    .selectFrom('expo_occurrences as o')
    .innerJoin('expo_events as e', 'e.id', 'o.event_id')
    .select(['o.starts_at', 'o.ends_at', 'e.id', 'e.title_sv'])
    .where('e.state', 'not in', ['rejected', 'withdrawn'])
    .execute();
  const local = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  const outside = occ.filter((o) => local(o.starts_at) < '2022-06-01' || local(new Date(o.ends_at.getTime() - 1)) > '2022-06-30');
  assert.ok(outside.length > 0);
  const shrink = await c.submit(`${P}/edition`, `${P}/edition`, { ...base, starts_on: '2022-06-01', ends_on: '2022-06-30' });
  assert.equal(shrink.status, 422);
  assert.match(fieldError(shrink.body, 'starts_on') ?? '', new RegExp(`^${outside.length} schemalagda tillfällen skulle hamna utanför de nya datumen \\(det tidigaste 2022-05-\\d\\d, det senaste 2022-07-0\\d\\)`));
  // …and names the items to move: the three that come first, and how many more.
  const firstOf = new Map<number, { title: string; at: number }>();
  for (const o of outside) if (!firstOf.has(o.id) || firstOf.get(o.id)!.at > o.starts_at.getTime()) firstOf.set(o.id, { title: o.title_sv, at: o.starts_at.getTime() });
  const named = [...firstOf].sort(([a, x], [b, y]) => x.at - y.at || a - b).slice(0, 3).map(([, x]) => `”${x.title}”`);
  assert.ok(firstOf.size > 3);
  assert.ok((fieldError(shrink.body, 'starts_on') ?? '').endsWith(`): ${named.join(', ')} och ${firstOf.size - 3} evenemang till. Flytta dem först, eller välj datum som rymmer dem.`), fieldError(shrink.body, 'starts_on'));
  assert.equal(inputValue(shrink.body, 'starts_on'), '2022-06-01');

  const bad = await c.submit(`${P}/edition`, `${P}/edition`, { ...base, starts_on: '2022-07-10', ends_on: '2022-07-01', time_zone: 'Mars/Olympus' });
  assert.equal(bad.status, 400);
  assert.equal(fieldError(bad.body, 'ends_on'), 'Sista dagen kan inte vara före första dagen.');
  assert.equal(fieldError(bad.body, 'time_zone'), 'Okänd tidszon. Ange en IANA-tidszon, till exempel Europe/Stockholm.');
  const badDate = await c.submit(`${P}/edition`, `${P}/edition`, { ...base, starts_on: '2022-02-30' });
  assert.equal(fieldError(badDate.body, 'starts_on'), 'Ange ett datum som ÅÅÅÅ-MM-DD.');
  const still = await t.ctx.db.selectFrom('expo_editions').select([sql<string>`starts_on::text`.as('s'), sql<string>`ends_on::text`.as('e'), 'name_sv']).where('is_current', '=', true).executeTakeFirstOrThrow();
  assert.deepEqual(still, { s: '2022-05-30', e: '2022-07-03', name_sv: 'H22 City Expo' });

  const ok = await c.submit(`${P}/edition`, `${P}/edition`, { ...base, name_sv: 'H22 City Expo i Helsingborg', ends_on: '2022-07-05' });
  assert.equal(ok.status, 303);
  const list = await c.get(ok.headers.location as string);
  assert.match(text(list.body), /Expot är sparat\./);
  assert.match(text(list.body), /H22 City Expo i Helsingborg ?, 2022-05-30 – 2022-07-05/);
  const ed = await t.ctx.db.selectFrom('expo_editions').select('id').where('is_current', '=', true).executeTakeFirstOrThrow();
  const rows = await audit('expo_edition', ed.id);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.action, 'expo.edition.update');
  assert.deepEqual(rows[0]!.before, { name_sv: 'H22 City Expo', ends_on: '2022-07-03' });
  assert.deepEqual(rows[0]!.after, { name_sv: 'H22 City Expo i Helsingborg', ends_on: '2022-07-05' });
});
