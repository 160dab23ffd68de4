// Programme items ↔ innovation initiatives: the staff picker and its validation, the links on both public
// pages (sv and en) after a release, what must never leak, the cache, the APIs and the OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeUser } from '../../../test/factories.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { createInitiative, setPublished, updateInitiative } from '../initiatives/initiatives.commands.ts';
import { seedInitiatives } from '../initiatives/initiatives.seed.ts';
import { initiativeForm, makeActor } from '../initiatives/initiatives.test-support.ts';
import { seedExpo, SEED_SOURCE } from './expo.seed.ts';
import { publishRelease } from './expo.commands.ts';
import { MAX_INITIATIVE_LINKS, setEventInitiatives } from './expo.links.ts';
import { clock } from './expo.time.ts';

let t: TestApp;
let team: Actor;
let teamUser: { email: string; password: string };
let organiser: { email: string; password: string };
let outsider: { email: string; password: string };
let greenOrg: number;
let otherOrg: number;
/** Initiatives made here: published ones and one draft. */
const ini: Record<string, { id: number; slug: string }> = {};

const text = (s: string) => decodeEntities(s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const section = (body: string, id: string) => {
  const at = body.indexOf(`id="${id}"`);
  if (at < 0) return '';
  const start = body.lastIndexOf('<', at);
  return body.slice(start, body.indexOf('</section>', start));
};

async function seedEvent(key: string) {
  return t.ctx.db.selectFrom('expo_events').select(['id', 'slug', 'title_sv', 'title_en', 'state']).where('source', '=', SEED_SOURCE).where('external_id', '=', key).executeTakeFirstOrThrow();
}
const linksOf = async (eventId: number) => (await t.ctx.db.selectFrom('expo_events').select('initiative_ids').where('id', '=', eventId).executeTakeFirstOrThrow()).initiative_ids.map(Number);

async function makeInitiative(key: string, owner: number, title_sv: string, title_en: string, published = true) {
  const r = await createInitiative(t.ctx, team, 'sv', initiativeForm(owner, { title_sv, title_en, summary_sv: `Sammanfattning av ${title_sv}` }));
  assert.equal(r.outcome, 'ok', JSON.stringify(r));
  if (r.outcome !== 'ok') return;
  if (published) assert.equal((await setPublished(t.ctx, team, 'sv', r.id, true)).outcome, 'ok');
  ini[key] = { id: r.id, slug: r.slug };
}

before(async () => {
  clock.set(() => new Date('2023-01-10T12:00:00Z'));
  t = await createTestApp();
  // As in the demo: the portfolio first, then the programme (which links some of its items to it).
  await seedInitiatives(t.ctx);
  await seedExpo(t.ctx);
  const orgs = await t.ctx.db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', ['foreningen-gront-helsingborg', 'nsva']).execute();
  greenOrg = orgs.find((o) => o.slug === 'foreningen-gront-helsingborg')!.id;
  otherOrg = orgs.find((o) => o.slug === 'nsva')!.id;
  team = await makeActor(t.ctx, 'Programteamet', ['programme_team']);
  teamUser = await makeUser(t.ctx, { roles: ['programme_team'] });
  organiser = await makeUser(t.ctx, { org: { id: greenOrg, role: 'editor' } });
  outsider = await makeUser(t.ctx, { org: { id: otherOrg, role: 'editor' } });
  await makeInitiative('roof', greenOrg, 'Solceller på föreningens tak', 'Solar panels on the club roof');
  await makeInitiative('draftOwn', greenOrg, 'Hemligt utkast om kompost', 'Secret compost draft', false);
  await makeInitiative('bath', otherOrg, 'Havsbad med sensorer', 'Sea baths with sensors');
  await makeInitiative('bathDraft', otherOrg, 'Havsbad i utkast', 'Sea baths draft', false);
  await makeInitiative('lights', otherOrg, 'Gatlyktor som lyssnar', 'Street lights that listen');
});
after(async () => {
  clock.set(undefined);
  await t.close();
});

test('the staff section lists the organisation’s own published initiatives and finds others by title; nothing unpublished', async () => {
  const draft = await seedEvent('workflow-2');
  assert.equal(draft.state, 'draft');
  const c = new Client(t.app);
  await c.signIn(organiser.email, organiser.password);
  const page = await c.get(`/admin/program/${draft.id}`);
  assert.equal(page.status, 200);
  const links = text(section(page.body, 'initiative-links'));
  assert.match(links, /Er organisations publicerade initiativ Solceller på föreningens tak \(Idé, Föreningen Grönt Helsingborg\)/);
  assert.doesNotMatch(links, /Hemligt utkast/);
  assert.doesNotMatch(links, /Havsbad/, 'other organisations’ initiatives only through the search');
  assert.match(page.body, /<label for="f-iq">Sök initiativ på titel<\/label>/);

  const found = await c.get(`/admin/program/${draft.id}?iq=havsbad`);
  const foundText = text(section(found.body, 'initiative-links'));
  assert.match(foundText, /Sökträffar Havsbad med sensorer \(Idé, NSVA\)/);
  assert.doesNotMatch(foundText, /Havsbad i utkast/);
  assert.match(found.body, /<input type="search" id="f-iq" name="iq" maxlength="100" value="havsbad">/);
  const none = await c.get(`/admin/program/${draft.id}?iq=${encodeURIComponent('%_finns_inte')}`);
  assert.match(text(section(none.body, 'initiative-links')), /Inga publicerade initiativ matchar sökningen\./);
});

test('the picker refuses unknown, unpublished, malformed and too many ids with a message next to the field; nothing is saved', async () => {
  const draft = await seedEvent('workflow-2');
  const c = new Client(t.app);
  await c.signIn(organiser.email, organiser.password);
  const form = `/admin/program/${draft.id}`;
  const action = `/admin/program/${draft.id}/initiatives`;

  const unpublished = await c.submit(form, action, { initiatives: [String(ini.roof!.id), String(ini.draftOwn!.id)] });
  assert.equal(unpublished.status, 422);
  const box = section(unpublished.body, 'initiative-links');
  assert.match(box, /<p class="error-message" id="f-initiatives-error">Ett valt initiativ finns inte eller är inte publicerat\. Välj bland de publicerade initiativen\.<\/p>/);
  assert.match(box, /<a href="#f-initiatives">Initiativ som programpunkten visar: Ett valt initiativ finns inte/);
  // What was ticked stays ticked (the unpublished one is listed as such, so it can be unticked).
  assert.match(box, new RegExp(`<input type="checkbox" id="f-initiatives-${ini.roof!.id}" name="initiatives" value="${ini.roof!.id}" checked>`));
  assert.match(text(box), /Hemligt utkast om kompost \(Idé, Föreningen Grönt Helsingborg, inte publicerat\)/);
  assert.deepEqual(await linksOf(draft.id), []);

  for (const bad of ['abc', '99999999', '0', '1e3']) {
    const r = await c.submit(form, action, { initiatives: bad });
    assert.equal(r.status, 422, bad);
    assert.match(text(section(r.body, 'initiative-links')), /Ett valt initiativ finns inte eller är inte publicerat/, bad);
  }
  const published = await t.ctx.db.selectFrom('initiatives').select('id').where('published', '=', true).orderBy('id').limit(MAX_INITIATIVE_LINKS + 1).execute();
  const tooMany = await c.submit(form, action, { initiatives: published.map((p) => String(p.id)) });
  assert.equal(tooMany.status, 422);
  assert.match(text(section(tooMany.body, 'initiative-links')), /Välj högst 10 initiativ\./);
  assert.deepEqual(await linksOf(draft.id), []);

  // The same rules in English.
  const en = await setEventInitiatives(t.ctx, team, draft.id, [String(ini.bathDraft!.id)], 'en');
  assert.deepEqual(en, { outcome: 'invalid', errors: { initiatives: 'A chosen initiative does not exist or is not published. Choose among the published initiatives.' } });

  // Someone from another organisation does not even see the item.
  const other = new Client(t.app);
  await other.signIn(outsider.email, outsider.password);
  const denied = await other.submit('/admin/program', action, { initiatives: String(ini.bath!.id) });
  assert.equal(denied.status, 404);
  assert.deepEqual(await linksOf(draft.id), []);
});

test('saving links is audited, keeps the order chosen, and shows them ticked', async () => {
  const draft = await seedEvent('workflow-2');
  const c = new Client(t.app);
  await c.signIn(organiser.email, organiser.password);
  const saved = await c.submit(`/admin/program/${draft.id}?iq=havsbad`, `/admin/program/${draft.id}/initiatives`, { initiatives: [String(ini.roof!.id), String(ini.bath!.id), String(ini.roof!.id)] });
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.location, `/admin/program/${draft.id}?done=initiatives#initiative-links`);
  assert.deepEqual(await linksOf(draft.id), [ini.roof!.id, ini.bath!.id]);
  const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'expo_event').where('entity_id', '=', String(draft.id)).where('action', '=', 'expo.event.initiatives').execute();
  assert.equal(audit.length, 1);
  assert.deepEqual(audit[0]!.after, { initiative_ids: [ini.roof!.id, ini.bath!.id] });
  assert.deepEqual(audit[0]!.before, { initiative_ids: [] });

  const page = await c.get(saved.headers.location as string);
  const box = section(page.body, 'initiative-links');
  assert.match(text(box), /Länkarna till innovationsinitiativ är sparade\./);
  assert.match(text(box), /Länkade nu Havsbad med sensorer \(Idé, NSVA\) Solceller på föreningens tak \(Idé, Föreningen Grönt Helsingborg\) Spara/);
  assert.match(box, new RegExp(`value="${ini.bath!.id}" checked>`));

  // Saving the same again changes and audits nothing.
  assert.deepEqual(await setEventInitiatives(t.ctx, team, draft.id, [String(ini.roof!.id), String(ini.bath!.id)], 'sv'), { outcome: 'ok', changed: false });
  // Unticking all clears them.
  const cleared = await c.submit(`/admin/program/${draft.id}`, `/admin/program/${draft.id}/initiatives`, {});
  assert.equal(cleared.status, 303);
  assert.deepEqual(await linksOf(draft.id), []);
});

