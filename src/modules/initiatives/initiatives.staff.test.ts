// Staff pages: editors create and edit, leads decide stage moves, impact follow-ups, internal comments,
// the portfolio overview — and every refusal or bad input answered with a reason, keeping what was typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, decodeEntities, textOf, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';

let t: TestApp;
let sbf: { id: number; name: string };
let nsva: { id: number; name: string };
let sf: { id: number; name: string };
const people: Record<string, { email: string; password: string }> = {};

before(async () => {
  t = await createTestApp();
  sbf = await makeOrganisation(t.ctx, { name: 'Stadsbyggnadsförvaltningen', slug: 'stadsbyggnadsforvaltningen' });
  nsva = await makeOrganisation(t.ctx, { name: 'NSVA', kind: 'company', slug: 'nsva' });
  sf = await makeOrganisation(t.ctx, { name: 'Skol- och fritidsförvaltningen', slug: 'skol-och-fritidsforvaltningen' });
  people.editor = await makeUser(t.ctx, { name: 'Eva Editor', org: { id: sbf.id, role: 'editor' } });
  people.lead = await makeUser(t.ctx, { name: 'Lars Lead', org: { id: sbf.id, role: 'innovation_lead' } });
  people.otherEditor = await makeUser(t.ctx, { name: 'Olof Other', org: { id: sf.id, role: 'editor' } });
  people.otherLead = await makeUser(t.ctx, { name: 'Olivia Otherlead', org: { id: sf.id, role: 'innovation_lead' } });
  people.partner = await makeUser(t.ctx, { name: 'Nils Nsva', org: { id: nsva.id, role: 'member' } });
  people.team = await makeUser(t.ctx, { name: 'Tove Team', roles: ['programme_team'] });
});
after(async () => t.close());

async function as(who: keyof typeof people): Promise<Client> {
  const c = new Client(t.app);
  await c.signIn(people[who]!.email, people[who]!.password);
  return c;
}

const validForm = (over: Record<string, string | string[]> = {}) => ({
  title_sv: 'Digital tvilling av Oceanhamnen',
  title_en: 'Digital twin of Oceanhamnen',
  summary_sv: 'En 3D-modell med realtidsdata för planering och dialog.',
  owner_organisation_id: String(sbf.id),
  owner_unit: 'Planavdelningen',
  participant_ids: [String(nsva.id)],
  sdgs: ['9', '11'],
  aims: ['technology', 'enabler'],
  technologies: ['digital_twin'],
  sector: 'urban_development',
  location_name: 'Oceanhamnen',
  location_lat: '56,0402',
  location_lng: '12,6930',
  estimated_budget_sek: '1 200 000',
  ...over,
});

async function createOne(over: Record<string, string | string[]> = {}): Promise<number> {
  const c = await as('editor');
  const r = await c.submit('/admin/initiatives/new', '/admin/initiatives/new', validForm(over));
  assert.equal(r.status, 303, r.body);
  return Number(/\/admin\/initiatives\/(\d+)\?done=created/.exec(r.headers.location as string)![1]);
}

