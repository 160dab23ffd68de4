// The public portfolio: list with filters and counts, search, sorting, map, lessons, initiative pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, textOf, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation } from '../../../test/factories.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { addComment, addImpactGoal, createInitiative, recordFollowUp, requestStageMove, setPublished } from './initiatives.commands.ts';
import { initiativeForm, makeActor } from './initiatives.test-support.ts';

let t: TestApp;
const ids: Record<string, { id: number; slug: string }> = {};
let nsr: { id: number; slug: string; name: string };
let miljo: { id: number; slug: string; name: string };

before(async () => {
  t = await createTestApp();
  nsr = await makeOrganisation(t.ctx, { name: 'NSR', kind: 'company', slug: 'nsr' });
  miljo = await makeOrganisation(t.ctx, { name: 'Miljöförvaltningen', slug: 'miljoforvaltningen' });
  const lead: Actor = await makeActor(t.ctx, 'Lena Lead', [], [{ organisationId: nsr.id, role: 'innovation_lead' }, { organisationId: miljo.id, role: 'innovation_lead' }]);
  const make = async (key: string, owner: number, over: Parameters<typeof initiativeForm>[1], publish = true) => {
    const r = await createInitiative(t.ctx, lead, 'sv', initiativeForm(owner, over));
    if (r.outcome !== 'ok') throw new Error(`${key}: ${JSON.stringify(r)}`);
    ids[key] = { id: r.id, slug: r.slug };
    if (publish) await setPublished(t.ctx, lead, 'sv', r.id, true);
  };
  await make('bins', nsr.id, {
    title_sv: 'Smarta sopkärl på Råå',
    title_en: 'Smart bins in Råå',
    summary_sv: 'Sensorer i sopkärlen visar när de behöver tömmas.',
    summary_en: 'Sensors in the bins show when they need emptying.',
    what_sv: 'Vi sätter **sensorer** i 200 kärl.',
    sdgs: ['11', '12'],
    aims: ['technology'],
    sector: 'water_waste',
    technologies: ['sensors', 'iot'],
    collaboration_kinds: ['testbed'],
    location_name: 'Råå',
    location_lat: '55.999',
    location_lng: '12.743',
    estimated_budget_sek: '250000',
  });
  await make('air', miljo.id, {
    title_sv: 'Luftkvalitetssensorer i city',
    summary_sv: 'Billiga sensorer mäter partiklar.',
    participant_ids: [String(nsr.id)],
    sdgs: ['3', '11'],
    aims: ['global_goals'],
    sector: 'environment',
    location_name: 'city',
    location_lat: '56.0465',
    location_lng: '12.6945',
  });
  await make('draft', miljo.id, { title_sv: 'Hemlig idé om sopor', sdgs: ['11'] }, false);
  await make('drones', miljo.id, { title_sv: 'Drönare för inventering', sdgs: ['15'], sector: 'environment' });
  await make('steam', nsr.id, { title_sv: 'Ånga ur avfall', sdgs: ['7'] });
  await make('zinc', nsr.id, { title_sv: 'Zinkåtervinning', sdgs: ['12'] });

  await requestStageMove(t.ctx, lead, 'sv', ids.bins!.id, { to_stage: 'pilot', reason: 'Testgruppen är klar' });
  await requestStageMove(t.ctx, lead, 'sv', ids.drones!.id, { to_stage: 'stopped', reason: 'Tillstånden tog för lång tid', lessons_learned_sv: 'Börja med tillstånden för drönarflygning i god tid.', lessons_learned_en: 'Start on the drone flight permits early.' });
  const g = await addImpactGoal(t.ctx, lead, 'sv', ids.bins!.id, { indicator_sv: 'Antal tömningar per vecka', indicator_en: 'Collections per week', baseline_value: '40', baseline_date: '2024-01-15', target_value: '25', target_date: '2026-12-31', follow_up_months: '3' });
  if (g.outcome !== 'ok') throw new Error('goal');
  await recordFollowUp(t.ctx, lead, 'sv', g.id, { measured_on: '2024-04-15', value: '36', status: 'yellow', comment: 'Sensorerna kom sent' });
  await addComment(t.ctx, lead, 'sv', ids.bins!.id, 'INTERN: budgeten är osäker');
});
after(async () => t.close());

