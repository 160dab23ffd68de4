// /api/v1/initiatives: filters, cursor pages, one initiative, CSV and XLSX exports, the OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { createTestApp, Client, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation } from '../../../test/factories.ts';
import { createInitiative, requestStageMove, setPublished } from './initiatives.commands.ts';
import { initiativeForm, makeActor } from './initiatives.test-support.ts';
import { InitiativeList, InitiativePublic } from './initiatives.schema.ts';

let t: TestApp;
const slugs: Record<string, string> = {};
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validList = ajv.compile(InitiativeList);
const validDetail = ajv.compile(InitiativePublic);

before(async () => {
  t = await createTestApp();
  const org = await makeOrganisation(t.ctx, { name: 'Öresundskraft', kind: 'company', slug: 'oresundskraft' });
  const lead = await makeActor(t.ctx, 'Lisa Lead', [], [{ organisationId: org.id, role: 'innovation_lead' }]);
  const titles: [string, string[], boolean][] = [
    ['Solel på taken i Mariastaden', ['7', '11'], true],
    ['Ångkraft ur spillvärme', ['7'], true],
    ['Batterier för grannskapet', ['7', '11'], true],
    ['Avfallsvärme i Ödåkra', ['11'], true],
    ['=HYPERLINK("http://evil.example","klicka")', ['11'], true],
    ['Hemligt utkast', ['11'], false],
  ];
  for (const [title, sdgs, publish] of titles) {
    const r = await createInitiative(t.ctx, lead, 'sv', initiativeForm(org.id, { title_sv: title, title_en: `EN ${title}`, summary_sv: `Om ${title}`, sdgs, location_name: 'Mariastaden', location_lat: '56.0855', location_lng: '12.7364', estimated_budget_sek: '100000' }));
    if (r.outcome !== 'ok') throw new Error(JSON.stringify(r));
    slugs[title] = r.slug;
    if (publish) await setPublished(t.ctx, lead, 'sv', r.id, true);
  }
  const moved = await createInitiative(t.ctx, lead, 'sv', initiativeForm(org.id, { title_sv: 'Vätgas i hamnen', sdgs: ['9'] }));
  if (moved.outcome !== 'ok') throw new Error('moved');
  slugs.hydrogen = moved.slug;
  await setPublished(t.ctx, lead, 'sv', moved.id, true);
  await requestStageMove(t.ctx, lead, 'sv', moved.id, { to_stage: 'pilot', reason: 'Tankstationen är på plats' });
});
after(async () => t.close());

test('the list API pages through a filtered selection with cursors, without gaps or repeats', async () => {
  const c = new Client(t.app);
  const seen: string[] = [];
  let url: string | null = '/api/v1/initiatives?sdg=11&limit=2&sort=name';
  let pages = 0;
  while (url) {
    const r = await c.get(url);
    assert.equal(r.status, 200);
    const body = r.json();
    assert.ok(validList(body), JSON.stringify(validList.errors));
    assert.equal(body.total, 4);
    seen.push(...body.items.map((i: { title: string }) => i.title));
    url = body.next_cursor ? `/api/v1/initiatives?sdg=11&limit=2&sort=name&cursor=${encodeURIComponent(body.next_cursor)}` : null;
    pages++;
  }
  assert.equal(pages, 2);
  // Swedish order: symbols, A, B, S … and Å after Z.
  assert.deepEqual(seen, ['=HYPERLINK("http://evil.example","klicka")', 'Avfallsvärme i Ödåkra', 'Batterier för grannskapet', 'Solel på taken i Mariastaden']);

  const byUpdated = (await c.get('/api/v1/initiatives?limit=100')).json();
  assert.equal(byUpdated.items[0].title, 'Vätgas i hamnen');
  assert.equal(byUpdated.total, 6);
  assert.ok(!byUpdated.items.some((i: { title: string }) => i.title === 'Hemligt utkast'));
  const item = byUpdated.items.find((i: { slug: string }) => i.slug === slugs['Solel på taken i Mariastaden']);
  assert.deepEqual([item.owner, item.location, item.url], [{ slug: 'oresundskraft', name: 'Öresundskraft' }, { name: 'Mariastaden', lat: 56.0855, lng: 12.7364 }, `http://h22.test/initiativ/${slugs['Solel på taken i Mariastaden']}`]);

  const en = (await c.get('/api/v1/initiatives?q=batterier&lang=en')).json();
  assert.deepEqual(en.items.map((i: { title: string }) => i.title), ['EN Batterier för grannskapet']);
  const pilot = (await c.get('/api/v1/initiatives?stage=pilot')).json();
  assert.deepEqual(pilot.items.map((i: { title: string }) => i.title), ['Vätgas i hamnen']);
});

