// /admin/faq, /admin/pages and /admin/accessibility-reports over HTTP, against the seeded FAQ.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, Client, csrfFrom, decodeEntities, type TestApp } from '../../../test/helpers.ts';
import { makeOrganisation, makeUser } from '../../../test/factories.ts';
import { SEED_FAQ } from './content.seed-data.ts';


/** includes() with a message: a bare assert.ok makes Node re-parse the TypeScript source to build one, which can hang. */
function contains(hay: string, needle: string, yes = true) {
  assert.equal(hay.includes(needle), yes, `${yes ? 'expected' : 'did not expect'} to find ${JSON.stringify(needle.slice(0, 120))}`);
}
let t: TestApp;
let staff: Client;
let staffId: number;
before(async () => {
  t = await createTestApp({ seed: true });
  const u = await makeUser(t.ctx, { roles: ['programme_team'], name: 'Petra Projektgrupp' });
  staffId = u.id;
  staff = new Client(t.app);
  await staff.signIn(u.email, u.password);
});
after(async () => t.close());

const text = (body: string) => decodeEntities(body);
const faqBySlug = (slug: string) => t.ctx.db.selectFrom('faq_entries').selectAll().where('slug', '=', slug).executeTakeFirst();
const countFaq = async () => Number((await t.ctx.db.selectFrom('faq_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const auditFor = (type: string, id: number) =>
  t.ctx.db.selectFrom('audit_log').selectAll().where('entity_type', '=', type).where('entity_id', '=', String(id)).orderBy('id', 'desc').execute();
/** The message printed next to a field (textField/textArea render it as f-<name>-error). */
const fieldError = (body: string, field: string) => text(new RegExp(`id="f-${field}-error">([^<]*)<`).exec(body)?.[1] ?? '');
const formValues = (entry: { question_sv: string; answer_sv: string; question_en: string; answer_en: string; category: string; position: number; slug: string }) => ({
  question_sv: entry.question_sv,
  answer_sv: entry.answer_sv,
  question_en: entry.question_en,
  answer_en: entry.answer_en,
  category: entry.category,
  position: String(entry.position),
  slug: entry.slug,
});

test('the FAQ list shows every entry with category, position, both questions, status and an edit link named by the question', async () => {
  const r = await staff.get('/admin/faq');
  assert.equal(r.status, 200);
  const body = text(r.body);
  assert.match(body, /<h1>Frågor och svar<\/h1>/);
  for (const f of SEED_FAQ) {
    const row = (await faqBySlug(f.slug))!;
    assert.ok(body.includes(`<a href="/admin/faq/${row.id}">${f.question_sv}</a>`), f.question_sv);
    assert.ok(body.includes(f.question_en), f.question_en);
  }
  assert.equal((body.match(/class="tag tag-published">Publicerad</g) ?? []).length, SEED_FAQ.length);
  assert.match(body, /<td>Ekonomi<\/td>/);
  assert.doesNotMatch(body, /Engelsk översättning saknas/, 'the seed is fully translated');
  // The module's sections are in the admin navigation.
  assert.match(body, /<nav class="admin-nav"[^>]*>[\s\S]*href="\/admin\/faq" aria-current="page">Frågor och svar<[\s\S]*href="\/admin\/pages">Sidor<[\s\S]*href="\/admin\/accessibility-reports">Tillgänglighetsrapporter</);
});

test('an edited answer appears on /faq and /en/faq at once, and the audit entry holds the old and new answer', async () => {
  const entry = (await faqBySlug('vad-ar-h22'))!;
  const anon = new Client(t.app);
  // Warm the render cache, so the test proves the edit invalidates it.
  contains(text((await anon.get('/faq')).body), 'H22 är Helsingborgs stora välfärdssatsning');
  await anon.get('/en/faq');
  const form = await staff.get(`/admin/faq/${entry.id}`);
  assert.equal(form.status, 200);
  assert.match(form.body, /<label for="f-answer_sv">Svar \(svenska\)/);
  assert.match(form.body, /<label for="f-answer_en">Svar \(engelska\)/);
  assert.match(text(form.body), /Textformat: en tom rad mellan stycken/);
  const newSv = 'H22 är Helsingborgs satsning på innovation – nu med ett redigerat svar.\n\n- Första punkten\n- Andra punkten';
  const newEn = 'H22 is Helsingborg’s innovation initiative – now with an edited answer.';
  const saved = await staff.submit(`/admin/faq/${entry.id}`, `/admin/faq/${entry.id}`, { ...formValues(entry), answer_sv: newSv, answer_en: newEn });
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.location, `/admin/faq/${entry.id}?done=saved`);
  const after = await staff.get(saved.headers.location as string);
  assert.match(text(after.body), /Ändringarna är sparade\./);

  const sv = text((await anon.get('/faq')).body);
  contains(sv, '<p>H22 är Helsingborgs satsning på innovation – nu med ett redigerat svar.</p>');
  contains(sv, '<ul><li>Första punkten</li><li>Andra punkten</li></ul>');
  contains(sv, 'H22 är Helsingborgs stora välfärdssatsning där vi vill utveckla morgondagens lösningar för en ökad livskvalitet i en smartare och mer hållbar stad.\n\nStadens', false);
  const en = text((await anon.get('/en/faq')).body);
  contains(en, `<p>${newEn}</p>`);

  const [audit] = await auditFor('faq_entry', entry.id);
  assert.equal(audit!.action, 'faq.update');
  assert.equal(audit!.actor_id, staffId);
  assert.match(audit!.actor_label, /Petra Projektgrupp/);
  assert.deepEqual(audit!.before, { answer_sv: entry.answer_sv, answer_en: entry.answer_en });
  assert.deepEqual(audit!.after, { answer_sv: newSv, answer_en: newEn });
});

test('invalid input re-renders the form with what was typed and a message next to each field, saving nothing', async () => {
  const entry = (await faqBySlug('vad-ar-en-testbadd'))!;
  const url = `/admin/faq/${entry.id}`;
  const cases: { fields: Record<string, string>; field: string; message: RegExp; status: number }[] = [
    { fields: { question_sv: '   ' }, field: 'question_sv', message: /^Fyll i fältet\.$/, status: 400 },
    { fields: { question_sv: 'x'.repeat(301) }, field: 'question_sv', message: /högst 300 tecken/, status: 400 },
    { fields: { answer_sv: 'å'.repeat(20001) }, field: 'answer_sv', message: /högst 20000 tecken/, status: 400 },
    { fields: { question_en: 'y'.repeat(301) }, field: 'question_en', message: /högst 300 tecken/, status: 400 },
    { fields: { slug: 'Vad Är En Testbädd' }, field: 'slug', message: /små bokstäver a–z/, status: 400 },
    { fields: { slug: '' }, field: 'slug', message: /^Fyll i fältet\.$/, status: 400 },
    { fields: { slug: 'vad-ar-h22' }, field: 'slug', message: /används redan av en annan fråga/, status: 422 },
    { fields: { position: 'först' }, field: 'position', message: /heltal mellan 0 och 1 000 000/, status: 400 },
    { fields: { category: 'sport' }, field: 'category', message: /Välj ett av alternativen/, status: 400 },
  ];
  for (const c of cases) {
    const typed = { ...formValues(entry), answer_en: 'Typed but not saved', ...c.fields };
    const r = await staff.submit(url, url, typed);
    assert.equal(r.status, c.status, JSON.stringify(c.fields).slice(0, 60));
    assert.match(fieldError(r.body, c.field), c.message, c.field);
    assert.match(r.body, /class="error-summary"/);
    assert.ok(text(r.body).includes('>Typed but not saved</textarea>'), 'typed text is kept');
    if (c.fields.slug) contains(text(r.body), `value="${c.fields.slug}"`);
  }
  // Two problems at once: both reported.
  const both = await staff.submit(url, url, { ...formValues(entry), question_sv: '', answer_sv: '' });
  assert.match(fieldError(both.body, 'question_sv'), /Fyll i fältet/);
  assert.match(fieldError(both.body, 'answer_sv'), /Fyll i fältet/);
  assert.deepEqual(await faqBySlug('vad-ar-en-testbadd'), entry);
  assert.equal((await auditFor('faq_entry', entry.id)).length, 0);
});

test('a new entry is a draft with a missing-translation marker; publishing shows it everywhere, unpublishing removes it everywhere', async () => {
  const anon = new Client(t.app);
  const warm = async () => {
    for (const u of ['/faq', '/en/faq', '/api/v1/faq', '/api/v1/faq?lang=en']) await anon.get(u);
  };
  await warm();
  const n = await countFaq();
  const created = await staff.submit('/admin/faq/new', '/admin/faq', {
    question_sv: 'Får man cykla till Oceanhamnen under expon?',
    answer_sv: 'Ja, det finns gott om **cykelparkering** vid Oceanhamnen.',
    question_en: '',
    answer_en: '',
    category: 'expo',
    position: '',
    slug: '',
  });
  assert.equal(created.status, 303);
  const entry = (await faqBySlug('far-man-cykla-till-oceanhamnen-under-expon'))!;
  assert.ok(entry, 'anchor made from the Swedish question');
  assert.equal(entry.published, false);
  assert.equal(await countFaq(), n + 1);
  assert.equal(created.headers.location, `/admin/faq/${entry.id}?done=created`);
  const list = text((await staff.get('/admin/faq')).body);
  const row = list.slice(list.indexOf(`/admin/faq/${entry.id}"`));
  assert.match(row.slice(0, 800), /Engelsk översättning saknas[\s\S]*Utkast/);

  const visible = async () => {
    const sv = text((await anon.get('/faq')).body);
    const en = text((await anon.get('/en/faq')).body);
    const search = text((await anon.get('/sok?q=cykelparkering')).body);
    const api = (await anon.get('/api/v1/faq')).json<{ items: { slug: string }[] }>();
    const apiOne = await anon.get(`/api/v1/faq/${entry.slug}`);
    return {
      sv: sv.includes('id="far-man-cykla-till-oceanhamnen-under-expon"') && sv.includes('<strong>cykelparkering</strong>'),
      en: en.includes('<h3 lang="sv">Får man cykla till Oceanhamnen under expon?</h3>'),
      search: search.includes(`href="/faq#${entry.slug}"`),
      api: api.items.some((i) => i.slug === entry.slug),
      apiOne: apiOne.status === 200,
    };
  };
  assert.deepEqual(await visible(), { sv: false, en: false, search: false, api: false, apiOne: false });

  const pub = await staff.submit('/admin/faq', `/admin/faq/${entry.id}/publish`, { back: '/admin/faq' });
  assert.equal(pub.status, 303);
  assert.equal(pub.headers.location, '/admin/faq?done=published');
  assert.deepEqual(await visible(), { sv: true, en: true, search: true, api: true, apiOne: true });

  const unpub = await staff.submit(`/admin/faq/${entry.id}`, `/admin/faq/${entry.id}/unpublish`, { back: `/admin/faq/${entry.id}` });
  assert.equal(unpub.headers.location, `/admin/faq/${entry.id}?done=unpublished`);
  assert.deepEqual(await visible(), { sv: false, en: false, search: false, api: false, apiOne: false });
  const actions = (await auditFor('faq_entry', entry.id)).map((a) => a.action);
  assert.deepEqual(actions, ['faq.unpublish', 'faq.publish', 'faq.create']);
});

test('changing an anchor is allowed, warns that old links break, and moves the answer on /faq', async () => {
  const entry = (await faqBySlug('vem-ar-h22-till-for'))!;
  const form = await staff.get(`/admin/faq/${entry.id}`);
  assert.match(text(form.body), /Varning: ändrar du ankaret slutar gamla länkar till svaret att fungera/);
  const r = await staff.submit(`/admin/faq/${entry.id}`, `/admin/faq/${entry.id}`, { ...formValues(entry), slug: 'for-vem-ar-expon' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `/admin/faq/${entry.id}?done=saved&from=vem-ar-h22-till-for`);
  const shown = text((await staff.get(r.headers.location as string)).body);
  assert.match(shown, /Ankaret ändrades från #vem-ar-h22-till-for till #for-vem-ar-expon\. Länkar till det gamla ankaret fungerar inte längre\./);
  const faq = text((await new Client(t.app).get('/faq')).body);
  contains(faq, 'id="for-vem-ar-expon"');
  contains(faq, 'id="vem-ar-h22-till-for"', false);
});

test('deleting asks for confirmation, then removes the entry from /faq and audits what was deleted', async () => {
  const entry = (await faqBySlug('smartare-stad'))!;
  const confirm = await staff.get(`/admin/faq/${entry.id}/delete`);
  assert.equal(confirm.status, 200);
  contains(text(confirm.body), `Vill du ta bort frågan ”${entry.question_sv}”?`);
  assert.match(confirm.body, /<button type="submit" class="button danger">Ja, ta bort<\/button>/);
  assert.ok(await faqBySlug(entry.slug), 'showing the confirmation deletes nothing');
  const r = await staff.submit(`/admin/faq/${entry.id}/delete`, `/admin/faq/${entry.id}/delete`, {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/faq?done=deleted');
  assert.equal(await faqBySlug(entry.slug), undefined);
  contains(text((await new Client(t.app).get('/faq')).body), entry.question_sv, false);
  const [audit] = await auditFor('faq_entry', entry.id);
  assert.equal(audit!.action, 'faq.delete');
  assert.equal((audit!.before as { question_sv: string }).question_sv, entry.question_sv);
  assert.equal(audit!.after, null);
  assert.equal((await staff.get(`/admin/faq/${entry.id}`)).status, 404);
});

test('admin forms without a valid CSRF token are refused with 403 and change nothing', async () => {
  const entry = (await faqBySlug('vad-ar-h22'))!;
  const noToken = await staff.request('POST', `/admin/faq/${entry.id}`, { form: { ...formValues(entry), answer_sv: 'Forged answer' } });
  assert.equal(noToken.status, 403);
  assert.match(text(noToken.body), /Formuläret har gått ut/);
  const forged = await staff.request('POST', `/admin/faq/${entry.id}/unpublish`, { form: { _csrf: 'forged-token' } });
  assert.equal(forged.status, 403);
  const del = await staff.request('POST', `/admin/faq/${entry.id}/delete`, { form: {} });
  assert.equal(del.status, 403);
  // A token from another person's session does not work either.
  const other = new Client(t.app);
  const o = await makeUser(t.ctx, { roles: ['programme_team'] });
  await other.signIn(o.email, o.password);
  const foreign = csrfFrom((await other.get('/admin/faq')).body)!;
  const cross = await staff.request('POST', `/admin/faq/${entry.id}/unpublish`, { form: { _csrf: foreign } });
  assert.equal(cross.status, 403);
  assert.deepEqual(await faqBySlug('vad-ar-h22'), entry);
});

test('unknown or malformed ids are 404; anonymous visitors are sent to sign in', async () => {
  for (const u of ['/admin/faq/999999', '/admin/faq/abc', '/admin/faq/0', '/admin/faq/1e3', '/admin/pages/999999', '/admin/pages/-1/delete']) {
    const r = await staff.get(u);
    assert.equal(r.status, 404, u);
    assert.match(r.body, /Sidan finns inte/);
  }
  const missing = await staff.submit('/admin/faq', '/admin/faq/999999/publish', {});
  assert.equal(missing.status, 404);
  const anon = new Client(t.app);
  const r = await anon.get('/admin/faq');
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `/logga-in?next=${encodeURIComponent('/admin/faq')}`);
});

test('every role × every admin route: only the programme team and admins get in', async () => {
  const org = await makeOrganisation(t.ctx);
  const faq = (await faqBySlug('vad-ar-h22'))!;
  const page = (await t.ctx.db.selectFrom('pages').selectAll().where('slug_sv', '=', 'om-h22').executeTakeFirst())!;
  const report = await t.ctx.db.insertInto('accessibility_reports').values({ description: 'Låg kontrast', locale: 'sv' }).returning('id').executeTakeFirstOrThrow();
  const roles = {
    resident: await makeUser(t.ctx),
    member: await makeUser(t.ctx, { org: { id: org.id, role: 'member' } }),
    editor: await makeUser(t.ctx, { org: { id: org.id, role: 'editor' } }),
    innovation_lead: await makeUser(t.ctx, { org: { id: org.id, role: 'innovation_lead' } }),
    finance: await makeUser(t.ctx, { roles: ['finance'] }),
    programme_team: await makeUser(t.ctx, { roles: ['programme_team'] }),
    admin: await makeUser(t.ctx, { roles: ['admin'] }),
  };
  const reads: [string, string, RegExp][] = [
    ['faq.list', '/admin/faq', /<h1>Frågor och svar<\/h1>/],
    ['faq.create', '/admin/faq/new', /<h1>Ny fråga och svar<\/h1>/],
    ['faq.edit', `/admin/faq/${faq.id}`, /<h1>Redigera fråga: Vad är H22\?<\/h1>/],
    ['faq.delete', `/admin/faq/${faq.id}/delete`, /<h1>Ta bort fråga<\/h1>/],
    ['page.list', '/admin/pages', /<h1>Sidor<\/h1>/],
    ['page.create', '/admin/pages/new', /<h1>Ny sida<\/h1>/],
    ['page.edit', `/admin/pages/${page.id}`, /<h1>Redigera sida: Om H22<\/h1>/],
    ['page.delete', `/admin/pages/${page.id}/delete`, /<h1>Ta bort sida<\/h1>/],
    ['report.list', '/admin/accessibility-reports', /Låg kontrast/],
  ];
  const writes: [string, string, Record<string, string>][] = [
    ['faq.create', '/admin/faq', { question_sv: 'Otillåten fråga?', answer_sv: 'Nej.', category: 'about' }],
    ['faq.edit', `/admin/faq/${faq.id}`, { ...formValues(faq), answer_sv: 'Otillåtet svar' }],
    ['faq.publish', `/admin/faq/${faq.id}/unpublish`, {}],
    ['faq.delete', `/admin/faq/${faq.id}/delete`, {}],
    ['page.create', '/admin/pages', { title_sv: 'Otillåten sida' }],
    ['page.edit', `/admin/pages/${page.id}`, { title_sv: 'Otillåten titel', slug_sv: page.slug_sv, slug_en: page.slug_en }],
    ['page.publish', `/admin/pages/${page.id}/unpublish`, {}],
    ['page.delete', `/admin/pages/${page.id}/delete`, {}],
    ['report.update', `/admin/accessibility-reports/${report.id}/status`, { status: 'resolved' }],
  ];
  const snapshot = async () => ({
    faq: await faqBySlug('vad-ar-h22'),
    page: await t.ctx.db.selectFrom('pages').selectAll().where('id', '=', page.id).executeTakeFirst(),
    faqCount: await countFaq(),
    pageTitles: (await t.ctx.db.selectFrom('pages').select('title_sv').execute()).map((p) => p.title_sv).sort(),
    report: await t.ctx.db.selectFrom('accessibility_reports').select('status').where('id', '=', report.id).executeTakeFirst(),
  });
  const start = await snapshot();
  for (const [role, u] of Object.entries(roles)) {
    const c = new Client(t.app);
    await c.signIn(u.email, u.password);
    const allowed = role === 'programme_team' || role === 'admin';
    for (const [action, url, content] of reads) {
      const r = await c.get(url);
      assert.equal(r.status, allowed ? 200 : 403, `${role} GET ${url} (${action})`);
      if (allowed) assert.match(text(r.body), content, `${role} ${action}`);
      else assert.match(r.body, /Du har inte behörighet/);
    }
    if (allowed) continue;
    for (const [action, url, form] of writes) {
      const r = await c.submit('/', url, form);
      assert.equal(r.status, 403, `${role} POST ${url} (${action})`);
    }
  }
  const anon = new Client(t.app);
  for (const [action, url, form] of writes) {
    const r = await anon.submit('/tillganglighet', url, form);
    assert.equal(r.status, 401, `anonymous POST ${url} (${action})`);
  }
  assert.deepEqual(await snapshot(), start);
});

test('pages: create with the rich-text help, publish, edit, English fallback, unpublish removes it from page, search and API', async () => {
  const anon = new Client(t.app);
  const form = await staff.get('/admin/pages/new');
  assert.match(text(form.body), /Textformat: en tom rad mellan stycken, ”## ” före en rubrik/);
  assert.match(form.body, /<label for="f-body_sv">Brödtext \(svenska\)/);
  const bad = await staff.submit('/admin/pages/new', '/admin/pages', { title_sv: '', slug_sv: 'Mässans Öppettider', body_sv: 'Behålls vid fel' });
  assert.equal(bad.status, 400);
  assert.match(fieldError(bad.body, 'title_sv'), /Fyll i fältet/);
  assert.match(fieldError(bad.body, 'slug_sv'), /små bokstäver a–z/);
  contains(text(bad.body), '>Behålls vid fel</textarea>');
  const dup = await staff.submit('/admin/pages/new', '/admin/pages', { title_sv: 'Om oss', slug_sv: 'om-h22' });
  assert.equal(dup.status, 422);
  assert.match(fieldError(dup.body, 'slug_sv'), /Adressen används redan av en annan sida/);

  const created = await staff.submit('/admin/pages/new', '/admin/pages', {
    title_sv: 'Öppettider på mässan',
    summary_sv: 'När H22 City Expo är öppen.',
    body_sv: '## Vardagar\nMässan är öppen 10–20.\n\n## Helger\nMässan är öppen **10–18**.',
    title_en: '',
    body_en: '',
  });
  assert.equal(created.status, 303);
  const page = (await t.ctx.db.selectFrom('pages').selectAll().where('slug_sv', '=', 'oppettider-pa-massan').executeTakeFirst())!;
  assert.equal(page.slug_en, 'oppettider-pa-massan', 'the English address defaults to the Swedish one');
  assert.equal(page.published, false);
  assert.equal((await anon.get('/sida/oppettider-pa-massan')).status, 404);
  const list = text((await staff.get('/admin/pages')).body);
  assert.match(list.slice(list.indexOf(`/admin/pages/${page.id}"`), list.indexOf(`/admin/pages/${page.id}"`) + 600), /Engelsk översättning saknas[\s\S]*Utkast/);

  await staff.submit('/admin/pages', `/admin/pages/${page.id}/publish`, { back: '/admin/pages' });
  const sv = await anon.get('/sida/oppettider-pa-massan');
  assert.equal(sv.status, 200);
  assert.match(text(sv.body), /<h1>Öppettider på mässan<\/h1>[\s\S]*<h2>Vardagar<\/h2>\n<p>Mässan är öppen 10–20\.<\/p>/);
  const en = await anon.get('/en/page/oppettider-pa-massan');
  assert.match(text(en.body), /<h2>Helger<\/h2>\n<p>Mässan är öppen <strong>10–18<\/strong>\.<\/p>/, 'English falls back to Swedish');
  contains(text((await anon.get('/sok?q=öppettider')).body), 'href="/sida/oppettider-pa-massan"');
  assert.equal((await anon.get('/api/v1/pages/oppettider-pa-massan')).status, 200);

  const edited = await staff.submit(`/admin/pages/${page.id}`, `/admin/pages/${page.id}`, {
    title_sv: 'Öppettider på mässan',
    slug_sv: 'oppettider',
    summary_sv: 'När H22 City Expo är öppen.',
    body_sv: 'Mässan är öppen 10–20 alla dagar.',
    title_en: 'Opening hours',
    slug_en: 'opening-hours',
    summary_en: '',
    body_en: 'The expo is open 10–20 every day.',
  });
  assert.equal(edited.status, 303);
  assert.equal(edited.headers.location, `/admin/pages/${page.id}?done=saved&from=oppettider-pa-massan`);
  assert.match(text((await staff.get(edited.headers.location as string)).body), /Adressen ändrades från oppettider-pa-massan till oppettider/);
  assert.equal((await anon.get('/sida/oppettider-pa-massan')).status, 404, 'the old address is gone from the cache too');
  assert.match(text((await anon.get('/en/page/opening-hours')).body), /<h1>Opening hours<\/h1>[\s\S]*The expo is open 10–20 every day\./);
  const [audit] = await auditFor('page', page.id);
  assert.equal(audit!.action, 'page.update');
  assert.deepEqual((audit!.before as Record<string, unknown>).slug_sv, 'oppettider-pa-massan');
  assert.deepEqual((audit!.after as Record<string, unknown>).body_en, 'The expo is open 10–20 every day.');

  await staff.submit(`/admin/pages/${page.id}`, `/admin/pages/${page.id}/unpublish`, { back: `/admin/pages/${page.id}` });
  assert.equal((await anon.get('/sida/oppettider')).status, 404);
  assert.equal((await anon.get('/en/page/opening-hours')).status, 404);
  contains(text((await anon.get('/sok?q=öppettider')).body), 'href="/sida/oppettider"', false);
  assert.equal((await anon.get('/api/v1/pages/oppettider')).status, 404);

  const del = await staff.submit(`/admin/pages/${page.id}/delete`, `/admin/pages/${page.id}/delete`, {});
  assert.equal(del.headers.location, '/admin/pages?done=deleted');
  assert.equal(await t.ctx.db.selectFrom('pages').select('id').where('id', '=', page.id).executeTakeFirst(), undefined);
});

test('the accessibility statement cannot be deleted, unpublished or moved', async () => {
  const a11y = (await t.ctx.db.selectFrom('pages').selectAll().where('slug_sv', '=', 'tillganglighet').executeTakeFirst())!;
  const list = await staff.get('/admin/pages');
  assert.ok(!list.body.includes(`href="/admin/pages/${a11y.id}/delete"`), 'no delete link');
  const del = await staff.submit(`/admin/pages/${a11y.id}/delete`, `/admin/pages/${a11y.id}/delete`, {});
  assert.equal(del.status, 409);
  assert.match(text(del.body), /Tillgänglighetsredogörelsen krävs enligt lag/);
  const unpub = await staff.submit(`/admin/pages/${a11y.id}`, `/admin/pages/${a11y.id}/unpublish`, {});
  assert.equal(unpub.headers.location, `/admin/pages/${a11y.id}?done=protected`);
  const moved = await staff.submit(`/admin/pages/${a11y.id}`, `/admin/pages/${a11y.id}`, { title_sv: a11y.title_sv, slug_sv: 'tillganglighetsredogorelse', slug_en: a11y.slug_en, body_sv: a11y.body_sv });
  assert.equal(moved.status, 422);
  assert.match(fieldError(moved.body, 'slug_sv'), /kan inte tas bort, avpubliceras eller byta adress/);
  assert.deepEqual(await t.ctx.db.selectFrom('pages').selectAll().where('id', '=', a11y.id).executeTakeFirst(), a11y);
});

test('accessibility reports: listed with their status, filterable, and the status can be changed (audited)', async () => {
  const visitor = new Client(t.app);
  await visitor.submit('/tillganglighet', '/tillganglighet', { page_url: '/faq', description: 'Länkarna i innehållsförteckningen\nsyns dåligt.', name: 'Kim', email: 'kim@example.se' });
  await visitor.submit('/en/accessibility', '/en/accessibility', { description: 'The search button has no focus ring.' });
  const reports = await t.ctx.db.selectFrom('accessibility_reports').selectAll().orderBy('id').execute();
  const kim = reports.find((r) => r.name === 'Kim')!;
  const en = reports.find((r) => r.description.startsWith('The search button'))!;
  const r = await staff.get('/admin/accessibility-reports');
  assert.equal(r.status, 200);
  const body = text(r.body);
  contains(body, 'Länkarna i innehållsförteckningen\nsyns dåligt.');
  contains(body, '<a href="mailto:kim@example.se">kim@example.se</a>');
  contains(body, 'The search button has no focus ring.');
  assert.match(body, new RegExp(`id="report-${en.id}">[\\s\\S]*?<td>engelska</td>[\\s\\S]*?<span class="tag">Ny</span>`));
  assert.match(body, new RegExp(`<label for="status-${kim.id}" class="visually-hidden">Status för rapport ${kim.id}</label>`));

  const changed = await staff.submit('/admin/accessibility-reports', `/admin/accessibility-reports/${kim.id}/status`, { status: 'in_progress' });
  assert.equal(changed.status, 303);
  assert.equal(changed.headers.location, `/admin/accessibility-reports?updated=${kim.id}#report-${kim.id}`);
  const after = text((await staff.get(changed.headers.location as string)).body);
  assert.match(after, new RegExp(`Status för rapport ${kim.id} är ändrad\\.`));
  assert.match(after, new RegExp(`id="report-${kim.id}">[\\s\\S]*?<span class="tag">Pågår</span>`));
  const inProgress = text((await staff.get('/admin/accessibility-reports?status=in_progress')).body);
  contains(inProgress, 'syns dåligt');
  contains(inProgress, 'The search button', false);
  const [audit] = await auditFor('accessibility_report', kim.id);
  assert.deepEqual([audit!.action, audit!.before, audit!.after], ['accessibility_report.status', { status: 'new' }, { status: 'in_progress' }]);

  const bogus = await staff.submit('/admin/accessibility-reports', `/admin/accessibility-reports/${kim.id}/status`, { status: 'deleted' });
  assert.equal(bogus.status, 400);
  const gone = await staff.submit('/admin/accessibility-reports', '/admin/accessibility-reports/999999/status', { status: 'resolved' });
  assert.equal(gone.status, 404);
  assert.equal((await t.ctx.db.selectFrom('accessibility_reports').select('status').where('id', '=', kim.id).executeTakeFirstOrThrow()).status, 'in_progress');
});

test('staff who chose English get the admin pages and field messages in English', async () => {
  const u = await makeUser(t.ctx, { roles: ['programme_team'], locale: 'en' });
  const c = new Client(t.app);
  await c.signIn(u.email, u.password);
  const entry = (await faqBySlug('bli-partner'))!;
  const form = await c.get(`/admin/faq/${entry.id}`);
  assert.match(form.body, /<html lang="en">/);
  assert.match(form.body, /<label for="f-answer_sv">Answer \(Swedish\)/);
  assert.match(text(form.body), /Text format: a blank line between paragraphs/);
  const bad = await c.submit(`/admin/faq/${entry.id}`, `/admin/faq/${entry.id}`, { ...formValues(entry), question_sv: '', slug: 'bli-partner!' });
  assert.equal(bad.status, 400);
  assert.match(fieldError(bad.body, 'question_sv'), /^Fill in this field\.$/);
  assert.match(fieldError(bad.body, 'slug'), /Use only lowercase letters a–z/);
  const list = text((await c.get('/admin/accessibility-reports')).body);
  assert.match(list, /<h1>Reports of accessibility problems<\/h1>/);
});
