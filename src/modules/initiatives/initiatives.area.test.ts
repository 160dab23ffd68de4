// An initiative's place as a point or an area: typed in the staff form or imported from CSV, refused
// with a message per problem, and shown on the public page, on the map, in the API and in JSON-LD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';
import type { Cli } from '../../platform/cli.ts';
import { importInitiativesCli } from './initiatives.cli.ts';
import { parseArea } from './initiatives.values.ts';

let t: TestApp;
let sbf: { id: number };
let editor: { email: string; password: string };
let englishEditor: { email: string; password: string };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h22-area-'));

before(async () => {
  t = await createTestApp();
  sbf = await makeOrganisation(t.ctx, { name: 'Stadsbyggnadsförvaltningen', slug: 'stadsbyggnadsforvaltningen' });
  editor = await makeUser(t.ctx, { name: 'Eva Editor', org: { id: sbf.id, role: 'editor' } });
  englishEditor = await makeUser(t.ctx, { name: 'Emma English', org: { id: sbf.id, role: 'editor' }, locale: 'en' });
});
after(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signedIn(): Promise<Client> {
  const c = new Client(t.app);
  await c.signIn(editor.email, editor.password);
  return c;
}

// Drottninghög, roughly: four corners and the first again.
const RING_LINES = '56,0601, 12,7301\n56,0602, 12,7402\n56,0553, 12,7403\n56,0554, 12,7304\n56,0601, 12,7301';
const RING: [number, number][] = [
  [56.0601, 12.7301],
  [56.0602, 12.7402],
  [56.0553, 12.7403],
  [56.0554, 12.7304],
  [56.0601, 12.7301],
];
const asGeoJson = (ring: [number, number][]) => ring.map(([lat, lng]) => [lng, lat]);
// The same four corners with the second and third swapped: the border crosses itself, a bow-tie.
const BOW_TIE: [number, number][] = [RING[0]!, RING[2]!, RING[1]!, RING[3]!, RING[0]!];
const BOW_TIE_LINES = '56,0601, 12,7301\n56,0553, 12,7403\n56,0602, 12,7402\n56,0554, 12,7304\n56,0601, 12,7301';

const form = (over: Record<string, string | string[]>) => ({
  title_sv: 'Trygg park på Drottninghög',
  owner_organisation_id: String(sbf.id),
  location_name: 'Drottninghög',
  ...over,
});

test('parseArea: lines of "lat, lng" with a decimal comma or point, or a GeoJSON polygon ([lng, lat]) — the same ring either way', () => {
  assert.deepEqual(parseArea(RING_LINES), { ok: true, ring: RING });
  assert.deepEqual(parseArea(RING.map(([a, o]) => `${a} ${o}`).join('; ')), { ok: true, ring: RING });
  const feature = JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [asGeoJson(RING)] } });
  assert.deepEqual(parseArea(feature), { ok: true, ring: RING });
  assert.deepEqual(parseArea('  '), { ok: true, ring: null });
  assert.deepEqual(parseArea(JSON.stringify({ type: 'Point', coordinates: [12.7, 56.06] })), { ok: false, problem: { kind: 'notPolygon' } });
  assert.deepEqual(parseArea(JSON.stringify({ type: 'Polygon', coordinates: [asGeoJson(RING), asGeoJson(RING)] })), { ok: false, problem: { kind: 'notPolygon' } });
  // The same corners in another order: the border crosses itself (edges 1 and 3 are the diagonals), typed or pasted.
  assert.deepEqual(parseArea(BOW_TIE_LINES), { ok: false, problem: { kind: 'edgesCross', first: 1, second: 3 } });
  assert.deepEqual(parseArea(JSON.stringify({ type: 'Polygon', coordinates: [asGeoJson(BOW_TIE)] })), { ok: false, problem: { kind: 'edgesCross', first: 1, second: 3 } });
});