test('bad filters and cursors are problem details with a stable code', async () => {
  const c = new Client(t.app);
  const bad = await c.get('/api/v1/initiatives?stage=nonsense&sdg=18');
  assert.equal(bad.status, 400);
  assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
  const p = bad.json();
  assert.equal(p.code, 'bad_request');
  assert.ok(p.errors.some((e: { field: string }) => e.field === 'sdg'));
  const cur = await c.get('/api/v1/initiatives?cursor=bm90LWpzb24');
  assert.equal(cur.status, 400);
  assert.equal(cur.json().detail, 'Invalid cursor');
});

test('one initiative as JSON, with its stage history; drafts are 404', async () => {
  const c = new Client(t.app);
  const r = await c.get(`/api/v1/initiatives/${slugs.hydrogen}`);
  assert.equal(r.status, 200);
  const d = r.json();
  assert.ok(validDetail(d), JSON.stringify(validDetail.errors));
  assert.equal(d.title, 'Vätgas i hamnen');
  assert.equal(d.stage, 'pilot');
  assert.deepEqual(d.stage_history.map((h: { from: string | null; to: string; reason: string }) => [h.from, h.to, h.reason]), [[null, 'idea', ''], ['idea', 'pilot', 'Tankstationen är på plats']]);
  const draft = await c.get(`/api/v1/initiatives/${slugs['Hemligt utkast']}`);
  assert.equal(draft.status, 404);
  assert.equal(draft.json().code, 'not_found');
});

test('CSV and XLSX exports carry the selection, in the chosen language, with formulas defused', async () => {
  const c = new Client(t.app);
  const csv = await c.get('/api/v1/initiatives.csv?sdg=11');
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'] as string, /^text\/csv; charset=utf-8/);
  assert.match(csv.headers['content-disposition'] as string, /attachment; filename="initiativ.csv"/);
  assert.ok(csv.body.startsWith('\ufeffid,slug,url,title,summary,stage,owner'));
  const lines = csv.body.trim().split('\r\n');
  assert.equal(lines.length, 5);
  assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil.example"",""klicka"")"`)), 'formula is prefixed and quoted');
  assert.ok(lines.some((l) => l.includes(',Solel på taken i Mariastaden,Om Solel på taken i Mariastaden,Idé,Öresundskraft,') && l.includes(',100000,')));

  const x = await t.app.inject({ method: 'GET', url: '/api/v1/initiatives.xlsx?sdg=7&lang=en' });
  assert.equal(x.statusCode, 200);
  assert.match(x.headers['content-type'] as string, /spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.name, 'initiatives');
  assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1, 7), ['id', 'slug', 'url', 'title', 'summary', 'stage']);
  assert.equal(ws.rowCount, 4);
  const titles = [2, 3, 4].map((n) => ws.getRow(n).getCell(4).value).sort();
  assert.deepEqual(titles, ['EN Batterier för grannskapet', 'EN Solel på taken i Mariastaden', 'EN Ångkraft ur spillvärme']);
  assert.equal(ws.getRow(2).getCell(6).value, 'Idea');
});

test('the OpenAPI document describes the initiatives endpoints', async () => {
  const c = new Client(t.app);
  const r = await c.get('/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const doc = r.json();
  for (const p of ['/api/v1/initiatives', '/api/v1/initiatives.csv', '/api/v1/initiatives.xlsx', '/api/v1/initiatives/{slug}']) assert.ok(doc.paths[p]?.get, p);
  const params = doc.paths['/api/v1/initiatives'].get.parameters.map((x: { name: string }) => x.name).sort();
  assert.deepEqual(params, ['aim', 'collab', 'cursor', 'lang', 'limit', 'org', 'q', 'sdg', 'sector', 'sort', 'stage', 'tech']);
});