test('after a release the event page shows its initiatives and the initiative page its events, in Swedish and English', async () => {
  const ev = await seedEvent('invigning');
  const anon = new Client(t.app);
  const earlier = await anon.get(`/initiativ/${ini.lights!.slug}`);
  assert.equal(earlier.status, 200);
  assert.doesNotMatch(earlier.body, /På H22 City Expo/);

  const staff = new Client(t.app);
  await staff.signIn(teamUser.email, teamUser.password);
  const r = await staff.submit(`/admin/program/${ev.id}`, `/admin/program/${ev.id}/initiatives`, { initiatives: [String(ini.lights!.id), String(ini.bath!.id)] });
  assert.equal(r.status, 303);

  // Saved but not released: the public pages still show the published snapshot.
  const unreleased = await anon.get(`/program/evenemang/${ev.slug}`);
  assert.doesNotMatch(unreleased.body, /Del av innovationsarbetet/);
  assert.doesNotMatch((await anon.get(`/initiativ/${ini.lights!.slug}`)).body, /På H22 City Expo/);

  const release = await publishRelease(t.ctx, team, { sv: 'Länkar', en: 'Links' });
  assert.equal(release.outcome, 'ok');

  const sv = await anon.get(`/program/evenemang/${ev.slug}`);
  const svBox = section(sv.body, 'initiatives-shown');
  assert.match(svBox, /<h2 id="initiatives-shown">Del av innovationsarbetet<\/h2>/);
  assert.match(svBox, new RegExp(`<a href="/initiativ/${ini.lights!.slug}">Gatlyktor som lyssnar</a> <span class="stage stage-idea"><span class="visually-hidden">Fas: </span>Idé</span>`));
  assert.match(svBox, new RegExp(`<a href="/initiativ/${ini.bath!.slug}">Havsbad med sensorer</a>`));
  assert.ok(svBox.indexOf('Gatlyktor') < svBox.indexOf('Havsbad'), 'in the order chosen');
  const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(sv.body)![1]!) as { '@graph': { about?: { '@type': string; url: string; name: string }[] }[] };
  assert.deepEqual(ld['@graph'][0]!.about?.[0], { '@type': 'Project', '@id': `${t.ctx.config.baseUrl}/initiativ/${ini.lights!.slug}`, url: `${t.ctx.config.baseUrl}/initiativ/${ini.lights!.slug}`, name: 'Gatlyktor som lyssnar' });

  const en = await anon.get(`/en/program/events/${ev.slug}`);
  const enBox = section(en.body, 'initiatives-shown');
  assert.match(enBox, /<h2 id="initiatives-shown">Innovation initiatives shown<\/h2>/);
  assert.match(enBox, new RegExp(`<a href="/en/initiatives/${ini.lights!.slug}">Street lights that listen</a> <span class="stage stage-idea"><span class="visually-hidden">Stage: </span>Idea</span>`));

  const iniSv = await anon.get(`/initiativ/${ini.lights!.slug}`);
  const atExpo = section(iniSv.body, 'at-expo');
  assert.match(atExpo, /<h2 id="at-expo">På H22 City Expo<\/h2>/);
  assert.match(atExpo, new RegExp(`<a href="/program/evenemang/${ev.slug}">${ev.title_sv}</a>`));
  const first = await t.ctx.db.selectFrom('expo_pub_occurrences as o').innerJoin('expo_areas as a', 'a.id', 'o.area_id').select(['o.starts_at', 'a.name_sv', 'a.name_en']).where('o.event_id', '=', ev.id).orderBy('o.starts_at').executeTakeFirstOrThrow();
  assert.match(text(atExpo), new RegExp(`${ev.title_sv} – Första dag: ${new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Stockholm' }).format(first.starts_at)} ?, Plats: ${first.name_sv}`));
  const projectLd = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(iniSv.body)![1]!) as { subjectOf?: { '@type': string; url: string; name: string; startDate: string }[] };
  assert.deepEqual(projectLd.subjectOf, [{ '@type': 'Event', url: `${t.ctx.config.baseUrl}/program/evenemang/${ev.slug}`, name: ev.title_sv, startDate: first.starts_at.toISOString() }]);

  const iniEn = await anon.get(`/en/initiatives/${ini.lights!.slug}`);
  const atExpoEn = section(iniEn.body, 'at-expo');
  assert.match(atExpoEn, /<h2 id="at-expo">At H22 City Expo<\/h2>/);
  assert.match(atExpoEn, new RegExp(`<a href="/en/program/events/${ev.slug}">${ev.title_en || ev.title_sv}</a>`));
  assert.match(text(atExpoEn), new RegExp(`First day: .* ?, Place: ${first.name_en || first.name_sv}`));
});