test('each kind of bad area gets its own message next to the field, in Swedish and English, with what was typed kept; nothing is saved', async () => {
  const c = await signedIn();
  const cases: { area: string; sv: RegExp; en: RegExp }[] = [
    { area: '56,06, 12,73\nnorr om skolan\n56,05, 12,74', sv: /Rad 2 går inte att läsa\. Skriv en punkt per rad som ”latitud, longitud”/, en: /Line 2 cannot be read\. Write one point per line as "latitude, longitude"/ },
    { area: '56,06, 12,73\n56,07, 12,74\n56,06, 12,73', sv: /Ett område behöver minst 4 punkter \(tre hörn och den första punkten igen sist\); nu finns 3\./, en: /An area needs at least 4 points \(three corners and the first point again at the end\); there are 3\./ },
    { area: '56,06, 12,73\n56,07, 12,74\n56,05, 12,75\n56,04, 12,72', sv: /Området är inte slutet: den sista punkten ska vara samma som den första \(56\.06, 12\.73\)\./, en: /The area is not closed: the last point must be the same as the first \(56\.06, 12\.73\)\./ },
    { area: '56,06, 12,73\n56,07, 190\n56,05, 12,75\n56,06, 12,73', sv: /Punkt 2 ligger utanför kartan: latitud är mellan -90 och 90 och longitud mellan -180 och 180\./, en: /Point 2 is off the map: latitude is between -90 and 90 and longitude between -180 and 180\./ },
    { area: '{"type":"LineString","coordinates":[[12.7,56.0],[12.8,56.1]]}', sv: /Det här är ingen GeoJSON-polygon\./, en: /This is not a GeoJSON polygon\./ },
  ];
  const en = new Client(t.app);
  await en.signIn(englishEditor.email, englishEditor.password);
  const before = await t.ctx.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  for (const k of cases) {
    for (const [client, expected, label] of [[c, k.sv, 'Område \\(valfritt\\)'], [en, k.en, 'Area \\(optional\\)']] as const) {
      const r = await client.submit('/admin/initiatives/new', '/admin/initiatives/new', form({ location_area: k.area }));
      assert.equal(r.status, 422, r.body.slice(0, 200));
      const body = decodeEntities(r.body);
      const msg = /<p class="error-message" id="f-location_area-error">([^<]*)<\/p>/.exec(body)?.[1] ?? '';
      assert.match(msg, expected, `the message for ${JSON.stringify(k.area)}`);
      assert.ok(body.includes(`>${k.area}</textarea>`), 'the area as typed is kept');
      assert.match(body, new RegExp(`<a href="#f-location_area">${label}: `));
      assert.match(body, /value="Trygg park på Drottninghög"/);
    }
  }
  const after_ = await t.ctx.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after_.n), Number(before.n));
});

test('an area saved in the form is shown on the public page (fact, map data, JSON-LD GeoShape), on the map view and in the API as a GeoJSON Polygon', async () => {
  const c = await signedIn();
  const r = await c.submit('/admin/initiatives/new', '/admin/initiatives/new', form({ location_area: RING_LINES, sdgs: ['11'] }));
  assert.equal(r.status, 303, r.body.slice(0, 300));
  const id = Number(/\/admin\/initiatives\/(\d+)/.exec(r.headers.location as string)![1]);
  const row = await t.ctx.db.selectFrom('initiatives').select(['slug', 'location_area', 'location_lat']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([row.location_area, row.location_lat], [RING, null]);
  // The edit form gives the area back one point per line.
  const edit = decodeEntities((await c.get(`/admin/initiatives/${id}/edit`)).body);
  assert.ok(edit.includes(`>${RING.map(([a, o]) => `${a}, ${o}`).join('\n')}</textarea>`), 'the stored area in the edit form');
  const pub = await c.submit(`/admin/initiatives/${id}`, `/admin/initiatives/${id}/publish`, { published: '1' });
  assert.equal(pub.status, 303);

  const anon = new Client(t.app);
  const page = decodeEntities((await anon.get(`/initiativ/${row.slug}`)).body);
  assert.match(page, /<dt>Område<\/dt><dd><span class="map-point" data-lat="" data-lng="" data-area="\[\[56\.0601,12\.7301\],\[56\.0602,12\.7402\],\[56\.0553,12\.7403\],\[56\.0554,12\.7304\],\[56\.0601,12\.7301\]\]" data-label="Drottninghög">ett område med 4 hörn<\/span><\/dd>/);
  assert.match(page, /<div class="initiative-map initiative-map-place" data-module="initiative-map"[^>]*aria-label="Karta över initiativets plats" hidden><\/div>/);
  assert.match(page, /<script src="\/assets\/initiatives-map\.js"/);
  const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!.replace(/\\u003c/g, '<'));
  assert.deepEqual(ld.location, { '@type': 'Place', name: 'Drottninghög', geo: { '@type': 'GeoShape', polygon: '56.0601 12.7301 56.0602 12.7402 56.0553 12.7403 56.0554 12.7304 56.0601 12.7301' } });

  const map = decodeEntities((await anon.get('/initiativ/karta?sdg=11')).body);
  assert.match(map, new RegExp(`<li class="map-point" data-lat="" data-lng="" data-area="\\[\\[56\\.0601,12\\.7301\\][^"]*" data-stage="idea"><a href="/initiativ/${row.slug}">Trygg park på Drottninghög</a>`));

  const api = JSON.parse((await anon.get(`/api/v1/initiatives/${row.slug}`)).body);
  assert.deepEqual(api.geometry, { type: 'Polygon', coordinates: [asGeoJson(RING)] });
  assert.equal(api.location, null);
  const list = JSON.parse((await anon.get('/api/v1/initiatives?sdg=11')).body);
  assert.deepEqual(list.items.find((i: { slug: string }) => i.slug === row.slug)?.geometry, { type: 'Polygon', coordinates: [asGeoJson(RING)] });
  // The CSV export carries the area as GeoJSON text, in a column the import reads back.
  const csv = (await anon.get('/api/v1/initiatives.csv?sdg=11')).body;
  const [header, ...lines] = csv.replace(/^\ufeff/, '').trim().split('\r\n');
  const areaAt = header!.split(',').indexOf('area');
  assert.ok(areaAt > 0, header);
  assert.ok(lines.some((l) => l.includes(`"${JSON.stringify({ type: 'Polygon', coordinates: [asGeoJson(RING)] }).replace(/"/g, '""')}"`)), lines.join('\n'));
});