test('an editor creates an initiative in Swedish and English and lands on its page', async () => {
  const c = await as('editor');
  const list = await c.get('/admin/initiatives');
  assert.match(list.body, /<a class="button" href="\/admin\/initiatives\/new">Nytt initiativ<\/a>/);
  assert.match(list.body, /<a href="\/admin\/initiatives"[^>]*>Initiativ<\/a>/);
  const r = await c.submit('/admin/initiatives/new', '/admin/initiatives/new', validForm());
  assert.equal(r.status, 303);
  const page = await c.get(r.headers.location as string);
  const body = decodeEntities(page.body);
  assert.equal(textOf(page.body, /<h1>(.*?)<\/h1>/s), 'Digital tvilling av Oceanhamnen');
  assert.match(body, /Initiativet är skapat som utkast\./);
  assert.match(body, /Initiativet är ett utkast och syns bara för personal\./);
  const row = await t.ctx.db.selectFrom('initiatives').selectAll().where('title_sv', '=', 'Digital tvilling av Oceanhamnen').executeTakeFirstOrThrow();
  const found = await c.get('/admin/initiatives?q=tvillingen');
  assert.match(decodeEntities(found.body), new RegExp(`<a href="/admin/initiatives/${row.id}">Digital tvilling av Oceanhamnen</a>`));
  const notFound = await c.get('/admin/initiatives?q=xyzzyqwv');
  assert.match(decodeEntities(notFound.body), /Inga initiativ matchar\./);
  assert.deepEqual([row.title_en, row.estimated_budget_ore, row.location_lat, row.sdgs, row.organisation_ids.map(Number).sort((a, b) => a - b)], ['Digital twin of Oceanhamnen', 120_000_000, 56.0402, [9, 11], [sbf.id, nsva.id].sort((a, b) => a - b)]);
});

test('bad input re-renders the form with a message next to each field and everything that was typed; nothing is saved', async () => {
  const c = await as('editor');
  const before = await t.ctx.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const long = 'x'.repeat(501);
  const bad = await c.submit('/admin/initiatives/new', '/admin/initiatives/new', validForm({ title_sv: '', summary_sv: long, what_sv: 'Vad vi gör', contact_email: 'inte-en-adress' }));
  assert.equal(bad.status, 400);
  const body = decodeEntities(bad.body);
  assert.match(body, /Det finns problem i formuläret/);
  assert.match(body, /<a href="#f-title_sv">Namn \(svenska\): Fyll i fältet\.<\/a>/);
  assert.match(body, /<p class="error-message" id="f-summary_sv-error">Texten får vara högst 500 tecken\.<\/p>/);
  assert.match(body, /Ange en giltig e-postadress/);
  assert.ok(body.includes(`>${long}</textarea>`), 'the oversized text is kept');
  assert.match(body, />Vad vi gör<\/textarea>/);
  assert.match(body, /value="inte-en-adress"/);
  assert.match(body, /<input type="checkbox" id="f-sdgs-11" name="sdgs" value="11" checked>/);

  const domain = await c.submit('/admin/initiatives/new', '/admin/initiatives/new', validForm({ location_lat: '95', estimated_budget_sek: 'mycket', sdg_targets: '11.2, tolv' }));
  assert.equal(domain.status, 422);
  const d = decodeEntities(domain.body);
  assert.match(d, /Latitud är ett tal mellan -90 och 90/);
  assert.match(d, /Ange beloppet i kronor/);
  assert.match(d, /”tolv” är inget delmål/);
  assert.match(d, /value="mycket"/);
  const after = await t.ctx.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
});

test("another organisation's editor is refused with a reason, and nothing changes", async () => {
  const id = await createOne({ title_sv: 'Smart belysning på Söder' });
  const c = await as('otherEditor');
  const get = await c.get(`/admin/initiatives/${id}/edit`);
  assert.equal(get.status, 403);
  const token = /name="_csrf" value="([^"]+)"/.exec((await c.get('/admin/initiatives')).body)![1]!;
  const post = await c.request('POST', `/admin/initiatives/${id}/edit`, { form: { _csrf: token, ...validForm({ title_sv: 'Kapad' }) } });
  assert.equal(post.status, 403);
  assert.match(decodeEntities(post.body), /Bara redaktörer och innovationsledare på Stadsbyggnadsförvaltningen \(eller H22:s projektgrupp\) kan ändra det här initiativet\./);
  const row = await t.ctx.db.selectFrom('initiatives').select('title_sv').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.title_sv, 'Smart belysning på Söder');
  assert.equal((await c.get('/admin/initiatives/999999')).status, 404);
  assert.equal((await c.get('/admin/initiatives/abc')).status, 404);
});