test('an unpublished initiative disappears from the cached event page and the API, and comes back when published again', async () => {
  const ev = await seedEvent('invigning');
  const anon = new Client(t.app);
  const cached = await anon.get(`/program/evenemang/${ev.slug}`);
  assert.match(section(cached.body, 'initiatives-shown'), /Havsbad med sensorer/);
  assert.equal((await anon.get(`/program/evenemang/${ev.slug}`)).headers.etag, cached.headers.etag, 'served from the cache');

  assert.equal((await setPublished(t.ctx, team, 'sv', ini.bath!.id, false)).outcome, 'ok');
  const after = await anon.get(`/program/evenemang/${ev.slug}`);
  assert.doesNotMatch(after.body, /Havsbad med sensorer/);
  assert.doesNotMatch(after.body, new RegExp(`/initiativ/${ini.bath!.slug}`));
  assert.match(section(after.body, 'initiatives-shown'), /Gatlyktor som lyssnar/);
  const api = (await anon.get(`/api/v1/events?q=${encodeURIComponent(ev.title_sv)}&limit=5`)).json<{ items: { event_id: number; initiatives: { id: number }[] }[] }>();
  const item = api.items.find((i) => i.event_id === ev.id);
  assert.ok(item, 'the item is in the API answer');
  assert.deepEqual(item.initiatives.map((i) => i.id), [ini.lights!.id]);

  assert.equal((await setPublished(t.ctx, team, 'sv', ini.bath!.id, true)).outcome, 'ok');
  assert.match(section((await anon.get(`/program/evenemang/${ev.slug}`)).body, 'initiatives-shown'), /Havsbad med sensorer/);

  // A new title shows at once too (no release needed: the snapshot keeps ids, not titles).
  const rename = (title_sv: string, title_en: string) => updateInitiative(t.ctx, team, 'sv', ini.lights!.id, initiativeForm(otherOrg, { title_sv, title_en }));
  assert.equal((await rename('Gatlyktor som lyssnar och lär', 'Street lights that listen and learn')).outcome, 'ok');
  assert.match(section((await anon.get(`/program/evenemang/${ev.slug}`)).body, 'initiatives-shown'), new RegExp(`<a href="/initiativ/${ini.lights!.slug}">Gatlyktor som lyssnar och lär</a>`));
  assert.match(section((await anon.get(`/en/program/events/${ev.slug}`)).body, 'initiatives-shown'), /Street lights that listen and learn/);
  assert.equal((await rename('Gatlyktor som lyssnar', 'Street lights that listen')).outcome, 'ok');
});

