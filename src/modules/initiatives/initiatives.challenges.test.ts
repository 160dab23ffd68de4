// City challenges: the programme team lists, creates, edits, retires and deletes them; a challenge in use
// is never deleted (the page says how many initiatives answer it); a retired one is not offered for new
// initiatives but stays on those that answer it; everyone else is refused; every change is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, textOf, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';

let t: TestApp;
let sbf: { id: number };
const people: Record<string, { email: string; password: string }> = {};

before(async () => {
  t = await createTestApp();
  sbf = await makeOrganisation(t.ctx, { name: 'Stadsbyggnadsförvaltningen', slug: 'stadsbyggnadsforvaltningen' });
  people.team = await makeUser(t.ctx, { name: 'Tove Team', roles: ['programme_team'] });
  people.teamEn = await makeUser(t.ctx, { name: 'Tom Team', roles: ['programme_team'], locale: 'en' });
  people.lead = await makeUser(t.ctx, { name: 'Lars Lead', org: { id: sbf.id, role: 'innovation_lead' } });
  people.editor = await makeUser(t.ctx, { name: 'Eva Editor', org: { id: sbf.id, role: 'editor' } });
});
after(async () => t.close());

async function as(who: string): Promise<Client> {
  const c = new Client(t.app);
  await c.signIn(people[who]!.email, people[who]!.password);
  return c;
}
const audit = (id: number) =>
  t.ctx.db.selectFrom('audit_log').select(['action', 'actor_label', 'before', 'after']).where('entity_type', '=', 'challenge').where('entity_id', '=', String(id)).orderBy('id').execute();
const idFrom = (location: unknown) => Number(/\/admin\/initiatives\/challenges\/(\d+)/.exec(String(location))![1]);

test('the programme team creates a challenge (slug from the Swedish name), edits it and sees it listed with its use; each change is audited', async () => {
  const c = await as('team');
  const staff = decodeEntities((await c.get('/admin/initiatives')).body);
  assert.match(staff, /<a href="\/admin\/initiatives\/challenges">Stadens utmaningar<\/a>/);
  assert.match(staff, /<nav class="admin-nav"[^]*<a href="\/admin\/initiatives\/challenges">Utmaningar<\/a>/);
  assert.match((await c.get('/admin/initiatives/challenges')).body, /<a href="\/admin\/initiatives\/challenges" aria-current="page">Utmaningar<\/a>/);

  const r = await c.submit('/admin/initiatives/challenges/new', '/admin/initiatives/challenges/new', { title_sv: 'Ren luft i stadskärnan', title_en: 'Clean air in the city centre', description_sv: 'Mindre partiklar och kvävedioxid.', slug: '' });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  const id = idFrom(r.headers.location);
  const created = decodeEntities((await c.get(r.headers.location as string)).body);
  assert.match(created, /Utmaningen är skapad\./);
  assert.equal(textOf(created, /<h1>(.*?)<\/h1>/s), 'Ändra utmaning: Ren luft i stadskärnan');
  assert.match(created, /value="ren-luft-i-stadskarnan"/);

  const saved = await c.submit(`/admin/initiatives/challenges/${id}`, `/admin/initiatives/challenges/${id}`, { title_sv: 'Ren luft i hela staden', title_en: 'Clean air in the city centre', description_sv: 'Mindre partiklar och kvävedioxid.', slug: 'ren-luft' });
  assert.equal(saved.status, 303);
  const row = await t.ctx.db.selectFrom('challenges').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([row.slug, row.title_sv, row.title_en, row.retired_at], ['ren-luft', 'Ren luft i hela staden', 'Clean air in the city centre', null]);

  const list = decodeEntities((await c.get('/admin/initiatives/challenges')).body);
  assert.match(list, new RegExp(`<th scope="row"><a href="/admin/initiatives/challenges/${id}">Ren luft i hela staden</a><br><span lang="en">Clean air in the city centre</span></th>\\s*<td><code>ren-luft</code></td><td>0 initiativ</td>\\s*<td><span class="tag tag-published">Erbjuds</span></td>`));

  // An English-speaking team member sees the English title in the heading and breadcrumb.
  const en = decodeEntities((await (await as('teamEn')).get(`/admin/initiatives/challenges/${id}`)).body);
  assert.match(textOf(en, /<h1>(.*?)<\/h1>/s) ?? '', /Clean air in the city centre$/);
  assert.doesNotMatch(textOf(en, /<h1>(.*?)<\/h1>/s) ?? '', /Ren luft/);

  const entries = await audit(id);
  assert.deepEqual(entries.map((e) => [e.action, e.actor_label]), [['challenge.create', `Tove Team <${people.team!.email}>`], ['challenge.update', `Tove Team <${people.team!.email}>`]]);
  assert.deepEqual(entries[1]!.before, { slug: 'ren-luft-i-stadskarnan', title_sv: 'Ren luft i stadskärnan' });
  assert.deepEqual(entries[1]!.after, { slug: 'ren-luft', title_sv: 'Ren luft i hela staden' });
});