const titlesIn = (body: string) => [...body.matchAll(/<li class="initiative-card">\s*<h2><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => decodeEntities(m[1]!));

test('the Swedish list shows published initiatives only, with counts per filter value', async () => {
  const c = new Client(t.app);
  const r = await c.get('/initiativ');
  assert.equal(r.status, 200);
  const body = decodeEntities(r.body);
  assert.deepEqual(titlesIn(r.body).sort(), ['Drönare för inventering', 'Luftkvalitetssensorer i city', 'Smarta sopkärl på Råå', 'Zinkåtervinning', 'Ånga ur avfall'].sort());
  assert.ok(!body.includes('Hemlig idé'));
  assert.match(body, /Visar 1–5 av 5 initiativ/);
  assert.match(body, /<option value="pilot">Pilot \(1\)<\/option>/);
  assert.match(body, /<option value="idea">Idé \(3\)<\/option>/);
  assert.match(body, /<option value="11">Mål 11: Hållbara städer och samhällen \(2\)<\/option>/);
  // Organisation counts include participation: NSR owns three and takes part in one.
  assert.match(body, /<option value="nsr">NSR \(4\)<\/option>/);
  assert.match(r.body, /hreflang="en" href="\/en\/initiatives"/);
});

test('filters combine, and each facet counts with the other filters applied', async () => {
  const c = new Client(t.app);
  const r = await c.get('/initiativ?sdg=11&stage=idea');
  const body = decodeEntities(r.body);
  assert.deepEqual(titlesIn(r.body), ['Luftkvalitetssensorer i city']);
  assert.match(body, /Visar 1–1 av 1 initiativ/);
  // With SDG 11 chosen, the stage select says what each stage would give.
  assert.match(body, /<option value="idea" selected>Idé \(1\)<\/option>/);
  assert.match(body, /<option value="pilot">Pilot \(1\)<\/option>/);
  // With Idé chosen, SDG 12 would give one (Zinkåtervinning), not two.
  assert.match(body, /<option value="12">Mål 12: Hållbar konsumtion och produktion \(1\)<\/option>/);
  assert.match(body, /aria-label="Ta bort filtret Globalt mål: Mål 11: Hållbara städer och samhällen"/);

  const org = await c.get('/initiativ?org=nsr&sector=environment');
  assert.deepEqual(titlesIn(org.body), ['Luftkvalitetssensorer i city']);
  const unknown = await c.get('/initiativ?stage=nonsense&sdg=99');
  assert.equal(unknown.status, 200);
  assert.equal(titlesIn(unknown.body).length, 5);
});

test('search stems Swedish and English, tolerates a typo, and sorting by name is Swedish', async () => {
  const c = new Client(t.app);
  const stem = await c.get('/initiativ?q=sopk%C3%A4rlen');
  assert.deepEqual(titlesIn(stem.body), ['Smarta sopkärl på Råå']);
  const en = await c.get('/en/initiatives?q=bin');
  assert.deepEqual(titlesIn(en.body), ['Smart bins in Råå']);
  assert.match(en.body, /<html lang="en">/);
  const typo = await c.get('/initiativ?q=sopk%C3%A4rk');
  assert.deepEqual(titlesIn(typo.body), ['Smarta sopkärl på Råå']);
  assert.match(decodeEntities(typo.body), /Inga ord matchade ”sopkärk” exakt/);
  const none = await c.get('/initiativ?q=xyzzyqwv');
  assert.match(decodeEntities(none.body), /Inga initiativ matchar/);

  const byName = await c.get('/initiativ?sort=name');
  assert.deepEqual(titlesIn(byName.body), ['Drönare för inventering', 'Luftkvalitetssensorer i city', 'Smarta sopkärl på Råå', 'Zinkåtervinning', 'Ånga ur avfall']);
  const byUpdated = await c.get('/initiativ');
  assert.equal(titlesIn(byUpdated.body)[0], 'Smarta sopkärl på Råå');
});

test('an initiative page shows everything public, JSON-LD Project and the stage history — never internal comments', async () => {
  const c = new Client(t.app);
  const r = await c.get(`/initiativ/${ids.bins!.slug}`);
  assert.equal(r.status, 200);
  const body = decodeEntities(r.body);
  assert.equal(textOf(r.body, /<h1>(.*?)<\/h1>/s), 'Smarta sopkärl på Råå');
  assert.match(body, /<span class="stage stage-pilot">Pilot<\/span>/);
  assert.match(body, /Idé → Pilot<\/strong> – Testgruppen är klar/);
  assert.match(body, /Senast uppdaterad/);
  assert.match(body, /250\s000\skr/);
  assert.match(body, /<a href="\/initiativ\?sdg=11">Mål 11: Hållbara städer och samhällen<\/a>/);
  assert.match(body, /<strong>sensorer<\/strong>/);
  assert.match(body, /Antal tömningar per vecka/);
  assert.match(body, /Gul – risk för avvikelse/);
  assert.match(body, /Sensorerna kom sent/);
  assert.match(body, /Uppföljningen är försenad – den skulle ha gjorts 15 juli 2024\./);
  assert.ok(!body.includes('INTERN'), 'internal comments are not public');
  const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(r.body)![1]!);
  assert.equal(ld['@type'], 'Project');
  assert.equal(ld.name, 'Smarta sopkärl på Råå');
  assert.equal(ld.parentOrganization.name, 'NSR');
  assert.deepEqual(ld.location.geo, { '@type': 'GeoCoordinates', latitude: 55.999, longitude: 12.743 });
  assert.match(r.body, /hreflang="en" href="\/en\/initiatives\/smarta-sopkarl-pa-raa"/);

  const en = await c.get(`/en/initiatives/${ids.bins!.slug}`);
  assert.equal(textOf(en.body, /<h1>(.*?)<\/h1>/s), 'Smart bins in Råå');
  assert.match(decodeEntities(en.body), /Idea → Pilot/);
  const fallback = await c.get(`/en/initiatives/${ids.air!.slug}`);
  assert.equal(textOf(fallback.body, /<h1>(.*?)<\/h1>/s), 'Luftkvalitetssensorer i city');
});