test('two people editing at once: the later save is refused and keeps what was typed', async () => {
  const id = await createOne({ title_sv: 'Cykelräknare i city' });
  const a = await as('editor');
  const b = await as('lead');
  const formA = await a.get(`/admin/initiatives/${id}/edit`);
  const formB = await b.get(`/admin/initiatives/${id}/edit`);
  const tok = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
  const ver = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!;
  const first = await a.request('POST', `/admin/initiatives/${id}/edit`, { form: { _csrf: tok(formA.body), version: ver(formA.body), ...validForm({ title_sv: 'Cykelräknare i city', summary_sv: 'Första' }) } });
  assert.equal(first.status, 303);
  const second = await b.request('POST', `/admin/initiatives/${id}/edit`, { form: { _csrf: tok(formB.body), version: ver(formB.body), ...validForm({ title_sv: 'Cykelräknare i city', summary_sv: 'Andra' }) } });
  assert.equal(second.status, 409);
  assert.match(decodeEntities(second.body), /Någon annan har sparat initiativet sedan du öppnade formuläret/);
  assert.match(second.body, />Andra<\/textarea>/);
  const row = await t.ctx.db.selectFrom('initiatives').select('summary_sv').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.summary_sv, 'Första');
});

test('stage moves: Idé → Realiserad needs lessons; the editor asks; a lead of another administration cannot approve; the owner lead does', async () => {
  const id = await createOne({ title_sv: 'Sensorer i avloppsnätet' });
  const editor = await as('editor');
  const url = `/admin/initiatives/${id}`;
  const noLessons = await editor.submit(url, `${url}/stage`, { to_stage: 'realised', reason: 'Vi är klara' });
  assert.equal(noLessons.status, 422);
  assert.match(decodeEntities(noLessons.body), /Skriv vilka lärdomar ni har dragit – det krävs för att flytta till Realiserad\./);
  assert.match(noLessons.body, />Vi är klara<\/textarea>/);

  const asked = await editor.submit(url, `${url}/stage`, { to_stage: 'pilot', reason: 'Testgruppen är klar' });
  assert.equal(asked.status, 303);
  const afterAsk = decodeEntities((await editor.get(asked.headers.location as string)).body);
  assert.match(afterAsk, /Begäran är skickad till innovationsledaren\./);
  assert.match(afterAsk, /Eva Editor vill flytta initiativet från Idé till Pilot\./);
  assert.match(afterAsk, /Väntar på beslut av innovationsledaren eller H22:s projektgrupp\./);
  const moveId = (await t.ctx.db.selectFrom('initiative_stage_moves').select('id').where('initiative_id', '=', id).where('status', '=', 'pending').executeTakeFirstOrThrow()).id;

  const other = await as('otherLead');
  const tok = /name="_csrf" value="([^"]+)"/.exec((await other.get('/admin/initiatives')).body)![1]!;
  const refused = await other.request('POST', `/admin/initiatives/stage-moves/${moveId}/decide`, { form: { _csrf: tok, decision: 'approve' } });
  assert.equal(refused.status, 403);
  assert.match(decodeEntities(refused.body), /Bara innovationsledaren på Stadsbyggnadsförvaltningen eller H22:s projektgrupp kan godkänna stegbyten för initiativet\./);

  const lead = await as('lead');
  const list = decodeEntities((await lead.get('/admin/initiatives')).body);
  assert.match(list, /Stegbyten som väntar på ditt beslut/);
  assert.match(list, /Sensorer i avloppsnätet<\/a> \(Stadsbyggnadsförvaltningen\): Idé → Pilot\./);
  const ok = await lead.submit(url, `/admin/initiatives/stage-moves/${moveId}/decide`, { decision: 'approve', decision_comment: 'Bra' });
  assert.equal(ok.status, 303);
  const page = decodeEntities((await lead.get(ok.headers.location as string)).body);
  assert.match(page, /Stegbytet är godkänt\./);
  assert.match(page, /Nuvarande steg: Pilot/);
  assert.match(page, /Idé → Pilot<\/strong> – Testgruppen är klar <span class="who">\(Eva Editor → Lars Lead\)<\/span>/);
});