function fakeCli(): { cli: Cli; out: string[] } {
  const out: string[] = [];
  const cli = { config: t.config, out: (m: string) => void out.push(m), log: () => {}, runtime: async () => ({ ctx: t.ctx, databaseUrl: t.db.url, close: async () => {} }) } as Cli;
  return { cli, out };
}

test('an area imported from CSV (a point and an area, or a GeoJSON polygon) is in the API geometry and on the page; a bad area names its line and column', async () => {
  const geo = JSON.stringify({ type: 'Polygon', coordinates: [asGeoJson(RING)] }).replace(/"/g, '""');
  const file = path.join(dir, 'areas.csv');
  fs.writeFileSync(
    file,
    [
      'ID;Namn;Ägare;Status;Plats;Latitud;Longitud;Område;Publicerad',
      `A-1;Grönt stråk;Stadsbyggnadsförvaltningen;Idé;Drottninghög;56,0580;12,7350;"${RING_LINES}";ja`,
      `A-2;Tyst zon;Stadsbyggnadsförvaltningen;Pilot;;;;"${geo}";ja`,
    ].join('\n'),
  );
  const run = fakeCli();
  assert.equal(await importInitiativesCli.run(run.cli, file, []), 0, run.out.join('\n'));
  const rows = await t.ctx.db.selectFrom('initiatives').select(['external_id', 'slug', 'location_area']).where('external_id', 'in', ['A-1', 'A-2']).orderBy('external_id').execute();
  assert.deepEqual(rows.map((r) => r.location_area), [RING, RING]);

  const anon = new Client(t.app);
  const both = JSON.parse((await anon.get(`/api/v1/initiatives/${rows[0]!.slug}?lang=en`)).body);
  assert.deepEqual(both.geometry, { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [12.735, 56.058] }, { type: 'Polygon', coordinates: [asGeoJson(RING)] }] });
  const page = decodeEntities((await anon.get(`/en/initiatives/${rows[0]!.slug}`)).body);
  assert.match(page, /<dt>Area<\/dt><dd><span class="map-point" data-lat="56\.058" data-lng="12\.735" data-area="\[\[56\.0601,12\.7301\]/);
  const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!);
  assert.deepEqual(ld.location.geo.map((g: { '@type': string }) => g['@type']), ['GeoCoordinates', 'GeoShape']);
  assert.deepEqual(JSON.parse((await anon.get(`/api/v1/initiatives/${rows[1]!.slug}`)).body).geometry.type, 'Polygon');

  // Run again with a broken area: the whole file is refused and nothing changes.
  fs.writeFileSync(file, ['ID;Namn;Ägare;Status;Område', 'A-1;Grönt stråk;Stadsbyggnadsförvaltningen;Idé;"56,06, 12,73\n56,07, 12,74\n56,06, 12,73"'].join('\n'));
  const bad = fakeCli();
  assert.equal(await importInitiativesCli.run(bad.cli, file, []), 1);
  assert.match(bad.out.join('\n'), /line 2: Område: An area needs at least 4 points \(three corners and the first point again at the end\); there are 3\./);
  const still = await t.ctx.db.selectFrom('initiatives').select('location_area').where('external_id', '=', 'A-1').executeTakeFirstOrThrow();
  assert.deepEqual(still.location_area, RING);
});