test('drafts and unknown addresses are 404', async () => {
  const c = new Client(t.app);
  const draft = await c.get(`/initiativ/${ids.draft!.slug}`);
  assert.equal(draft.status, 404);
  assert.match(draft.body, /Sidan finns inte/);
  assert.equal((await c.get('/initiativ/finns-inte')).status, 404);
  assert.equal((await c.get('/en/initiatives/%3Cscript%3E')).status, 404);
});

test('the lessons library lists ended initiatives with why they ended and what was learned', async () => {
  const c = new Client(t.app);
  const r = await c.get('/initiativ/lardomar');
  const body = decodeEntities(r.body);
  assert.match(body, /1 avslutade initiativ/);
  assert.match(body, /Drönare för inventering/);
  assert.match(body, /Varför det avslutades:<\/strong> Tillstånden tog för lång tid/);
  assert.match(body, /Börja med tillstånden för drönarflygning i god tid\./);
  assert.ok(!body.includes('Smarta sopkärl'));
  const en = await c.get('/en/initiatives/lessons-learned?stage=realised');
  assert.match(decodeEntities(en.body), /No ended initiatives yet\./);
});

test('the map page lists the places of the filtered initiatives, without JavaScript', async () => {
  const c = new Client(t.app);
  const r = await c.get('/initiativ/karta?sdg=11');
  const body = decodeEntities(r.body);
  assert.match(body, /2 initiativ med plats/);
  assert.match(body, /<li class="map-point" data-lat="55.999" data-lng="12.743" data-stage="pilot"><a href="\/initiativ\/smarta-sopkarl-pa-raa">Smarta sopkärl på Råå<\/a>/);
  assert.match(body, /<h3>city <span class="count">\(1\)<\/span><\/h3>/);
  assert.ok(!body.includes('Zinkåtervinning'));
  // The map itself is an enhancement: Leaflet (served for the expo maps) and a small script of ours.
  assert.match(r.body, /<script src="\/assets\/vendor\/leaflet\/leaflet\.js" defer><\/script><script src="\/assets\/initiatives-map\.js" defer><\/script>/);
  for (const asset of ['/assets/vendor/leaflet/leaflet.js', '/assets/vendor/leaflet/leaflet.css', '/assets/initiatives-map.js']) assert.equal((await c.get(asset)).status, 200, asset);
});

test('the site search finds initiatives', async () => {
  const c = new Client(t.app);
  const r = await c.get('/sok?q=sopk%C3%A4rl');
  assert.match(r.body, /href="\/initiativ\/smarta-sopkarl-pa-raa"/);
  const en = await c.get('/en/search?q=bins');
  assert.match(en.body, /href="\/en\/initiatives\/smarta-sopkarl-pa-raa"/);
});

test('publishing a change reaches the cached public list at once', async () => {
  const c = new Client(t.app);
  const before = await c.get('/initiativ?q=hemlig');
  assert.deepEqual(titlesIn(before.body), []);
  const lead = await makeActor(t.ctx, 'Pub Lisher', [], [{ organisationId: miljo.id, role: 'editor' }]);
  await setPublished(t.ctx, lead, 'sv', ids.draft!.id, true);
  const afterPublish = await c.get('/initiativ?q=hemlig');
  assert.deepEqual(titlesIn(afterPublish.body), ['Hemlig idé om sopor']);
});