test('impact goals: a target date before the baseline is a field message; a follow-up is recorded with status and comment', async () => {
  const id = await createOne({ title_sv: 'Läcksökning med AI' });
  const c = await as('editor');
  const url = `/admin/initiatives/${id}/impact`;
  const bad = await c.submit(url, `/admin/initiatives/${id}/goals`, { indicator_sv: 'Läckage', unit: '%', baseline_value: '12,5', baseline_date: '2025-06-01', target_value: 'åtta', target_date: '2025-01-01' });
  assert.equal(bad.status, 422);
  const b = decodeEntities(bad.body);
  assert.match(b, /<p class="error-message" id="f-target_date-error">Måldatum kan inte vara före datumet för utgångsvärdet\.<\/p>/);
  assert.match(b, /<p class="error-message" id="f-target_value-error">Ange ett tal, till exempel 12 eller 12,5\.<\/p>/);
  assert.match(b, /value="12,5"/);
  assert.match(b, /value="åtta"/);
  const ok = await c.submit(url, `/admin/initiatives/${id}/goals`, { indicator_sv: 'Läckage', unit: '%', baseline_value: '12,5', baseline_date: '2025-01-01', target_value: '8', target_date: '2026-12-31', follow_up_months: '6' });
  assert.equal(ok.status, 303);
  const goalId = Number(/goal=(\d+)/.exec(ok.headers.location as string)![1]);
  const fuBad = await c.submit(`${url}?goal=${goalId}`, `/admin/initiatives/goals/${goalId}/follow-ups`, { measured_on: '2025-07-01', value: 'mycket', status: 'yellow', comment: '' });
  assert.equal(fuBad.status, 400);
  assert.match(decodeEntities(fuBad.body), /Fyll i fältet\./);
  const fu = await c.submit(`${url}?goal=${goalId}`, `/admin/initiatives/goals/${goalId}/follow-ups`, { measured_on: '2025-07-01', value: '10,2', status: 'yellow', comment: 'Ett stort läckage i juni' });
  assert.equal(fu.status, 303);
  const page = decodeEntities((await c.get(fu.headers.location as string)).body);
  assert.match(page, /Uppföljningen är sparad\./);
  assert.match(page, /<td>10,2 %<\/td><td><span class="rag rag-yellow"><span class="rag-dot" aria-hidden="true"><\/span>Gul – risk för avvikelse<\/span><\/td><td>Ett stort läckage i juni/);
  const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_label']).where('entity_id', '=', String(id)).where('action', '=', 'initiative.follow_up').execute();
  assert.equal(audit.length, 1);
});