test('items that are not published never appear on an initiative page', async () => {
  const draft = await seedEvent('workflow-2');
  const submitted = await seedEvent('workflow-1');
  assert.deepEqual(await setEventInitiatives(t.ctx, team, draft.id, [String(ini.roof!.id)], 'sv'), { outcome: 'ok', changed: true });
  assert.deepEqual(await setEventInitiatives(t.ctx, team, submitted.id, [String(ini.roof!.id)], 'sv'), { outcome: 'ok', changed: true });
  assert.equal((await publishRelease(t.ctx, team, {})).outcome, 'no_changes', 'draft and submitted items are not released');
  const page = await new Client(t.app).get(`/initiativ/${ini.roof!.slug}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.body, /På H22 City Expo/);
  assert.doesNotMatch(page.body, new RegExp(draft.title_sv));
  assert.doesNotMatch(page.body, new RegExp(submitted.title_sv));
  const api = (await new Client(t.app).get(`/api/v1/initiatives/${ini.roof!.slug}`)).json<{ expo_events: unknown[] }>();
  assert.deepEqual(api.expo_events, []);
});

test('the APIs carry the links with ids and URLs, and the OpenAPI document describes them', async () => {
  const ev = await seedEvent('invigning');
  const anon = new Client(t.app);
  const base = t.ctx.config.baseUrl;
  const events = (await anon.get(`/api/v1/events?q=${encodeURIComponent(ev.title_sv)}&locale=en&limit=5`)).json<{ items: { event_id: number; initiatives: unknown[] }[] }>();
  const item = events.items.find((i) => i.event_id === ev.id);
  assert.ok(item);
  assert.deepEqual(item.initiatives, [
    { id: ini.lights!.id, slug: ini.lights!.slug, url: `${base}/en/initiatives/${ini.lights!.slug}`, title: 'Street lights that listen', stage: 'idea' },
    { id: ini.bath!.id, slug: ini.bath!.slug, url: `${base}/en/initiatives/${ini.bath!.slug}`, title: 'Sea baths with sensors', stage: 'idea' },
  ]);

  const one = (await anon.get(`/api/v1/initiatives/${ini.lights!.slug}`)).json<{ expo_events: { id: number; slug: string; url: string; title: string; first_starts_at: string; place: string }[] }>();
  assert.equal(one.expo_events.length, 1);
  assert.equal(one.expo_events[0]!.id, ev.id);
  assert.equal(one.expo_events[0]!.url, `${base}/program/evenemang/${ev.slug}`);
  assert.equal(one.expo_events[0]!.title, ev.title_sv);
  assert.match(one.expo_events[0]!.first_starts_at, /^\d{4}-\d\d-\d\dT/);

  const doc = (await anon.get('/api/v1/openapi.json')).json<{ paths: Record<string, { get: { responses: { 200: { content: Record<string, { schema: unknown }> } } } }>; components?: { schemas?: Record<string, unknown> } }>();
  const resolve = (s: unknown): Record<string, unknown> => {
    const ref = (s as { $ref?: string }).$ref;
    return (ref ? doc.components!.schemas![ref.split('/').pop()!] : s) as Record<string, unknown>;
  };
  const eventsSchema = resolve(doc.paths['/api/v1/events']!.get.responses[200].content['application/json']!.schema);
  const occurrence = resolve((resolve((eventsSchema.properties as Record<string, unknown>).items) as { items: unknown }).items);
  const links = (occurrence.properties as Record<string, { description: string; items: { properties: Record<string, unknown> } }>).initiatives!;
  assert.match(links.description, /Published innovation initiatives/);
  assert.deepEqual(Object.keys(resolve(links.items).properties as object).sort(), ['id', 'slug', 'stage', 'title', 'url']);
  const initiative = resolve(doc.paths['/api/v1/initiatives/{slug}']!.get.responses[200].content['application/json']!.schema);
  const expoEvents = (initiative.properties as Record<string, { description: string; items: unknown }>).expo_events!;
  assert.match(expoEvents.description, /H22 City Expo programme items/);
  assert.deepEqual(Object.keys(resolve(expoEvents.items).properties as object).sort(), ['first_starts_at', 'id', 'place', 'slug', 'title', 'url']);
});

test('the demo links real programme items to fitting demo initiatives, both ways', async () => {
  const havoteket = await seedEvent('havoteket');
  const anon = new Client(t.app);
  const page = await anon.get(`/program/evenemang/${havoteket.slug}`);
  assert.match(section(page.body, 'initiatives-shown'), /<a href="\/initiativ\/havoteket-havet-for-alla">Havoteket – havet för alla<\/a>/);
  const back = await anon.get('/initiativ/havoteket-havet-for-alla');
  assert.match(section(back.body, 'at-expo'), new RegExp(`<a href="/program/evenemang/${havoteket.slug}">`));
  const visning = await seedEvent('visningslagenheter');
  assert.equal((await linksOf(visning.id)).length, 3);
});