test('an area whose border crosses itself is refused with the two edges, next to the field in Swedish and English and in the import report with its line; nothing is saved', async () => {
  const sv = await signedIn();
  const en = new Client(t.app);
  await en.signIn(englishEditor.email, englishEditor.password);
  const count = async () => Number((await t.ctx.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const fieldMessage = (body: string) => /<p class="error-message" id="f-location_area-error">([^<]*)<\/p>/.exec(body)?.[1];
  const svMessage = 'Områdets kanter korsar varandra: kant 1 (från punkt 1 till 2) och kant 3 (från punkt 3 till 4). Ta punkterna i tur och ordning runt området så att gränsen inte korsar eller nuddar sig själv.';
  const enMessage = "The area's edges cross: edge 1 (from point 1 to 2) and edge 3 (from point 3 to 4). Take the points in order around the area so that its border neither crosses nor touches itself.";
  const before = await count();
  for (const [client, message, label] of [[sv, svMessage, 'Område (valfritt)'], [en, enMessage, 'Area (optional)']] as const) {
    const r = await client.submit('/admin/initiatives/new', '/admin/initiatives/new', form({ location_area: BOW_TIE_LINES }));
    assert.equal(r.status, 422, r.body.slice(0, 200));
    const body = decodeEntities(r.body);
    assert.equal(fieldMessage(body), message);
    assert.ok(body.includes(`>${BOW_TIE_LINES}</textarea>`), 'the area as typed is kept');
    assert.ok(body.includes(`<a href="#f-location_area">${label}: ${message}</a>`), 'the error summary links to the field');
    assert.match(body, /value="Trygg park på Drottninghög"/);
  }
  assert.equal(await count(), before);

  // Editing an initiative that has an area: the stored area stays as it was.
  const created = await sv.submit('/admin/initiatives/new', '/admin/initiatives/new', form({ title_sv: 'Korsade gränser', location_area: RING_LINES }));
  assert.equal(created.status, 303, created.body.slice(0, 300));
  const id = Number(/\/admin\/initiatives\/(\d+)/.exec(created.headers.location as string)![1]);
  const stored = () => t.ctx.db.selectFrom('initiatives').select(['title_sv', 'location_area', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  const was = await stored();
  assert.deepEqual(was.location_area, RING);
  const version = /name="version" value="(\d+)"/.exec((await sv.get(`/admin/initiatives/${id}/edit`)).body)![1]!;
  const edit = await sv.submit(`/admin/initiatives/${id}/edit`, `/admin/initiatives/${id}/edit`, form({ title_sv: 'Korsade gränser, ändrad', version, location_area: BOW_TIE_LINES }));
  assert.equal(edit.status, 422, edit.body.slice(0, 200));
  const editBody = decodeEntities(edit.body);
  assert.equal(fieldMessage(editBody), svMessage);
  assert.ok(editBody.includes(`>${BOW_TIE_LINES}</textarea>`), 'the area as typed is kept');
  assert.match(editBody, /value="Korsade gränser, ändrad"/);
  assert.deepEqual(await stored(), was);

  // The CSV import: the whole file is refused; the report names the line and the column.
  const file = path.join(dir, 'crossing.csv');
  fs.writeFileSync(file, ['ID;Namn;Ägare;Status;Område', `X-1;Rak gräns;Stadsbyggnadsförvaltningen;Idé;"${RING_LINES}"`, `X-2;Korsad gräns;Stadsbyggnadsförvaltningen;Idé;"${BOW_TIE_LINES}"`].join('\n'));
  const run = fakeCli();
  assert.equal(await importInitiativesCli.run(run.cli, file, []), 1);
  const report = run.out.join('\n');
  assert.ok(report.includes(`line 7: Område: ${enMessage}`), report);
  assert.doesNotMatch(report, /line 2:/);
  assert.equal(await count(), before + 1);
  assert.deepEqual(await t.ctx.db.selectFrom('initiatives').select('id').where('external_id', 'in', ['X-1', 'X-2']).execute(), []);
});