test('bad input keeps what was typed with a message per field; a taken slug is named', async () => {
  const c = await as('team');
  await t.ctx.db.insertInto('challenges').values({ slug: 'trygg-aldre', title_sv: 'Ett tryggt liv som äldre' }).execute();
  const missing = await c.submit('/admin/initiatives/challenges/new', '/admin/initiatives/challenges/new', { title_sv: '', title_en: 'Mobility for all', slug: 'Mobilitet För Alla' });
  assert.equal(missing.status, 400);
  const body = decodeEntities(missing.body);
  assert.match(body, /<a href="#f-title_sv">Namn \(svenska\): Fyll i fältet\.<\/a>/);
  assert.match(body, /value="Mobility for all"/);
  assert.match(body, /value="Mobilitet För Alla"/);

  const badSlug = await c.submit('/admin/initiatives/challenges/new', '/admin/initiatives/challenges/new', { title_sv: 'Mobilitet för alla', slug: 'Mobilitet För Alla' });
  assert.equal(badSlug.status, 422);
  assert.match(decodeEntities(badSlug.body), /<p class="error-message" id="f-slug-error">Använd bara små bokstäver a–z, siffror och enkla bindestreck, till exempel trygg-aldre\.<\/p>/);
  const taken = await c.submit('/admin/initiatives/challenges/new', '/admin/initiatives/challenges/new', { title_sv: 'Trygg ålderdom', slug: 'trygg-aldre' });
  assert.equal(taken.status, 422);
  assert.match(decodeEntities(taken.body), /Adressen ”trygg-aldre” används redan av en annan utmaning\./);
  assert.equal(Number((await t.ctx.db.selectFrom('challenges').select((eb) => eb.fn.countAll().as('n')).where('title_sv', 'in', ['Mobilitet för alla', 'Trygg ålderdom']).executeTakeFirstOrThrow()).n), 0);
});

test('a challenge in use cannot be deleted (the page says how many use it) but can be retired: not offered for new initiatives, still on existing ones', async () => {
  const team = await as('team');
  const made = await team.submit('/admin/initiatives/challenges/new', '/admin/initiatives/challenges/new', { title_sv: 'Levande stadsdelar', title_en: 'Living neighbourhoods' });
  const id = idFrom(made.headers.location);
  const editor = await as('editor');
  const newForm = decodeEntities((await editor.get('/admin/initiatives/new')).body);
  assert.match(newForm, new RegExp(`<option value="${id}">Levande stadsdelar</option>`));
  for (const title of ['Mötesplats i parken', 'Lekplats med sensorer']) {
    const r = await editor.submit('/admin/initiatives/new', '/admin/initiatives/new', { title_sv: title, owner_organisation_id: String(sbf.id), challenge_id: String(id) });
    assert.equal(r.status, 303, r.body.slice(0, 300));
  }
  const initiativeId = (await t.ctx.db.selectFrom('initiatives').select('id').where('title_sv', '=', 'Mötesplats i parken').executeTakeFirstOrThrow()).id;

  const refused = await team.submit(`/admin/initiatives/challenges/${id}`, `/admin/initiatives/challenges/${id}/delete`, {});
  assert.equal(refused.status, 409);
  assert.match(decodeEntities(refused.body), /Utmaningen kan inte tas bort: 2 initiativ svarar på den\. Avsluta den i stället, så erbjuds den inte för nya initiativ\./);
  assert.ok(await t.ctx.db.selectFrom('challenges').select('id').where('id', '=', id).executeTakeFirst(), 'still there');

  const retired = await team.submit(`/admin/initiatives/challenges/${id}`, `/admin/initiatives/challenges/${id}/retire`, { retired: '1' });
  assert.equal(retired.status, 303);
  const page = decodeEntities((await team.get(retired.headers.location as string)).body);
  assert.match(page, /Utmaningen är avslutad\./);
  assert.match(page, /<button type="submit" class="button secondary">Erbjud utmaningen igen<\/button>/);

  // Not offered for a new initiative; choosing it anyway is refused next to the field.
  const after_ = decodeEntities((await editor.get('/admin/initiatives/new')).body);
  assert.doesNotMatch(after_, new RegExp(`<option value="${id}"`));
  const forced = await editor.submit('/admin/initiatives/new', '/admin/initiatives/new', { title_sv: 'Nytt torg', owner_organisation_id: String(sbf.id), challenge_id: String(id) });
  assert.equal(forced.status, 422);
  assert.match(decodeEntities(forced.body), /<p class="error-message" id="f-challenge_id-error">Utmaningen är avslutad och kan inte väljas för fler initiativ\. Välj en annan i listan\.<\/p>/);

  // Still offered (marked) on the initiative that answers it, which can be saved unchanged, and shown publicly.
  const edit = decodeEntities((await editor.get(`/admin/initiatives/${initiativeId}/edit`)).body);
  assert.match(edit, new RegExp(`<option value="${id}" selected>Levande stadsdelar \\(avslutad\\)</option>`));
  const keep = await editor.submit(`/admin/initiatives/${initiativeId}/edit`, `/admin/initiatives/${initiativeId}/edit`, { title_sv: 'Mötesplats i parken', summary_sv: 'Ny text', owner_organisation_id: String(sbf.id), challenge_id: String(id) });
  assert.equal(keep.status, 303, keep.body.slice(0, 300));
  await editor.submit(`/admin/initiatives/${initiativeId}`, `/admin/initiatives/${initiativeId}/publish`, { published: '1' });
  const slug = (await t.ctx.db.selectFrom('initiatives').select('slug').where('id', '=', initiativeId).executeTakeFirstOrThrow()).slug;
  assert.match(decodeEntities((await new Client(t.app).get(`/en/initiatives/${slug}`)).body), /<dt>Challenge<\/dt><dd>Living neighbourhoods<\/dd>/);

  const list = decodeEntities((await team.get('/admin/initiatives/challenges')).body);
  assert.match(list, /<td>2 initiativ<\/td>\s*<td><span class="tag tag-draft">Avslutad<\/span><\/td>/);
  assert.deepEqual((await audit(id)).map((e) => [e.action, e.after]).slice(1), [['challenge.retire', { retired_at: (await t.ctx.db.selectFrom('challenges').select('retired_at').where('id', '=', id).executeTakeFirstOrThrow()).retired_at!.toISOString() }]]);

  // Offered again after reinstating; that is audited too.
  const back = await team.submit(`/admin/initiatives/challenges/${id}`, `/admin/initiatives/challenges/${id}/retire`, { retired: '0' });
  assert.match(decodeEntities((await team.get(back.headers.location as string)).body), /Utmaningen erbjuds igen\./);
  assert.match(decodeEntities((await editor.get('/admin/initiatives/new')).body), new RegExp(`<option value="${id}">Levande stadsdelar</option>`));
  assert.deepEqual((await audit(id)).map((e) => e.action), ['challenge.create', 'challenge.retire', 'challenge.reinstate']);
});