test('members of a participating organisation comment internally; the comment never reaches the public page', async () => {
  const id = await createOne({ title_sv: 'Tre rör för avloppet' });
  const partner = await as('partner');
  const url = `/admin/initiatives/${id}`;
  const overview = await partner.get(url);
  assert.equal(overview.status, 200);
  assert.ok(!overview.body.includes(`action="${url}/publish"`), 'a participant cannot publish');
  const r = await partner.submit(url, `${url}/comments`, { body: 'Vi kan leverera mätdata varje vecka.' });
  assert.equal(r.status, 303);
  const page = decodeEntities((await partner.get(url)).body);
  assert.match(page, /Nils Nsva, <time/);
  assert.match(page, /Vi kan leverera mätdata varje vecka\./);
  const editor = await as('editor');
  const pub = await editor.submit(url, `${url}/publish`, { published: '1' });
  assert.equal(pub.status, 303);
  const slug = (await t.ctx.db.selectFrom('initiatives').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  const publicPage = await new Client(t.app).get(`/initiativ/${slug}`);
  assert.equal(publicPage.status, 200);
  assert.ok(!publicPage.body.includes('mätdata varje vecka'));
  const outsider = await as('otherEditor');
  assert.equal((await outsider.get(url)).status, 403);
});

test('images need alt text, links a web address; both can be removed', async () => {
  const id = await createOne({ title_sv: 'Öppna data om vatten' });
  const c = await as('editor');
  const url = `/admin/initiatives/${id}/media`;
  const noAlt = await c.submit(url, `/admin/initiatives/${id}/images`, { image_url: 'javascript:alert(1)', alt_sv: '' });
  assert.equal(noAlt.status, 400);
  assert.match(decodeEntities(noAlt.body), /<p class="error-message" id="f-alt_sv-error">Fyll i fältet\.<\/p>/);
  const badUrl = await c.submit(url, `/admin/initiatives/${id}/images`, { image_url: 'javascript:alert(1)', alt_sv: 'Ett vattentorn' });
  assert.equal(badUrl.status, 422);
  assert.match(decodeEntities(badUrl.body), /Ange en webbadress som börjar med https:\/\/ eller en sökväg som börjar med \//);
  assert.equal((await c.submit(url, `/admin/initiatives/${id}/images`, { image_url: 'https://example.org/torn.jpg', alt_sv: 'Ett vattentorn i kvällsljus' })).status, 303);
  assert.equal((await c.submit(url, `/admin/initiatives/${id}/links`, { link_url: 'https://example.org/rapport', label_sv: 'Slutrapport' })).status, 303);
  const page = await c.get(url);
  assert.match(page.body, /<img src="https:\/\/example.org\/torn.jpg" alt="Ett vattentorn i kvällsljus" width="160">/);
  assert.match(page.body, /<a href="https:\/\/example.org\/rapport">Slutrapport<\/a>/);
  const imageId = (await t.ctx.db.selectFrom('initiative_images').select('id').where('initiative_id', '=', id).executeTakeFirstOrThrow()).id;
  assert.equal((await c.submit(url, `/admin/initiatives/${id}/images/${imageId}/delete`, {})).status, 303);
  assert.ok(!(await c.get(url)).body.includes('torn.jpg'));
});

test('the portfolio overview: charts as text and tables, stale initiatives, overdue follow-ups; leads see their own administration', async () => {
  const stale = await createOne({ title_sv: 'Gammal idé om parkbänkar' });
  await t.ctx.db.updateTable('initiatives').set({ updated_at: new Date(Date.now() - 120 * 86_400_000) }).where('id', '=', stale).execute();
  const team = await as('team');
  const r = await team.get('/admin/portfolio');
  assert.equal(r.status, 200);
  const body = decodeEntities(r.body);
  const total = Number((await t.ctx.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const ideas = Number((await t.ctx.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).where('stage', '=', 'idea').executeTakeFirstOrThrow()).n);
  assert.match(body, new RegExp(`Totalt: ${total}\\.`));
  assert.match(body, new RegExp(`<tr><th scope="row">Idé</th><td>${ideas}</td></tr>`));
  assert.match(body, /<svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect x="0" y="0" height="10" width="100.00"><\/rect><\/svg>/);
  assert.match(body, /<th scope="row">Mål 11: Hållbara städer och samhällen<\/th><td>\d+<\/td>/);
  assert.match(body, /Utan uppdatering på 90 dagar[\s\S]*Gammal idé om parkbänkar/);
  assert.match(body, /Försenade uppföljningar av effektmål[\s\S]*Läcksökning med AI/);

  const lead = await as('otherLead');
  const own = decodeEntities((await lead.get('/admin/portfolio')).body);
  assert.match(own, /Initiativ som ägs av Skol- och fritidsförvaltningen\. Totalt: 0\./);
  const editor = await as('editor');
  assert.equal((await editor.get('/admin/portfolio')).status, 403);
  assert.equal((await new Client(t.app).get('/admin/portfolio')).status, 303);
});