test('an unused challenge can be deleted; the deletion is audited with what it was', async () => {
  const c = await as('team');
  const made = await c.submit('/admin/initiatives/challenges/new', '/admin/initiatives/challenges/new', { title_sv: 'Tillfällig utmaning' });
  const id = idFrom(made.headers.location);
  const del = await c.submit(`/admin/initiatives/challenges/${id}`, `/admin/initiatives/challenges/${id}/delete`, {});
  assert.equal(del.status, 303);
  const list = decodeEntities((await c.get(del.headers.location as string)).body);
  assert.match(list, /Utmaningen ”Tillfällig utmaning” är borttagen\./);
  assert.doesNotMatch(list, /<a href="\/admin\/initiatives\/challenges\/\d+">Tillfällig utmaning<\/a>/);
  const entries = await audit(id);
  assert.deepEqual(entries.map((e) => e.action), ['challenge.create', 'challenge.delete']);
  assert.equal((entries[1]!.before as { slug: string }).slug, 'tillfallig-utmaning');
});

test('innovation leads and editors are refused every challenge page and action; nothing changes', async () => {
  const existing = await t.ctx.db.insertInto('challenges').values({ slug: 'vatten', title_sv: 'Rent vatten' }).returning('id').executeTakeFirstOrThrow();
  for (const who of ['lead', 'editor']) {
    const c = await as(who);
    const staff = decodeEntities((await c.get('/admin/initiatives')).body);
    assert.doesNotMatch(staff, /Stadens utmaningar|>Utmaningar</);
    for (const url of ['/admin/initiatives/challenges', '/admin/initiatives/challenges/new', `/admin/initiatives/challenges/${existing.id}`]) {
      const r = await c.get(url);
      assert.equal(r.status, 403, url);
      assert.match(decodeEntities(r.body), /Du har inte behörighet/);
    }
    // A POST with a valid token from another page is refused too.
    const r = await c.submit('/admin/initiatives', `/admin/initiatives/challenges/${existing.id}/delete`, {});
    assert.equal(r.status, 403);
  }
  assert.ok(await t.ctx.db.selectFrom('challenges').select('id').where('id', '=', existing.id).executeTakeFirst());
  assert.deepEqual(await audit(existing.id), []);
});
